// Issue #15 as properties: the merge is a join (order, grouping and repetition of deliveries do not
// matter), and any interleaving of edits in two browsers, flushes, late and reordered deliveries ends with
// both browsers in the same state, which keeps the newest mark every browser ever showed for each post.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syncItemBytes } from '@/utils/sync/bytes';
import { encodeFeedRecord, decodeFeedRecord, feedKey } from '@/utils/sync/encoding';
import { addedBytes } from '@/utils/sync/plan';
import { mergeFeedRecords, sameFeedRecord, toMinute, type FeedRecord, type Mark } from '@/utils/sync/record';
import { FakeSyncService } from '../../helpers/fake-sync';
import { Clock, settle, SimBrowser, type SimPost } from '../../helpers/sync-browser';

const FEEDS = ['https://a.test/feed.json', 'https://b.test/feed.xml'];
const T0 = Date.UTC(2026, 10, 1, 12);
const POSTS: SimPost[] = Array.from({ length: 3 }, (_, i) => ({ id: `post-${i}`, time: T0 - (i + 1) * 3_600_000 }));
const HASHES = ['AAAAA', 'BBBBB', 'CCCCC'];

const markArb: fc.Arbitrary<Mark> = fc.record({ read: fc.boolean(), at: fc.integer({ min: 1, max: 12 }) });
const recordArb: fc.Arbitrary<FeedRecord> = fc
  .record({
    followed: fc.boolean(),
    title: fc.constantFrom(null, 'x', 'y'),
    at: fc.integer({ min: 1, max: 12 }),
    removedAt: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
    watermarks: fc.array(fc.record({ before: fc.integer({ min: 0, max: 5 }), at: fc.integer({ min: 1, max: 12 }) }), {
      maxLength: 3,
    }),
    marks: fc.array(fc.tuple(fc.constantFrom(...HASHES), markArb), { maxLength: 4 }),
  })
  // A record as a replica can hold one: normalised by a merge with the empty record of its feed.
  .map(({ followed, title, at, removedAt, watermarks, marks }) => {
    const record: FeedRecord = {
      url: FEEDS[0]!,
      followed,
      settings: { title, folder: null, alerts: null },
      at,
      // Followed again only after the removal; a removal's register is the latest removal.
      removedAt: followed ? (removedAt !== null && removedAt < at ? removedAt : null) : at,
      watermarks,
      marks: new Map(marks),
    };
    return mergeFeedRecords(record, record);
  });

describe('the merge', () => {
  it('is commutative, associative and idempotent, and survives the encoding', () => {
    fc.assert(
      fc.property(recordArb, recordArb, recordArb, (a, b, c) => {
        expect(sameFeedRecord(mergeFeedRecords(a, b), mergeFeedRecords(b, a))).toBe(true);
        expect(
          sameFeedRecord(mergeFeedRecords(mergeFeedRecords(a, b), c), mergeFeedRecords(a, mergeFeedRecords(b, c))),
        ).toBe(true);
        expect(sameFeedRecord(mergeFeedRecords(a, a), a)).toBe(true);
        expect(sameFeedRecord(decodeFeedRecord(JSON.parse(JSON.stringify(encodeFeedRecord(a))))!, a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the plan', () => {
  it("counts each mark's bytes exactly as the encoding writes them", () => {
    const mark = fc.record({
      hash: fc.stringMatching(/^[A-Za-z0-9_-]{5}$/),
      read: fc.boolean(),
      at: fc.integer({ min: 0, max: 60_000_000 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(mark, { selector: (m) => m.hash, maxLength: 60 }), (marks) => {
        const followedWith = (held: typeof marks): FeedRecord => ({
          url: FEEDS[0]!,
          followed: true,
          settings: { title: 'T', folder: null, alerts: null },
          at: 1,
          removedAt: null,
          watermarks: [],
          marks: new Map(held.map((m) => [m.hash, { read: m.read, at: m.at }])),
        });
        const record = mergeFeedRecords(followedWith([]), followedWith(marks));
        const key = feedKey(record.url);
        let bytes = syncItemBytes(key, encodeFeedRecord(record, []));
        const oldest = new Map<boolean, number | null>([
          [true, null],
          [false, null],
        ]);
        for (const m of marks.toSorted((a, b) => b.at - a.at)) {
          bytes += addedBytes(oldest.get(m.read)!, m.at);
          oldest.set(m.read, m.at);
        }
        expect(bytes).toBe(syncItemBytes(key, encodeFeedRecord(record)));
      }),
      { numRuns: 300 },
    );
  });
});

type Op =
  | { kind: 'read'; browser: number; feed: number; post: number; read: boolean }
  | { kind: 'markAll'; browser: number; feed: number }
  | { kind: 'unfollow'; browser: number; feed: number }
  | { kind: 'follow'; browser: number; feed: number }
  | { kind: 'flush'; browser: number }
  | { kind: 'deliver'; pick: number }
  | { kind: 'tick'; ms: number };

const browserIndex = fc.integer({ min: 0, max: 1 });
const feedIndex = fc.integer({ min: 0, max: FEEDS.length - 1 });
// Weighted so marks are frequent, deliveries lag and reorder, and removals are rarer.
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      browser: browserIndex,
      feed: feedIndex,
      post: fc.nat(POSTS.length - 1),
      read: fc.boolean(),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('markAll' as const), browser: browserIndex, feed: feedIndex }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('unfollow' as const), browser: browserIndex, feed: feedIndex }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('follow' as const), browser: browserIndex, feed: feedIndex }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('flush' as const), browser: browserIndex }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(20) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 150_000 }) }), weight: 3 },
);

