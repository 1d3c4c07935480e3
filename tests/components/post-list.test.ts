import { describe, expect, it } from 'vitest';
import type { PostView } from '@/utils/db';
import {
  NO_FILTER,
  feedsWithSeveralAuthors,
  filterPosts,
  filterToHash,
  groupByCategory,
  groupPosts,
  isFiltering,
  newSince,
  parseFilterHash,
  readingMinutes,
  searchTexts,
  stepIndex,
  unreadCount,
  withoutHidden,
  type DigestFilter,
} from '@/components/post-list';
import { postView } from '../helpers/posts';

function post(id: string, category: string, published: string | null, read = false): PostView {
  return postView(id, { category, published, read });
}

function inFeed(id: string, feedUrl: string, published: string): PostView {
  return { ...post(id, 'X', published), feedUrl };
}

describe('groupPosts', () => {
  it('groups by any key (a feed here), newest first, groups ordered by their newest post', () => {
    const groups = groupPosts(
      [
        inFeed('a1', 'https://a.test/feed', '2026-06-01T00:00:00Z'),
        inFeed('b1', 'https://b.test/feed', '2026-06-03T00:00:00Z'),
        inFeed('a2', 'https://a.test/feed', '2026-06-02T00:00:00Z'),
      ],
      (p) => p.feedUrl,
    );
    expect(groups.map((g) => [g.key, g.posts.map((p) => p.id), g.unread])).toEqual([
      ['https://b.test/feed', ['b1'], 1],
      ['https://a.test/feed', ['a2', 'a1'], 2],
    ]);
  });
});

describe('groupByCategory', () => {
  it('orders categories by their newest post and posts newest first, counting unread per category', () => {
    const groups = groupByCategory([
      post('old-eng', 'Engineering', '2026-03-01T00:00:00Z', true),
      post('career', 'Career', '2026-06-05T00:00:00Z'),
      post('new-eng', 'Engineering', '2026-06-20T00:00:00Z'),
      post('ai', 'AI & Tools', '2026-05-28T00:00:00Z'),
    ]);
    expect(groups.map((g) => g.key)).toEqual(['Engineering', 'Career', 'AI & Tools']);
    expect(groups[0]?.posts.map((p) => p.id)).toEqual(['new-eng', 'old-eng']);
    expect(groups.map((g) => g.unread)).toEqual([1, 1, 1]);
  });

  it('sorts an undated post by when it was first seen', () => {
    const undated = { ...post('undated', 'A', null), firstSeen: '2026-07-01T00:00:00Z' };
    const groups = groupByCategory([post('dated', 'A', '2026-06-01T00:00:00Z'), undated]);
    expect(groups[0]?.posts.map((p) => p.id)).toEqual(['undated', 'dated']);
  });

  it('gives nothing for no posts', () => {
    expect(groupByCategory([])).toEqual([]);
    expect(unreadCount([{ read: true }, { read: false }])).toBe(1);
  });
});

describe('search and filters', () => {
  const posts = [
    { ...post('a', 'Engineering', '2026-06-01T00:00:00Z'), title: 'Boring Technology', summary: 'Choose wisely' },
    {
      ...post('b', 'Career', '2026-06-02T00:00:00Z', true),
      title: 'Design docs',
      summary: 'Nobody asked for technology',
    },
    { ...post('c', 'Engineering', '2026-06-03T00:00:00Z', true), title: 'Idempotency', summary: 'Keys a year later' },
  ];
  const texts = searchTexts(posts);
  const ids = (filter: Partial<DigestFilter>) =>
    filterPosts(posts, { ...NO_FILTER, ...filter }, texts).map((p) => p.id);

  it('matches every word of the query in title or summary, ignoring case', () => {
    expect(ids({ query: 'TECHNOLOGY' })).toEqual(['a', 'b']);
    expect(ids({ query: 'technology boring' })).toEqual(['a']);
    expect(ids({ query: '  ' })).toEqual(['a', 'b', 'c']);
    expect(ids({ query: 'absent' })).toEqual([]);
  });

  it('narrows by category and to unread posts', () => {
    expect(ids({ category: 'Engineering' })).toEqual(['a', 'c']);
    expect(ids({ unreadOnly: true })).toEqual(['a']);
    expect(ids({ category: 'Engineering', query: 'keys' })).toEqual(['c']);
  });

  it('round-trips a filter through the URL hash', () => {
    const filter: DigestFilter = { query: 'a & b', category: 'AI & Tools', unreadOnly: true, groupBy: 'feed' };
    expect(parseFilterHash(filterToHash(filter))).toEqual(filter);
    expect(filterToHash({ ...NO_FILTER, groupBy: 'folder' })).toBe('#group=folder');
    expect(parseFilterHash('#group=author')).toEqual(NO_FILTER);
    // Grouping arranges; it narrows nothing.
    expect(isFiltering({ ...NO_FILTER, groupBy: 'feed' })).toBe(false);
    expect(filterToHash(NO_FILTER)).toBe('');
    expect(parseFilterHash('')).toEqual(NO_FILTER);
    expect(parseFilterHash('#unread=yes&junk=1')).toEqual(NO_FILTER);
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering({ ...NO_FILTER, unreadOnly: true })).toBe(true);
  });
});

