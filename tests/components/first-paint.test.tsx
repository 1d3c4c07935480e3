// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import firstPaintScript from '@/entrypoints/first-paint';
import {
  FIRST_PAINT_MARK,
  FIRST_PAINT_MAX_AGE_MS,
  FIRST_PAINT_BUILD,
  frameKey,
  LAST_VISIT_KEY,
  SNAPSHOT_ID_KEY,
  uiLanguage,
  usableFrame,
  type KeptFrame,
} from '@/components/first-paint';
import { flushKept, keepForNextOpen, keepPages, writeKept, type KeptPage } from '@/components/keep-page';
import { mountPage } from '@/components/mount';
import { NewTabApp } from '@/entrypoints/newtab/NewTabApp';
import { PopupApp } from '@/entrypoints/popup/PopupApp';
import { takeLastVisit, writeSnapshot } from '@/components/snapshot';
import type { DigestData } from '@/components/digest-data';
import type { PostView } from '@/utils/db';
import { DEFAULT_PREFERENCES } from '@/utils/settings';
import { postView } from '../helpers/posts';

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

const data: DigestData = {
  posts: [
    post('new', 'Engineering', '2026-11-25T06:00:00Z'),
    post('older', 'Design', '2026-11-24T06:00:00Z'),
    post('seen', 'Engineering', '2026-11-20T06:00:00Z', true),
  ],
  feeds: [],
  followed: ['https://blog.example/feed.json'],
  folders: {},
  preferences: { ...DEFAULT_PREFERENCES },
  loaded: true,
  fromSnapshot: false,
  error: null,
};
const now = Date.parse('2026-11-25T08:00:00Z');
const popup: KeptPage = { page: 'popup', render: (start) => <PopupApp start={start} /> };
const newtab: KeptPage = { page: 'newtab', render: (start) => <NewTabApp start={start} /> };

/** The kept frame of a page, as its classic script would accept it at `at`. */
function keptFrame(page: 'popup' | 'newtab', at = now + 1000): KeptFrame | null {
  return usableFrame(localStorage.getItem(frameKey(page)), {
    locale: uiLanguage(),
    snapshot: localStorage.getItem(SNAPSHOT_ID_KEY),
    at,
    ...(page === 'newtab' ? { lastVisit: localStorage.getItem(LAST_VISIT_KEY) } : {}),
  });
}

/** A page opened again: its document with an empty #app, then the classic script, as the browser runs them. */
function openAgain(page: 'popup' | 'newtab', at = now + 1000): HTMLElement {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
    `chrome-extension://digest/${page}.html`,
  );
  performance.clearMarks();
  document.body.innerHTML = '<div id="app"></div>';
  vi.spyOn(Date, 'now').mockReturnValue(at);
  firstPaintScript.main();
  vi.mocked(Date.now).mockRestore();
  return document.getElementById('app')!;
}

const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));

afterEach(() => {
  const app = document.getElementById('app');
  if (app) render(null, app);
  localStorage.clear();
  document.body.replaceChildren();
  performance.clearMarks();
});

describe('usableFrame', () => {
  const frame = (change: Record<string, unknown> = {}) =>
    JSON.stringify({
      build: FIRST_PAINT_BUILD,
      locale: 'en-US',
      snapshot: 'abc',
      renderedAt: now - 60_000,
      lastVisit: null,
      html: '<p>hello</p>',
      ...change,
    });
  const current = { locale: 'en-US', snapshot: 'abc', at: now };

  it('gives a frame kept for this language and snapshot, a little while ago', () => {
    expect(usableFrame(frame(), current)?.html).toBe('<p>hello</p>');
  });

  it('refuses a frame of another snapshot, language or build, one too old or from the future, and junk', () => {
    expect(usableFrame(frame(), { ...current, snapshot: 'other' })).toBeNull();
    expect(usableFrame(frame(), { ...current, snapshot: null })).toBeNull();
    expect(usableFrame(frame(), { ...current, locale: 'de-DE' })).toBeNull();
    expect(usableFrame(frame({ build: 'an older build' }), current)).toBeNull();
    expect(usableFrame(frame({ renderedAt: now - FIRST_PAINT_MAX_AGE_MS - 1 }), current)).toBeNull();
    expect(usableFrame(frame({ renderedAt: now + 60_000 }), current)).toBeNull();
    expect(usableFrame(frame({ html: '' }), current)).toBeNull();
    expect(usableFrame('{"version":', current)).toBeNull();
    expect(usableFrame('null', current)).toBeNull();
    expect(usableFrame(null, current)).toBeNull();
  });

  it('refuses a new tab\'s frame rendered for another last visit (its "New since" section would be wrong)', () => {
    const visit = '2026-11-25T07:00:00.000Z';
    expect(usableFrame(frame({ lastVisit: visit }), { ...current, lastVisit: visit })).not.toBeNull();
    expect(usableFrame(frame({ lastVisit: visit }), { ...current, lastVisit: '2026-11-25T07:30:00.000Z' })).toBeNull();
    expect(usableFrame(frame({ lastVisit: null }), { ...current, lastVisit: visit })).toBeNull();
    // The popup does not ask.
    expect(usableFrame(frame({ lastVisit: null }), current)).not.toBeNull();
  });
});

