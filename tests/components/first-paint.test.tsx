// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTree, captureTree, type PaintNode } from '@/components/first-paint';
import {
  FIRST_PAINT_MAX_AGE_MS,
  FIRST_PAINT_VERSION,
  firstPaintKey,
  hashText,
  LAST_VISIT_KEY,
  SNAPSHOT_HASH_KEY,
  uiLanguage,
  usableFirstPaint,
} from '@/components/first-paint-store';
import { writeFirstPaint, type FirstPaintPage } from '@/components/first-paint-writer';
import { NewTabApp } from '@/entrypoints/newtab/NewTabApp';
import { PopupApp } from '@/entrypoints/popup/PopupApp';
import { takeLastVisit, writeSnapshot } from '@/components/snapshot';
import type { DigestData, NextOpen } from '@/components/digest-data';
import type { PostView } from '@/utils/db';
import { DEFAULT_PREFERENCES } from '@/utils/preferences';
import { postView } from '../helpers/posts';

function built(nodes: readonly PaintNode[]): HTMLElement {
  const root = document.createElement('div');
  buildTree(nodes, root);
  return root;
}

function post(id: string, category: string, published: string, read = false): PostView {
  const fields = { feedUrl: 'https://blog.example/feed.json', url: `https://blog.example/${id}`, title: `Post ${id}` };
  return postView(id, { ...fields, category, published, firstSeen: published, summary: `About ${id}`, read });
}

afterEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
});

