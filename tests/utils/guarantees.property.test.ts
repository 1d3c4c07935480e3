// Issue #11 as properties: any sequence of fetches (including responses that arrive late, after later
// ones), marks, unfollows and follows never loses a read mark of a followed feed's post, never shows a
// post of an unfollowed feed, never prunes a post the feed still lists, and never reports a post as new
// twice while its feed stays followed.
import * as fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { closeDigestDB, listPosts, saveFetchedPosts, setRead, unfollowFeed } from '@/utils/db';
import type { NormalizedPost } from '@/utils/feed/parse';
import { follow } from '../helpers/follow';
import { feedInfo, numberedPost } from '../helpers/posts';

const FEEDS = ['https://a.test/feed.json', 'https://b.test/feed.json'];
/** How many posts a feed lists at a time, and how many retention keeps: small, so pruning happens often. */
const WINDOW = 5;
const RETENTION = { maxPostsPerFeed: 2, keepUnreadDays: 0 };

const info = feedInfo('T');

const post = (id: number): NormalizedPost => numberedPost(id);

type Op =
  | { kind: 'publish'; feed: number }
  | { kind: 'capture'; feed: number }
  | { kind: 'commit'; pending: number }
  | { kind: 'mark'; feed: number; pick: number; read: boolean }
  | { kind: 'unfollow'; feed: number }
  | { kind: 'follow'; feed: number };

const feedIndex = fc.integer({ min: 0, max: FEEDS.length - 1 });
// Weighted so feeds fill past the retention limit and fetches overlap often; unfollowing is rarer.
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('publish' as const), feed: feedIndex }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('capture' as const), feed: feedIndex }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('commit' as const), pending: fc.nat(10) }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant('mark' as const), feed: feedIndex, pick: fc.nat(20), read: fc.boolean() }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('unfollow' as const), feed: feedIndex }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('follow' as const), feed: feedIndex }), weight: 1 },
);

const keyOf = (feedUrl: string, id: string) => `${feedUrl}\n${id}`;

/** Fails the property with a message saying which promise broke. */
function check(holds: boolean, broken: string): void {
  if (!holds) throw new Error(broken);
}

async function run(ops: Op[]): Promise<void> {
  await closeDigestDB();
  globalThis.indexedDB = new IDBFactory();
  await follow(...FEEDS);

  let nextId = 0;
  let clock = Date.UTC(2026, 1, 1);
  const tick = () => new Date((clock += 60_000)).toISOString();
  const published = new Map(FEEDS.map((url) => [url, [] as number[]]));
  const followed = new Set(FEEDS);
  const read = new Set<string>();
  const lastCommitted = new Map<string, number[]>();
  const announced = new Map(FEEDS.map((url) => [url, new Set<string>()]));
  const pending: { url: string; ids: number[] }[] = [];

  for (const step of ops) {
    switch (step.kind) {
      case 'publish': {
        const url = FEEDS[step.feed]!;
        published.set(url, [...published.get(url)!, nextId++].slice(-WINDOW));
        break;
      }
      case 'capture': {
        // A fetch's response, written when a later `commit` picks it: the network wait of a refresh.
        const url = FEEDS[step.feed]!;
        pending.push({ url, ids: [...published.get(url)!] });
        break;
      }
      case 'commit': {
        if (pending.length === 0) break;
        const [fetch] = pending.splice(step.pending % pending.length, 1);
        const saved = await saveFetchedPosts(
          fetch!.url,
          info,
          fetch!.ids.map(post),
          {
            etag: null,
            lastModified: null,
          },
          tick(),
          { retention: RETENTION },
        );
        check(saved.followed === followed.has(fetch!.url), 'a save wrote to an unfollowed feed');
        if (saved.followed) lastCommitted.set(fetch!.url, fetch!.ids);
        for (const added of saved.added) {
          check(!announced.get(fetch!.url)!.has(added.id), `${added.id} reported as new twice`);
          announced.get(fetch!.url)!.add(added.id);
        }
        break;
      }
      case 'mark': {
        const url = FEEDS[step.feed]!;
        const visible = (await listPosts()).filter((p) => p.feedUrl === url);
        const target = visible[step.pick % Math.max(1, visible.length)];
        if (!target) break;
        await setRead([url, target.id], step.read, tick());
        if (step.read) read.add(keyOf(url, target.id));
        else read.delete(keyOf(url, target.id));
        break;
      }
      case 'unfollow': {
        const url = FEEDS[step.feed]!;
        await unfollowFeed(url);
        followed.delete(url);
        lastCommitted.delete(url);
        announced.set(url, new Set());
        for (const key of read) if (key.startsWith(`${url}\n`)) read.delete(key);
        break;
      }
      case 'follow': {
        await follow(FEEDS[step.feed]!);
        followed.add(FEEDS[step.feed]!);
        break;
      }
    }

    const posts = (await listPosts()).filter((p) => FEEDS.includes(p.feedUrl));
    for (const p of posts) {
      check(followed.has(p.feedUrl), `a post of unfollowed ${p.feedUrl} is shown`);
      check(p.read === read.has(keyOf(p.feedUrl, p.id)), `${p.id} shows read=${p.read}, the reader set otherwise`);
    }
    for (const [url, ids] of lastCommitted) {
      const shown = new Set(posts.filter((p) => p.feedUrl === url).map((p) => p.id));
      for (const id of ids) check(shown.has(`p${id}`), `p${id} is still in ${url} but was pruned`);
    }
  }
}

describe('the promise, for any sequence of fetches, marks, unfollows and follows', () => {
  it('holds', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 60, size: 'max' }), (ops) => run(ops)),
        { numRuns: 200 },
      ),
    ).resolves.toBeUndefined();
  });
});
