// @vitest-environment happy-dom
// Search as you type in the new tab (#14): the results are the plain filter's, a group's first 200 shown
// (a slice at a time), the address keeps the query, and a search that matches nothing says so.
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_FILTER, filterPosts, searchTexts, sortNewestFirst } from '@/components/post-list';
import { NewTabApp } from '@/entrypoints/newtab/NewTabApp';
import { emptyFeedState, type PostView } from '@/utils/db';
import { loadedDigest, postView } from '../helpers/posts';

// The pages' data layer answers with the test's data.
const loaded = vi.hoisted(() => ({ data: null as unknown }));
vi.mock('@/components/data-source', async (original) => ({
  ...(await original<typeof import('@/components/data-source')>()),
  loadDigest: () => Promise.resolve(loaded.data),
}));
// What "mark shown read" asked the worker to mark.
const marked = vi.hoisted(() => ({ ids: null as string[] | null }));
vi.mock('@/components/actions', async (original) => ({
  ...(await original<typeof import('@/components/actions')>()),
  markPostsRead: (shown: readonly { id: string; read: boolean }[]) => {
    marked.ids = shown.filter((post) => !post.read).map((post) => post.id);
    return Promise.resolve();
  },
  markLooked: () => {},
}));
// Counts the posts rendered, to see what a keystroke re-renders.
const rendered = vi.hoisted(() => ({ posts: 0 }));
vi.mock('@/components/PostItem', async (original) => {
  const actual = await original<typeof import('@/components/PostItem')>();
  return {
    ...actual,
    PostItem: (props: Parameters<typeof actual.PostItem>[0]) => {
      rendered.posts += 1;
      return actual.PostItem(props);
    },
  };
});

const NOW = Date.parse('2026-11-25T08:00:00Z');
const FEED = 'https://a.test/feed.xml';
const SUBJECTS = ['Rust async', 'Observability', 'Rate limiting', 'Design docs'];

/** 500 posts in two categories, minutes apart, their titles from a few subjects. */
const posts: PostView[] = Array.from({ length: 500 }, (_, i) =>
  postView(`p${i}`, {
    feedUrl: FEED,
    url: `https://a.test/${i}`,
    title: `${SUBJECTS[i % SUBJECTS.length]} part ${i}`,
    summary: i % 7 === 0 ? 'With a note on observability' : 'Notes',
    category: i % 3 === 0 ? 'Engineering' : 'Operations',
    published: new Date(NOW - (i + 1) * 60_000).toISOString(),
    read: i % 5 === 0,
  }),
);

const data = loadedDigest({
  posts,
  feeds: [{ ...emptyFeedState(FEED), lastSuccess: '2026-11-25T07:00:00Z' }],
  followed: [FEED],
});

function type(value: string) {
  const input = document.body.querySelector<HTMLInputElement>('input[type="search"]')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

const shownKeys = () => [...document.body.querySelectorAll('li.post')].map((li) => li.getAttribute('data-post-id'));

/** What the page should show for `query`: the plain filter's matches, newest first, at most 200 a category. */
function expected(query: string): string[] {
  const sorted = sortNewestFirst(posts);
  const matches = filterPosts(sorted, { ...NO_FILTER, query }, searchTexts(sorted));
  const categories = [...new Set(matches.map((post) => post.category))];
  return categories.flatMap((category) =>
    matches
      .filter((post) => post.category === category)
      .slice(0, 200)
      .map((post) => post.id),
  );
}

afterEach(() => {
  render(null, document.body);
  history.replaceState(null, '', location.pathname);
});

describe('search as you type in the new tab', () => {
  it('shows what the plain filter gives, keeps the query in the address, and says when nothing matches', async () => {
    loaded.data = data;
    render(<NewTabApp start={{ data, now: NOW, previousVisit: null, hash: '' }} />, document.body);
    await vi.waitFor(() => expect(shownKeys().length).toBeGreaterThan(0));

    // Typed a key at a time, as a reader does: each key's results replace the last (stale ones dropped).
    for (const query of ['o', 'ob', 'obs', 'obser', 'observ']) type(query);
    await vi.waitFor(() => expect(shownKeys()).toEqual(expected('observ')));
    expect(location.hash).toBe('#q=observ');
    expect(document.body.querySelector('.filter-results')?.textContent).toContain(
      `${filterPosts(posts, { ...NO_FILTER, query: 'observ' }, searchTexts(posts)).length} posts`,
    );

    // A wider query (keys deleted) matches more: the first 200 of a category, once its slices are in.
    type('o');
    await vi.waitFor(() => expect(shownKeys()).toEqual(expected('o')), { timeout: 10_000 });
    expect(location.hash).toBe('#q=o');

    // A key that leaves the results as they were renders no post again (each key re-rendered every post
    // shown, up to 1,200 at 100,000 posts, when the page took a new time each render).
    rendered.posts = 0;
    type('o ');
    await vi.waitFor(() => expect(location.hash).toBe('#q=o+'));
    await new Promise((done) => setTimeout(done, 50));
    expect(shownKeys()).toEqual(expected('o'));
    expect(rendered.posts).toBe(0);

    type('RATE part 1');
    await vi.waitFor(() => expect(shownKeys()).toEqual(expected('rate part 1')));

    type('no such words');
    await vi.waitFor(() => expect(document.body.querySelector('.empty-title')?.textContent).toBe('No posts match'));
    expect(shownKeys()).toEqual([]);
  });

  it('Shift+A right after a key marks what the typed query matches, not the results still on screen', async () => {
    loaded.data = data;
    render(<NewTabApp start={{ data, now: NOW, previousVisit: null, hash: '' }} />, document.body);
    await vi.waitFor(() => expect(shownKeys().length).toBeGreaterThan(0));
    marked.ids = null;
    type('observability');
    // The page has rendered the typed query (a microtask), but its results come a task later.
    await Promise.resolve();
    await Promise.resolve();
    expect(shownKeys()).not.toEqual(expected('observability'));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'A', shiftKey: true, bubbles: true }));
    const unreadMatches = filterPosts(posts, { ...NO_FILTER, query: 'observability' }, searchTexts(posts))
      .filter((post) => !post.read)
      .map((post) => post.id);
    expect(unreadMatches.length).toBeGreaterThan(0);
    const ids = marked.ids as string[] | null;
    expect(ids?.toSorted()).toEqual(unreadMatches.toSorted());
  });
});