describe('new since the last visit, hidden categories, reading time, keyboard steps', () => {
  const posts = [
    post('old', 'A', '2026-06-01T00:00:00Z'),
    post('new', 'B', '2026-06-03T00:00:00Z'),
    post('newer', 'A', '2026-06-04T00:00:00Z'),
  ];

  it('lists posts published after the previous visit, newest first, and none on a first visit', () => {
    expect(newSince(posts, '2026-06-02T00:00:00Z').map((p) => p.id)).toEqual(['newer', 'new']);
    expect(newSince(posts, null)).toEqual([]);
  });

  it('hides muted categories only when asked to', () => {
    const hide = { mutedCategories: ['A'], hideMutedCategories: true, mutedWords: [] };
    expect(withoutHidden(posts, hide).posts.map((p) => p.id)).toEqual(['new']);
    expect(withoutHidden(posts, { ...hide, hideMutedCategories: false }).posts).toHaveLength(3);
  });

  it('hides posts muted words match, always, and counts them (a rule never hides silently)', () => {
    const titled = [
      { ...post('a', 'A', null), title: 'Crypto winter' },
      { ...post('b', 'B', null), title: 'Cryptography basics' },
      { ...post('c', 'A', null), title: 'Queues', summary: 'and crypto' },
    ];
    const shown = withoutHidden(titled, { mutedCategories: ['A'], hideMutedCategories: false, mutedWords: ['crypto'] });
    expect(shown.posts.map((p) => p.id)).toEqual(['b']);
    expect(shown.hiddenByWords).toBe(2);
    const both = withoutHidden(titled, { mutedCategories: ['B'], hideMutedCategories: true, mutedWords: ['crypto'] });
    expect(both).toEqual({ posts: [], hiddenByWords: 2 });
  });

  it('estimates reading time from the word count', () => {
    expect(readingMinutes(null)).toBeNull();
    expect(readingMinutes(40)).toBe(1);
    expect(readingMinutes(1150)).toBe(5);
  });

  it('steps through a list and stops at its ends', () => {
    expect(stepIndex(-1, 1, 3)).toBe(0);
    expect(stepIndex(-1, -1, 3)).toBe(2);
    expect(stepIndex(2, 1, 3)).toBe(2);
    expect(stepIndex(0, -1, 3)).toBe(0);
    expect(stepIndex(1, 1, 3)).toBe(2);
    expect(stepIndex(-1, 1, 0)).toBe(-1);
  });
});

describe('feedsWithSeveralAuthors', () => {
  it('finds the feeds whose posts name more than one author between them', () => {
    const posts = [
      postView('1', { feedUrl: 'solo', authors: ['Ada'] }),
      postView('2', { feedUrl: 'solo', authors: ['Ada'] }),
      postView('3', { feedUrl: 'team', authors: ['Ada'] }),
      postView('4', { feedUrl: 'team', authors: ['Grace'] }),
      postView('5', { feedUrl: 'pair', authors: ['Ada', 'Grace'] }),
      postView('6', { feedUrl: 'nobody' }),
    ];
    expect([...feedsWithSeveralAuthors(posts)].toSorted()).toEqual(['pair', 'team']);
  });
});
