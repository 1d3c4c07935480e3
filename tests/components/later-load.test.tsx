// @vitest-environment happy-dom
// At 100,000 posts a page first reads only the newest (what fills its screen), then the rest, a few feeds
// per read (#14). Nothing that happens while the rest loads may be lost, and no count may speak for posts
// the page has not read yet.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '@/entrypoints/popup/PopupApp';
import { EMPTY_DIGEST, type DigestData } from '@/components/digest-data';
import { useDigest } from '@/components/useDigest';
import { changeHere } from '@/utils/changes';
import type { PostView } from '@/utils/db';
import { DEFAULT_PREFERENCES } from '@/utils/settings';
import { postView } from '../helpers/posts';

type DataSource = typeof import('@/components/data-source');
const source = vi.hoisted(() => ({
  loadDigest: vi.fn<DataSource['loadDigest']>(),
  loadFeeds: vi.fn<DataSource['loadFeeds']>(),
  loadUnreadCounts: vi.fn<DataSource['loadUnreadCounts']>(),
}));
vi.mock('@/utils/messages', () => ({ sendMessage: vi.fn<() => Promise<void>>(() => Promise.resolve()) }));
vi.mock('@/components/data-source', async (original) => ({
  ...(await original<DataSource>()),
  loadDigest: source.loadDigest,
  loadFeeds: source.loadFeeds,
  loadUnreadCounts: source.loadUnreadCounts,
}));

const A = 'https://a.example/feed.json';
const B = 'https://b.example/feed.json';
const post = (feedUrl: string, id: string, day: number, fields: Partial<PostView> = {}) =>
  postView(id, {
    feedUrl,
    title: `Post ${id}`,
    published: `2026-11-${10 + day}T06:00:00Z`,
    category: 'Eng',
    ...fields,
  });

/** The "database": every cached post of A and B, as the data layer would read them now. */
let cache: PostView[] = [];
/** The first read of the rest waits for this, having read the cache as it was when it started. */
let releaseRest: () => void = () => {};

/** The kept unread counts of these posts, per feed and category, as the database keeps them. */
function keptCounts(posts: PostView[]) {
  const counts = new Map<string, { feedUrl: string; category: string; unread: number }>();
  for (const { feedUrl, category, read } of posts) {
    const count = counts.get(feedUrl + category) ?? { feedUrl, category, unread: 0 };
    if (!read) counts.set(feedUrl + category, { ...count, unread: count.unread + 1 });
  }
  return [...counts.values()];
}

function headOf(posts: PostView[]): Omit<DigestData, 'loaded' | 'fromSnapshot' | 'error'> {
  return {
    keptUnread: keptCounts(posts),
    posts: posts.filter((p) => p.published! >= '2026-11-13'),
    feeds: [],
    followed: [A, B],
    folders: {},
    preferences: { ...DEFAULT_PREFERENCES },
    complete: false,
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  cache = [post(A, 'a1', 1), post(A, 'a2', 2), post(A, 'a3', 3), post(B, 'b1', 1), post(B, 'b4', 4)];
  source.loadDigest.mockImplementation(() => Promise.resolve(headOf(cache)));
  source.loadUnreadCounts.mockImplementation(() =>
    Promise.resolve({ unread: keptCounts(cache), muted: { words: [], counts: [] } }),
  );
  const held = Promise.withResolvers<void>();
  releaseRest = held.resolve;
  let first = true;
  source.loadFeeds.mockImplementation(async (urls) => {
    const read = cache.filter((p) => urls.includes(p.feedUrl));
    if (first) {
      first = false;
      await held.promise;
    }
    return { followed: [...urls], posts: read, feeds: [] };
  });
});
afterEach(() => {
  for (const app of document.body.children) render(null, app);
  document.body.replaceChildren();
  performance.clearMarks();
});

let shown: DigestData = EMPTY_DIGEST;
/** A page that asks for every post at once. */
function Probe() {
  const digest = useDigest(EMPTY_DIGEST);
  shown = digest.data;
  useEffect(() => digest.requestAll(), []);
  return null;
}

