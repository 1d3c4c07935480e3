// @vitest-environment happy-dom
import * as fc from 'fast-check';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import firstPaintScript from '@/entrypoints/first-paint';
import { FIRST_PAINT_BUILD, FIRST_PAINT_MARK, frameKey } from '@/components/first-paint';
import { flushKept, keepForNextOpen, mountPage, writeKept, type KeptPage } from '@/components/mount';
import { NewTabApp } from '@/entrypoints/newtab/NewTabApp';
import { PopupApp } from '@/entrypoints/popup/PopupApp';
import { peekLastVisit, readSnapshot, takeLastVisit, writeSnapshot } from '@/components/snapshot';
import type { DigestData } from '@/components/digest-data';
import type { PostView } from '@/utils/db';
import { loadedDigest, postView } from '../helpers/posts';

// The pages' data layer answers with the test's data (IndexedDB is not what these tests are about).
const loaded = vi.hoisted(() => ({ data: null as unknown }));
vi.mock('@/components/data-source', async (original) => ({
  ...(await original<typeof import('@/components/data-source')>()),
  loadDigest: () => Promise.resolve(loaded.data),
}));

function post(id: string, category: string, published: string, read = false, title = `Post ${id}`): PostView {
  const fields = { feedUrl: 'https://blog.example/feed.json', url: `https://blog.example/${id}`, title };
  return postView(id, { ...fields, category, published, firstSeen: published, summary: `About ${id}`, read });
}

const data = loadedDigest({
  posts: [
    post('new', 'Engineering', '2026-11-25T06:00:00Z'),
    post('older', 'Design', '2026-11-24T06:00:00Z'),
    post('seen', 'Engineering', '2026-11-20T06:00:00Z', true),
  ],
  feeds: [],
  followed: ['https://blog.example/feed.json'],
});
const now = Date.parse('2026-11-25T08:00:00Z');
const HOUR = 60 * 60_000;
const popup: KeptPage = { name: 'popup', App: PopupApp };
const newtab: KeptPage = { name: 'newtab', App: NewTabApp };
const withRead = (id: string) => ({ ...data, posts: data.posts.map((p) => (p.id === id ? { ...p, read: true } : p)) });

/** A page opened again at `at`: its document with an empty #app, then the classic script, as the browser runs them. */
function openAgain(page: 'popup' | 'newtab', at = now + 1000, hash = ''): HTMLElement {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
    `chrome-extension://digest/${page}.html${hash}`,
  );
  performance.clearMarks();
  document.body.innerHTML = '<div id="app"></div>';
  vi.spyOn(Date, 'now').mockReturnValue(at);
  firstPaintScript.main();
  vi.mocked(Date.now).mockRestore();
  return document.getElementById('app')!;
}

/** The page's app started at `at` over whatever #app holds, as its entry starts it. */
function mountAt(page: KeptPage, at: number): void {
  vi.spyOn(Date, 'now').mockReturnValue(at);
  mountPage(page);
  vi.mocked(Date.now).mockRestore();
}

const titlesIn = (app: HTMLElement) => [...app.querySelectorAll('li.post .post-title')].map((t) => t.textContent);
const sinceTitles = (app: HTMLElement) => [...app.querySelectorAll('.new-since .post-title')].map((t) => t.textContent);
const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));

/**
 * A tree as text: attributes sorted, form state as properties, adjacent texts as one (as they are painted,
 * and as the browser parses them): equal trees, equal text.
 */
function shape(tree: Node): string {
  const copy = tree.cloneNode(true);
  copy.normalize();
  return shapeOf(copy);
}

function shapeOf(node: Node): string {
  if (!(node instanceof Element)) return JSON.stringify(node.textContent);
  const attributes = node
    .getAttributeNames()
    .filter((name) => name !== 'checked' && name !== 'value')
    .map((name) => `${name}=${JSON.stringify(node.getAttribute(name))}`)
    .toSorted();
  const form = node instanceof HTMLInputElement ? [`.checked=${node.checked}`, `.value=${node.value}`] : [];
  const children = [...node.childNodes].map(shapeOf).join('');
  return `<${node.localName} ${[...attributes, ...form].join(' ')}>${children}</${node.localName}>`;
}

afterEach(() => {
  const app = document.getElementById('app');
  if (app) render(null, app);
  localStorage.clear();
  document.body.replaceChildren();
  performance.clearMarks();
});

