// @vitest-environment happy-dom
// At 100,000 posts reading every post costs a page seconds and tens of MB (#14): the popup and the new tab
// read the newest posts only, count their groups by the kept counts, and read the rest only when the reader
// asks for something that needs it ("show read", a search), saying "Loading all posts…" meanwhile.
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_DIGEST, type DigestData } from '@/components/digest-data';
import { useDigest } from '@/components/useDigest';
import { changeHere } from '@/utils/changes';
import { NO_FILTER, filterPosts, searchTexts, sortNewestFirst } from '@/components/post-list';
import { NewTabApp } from '@/entrypoints/newtab/NewTabApp';
import { PopupApp } from '@/entrypoints/popup/PopupApp';
import type { PostView } from '@/utils/db';
import { DEFAULT_PREFERENCES } from '@/utils/settings';
import { postView } from '../helpers/posts';

type DataSource = typeof import('@/components/data-source');
const source = vi.hoisted(() => ({
  loadDigest: vi.fn<DataSource['loadDigest']>(),
  loadFeeds: vi.fn<DataSource['loadFeeds']>(),
  loadUnreadCounts: vi.fn<DataSource['loadUnreadCounts']>(),
}));
const sent = vi.hoisted(() => ({ sendMessage: vi.fn<(name: string, data: unknown) => Promise<void>>() }));
vi.mock('@/utils/messages', () => sent);
vi.mock('@/components/actions', async (original) => ({
  ...(await original<typeof import('@/components/actions')>()),
  markLooked: () => {},
}));
vi.mock('@/components/data-source', async (original) => ({
  ...(await original<DataSource>()),
  loadDigest: source.loadDigest,
  loadFeeds: source.loadFeeds,
  loadUnreadCounts: source.loadUnreadCounts,
}));

const NOW = Date.parse('2026-11-25T08:00:00Z');
const A = 'https://a.test/feed.xml';
const B = 'https://b.test/feed.xml';
const SUBJECTS = ['Rust async', 'Observability', 'Rate limiting', 'Design docs'];
const FIRST_READ = 600;

/** 700 posts of two feeds in two categories, minutes apart, one in five read: more than the first read. */
let cache: PostView[] = [];
const CACHE: PostView[] = Array.from({ length: 700 }, (_, i) =>
  postView(`p${i}`, {
    feedUrl: i % 2 === 0 ? A : B,
    url: `https://a.test/${i}`,
    title: `${SUBJECTS[i % SUBJECTS.length]} part ${i}`,
    summary: i % 7 === 0 ? 'With a note on observability' : 'Notes',
    category: i % 3 === 0 ? 'Engineering' : 'Operations',
    published: new Date(NOW - (i + 1) * 60_000).toISOString(),
    read: i % 5 === 0,
  }),
);

function keptCounts(posts: readonly PostView[]) {
  const counts = new Map<string, { feedUrl: string; category: string; unread: number }>();
  for (const { feedUrl, category, read } of posts) {
    const count = counts.get(feedUrl + category) ?? { feedUrl, category, unread: 0 };
    if (!read) counts.set(feedUrl + category, { ...count, unread: count.unread + 1 });
  }
  return [...counts.values()];
}

/** Every unread post of a category, as counting every post gives it. */
const unreadIn = (category: string) => cache.filter((post) => post.category === category && !post.read).length;

let releaseRest: () => void = () => {};
beforeEach(() => {
  vi.clearAllMocks();
  cache = CACHE;
  sent.sendMessage.mockResolvedValue();
  const head: Omit<DigestData, 'loaded' | 'fromSnapshot' | 'error'> = {
    posts: sortNewestFirst(cache).slice(0, FIRST_READ),
    feeds: [],
    followed: [A, B],
    folders: {},
    preferences: { ...DEFAULT_PREFERENCES },
    complete: false,
    keptUnread: keptCounts(cache),
    keptMuted: { words: [], counts: [] },
  };
  source.loadDigest.mockImplementation(() => Promise.resolve(head));
  source.loadUnreadCounts.mockResolvedValue({ unread: keptCounts(cache), muted: { words: [], counts: [] } });
  const held = Promise.withResolvers<void>();
  releaseRest = held.resolve;
  source.loadFeeds.mockImplementation(async (urls) => {
    await held.promise;
    return { followed: [...urls], posts: cache.filter((post) => urls.includes(post.feedUrl)), feeds: [] };
  });
});
afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
  history.replaceState(null, '', location.pathname);
  performance.clearMarks();
});

const start = { data: EMPTY_DIGEST, now: NOW, previousVisit: null, hash: '' };
/** Each group's name and unread count, by name. */
const groupCounts = () =>
  [...document.body.querySelectorAll('.category')]
    .map((section) => [
      section.querySelector('.category-name')?.textContent,
      section.querySelector('.category-unread')?.textContent,
    ])
    .toSorted(([a], [b]) => String(a).localeCompare(String(b)));
/** The groups count every unread post of the cache, loaded or not. */
function expectEveryUnreadCounted() {
  expect(groupCounts()).toEqual([
    ['Engineering', String(unreadIn('Engineering'))],
    ['Operations', String(unreadIn('Operations'))],
  ]);
}

