import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PostView } from '@/utils/db';
import {
  NO_FILTER,
  feedsWithSeveralAuthors,
  filterPosts,
  filterToHash,
  groupByCategory,
  groupPosts,
  groupSortedPosts,
  isFiltering,
  lazyPostsByKey,
  matchingIndices,
  narrowsQuery,
  newSince,
  newSinceSorted,
  parseFilterHash,
  readingMinutes,
  searchTexts,
  sortNewestFirst,
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

const at = (day: number) => `2026-06-${String(day).padStart(2, '0')}T00:00:00Z`;
const categoryOf = (p: PostView) => p.category;

/** Posts from generated records, dated by day. */
function build(
  records: { title: string; summary: string; category: string; day: number; read: boolean }[],
): PostView[] {
  return records.map((r, i) => ({
    ...post(`p${i}`, r.category, at(r.day), r.read),
    title: r.title,
    summary: r.summary,
  }));
}

describe('search at 100,000 posts: sorted once, narrowed as the query grows', () => {
  /** Posts from a small alphabet, so queries match some and not others; some share a moment. */
  const postsArbitrary = fc.array(
    fc.record({
      title: fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', ' '), maxLength: 8 }),
      summary: fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), maxLength: 8 }),
      category: fc.constantFrom('X', 'Y'),
      day: fc.integer({ min: 1, max: 9 }),
      read: fc.boolean(),
    }),
    { maxLength: 40 },
  );
  const queryArbitrary = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'B', ' '), maxLength: 5 });
  it('narrowing the previous matches gives what filtering every post gives', () => {
    fc.assert(
      fc.property(
        postsArbitrary,
        queryArbitrary,
        queryArbitrary,
        fc.constantFrom(null, 'X'),
        fc.boolean(),
        (records, previous, typed, category, unreadOnly) => {
          const posts = build(records);
          const texts = searchTexts(posts);
          // The next query as typing makes it: the previous one with more typed on.
          const next = previous + typed;
          expect(narrowsQuery(previous, next)).toBe(true);
          const filter = { ...NO_FILTER, category, unreadOnly };
          const within = matchingIndices(posts, { ...filter, query: previous }, texts);
          const narrowed = matchingIndices(posts, { ...filter, query: next }, texts, within);
          expect(narrowed).toEqual(matchingIndices(posts, { ...filter, query: next }, texts));
          expect(narrowed.map((i) => posts[i])).toEqual(filterPosts(posts, { ...filter, query: next }, texts));
        },
      ),
    );
  });

  it('narrowing holds for any two queries narrowsQuery accepts', () => {
    fc.assert(
      fc.property(postsArbitrary, queryArbitrary, queryArbitrary, (records, previous, next) => {
        fc.pre(narrowsQuery(previous, next));
        const posts = build(records);
        const texts = searchTexts(posts);
        const within = matchingIndices(posts, { ...NO_FILTER, query: previous }, texts);
        expect(matchingIndices(posts, { ...NO_FILTER, query: next }, texts, within)).toEqual(
          matchingIndices(posts, { ...NO_FILTER, query: next }, texts),
        );
      }),
    );
  });

  it('knows which queries narrow which', () => {
    expect(narrowsQuery('', 'rust')).toBe(true);
    expect(narrowsQuery('ru', 'rust')).toBe(true);
    expect(narrowsQuery('rust', 'RUST async')).toBe(true);
    expect(narrowsQuery('st ru', 'rust')).toBe(true);
    expect(narrowsQuery('rust', 'rus')).toBe(false);
    expect(narrowsQuery('rust go', 'rust')).toBe(false);
  });

  it('groups sorted posts as groupPosts does, and finds the new ones as a prefix', () => {
    fc.assert(
      fc.property(postsArbitrary, fc.integer({ min: 0, max: 10 }), (records, day) => {
        const posts = build(records);
        const sorted = sortNewestFirst(posts);
        expect(groupSortedPosts(sorted, categoryOf)).toEqual(groupPosts(posts, categoryOf));
        const visit = day === 0 ? null : at(day).replace('T00', 'T12');
        const fresh = newSinceSorted(sorted, visit);
        // The same posts as newSince, in the digest's order (ties by title).
        expect(new Set(fresh)).toEqual(new Set(newSince(posts, visit)));
        expect(fresh).toEqual(sorted.slice(0, fresh.length));
      }),
    );
  });

  it('keys posts only when one is looked up', () => {
    const posts = [post('a', 'X', null), inFeed('b', 'g', at(1))];
    const byKey = lazyPostsByKey(posts);
    expect(byKey.get('g\nb')).toBe(posts[1]);
    expect(byKey.get('nothing')).toBeUndefined();
  });
});