describe('the kept first frame', () => {
  it("is the popup's render of the snapshot, inert: unread posts grouped, newest first, read ones left out", () => {
    writeKept(popup, data, now);
    const app = openAgain('popup');
    expect(app.inert).toBe(true);
    expect(performance.getEntriesByName(FIRST_PAINT_MARK)).toHaveLength(1);
    expect(titlesIn(app)).toEqual(['Post new', 'Post older']);
    expect(app.querySelectorAll('li.post.unread')).toHaveLength(2);
    expect(app.querySelector('time')?.textContent).toBe('2 hours ago');
    expect(app.querySelector('a')?.getAttribute('href')).toBe('https://blog.example/new');
  });

  it('is the DOM the app renders over: nothing changes, every node is reused, then the app lives', async () => {
    writeKept(popup, data, now);
    const app = openAgain('popup', now + 5 * 60_000);
    const painted = shape(app.firstChild!);
    const first = app.querySelector('li.post');
    loaded.data = data;
    mountAt(popup, now + 5 * 60_000);
    // The same markup (attributes may be set again, in another order), kept node for node.
    expect(shape(app.firstChild!)).toBe(painted);
    expect(app.querySelector('li.post')).toBe(first);
    expect(app.inert).toBe(false);
    // Then the app lives: its clock moves on to now.
    await frames();
    await vi.waitFor(() => expect(app.querySelector('time')?.textContent).not.toBe('2 hours ago'));
    expect(app.querySelector('li.post')).toBe(first);
  });

  it('keeps a hostile post title as text: escaped in the kept markup, it round-trips and creates no element', () => {
    const hostile = ['<img src=x onerror=alert(1)>', '</li><script>window.ran = 1</script><li>'];
    const posts = hostile.map((title, i) => post(`h${i}`, 'Engineering', `2026-11-25T0${i + 1}:00:00Z`, false, title));
    const withHostile = { ...data, posts: [...posts, ...data.posts] };
    writeKept(popup, withHostile, now);
    const kept = localStorage.getItem(frameKey('popup'))!;
    expect(kept).toContain('>&lt;img src=x onerror=alert(1)&gt;</a>');
    expect(kept).toContain('>&lt;/li&gt;&lt;script&gt;window.ran = 1&lt;/script&gt;&lt;li&gt;</a>');
    const app = openAgain('popup');
    expect(app.querySelector('img, script, [onerror]')).toBeNull();
    expect(titlesIn(app)).toEqual(expect.arrayContaining(hostile));
    expect(app.querySelectorAll('li.post')).toHaveLength(4);
    // Rendered over by the app, the same: still text.
    loaded.data = withHostile;
    mountAt(popup, now + 1000);
    expect(app.querySelector('img, script, [onerror]')).toBeNull();
    expect(titlesIn(app)).toEqual(expect.arrayContaining(hostile));
    expect((window as unknown as { ran?: number }).ran).toBeUndefined();
  });

  it("is replaced whole by the app's render when it is not the app's markup at all (a tampered entry)", () => {
    writeKept(popup, data, now);
    const tampered =
      '<img src="x" onerror="window.ran = 1"><ul class="posts"><li class="post"><h3 class="post-title">Tampered';
    localStorage.setItem(frameKey('popup'), FIRST_PAINT_BUILD + tampered);
    const app = openAgain('popup');
    expect(titlesIn(app)).toEqual(['Tampered']);
    expect(app.querySelector('[onerror]')).toBeNull();
    mountAt(popup, now + 1000);
    expect(app.children).toHaveLength(1);
    expect(app.querySelector('img')).toBeNull();
    expect(titlesIn(app)).toEqual(['Post new', 'Post older']);
  });

  it('is painted however old, and the app corrects its clock in its first render (no longer the slow path)', () => {
    writeKept(popup, data, now);
    const app = openAgain('popup', now + 3 * HOUR);
    expect(app.inert).toBe(true);
    expect(app.querySelector('time')?.textContent).toBe('2 hours ago');
    const first = app.querySelector('li.post');
    loaded.data = data;
    mountAt(popup, now + 3 * HOUR);
    expect(app.querySelector('time')?.textContent).toBe('5 hours ago');
    expect(app.querySelector('li.post')).toBe(first);
    expect(app.inert).toBe(false);
  });

  it('is painted when the other page changed the digest since, and is right by the time it is live', () => {
    writeKept(popup, data, now);
    // The new tab marked a post read and kept a snapshot of it, not the popup's frame.
    writeSnapshot(withRead('new'));
    const app = openAgain('popup');
    expect(titlesIn(app)).toEqual(['Post new', 'Post older']);
    expect(app.inert).toBe(true);
    loaded.data = withRead('new');
    mountAt(popup, now + 1000);
    expect(titlesIn(app)).toEqual(['Post older']);
    expect(app.inert).toBe(false);
  });

  it('is the new tab\'s render for the visit just recorded; after another visit, the app corrects "New since"', () => {
    takeLastVisit(new Date('2026-11-24T12:00:00Z'));
    writeKept(newtab, data, now);
    expect(sinceTitles(openAgain('newtab'))).toEqual(['Post new']);
    // Another visit recorded since (a new tab closed before it kept its frame): the frame is painted, then corrected.
    takeLastVisit(new Date(now));
    const app = openAgain('newtab');
    expect(sinceTitles(app)).toEqual(['Post new']);
    loaded.data = data;
    mountAt(newtab, now + 1000);
    expect(sinceTitles(app)).toEqual([]);
    expect(titlesIn(app)).toEqual(expect.arrayContaining(['Post new', 'Post older']));
  });

  it('is not painted for another build or a filtered new tab', () => {
    writeKept(newtab, data, now);
    expect(openAgain('newtab', now + 1000, '#q=post').firstChild).toBeNull();
    expect(performance.getEntriesByName(FIRST_PAINT_MARK)).toHaveLength(0);
    localStorage.setItem(frameKey('popup'), `another build\n<ul><li class="post">Old markup</li></ul>`);
    expect(openAgain('popup').firstChild).toBeNull();
    expect(FIRST_PAINT_BUILD.endsWith('\n')).toBe(true);
  });

  it('is kept when the page is idle or closing, from the snapshot it keeps; a snapshot that fails keeps no frame', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    loaded.data = data;
    mountAt(popup, now);
    // The app keeps what it loaded when idle; then the newest of two changes is kept.
    await vi.waitFor(() => expect(localStorage.getItem(frameKey('popup'))).not.toBeNull());
    keepForNextOpen(withRead('new'));
    keepForNextOpen(withRead('older'));
    await vi.waitFor(() => expect(readSnapshot()?.posts.find((p) => p.id === 'older')?.read).toBe(true));
    expect(readSnapshot()?.posts.find((p) => p.id === 'new')?.read).toBe(false);
    expect(titlesIn(openAgain('popup'))).toEqual(['Post new']);
    // Closing keeps what is waiting at once.
    keepForNextOpen(data);
    dispatchEvent(new Event('pagehide'));
    expect(titlesIn(openAgain('popup'))).toEqual(['Post new', 'Post older']);

    // A snapshot write that fails (storage full) leaves neither the old snapshot nor a frame of it.
    const setItem = localStorage.setItem.bind(localStorage);
    const full = vi.spyOn(localStorage, 'setItem').mockImplementation((key, value) => {
      if (key === 'digest:snapshot') throw new DOMException('full', 'QuotaExceededError');
      setItem(key, value);
    });
    localStorage.setItem(frameKey('newtab'), 'stale');
    keepForNextOpen(withRead('new'));
    flushKept();
    full.mockRestore();
    expect(readSnapshot()).toBeNull();
    expect(localStorage.getItem(frameKey('popup'))).toBeNull();
    expect(localStorage.getItem(frameKey('newtab'))).toBeNull();
  });

  // The frame is never wrong in a way the reader can act on: whatever frame was kept (another digest,
  // another clock, another last visit), it is inert until the app's first render, and that render leaves
  // exactly the DOM a render into an empty page would.
  it.each([popup, newtab])(
    'is inert until the app has made it its own render, from any kept frame ($name)',
    (page) => {
      const pool = [
        ...data.posts,
        post('a', 'Career', '2026-11-25T07:30:00Z', false, 'Read <me> & "quote"'),
        post('b', 'Design', '2026-11-23T01:00:00Z', true),
        post('c', 'Uncategorized', '2026-11-25T07:59:00Z'),
      ];
      const digest = fc
        .tuple(fc.subarray(pool), fc.array(fc.boolean(), { minLength: pool.length, maxLength: pool.length }))
        .map(([posts, read]): DigestData => ({ ...data, posts: posts.map((p, i) => ({ ...p, read: read[i]! })) }));
      const at = fc.integer({ min: now - 2 * HOUR, max: now + 3 * HOUR });
      const visit = fc.option(fc.constantFrom('2026-11-24T12:00:00.000Z', '2026-11-25T06:30:00.000Z'), { nil: null });
      fc.assert(
        fc.property(digest, at, digest, at, visit, (keptData, keptAt, current, openedAt, lastVisit) => {
          localStorage.clear();
          if (lastVisit) localStorage.setItem('digest:lastVisit', lastVisit);
          writeKept(page, keptData, keptAt);
          writeSnapshot(current);
          const previousVisit = page.name === 'newtab' ? peekLastVisit() : null;
          const app = openAgain(page.name, openedAt);
          expect(app.inert).toBe(app.firstChild !== null);
          loaded.data = current;
          mountAt(page, openedAt);
          expect(app.inert).toBe(false);
          const fresh = document.createElement('div');
          const start = { data: readSnapshot()!, now: openedAt, previousVisit, hash: '' };
          vi.spyOn(Date, 'now').mockReturnValue(openedAt);
          render(<page.App start={start} />, fresh);
          vi.mocked(Date.now).mockRestore();
          expect(shape(app.firstChild!)).toBe(shape(fresh.firstChild!));
          render(null, fresh);
          render(null, app);
        }),
        { numRuns: 30 },
      );
    },
    30_000,
  );
});