const flags = (data: DigestData) => data.posts.map((p) => `${p.id}:${p.read ? 'read' : 'unread'}`).toSorted();

describe('the rest of the posts, after the first read', () => {
  it('arrive after the newest, and keep the read marks and fetches that came while they loaded', async () => {
    const app = document.createElement('div');
    document.body.append(app);
    render(<Probe />, app);
    await vi.waitFor(() => expect(shown.loaded).toBe(true));
    expect(flags(shown)).toEqual(['a3:unread', 'b4:unread']);
    expect(shown.complete).toBe(false);
    await vi.waitFor(() => expect(source.loadFeeds).toHaveBeenCalledWith([A, B]));

    // While the rest is being read (its read began before these): a post not shown yet is marked read, and B
    // is fetched with a new post.
    cache = cache.map((p) => (p.id === 'a1' ? { ...p, read: true } : p));
    changeHere({ kind: 'read', keys: [[A, 'a1']], read: true });
    cache = [...cache, post(B, 'b5', 5)];
    changeHere({ kind: 'posts', feeds: [B] });
    releaseRest();

    await vi.waitFor(() => expect(shown.complete).toBe(true));
    expect(flags(shown)).toEqual(['a1:read', 'a2:unread', 'a3:unread', 'b1:unread', 'b4:unread', 'b5:unread']);
    // B, fetched meanwhile, was read again before the rest was shown.
    expect(source.loadFeeds.mock.calls.filter(([urls]) => urls.length === 1 && urls[0] === B).length).toBe(2);
  });

  it('leave the popup counting its groups and header by the kept counts until every post is in', async () => {
    const app = document.createElement('div');
    document.body.append(app);
    const start = { ...EMPTY_DIGEST, ...headOf(cache), keptUnread: undefined, loaded: true, fromSnapshot: true };
    render(<PopupApp start={{ data: start, now: Date.now(), previousVisit: null, hash: '' }} />, app);
    await vi.waitFor(() => expect(source.loadFeeds).toHaveBeenCalled());
    expect(app.querySelectorAll('li.post')).toHaveLength(2);
    // Five unread in the cache, though only two are loaded (and those are fewer than the popup shows of a
    // group: it asked for every post).
    await vi.waitFor(() => expect(app.querySelector('.category-unread')?.textContent).toBe('5'));
    expect(app.querySelector('.status-unread')?.textContent).toBe('5 unread');
    expect(app.querySelector('.loading-all')).not.toBeNull();

    // A post not loaded yet is marked read (in another page): the header and the group count again.
    cache = cache.map((p) => (p.id === 'a1' ? { ...p, read: true } : p));
    changeHere({ kind: 'read', keys: [[A, 'a1']], read: true });
    await vi.waitFor(() => expect(app.querySelector('.status-unread')?.textContent).toBe('4 unread'));
    expect(app.querySelector('.category-unread')?.textContent).toBe('4');

    releaseRest();
    await vi.waitFor(() => expect(app.querySelectorAll('li.post')).toHaveLength(4));
    expect(app.querySelector('.category-unread')?.textContent).toBe('4');
    expect(app.querySelector('.category-mark')).not.toBeNull();
    expect(app.querySelector('.status-unread')?.textContent).toBe('4 unread');
  });

  it('show no unread count in the header while muted words hide posts the kept counts know nothing of', async () => {
    const app = document.createElement('div');
    document.body.append(app);
    const head = headOf(cache);
    source.loadDigest.mockResolvedValue({ ...head, preferences: { ...head.preferences, mutedWords: ['zzz'] } });
    render(<PopupApp start={{ data: EMPTY_DIGEST, now: Date.now(), previousVisit: null, hash: '' }} />, app);
    await vi.waitFor(() => expect(app.querySelectorAll('li.post')).toHaveLength(2));
    expect(app.querySelector('.status-unread')).toBeNull();
    // The rest is read when asked for (here by "show read").
    app.querySelector<HTMLButtonElement>('.popup-footer .link-button')!.click();
    releaseRest();
    await vi.waitFor(() => expect(app.querySelector('.status-unread')?.textContent).toBe('5 unread'));
  });
});