/** Some tasks for anything the page would start by itself. */
const settle = () => new Promise((done) => setTimeout(done, 50));

describe('the rest of the posts, read on demand', () => {
  it('the popup reads them only for "show read", counting its groups by the kept counts till then', async () => {
    render(<PopupApp start={start} />, document.body);
    await vi.waitFor(() => expect(document.body.querySelectorAll('li.post').length).toBeGreaterThan(0));
    await settle();
    expect(source.loadFeeds).not.toHaveBeenCalled();
    // The groups count every unread post, though only the newest are loaded.
    expectEveryUnreadCounted();
    expect(document.body.querySelector('.loading-all')).toBeNull();

    const showRead = document.body.querySelector<HTMLButtonElement>('.popup-footer .link-button')!;
    expect(showRead.textContent).toBe('Show read');
    showRead.click();
    await vi.waitFor(() => expect(source.loadFeeds).toHaveBeenCalled());
    expect(document.body.querySelector('.loading-all')?.textContent).toBe('Loading all posts…');
    releaseRest();
    await vi.waitFor(() => expect(document.body.querySelector('.loading-all')).toBeNull());
    expect(showRead.textContent).toBe('Hide read');
    expectEveryUnreadCounted();
  });

  it('the new tab reads them when the reader searches, then shows exactly the plain filter’s results', async () => {
    render(<NewTabApp start={start} />, document.body);
    await vi.waitFor(() => expect(document.body.querySelectorAll('li.post').length).toBeGreaterThan(0));
    await settle();
    expect(source.loadFeeds).not.toHaveBeenCalled();
    expectEveryUnreadCounted();

    const input = document.body.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.value = 'observ';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(source.loadFeeds).toHaveBeenCalled());
    // No result from the newest posts alone, and no "no matches": the page says it is loading.
    expect(document.body.querySelector('.loading-all')?.textContent).toBe('Loading all posts…');
    expect(document.body.querySelectorAll('li.post')).toHaveLength(0);
    expect(document.body.querySelector('.empty-title')).toBeNull();

    releaseRest();
    const sorted = sortNewestFirst(cache);
    const matches = filterPosts(sorted, { ...NO_FILTER, query: 'observ' }, searchTexts(sorted));
    const categories = [...new Set(matches.map((post) => post.category))];
    const expected = categories.flatMap((category) =>
      matches.filter((post) => post.category === category).map((post) => post.id),
    );
    // Posts of the older 100 are among them: the rest was read.
    expect(expected.some((id) => Number(id.slice(1)) >= FIRST_READ)).toBe(true);
    await vi.waitFor(() =>
      expect([...document.body.querySelectorAll('li.post')].map((li) => li.getAttribute('data-post-id'))).toEqual(
        expected,
      ),
    );
    expect(document.body.querySelector('.filter-results')?.textContent).toContain(`${matches.length} posts`);
    expect(document.body.querySelector('.loading-all')).toBeNull();
  });

  it('keep a page that has not asked for them to the newest posts when a feed is fetched', async () => {
    let shown: DigestData = EMPTY_DIGEST;
    function Probe() {
      shown = useDigest(EMPTY_DIGEST).data;
      return null;
    }
    render(<Probe />, document.body);
    await vi.waitFor(() => expect(shown.loaded).toBe(true));
    releaseRest();
    // A's fetch brought one new post: the page reads A again, and keeps of it only what is as new as its posts.
    cache = [
      ...cache,
      postView('new', { feedUrl: A, category: 'Engineering', published: new Date(NOW).toISOString() }),
    ];
    changeHere({ kind: 'posts', feeds: [A] });
    await vi.waitFor(() => expect(shown.posts.some((post) => post.id === 'new')).toBe(true));
    expect(shown.posts).toHaveLength(FIRST_READ + 1);
    expect(shown.complete).toBe(false);
    expect(source.loadFeeds.mock.calls).toEqual([[[A]]]);
  });

  it('the popup marks a whole group read without reading the rest: the worker marks what it has not read', async () => {
    render(<PopupApp start={start} />, document.body);
    await vi.waitFor(() => expect(document.body.querySelectorAll('.category-mark')).toHaveLength(2));
    const engineering = [...document.body.querySelectorAll('.category')].find(
      (section) => section.querySelector('.category-name')?.textContent === 'Engineering',
    )!;
    engineering.querySelector<HTMLButtonElement>('.category-mark')!.click();
    await vi.waitFor(() =>
      expect(sent.sendMessage).toHaveBeenCalledWith('markGroupRead', {
        category: 'Engineering',
        feedUrl: null,
        mutedWords: [],
        hiddenCategories: [],
        except: [],
      }),
    );
    // The loaded posts of the group show read at once (kept on screen this visit); nothing else is read.
    await vi.waitFor(() => expect(engineering.querySelectorAll('li.post.unread').length).toBe(0));
    await settle();
    expect(source.loadFeeds).not.toHaveBeenCalled();
  });
});