describe('captureTree and buildTree', () => {
  it('rebuild what a page rendered: elements, attributes, text, SVG and form state', () => {
    const page = document.createElement('div');
    page.innerHTML =
      '<header class="app-header"><h1 class="app-title">Blog &amp; co</h1>' +
      '<button type="button" aria-label="Refresh"><svg viewBox="0 0 24 24"><path d="M1 1h2"></path></svg></button></header>' +
      '<ul class="posts"><li class="post unread" data-post-key="f id" tabindex="-1"><h3 class="post-title">' +
      '<a href="https://blog.example/a" target="_blank" rel="noopener noreferrer">A &lt;b&gt; post</a></h3>' +
      '<p class="post-meta"><time datetime="2026-11-25T07:00:00Z" title="25 November">1 hour ago</time></p></li></ul>' +
      '<label><input type="checkbox" checked> Unread only</label>';
    const rebuilt = built(captureTree(page));
    expect(rebuilt.innerHTML).toBe(page.innerHTML);
    expect(rebuilt.querySelector('svg')?.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(rebuilt.querySelector('a')?.textContent).toBe('A <b> post');
    expect(rebuilt.querySelector('input')?.checked).toBe(true);
  });

  it('keep nothing that runs, loads or submits, and only http(s) links, whatever the page held', () => {
    const page = document.createElement('div');
    page.innerHTML =
      '<script>alert(1)</script><iframe src="https://evil.example"></iframe><img src="x" onerror="alert(1)">' +
      '<a href="javascript:alert(1)" onclick="alert(1)" style="color:red">js</a><a href="data:text/html,x">data</a>' +
      '<form action="https://evil.example"><input type="file"><input type="submit"></form>' +
      '<svg><foreignObject><p>inside</p></foreignObject><a href="https://ok.example">svg link</a></svg>';
    const rebuilt = built(captureTree(page));
    expect(rebuilt.querySelector('script, iframe, img, form, foreignObject, [onclick], [onerror], [style]')).toBeNull();
    expect(rebuilt.querySelectorAll('[href]')).toHaveLength(0);
    expect(rebuilt.querySelectorAll('input')).toHaveLength(0);
    expect(rebuilt.textContent).toContain('js');
  });

  it('build nothing harmful from a tampered tree', () => {
    const hostile = [
      ['script', {}, 'alert(1)'],
      [
        'div',
        { onclick: 'alert(1)', style: 'position:fixed', class: 'post' },
        'kept as text <img src=x onerror=alert(1)>',
      ],
      ['a', { href: ' javascript:alert(1)', target: '_blank' }, 'link'],
      ['a', { href: 'https://ok.example/' }, 'ok'],
      ['input', { type: 'image', src: 'x' }],
      ['iframe', { srcdoc: '<script>alert(1)</script>' }],
      ['svg', {}, ['script', {}, 'alert(1)'], ['a', { 'xlink:href': 'javascript:alert(1)' }]],
      42,
      null,
      ['li', null, 'no attributes'],
      ['svg', { fill: 'url(https://evil.example/x.svg#a)', stroke: 'currentColor' }, ['path', { fill: '#1a2b3c' }]],
      ['a', { href: 'https://opener.example/', target: '_self', rel: 'opener' }, 'opener'],
      ['span', { 'data-x"y': '1', 'aria-label': 'kept', 'data-ok': '2' }, 'odd names'],
    ] as unknown as PaintNode[];
    const rebuilt = built(hostile);
    expect(rebuilt.querySelector('script, iframe, img, input, [onclick], [style], [src], [srcdoc]')).toBeNull();
    expect([...rebuilt.querySelectorAll('[href]')].map((a) => a.getAttribute('href'))).toEqual([
      'https://ok.example/',
      'https://opener.example/',
    ]);
    // Links always open in a new tab without an opener; SVG paint never fetches.
    for (const link of rebuilt.querySelectorAll('a[href]')) {
      expect([link.getAttribute('target'), link.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
    }
    const painted = rebuilt.querySelectorAll('svg')[1];
    expect(painted?.getAttribute('fill')).toBeNull();
    expect(painted?.getAttribute('stroke')).toBe('currentColor');
    expect(rebuilt.querySelector('path')?.getAttribute('fill')).toBe('#1a2b3c');
    // A name setAttribute would refuse is skipped, not thrown: the rest of the frame is built.
    const odd = [...rebuilt.querySelectorAll('span')].find((span) => span.textContent === 'odd names');
    expect([odd?.getAttribute('aria-label'), odd?.getAttribute('data-ok')]).toEqual(['kept', '2']);
    expect(rebuilt.querySelector('div.post')?.textContent).toBe('kept as text <img src=x onerror=alert(1)>');
    expect(rebuilt.querySelector('li')?.textContent).toBe('no attributes');
  });
});

describe('usableFirstPaint', () => {
  const now = Date.parse('2026-11-25T08:00:00Z');
  const nodes: PaintNode[] = [['p', {}, 'hello']];
  const kept = (change: Record<string, unknown> = {}) =>
    JSON.stringify({
      version: FIRST_PAINT_VERSION,
      locale: 'en-US',
      snapshot: 'abc',
      renderedAt: now - 60_000,
      nodes,
      ...change,
    });
  const current = { locale: 'en-US', snapshot: 'abc', now };

  it('gives the tree of a frame kept for this language and snapshot, a little while ago', () => {
    expect(usableFirstPaint(kept(), current)).toEqual(nodes);
  });

  it('refuses a frame of another snapshot, language or format, one too old or from the future, and junk', () => {
    expect(usableFirstPaint(kept(), { ...current, snapshot: 'other' })).toBeNull();
    expect(usableFirstPaint(kept(), { ...current, snapshot: null })).toBeNull();
    expect(usableFirstPaint(kept(), { ...current, locale: 'de-DE' })).toBeNull();
    expect(usableFirstPaint(kept({ version: FIRST_PAINT_VERSION - 1 }), current)).toBeNull();
    expect(usableFirstPaint(kept({ renderedAt: now - FIRST_PAINT_MAX_AGE_MS - 1 }), current)).toBeNull();
    expect(usableFirstPaint(kept({ renderedAt: now + 60_000 }), current)).toBeNull();
    expect(usableFirstPaint(kept({ nodes: 'x' }), current)).toBeNull();
    expect(usableFirstPaint('{"version":', current)).toBeNull();
    expect(usableFirstPaint('null', current)).toBeNull();
    expect(usableFirstPaint(null, current)).toBeNull();
    expect(usableFirstPaint(kept({ nodes: [] }), current)).toBeNull();
  });

  it('refuses a new tab\'s frame rendered for another last visit (its "New since" section would be wrong)', () => {
    const visit = '2026-11-25T07:00:00.000Z';
    expect(usableFirstPaint(kept({ lastVisit: visit }), { ...current, lastVisit: visit })).toEqual(nodes);
    expect(
      usableFirstPaint(kept({ lastVisit: visit }), { ...current, lastVisit: '2026-11-25T07:30:00.000Z' }),
    ).toBeNull();
    expect(usableFirstPaint(kept({ lastVisit: null }), { ...current, lastVisit: visit })).toBeNull();
    // The popup does not ask.
    expect(usableFirstPaint(kept({ lastVisit: null }), current)).toEqual(nodes);
  });
});

describe('hashText', () => {
  it('is the same for the same text and differs for a one-character change', () => {
    expect(hashText('{"posts":[1,2,3]}')).toBe(hashText('{"posts":[1,2,3]}'));
    expect(hashText('{"posts":[1,2,3]}')).not.toBe(hashText('{"posts":[1,2,4]}'));
  });
});

describe('writeFirstPaint', () => {
  it('keeps the new tab\'s frame for the visit just recorded: the next open\'s "New since" section', () => {
    const newtab = { page: 'newtab' as const, render: (nextOpen: NextOpen) => <NewTabApp nextOpen={nextOpen} /> };
    const kept = writeSnapshot(data);
    takeLastVisit(new Date('2026-11-24T12:00:00Z'));
    writeFirstPaint(newtab, kept, now);
    const current = {
      locale: uiLanguage(),
      snapshot: localStorage.getItem(SNAPSHOT_HASH_KEY),
      now,
      lastVisit: localStorage.getItem(LAST_VISIT_KEY),
    };
    const frame = built(usableFirstPaint(localStorage.getItem(firstPaintKey('newtab')), current)!);
    // Posts after the last visit (yesterday noon) are "new since", the rest in their categories.
    expect([...frame.querySelectorAll('.new-since .post-title')].map((title) => title.textContent)).toEqual([
      'Post new',
    ]);
    // Another visit recorded since (a new tab closed before it kept its frame): this frame is not shown.
    takeLastVisit(new Date(now));
    expect(
      usableFirstPaint(localStorage.getItem(firstPaintKey('newtab')), {
        ...current,
        lastVisit: localStorage.getItem(LAST_VISIT_KEY),
      }),
    ).toBeNull();
  });

  const data: DigestData = {
    posts: [
      post('new', 'Engineering', '2026-11-25T06:00:00Z'),
      post('older', 'Design', '2026-11-24T06:00:00Z'),
      post('seen', 'Engineering', '2026-11-20T06:00:00Z', true),
    ],
    feeds: [],
    followed: ['https://blog.example/feed.json'],
    preferences: { ...DEFAULT_PREFERENCES },
    loaded: true,
    fromSnapshot: false,
    error: null,
  };
  const popup: FirstPaintPage = { page: 'popup', render: (nextOpen) => <PopupApp nextOpen={nextOpen} /> };
  const now = Date.parse('2026-11-25T08:00:00Z');

  it("keeps the popup's first frame from the snapshot: unread posts grouped, newest first, read ones left out", () => {
    writeFirstPaint(popup, writeSnapshot(data), now);
    const nodes = usableFirstPaint(localStorage.getItem(firstPaintKey('popup')), {
      locale: uiLanguage(),
      snapshot: localStorage.getItem(SNAPSHOT_HASH_KEY),
      now: now + 1000,
    });
    expect(nodes).not.toBeNull();
    const frame = built(nodes!);
    expect([...frame.querySelectorAll('li.post .post-title')].map((title) => title.textContent)).toEqual([
      'Post new',
      'Post older',
    ]);
    expect(frame.querySelectorAll('li.post.unread')).toHaveLength(2);
    expect(frame.querySelector('time')?.textContent).toBe('2 hours ago');
    expect(frame.querySelector('a')?.getAttribute('href')).toBe('https://blog.example/new');
  });

  it('is not shown once the snapshot changed (a post read in the other page), and is forgotten without one', () => {
    writeFirstPaint(popup, writeSnapshot(data), now);
    writeSnapshot({ ...data, posts: data.posts.map((p) => ({ ...p, read: true })) });
    const current = { locale: uiLanguage(), snapshot: localStorage.getItem(SNAPSHOT_HASH_KEY), now };
    expect(usableFirstPaint(localStorage.getItem(firstPaintKey('popup')), current)).toBeNull();

    // A snapshot write that fails (storage full) leaves neither the old snapshot nor a hash to match.
    writeSnapshot(data);
    const setItem = localStorage.setItem.bind(localStorage);
    const full = vi.spyOn(localStorage, 'setItem').mockImplementation((key, value) => {
      if (key === 'digest:snapshot') throw new DOMException('full', 'QuotaExceededError');
      setItem(key, value);
    });
    const failed = writeSnapshot({ ...data, posts: data.posts.slice(1) });
    full.mockRestore();
    expect(failed).toBeNull();
    expect(localStorage.getItem(SNAPSHOT_HASH_KEY)).toBeNull();
    expect(localStorage.getItem('digest:snapshot')).toBeNull();

    localStorage.setItem(firstPaintKey('popup'), 'stale');
    writeFirstPaint(popup, failed, now);
    expect(localStorage.getItem(firstPaintKey('popup'))).toBeNull();
  });
});