describe('the kept first frame', () => {
  it("is the popup's first render from the snapshot: unread posts grouped, newest first, read ones left out", () => {
    writeKept(popup, data, now);
    const app = openAgain('popup');
    expect(app.inert).toBe(true);
    expect(performance.getEntriesByName(FIRST_PAINT_MARK)).toHaveLength(1);
    expect([...app.querySelectorAll('li.post .post-title')].map((title) => title.textContent)).toEqual([
      'Post new',
      'Post older',
    ]);
    expect(app.querySelectorAll('li.post.unread')).toHaveLength(2);
    expect(app.querySelector('time')?.textContent).toBe('2 hours ago');
    expect(app.querySelector('a')?.getAttribute('href')).toBe('https://blog.example/new');
  });

  it('is hydrated by the app with the same data and clock: the same DOM, reused, then live', async () => {
    writeKept(popup, data, now);
    const app = openAgain('popup', now + 5 * 60_000);
    const painted = app.innerHTML;
    const first = app.querySelector('li.post');
    loaded.data = data;
    mountPage(app, popup);
    // No mismatch: hydration changed nothing and kept every node (the same element, not a copy).
    expect(app.innerHTML).toBe(painted);
    expect(app.querySelector('li.post')).toBe(first);
    expect(app.inert).toBe(false);
    // Then the app lives: its clock moves on to now.
    await frames();
    await vi.waitFor(() => expect(app.querySelector('time')?.textContent).not.toBe('2 hours ago'));
    expect(app.querySelector('li.post')).toBe(first);
  });

  it('keeps a hostile post title as text: it round-trips and creates no element', () => {
    const hostile = ['<img src=x onerror=alert(1)>', '</li><script>window.ran = 1</script><li>'];
    const posts = hostile.map((title, i) => post(`h${i}`, 'Engineering', `2026-11-25T0${i + 1}:00:00Z`, false, title));
    const withHostile = { ...data, posts: [...posts, ...data.posts] };
    writeKept(popup, withHostile, now);
    const app = openAgain('popup');
    expect(app.querySelector('img, script, [onerror]')).toBeNull();
    const titles = [...app.querySelectorAll('li.post .post-title')].map((title) => title.textContent);
    expect(titles).toEqual(expect.arrayContaining(hostile));
    expect(app.querySelectorAll('li.post')).toHaveLength(4);
    // Hydrated, the same: still text.
    loaded.data = withHostile;
    mountPage(app, popup);
    expect(app.querySelector('img, script, [onerror]')).toBeNull();
    expect((window as unknown as { ran?: number }).ran).toBeUndefined();
  });

  it('keeps the new tab\'s frame for the visit just recorded: the next open\'s "New since" section', () => {
    takeLastVisit(new Date('2026-11-24T12:00:00Z'));
    writeKept(newtab, data, now);
    expect([...openAgain('newtab').querySelectorAll('.new-since .post-title')].map((t) => t.textContent)).toEqual([
      'Post new',
    ]);
    // Another visit recorded since (a new tab closed before it kept its frame): this frame is not shown.
    takeLastVisit(new Date(now));
    expect(keptFrame('newtab')).toBeNull();
    expect(openAgain('newtab').firstChild).toBeNull();
  });

  it('is not shown once the snapshot changed (a post read in the other page), and is forgotten without one', () => {
    writeKept(popup, data, now);
    expect(keptFrame('popup')).not.toBeNull();
    writeSnapshot({ ...data, posts: data.posts.map((p) => ({ ...p, read: true })) });
    expect(keptFrame('popup')).toBeNull();
    expect(openAgain('popup').firstChild).toBeNull();

    // A snapshot write that fails (storage full) leaves neither the old snapshot nor an id to match.
    writeSnapshot(data);
    const setItem = localStorage.setItem.bind(localStorage);
    const full = vi.spyOn(localStorage, 'setItem').mockImplementation((key, value) => {
      if (key === 'digest:snapshot') throw new DOMException('full', 'QuotaExceededError');
      setItem(key, value);
    });
    localStorage.setItem(frameKey('popup'), 'stale');
    writeKept(popup, { ...data, posts: data.posts.slice(1) }, now);
    full.mockRestore();
    expect(localStorage.getItem(SNAPSHOT_ID_KEY)).toBeNull();
    expect(localStorage.getItem('digest:snapshot')).toBeNull();
    expect(localStorage.getItem(frameKey('popup'))).toBeNull();
  });

  it("is kept for the other page too, from the same snapshot: a post read in one is read in the other's frame", async () => {
    writeKept(popup, data, now);
    keepPages(newtab, () => Promise.resolve(popup));
    keepForNextOpen({ ...data, posts: data.posts.map((p) => (p.id === 'new' ? { ...p, read: true } : p)) });
    flushKept(true);
    await vi.waitFor(() => expect(keptFrame('popup', Date.now())).not.toBeNull());
    expect(
      [...openAgain('popup', Date.now()).querySelectorAll('li.post .post-title')].map((t) => t.textContent),
    ).toEqual(['Post older']);
    // Closing flushes only this page's own frame (an import cannot finish in a page going away).
    keepForNextOpen(data);
    flushKept();
    expect(keptFrame('newtab', Date.now())).not.toBeNull();
    expect(keptFrame('popup', Date.now())).toBeNull();
  });

  it('is rendered, not hydrated, when the snapshot changed between the frame and the app', () => {
    writeKept(popup, data, now);
    const app = openAgain('popup');
    const first = app.querySelector('li.post');
    writeSnapshot({ ...data, posts: data.posts.map((p) => (p.id === 'new' ? { ...p, read: true } : p)) });
    loaded.data = data;
    mountPage(app, popup);
    expect(app.querySelector('li.post')).not.toBe(first);
    expect([...app.querySelectorAll('li.post .post-title')].map((title) => title.textContent)).toEqual(['Post older']);
  });
});