/** Fails the property with a message saying which promise broke. */
function check(holds: boolean, broken: string): void {
  if (!holds) throw new Error(broken);
}

/** Whether mark `a` is at least as new as `b` in the merge's order (newer time; a tie goes to unread). */
function atLeastAsNew(a: Mark, b: Mark): boolean {
  return a.at > b.at || (a.at === b.at && (a.read === b.read || !a.read));
}

async function run(ops: Op[]): Promise<void> {
  const service = new FakeSyncService();
  const clock = new Clock(T0);
  const browsers = [new SimBrowser(service, clock), new SimBrowser(service, clock)];
  for (const url of FEEDS) browsers[0]!.follow(url);
  await settle(service, browsers);
  for (const browser of browsers) for (const url of FEEDS) browser.fetch(url, POSTS);

  // Every state any browser showed for a post, in minutes: the final state must be at least as new.
  const shown = new Map<string, Mark[]>();
  const observe = () => {
    for (const browser of browsers) {
      for (const url of FEEDS) {
        for (const post of POSTS) {
          const state = browser.replica.readState(url, post.id, post.time);
          if (!state) continue;
          const key = `${url}\n${post.id}`;
          shown.set(key, [...(shown.get(key) ?? []), { read: state.read, at: toMinute(state.at) }]);
        }
      }
    }
  };

  for (const step of ops) {
    switch (step.kind) {
      case 'read':
        browsers[step.browser]!.setRead(FEEDS[step.feed]!, POSTS[step.post]!, step.read);
        break;
      case 'markAll':
        browsers[step.browser]!.markAllRead(FEEDS[step.feed]!);
        break;
      case 'unfollow':
        browsers[step.browser]!.unfollow(FEEDS[step.feed]!);
        break;
      case 'follow': {
        const browser = browsers[step.browser]!;
        if (!browser.followed.has(FEEDS[step.feed]!)) browser.follow(FEEDS[step.feed]!);
        browser.fetch(FEEDS[step.feed]!, POSTS);
        break;
      }
      case 'flush':
        await browsers[step.browser]!.flush();
        break;
      case 'deliver':
        if (service.pending.length > 0) service.deliver(step.pick % service.pending.length);
        break;
      case 'tick':
        clock.advance(step.ms);
        break;
    }
    observe();
  }
  await settle(service, browsers);

  const [a, b] = browsers as [SimBrowser, SimBrowser];
  for (const url of FEEDS) {
    const recordA = a.replica.record(url)!;
    const recordB = b.replica.record(url)!;
    check(recordA.followed === recordB.followed, `${url} followed in one browser only`);
    check(
      JSON.stringify(recordA.settings) === JSON.stringify(recordB.settings),
      `${url} has different settings in each`,
    );
    for (const browser of browsers) {
      check(browser.followed.has(url) === recordA.followed, `${url}: the local list disagrees with sync`);
    }
    if (!recordA.followed) continue;
    for (const post of POSTS) {
      const state = a.replica.readState(url, post.id, post.time);
      const other = b.replica.readState(url, post.id, post.time);
      check(JSON.stringify(state) === JSON.stringify(other), `${post.id}: ${JSON.stringify([state, other])}`);
      // The local databases show what sync decided (a browser that re-followed by sync has no posts yet).
      for (const browser of browsers) {
        const cached = browser.posts.get(url)?.some((known) => known.id === post.id) ?? false;
        check(!cached || browser.isRead(url, post.id) === (state?.read ?? false), `${post.id}: local state differs`);
      }
      const final: Mark | null = state && { read: state.read, at: toMinute(state.at) };
      for (const mark of shown.get(`${url}\n${post.id}`) ?? []) {
        if (recordA.removedAt !== null && mark.at <= recordA.removedAt) continue;
        check(
          final !== null && atLeastAsNew(final, mark),
          `${post.id}: ${JSON.stringify(final)} older than ${JSON.stringify(mark)}, shown before`,
        );
      }
    }
  }
}

describe('two browsers, any interleaving', () => {
  it('converge to the same feeds and read state, keeping the newest mark of every post', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40, size: 'max' }), (ops) => run(ops)),
        { numRuns: 300 },
      ),
    ).resolves.toBeUndefined();
  });
});
