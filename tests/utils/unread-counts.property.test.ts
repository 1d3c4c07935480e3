// The badge's kept unread counts (utils/db.ts, version 7) as a property: after any sequence of saves
// (categories changing, posts pruned), marks and unmarks (repeated keys, posts no longer cached), imported
// marks, unfollows mid-refresh, follows and clean-ups, the kept counts equal a full recount of the stored
// posts and marks, and the badge they give equals the badge computed from every post, in both badge
// modes and with any categories muted. With muted words too (#14): the word list changes between writes (and
// while a write is under way), the kept counts of the unread posts the words hide always equal a recount for
// the words they were kept for, and the badge from the kept counts is the badge from every post for the words
// set now.
import * as fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { badgeState, badgeStateFromCounts } from '@/entrypoints/background/badge';
import {
  applyImport,
  closeDigestDB,
  forgetUnfollowedData,
  listMutedUnreadCounts,
  listUnreadCounts,
  openDigestDB,
  readBadgeCounts,
  readDigest,
  saveFetchedPosts,
  setReadMany,
  unfollowFeed,
  type PostKey,
} from '@/utils/db';
import type { NormalizedPost } from '@/utils/feed/parse';
import { mutedWordsMatcher } from '@/utils/muted-words';
import { follow } from '../helpers/follow';
import { feedInfo, numberedPost } from '../helpers/posts';

const FEEDS = ['https://a.test/feed.json', 'https://b.test/feed.json'];
const CATEGORIES = ['Engineering', 'Career', ''];
/** Small, so pruning and posts coming back happen often. */
const RETENTION = { maxPostsPerFeed: 3, keepUnreadDays: 0 };
const info = feedInfo('T');

/** Words a post's title may have, and muted word lists are made of (written in more than one way). */
const WORDS = ['rust', 'go', 'hot take'];
const WRITTEN = ['rust', 'Go', 'hot  take', ' go '];

function post(id: number, category: number, word = WORDS.length): NormalizedPost {
  const about = WORDS[word];
  return { ...numberedPost(id, CATEGORIES[category]!), ...(about ? { title: `Post ${id}: ${about}` } : {}) };
}

const feedIndex = fc.integer({ min: 0, max: FEEDS.length - 1 });
const postId = fc.nat(7);
const category = fc.integer({ min: 0, max: CATEGORIES.length - 1 });
const key = fc.record({ feed: feedIndex, id: postId });

type Item = { id: number; category: number; word: number };
type Op =
  | { kind: 'save'; feed: number; items: Item[] }
  | { kind: 'words'; words: string[] }
  | { kind: 'badge' }
  | { kind: 'race'; words: string[]; feed: number; items: Item[] }
  | { kind: 'mark'; keys: { feed: number; id: number }[]; read: boolean }
  | { kind: 'import'; keys: { feed: number; id: number }[]; follow: boolean }
  | { kind: 'unfollow'; feed: number }
  | { kind: 'follow'; feed: number }
  | { kind: 'forget' };

const items = fc.array(fc.record({ id: postId, category, word: fc.nat(WORDS.length) }), { maxLength: 6 });
const words = fc.subarray(WRITTEN);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('save' as const), feed: feedIndex, items }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('words' as const), words }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'badge' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('race' as const), words, feed: feedIndex, items }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('mark' as const),
      keys: fc.array(key, { maxLength: 4 }),
      read: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      keys: fc.array(key, { maxLength: 3 }),
      follow: fc.boolean(),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('unfollow' as const), feed: feedIndex }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('follow' as const), feed: feedIndex }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'forget' as const }), weight: 1 },
);

const toKey = ({ feed, id }: { feed: number; id: number }): PostKey => [FEEDS[feed]!, `p${id}`];

/**
 * The unread counts recounted from every stored post and mark, as `listUnreadCounts` orders them; with `hiddenBy`,
 * of the unread posts those words hide.
 */
async function recount(hiddenBy?: readonly string[]) {
  const db = await openDigestDB();
  const [posts, readKeys] = await Promise.all([db.getAll('posts'), db.getAllKeys('reads')]);
  const read = new Set(readKeys.map(([feedUrl, id]) => `${feedUrl}\n${id}`));
  const hides = hiddenBy && mutedWordsMatcher(hiddenBy);
  const counts = new Map<string, { feedUrl: string; category: string; unread: number }>();
  for (const { feedUrl, id, category: name, title, summary } of posts) {
    if (read.has(`${feedUrl}\n${id}`)) continue;
    if (hides && hides({ title, summary }) === null) continue;
    const entry = counts.get(`${feedUrl}\n${name}`) ?? { feedUrl, category: name, unread: 0 };
    counts.set(`${feedUrl}\n${name}`, { ...entry, unread: entry.unread + 1 });
  }
  return [...counts.values()].toSorted((a, b) =>
    a.feedUrl < b.feedUrl ? -1 : a.feedUrl > b.feedUrl ? 1 : a.category < b.category ? -1 : 1,
  );
}

