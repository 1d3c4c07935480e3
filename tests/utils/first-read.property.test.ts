// A page's first read (readDigestHead, #14) as a property: whatever the cache holds (dated and undated
// posts, equal times, read marks), it is the head of the full digest sorted newest first — every post it
// returns is the full read's post with the same read flag, every post newer than its oldest is in it, it
// holds at least `limit` posts where the cache has them, and it says it is complete only when it is all.
import * as fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  closeDigestDB,
  listMutedUnreadCounts,
  listUnreadCounts,
  readDigest,
  readDigestHead,
  saveFetchedPosts,
  setReadMany,
  type PostKey,
} from '@/utils/db';
import { postKeyString, postTime } from '@/utils/post';
import { follow } from '../helpers/follow';
import { feedInfo, numberedPost } from '../helpers/posts';

const FEEDS = ['https://a.test/feed.json', 'https://b.test/feed.json', 'https://c.test/feed.json'];
const info = feedInfo('T');

const save = fc.record({
  feed: fc.integer({ min: 0, max: FEEDS.length - 1 }),
  // Few distinct times, so equal times happen; null: undated (sorted by when it was first seen).
  items: fc.array(fc.record({ id: fc.nat(30), minute: fc.option(fc.nat(5)) }), { maxLength: 12 }),
  marks: fc.array(fc.record({ feed: fc.integer({ min: 0, max: FEEDS.length - 1 }), id: fc.nat(30) }), {
    maxLength: 8,
  }),
});

describe('the first read of a page', () => {
  it('is the newest part of the full digest, with the same read flags', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(save, { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), async (saves, limit) => {
        await closeDigestDB();
        globalThis.indexedDB = new IDBFactory();
        await follow(...FEEDS);
        let clock = Date.UTC(2026, 0, 1);
        for (const step of saves) {
          const at = new Date((clock += 60_000)).toISOString();
          const posts = step.items.map(({ id, minute }) => ({
            ...numberedPost(id),
            published: minute === null ? null : new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString(),
          }));
          await saveFetchedPosts(FEEDS[step.feed]!, info, posts, { etag: null, lastModified: null }, at, {
            retention: { maxPostsPerFeed: 1000, keepUnreadDays: 0 },
          });
          const keys = step.marks.map(({ feed, id }): PostKey => [FEEDS[feed]!, `p${id}`]);
          await setReadMany(keys, true, at);
        }
        const full = await readDigest();
        const head = await readDigestHead(limit);
        expect(head.followed).toEqual(full.followed);
        expect(head.feeds).toEqual(full.feeds);
        // The kept counts, read with it (every feed here is followed).
        expect(head.unreadCounts).toEqual(await listUnreadCounts());
        expect(head.mutedUnreadCounts).toEqual(await listMutedUnreadCounts());
        const byKey = new Map(full.posts.map((post) => [postKeyString(post), post]));
        for (const post of head.posts) expect(post).toEqual(byKey.get(postKeyString(post)));
        expect(new Set(head.posts.map(postKeyString)).size).toBe(head.posts.length);
        expect(head.posts.length).toBeGreaterThanOrEqual(Math.min(limit, full.posts.length));
        const oldest = Math.min(...head.posts.map(postTime));
        const newer = full.posts.filter((post) => postTime(post) > oldest);
        const inHead = new Set(head.posts.map(postKeyString));
        for (const post of newer) expect(inHead.has(postKeyString(post))).toBe(true);
        // Complete exactly when nothing is left (a head of exactly `limit` posts may still say not yet).
        expect(head.complete && head.posts.length < full.posts.length).toBe(false);
        expect(!head.complete && full.posts.length < limit).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});