async function run(ops: Op[], muted: string[], lookAfter: number): Promise<void> {
  await closeDigestDB();
  globalThis.indexedDB = new IDBFactory();
  await follow(...FEEDS);
  let clock = Date.UTC(2026, 1, 1);
  const tick = () => new Date((clock += 60_000)).toISOString();
  const times: string[] = [];
  let mutedWords: string[] = [];
  /** The badge pairs (kept, full read) asked for between the operations. */
  const asked: unknown[][] = [];
  const save = (feed: number, saved: Item[], at: string) =>
    saveFetchedPosts(
      FEEDS[feed]!,
      info,
      saved.map((item) => post(item.id, item.category, item.word)),
      { etag: null, lastModified: null },
      at,
      { retention: RETENTION },
    );
  /** The badge from the kept counts, and the one a full read gives, for the words set now. */
  const badges = async (since: string | null) => {
    const kept = await readBadgeCounts(since, mutedWords);
    const { posts, feeds } = await readDigest();
    return [
      badgeStateFromCounts(kept.unreadByCategory, kept.feeds, { muted, locale: 'en-GB' }),
      badgeState(posts, feeds, { muted, mutedWords, newSince: since, locale: 'en-GB' }),
    ];
  };

  for (const step of ops) {
    const at = tick();
    times.push(at);
    switch (step.kind) {
      case 'save':
        // A save of an unfollowed feed (removed while its refresh was in flight) must write nothing.
        await save(step.feed, step.items, at);
        break;
      case 'words':
        // The reader changes the words; the writes after it are counted for the old ones until a badge asks.
        mutedWords = step.words;
        break;
      case 'badge':
        // Compared after the loop (no expect inside a switch).
        asked.push(await badges(null));
        break;
      case 'race':
        // A refresh's write under way while the badge is asked for new words.
        mutedWords = step.words;
        await Promise.all([readBadgeCounts(null, mutedWords), save(step.feed, step.items, at)]);
        break;
      case 'mark':
        await setReadMany(step.keys.map(toKey), step.read, at);
        break;
      case 'import':
        await applyImport(
          step.follow ? FEEDS.map((url) => ({ url, addedAt: at, title: null, folder: null, alerts: null })) : [],
          step.keys.map((k) => ({ feedUrl: toKey(k)[0], id: toKey(k)[1], readAt: at })),
        );
        break;
      case 'unfollow':
        await unfollowFeed(FEEDS[step.feed]!);
        break;
      case 'follow':
        await applyImport([{ url: FEEDS[step.feed]!, addedAt: at, title: null, folder: null, alerts: null }], []);
        break;
      case 'forget':
        await forgetUnfollowedData();
        break;
    }
    expect(await listUnreadCounts()).toEqual(await recount());
    const hidden = await listMutedUnreadCounts();
    expect(hidden.counts).toEqual(await recount(hidden.words));
  }

  for (const [kept, full] of asked) expect(kept).toEqual(full);
  // The badge from the kept counts is the badge from every post, in both modes.
  const newSince = times[Math.min(lookAfter, times.length - 1)] ?? null;
  for (const since of [null, newSince]) {
    const [kept, full] = await badges(since);
    expect(kept).toEqual(full);
  }
}

describe('kept unread counts', () => {
  it('always equal a full recount, and give the badge a full read gives', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.array(op, { minLength: 1, maxLength: 30 }),
          fc.subarray(CATEGORIES),
          fc.nat(30),
          (ops, muted, lookAfter) => run(ops, muted, lookAfter),
        ),
        { numRuns: 150 },
      ),
    ).resolves.toBeUndefined();
  }, 120_000);
});

describe('the badge with many posts', () => {
  it('marks many at once, reads the marks at once and counts from either side of the last look', async () => {
    await follow(...FEEDS);
    // Every fifth post is about rust, which the reader may mute.
    const posts = Array.from({ length: 1100 }, (_, i) => post(i, i % CATEGORIES.length, i % 5 === 0 ? 0 : undefined));
    const times = ['2026-02-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z'];
    // 300 posts first seen at the first time, 1,100 at the second: as the look moves, the new side or the
    // older one is the smaller, or both are large.
    for (const [i, url] of FEEDS.entries()) {
      await saveFetchedPosts(
        url,
        info,
        i === 0 ? posts.slice(0, 300) : posts,
        { etag: null, lastModified: null },
        times[i]!,
        {
          retention: { maxPostsPerFeed: 5000, keepUnreadDays: 0 },
        },
      );
    }
    await setReadMany(
      posts.filter((_, i) => i % 7 === 0).flatMap((p) => FEEDS.map((url): PostKey => [url, p.id])),
      true,
      '2026-02-03T00:00:00.000Z',
    );
    // Unmarked again, many at once: every 14th post, read or not, cached or not.
    await setReadMany(
      posts.filter((_, i) => i % 14 === 0).flatMap((p) => FEEDS.map((url): PostKey => [url, p.id])),
      false,
      '2026-02-04T00:00:00.000Z',
    );
    expect(await listUnreadCounts()).toEqual(await recount());
    const { posts: all, feeds } = await readDigest();
    // Before everything (all new: the older side is empty), between the saves (the older side is small), after.
    for (const mutedWords of [[], ['rust']]) {
      for (const since of [null, '2026-01-01T00:00:00.000Z', times[0]!, '2026-02-01T12:00:00.000Z', times[1]!]) {
        const kept = await readBadgeCounts(since, mutedWords);
        expect(badgeStateFromCounts(kept.unreadByCategory, kept.feeds, { locale: 'en-GB' })).toEqual(
          badgeState(all, feeds, { mutedWords, newSince: since, locale: 'en-GB' }),
        );
      }
    }
  });
});
