// Issue #15: the reading list and read state synced through storage.sync between two simulated browsers,
// each with its own area (quotas and write rate enforced as Chrome does) and its own local state.
import { describe, expect, it } from 'vitest';
import { PREFERENCES_KEY } from '@/utils/settings';
import { syncItemBytes } from '@/utils/sync/bytes';
import { decodeFeedRecord, encodeFeedRecord, feedKey, FOLDERS_KEY, SYNC_KEY_PREFIX } from '@/utils/sync/encoding';
import { DEBOUNCE_MS, MAX_DELAY_MS, PREFERENCES_RESERVE, syncWriteErrorKind, WRITE_BURST } from '@/utils/sync/engine';
import { CHROME_SYNC_QUOTAS, quotasFromArea } from '@/utils/sync/plan';
import { sameFeedRecord, toMinute } from '@/utils/sync/record';
import { MAX_MARKS_PER_FEED, SyncReplica, TOMBSTONE_DAYS } from '@/utils/sync/replica';
import { FakeSyncService } from '../../helpers/fake-sync';
import { Clock, settle, SimBrowser, type SimPost } from '../../helpers/sync-browser';

const FEED = 'https://a.test/feed.json';
const OTHER = 'https://b.test/feed.xml';
const T0 = Date.UTC(2026, 10, 1, 12);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Posts of one feed, newest first, one an hour before T0. */
function posts(count: number, feed = FEED): SimPost[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${feed}#post-${i}`, time: T0 - (i + 1) * 3_600_000 }));
}

function twoBrowsers(options: ConstructorParameters<typeof SimBrowser>[2] = {}) {
  const service = new FakeSyncService();
  const clock = new Clock(T0);
  return { service, clock, a: new SimBrowser(service, clock, options), b: new SimBrowser(service, clock, options) };
}

/** Two browsers following FEED, settled, each with the same one post fetched. */
async function bothWithOnePost() {
  const browsers = twoBrowsers();
  const [post] = posts(1);
  browsers.a.follow(FEED);
  await settle(browsers.service, [browsers.a, browsers.b]);
  browsers.a.fetch(FEED, [post!]);
  browsers.b.fetch(FEED, [post!]);
  return { ...browsers, post: post! };
}

describe('the encoding', () => {
  it('reads back what it wrote, and writes equal states as equal values', () => {
    const replica = new SyncReplica();
    replica.follow(FEED, { title: 'Ünïcode <title>', folder: 'Tech', alerts: 'quiet' }, T0);
    const list = posts(30);
    list.slice(0, 10).forEach((post, i) => replica.setRead(FEED, post, true, T0 + i * MINUTE));
    replica.setRead(FEED, list[3]!, false, T0 + 20 * MINUTE);
    replica.markAllRead(FEED, list[20]!.time, [], T0 + 30 * MINUTE);
    const record = replica.record(FEED)!;
    const value = encodeFeedRecord(record);
    const decoded = decodeFeedRecord(JSON.parse(JSON.stringify(value)))!;
    expect(sameFeedRecord(decoded, record)).toBe(true);
    expect(JSON.stringify(encodeFeedRecord(decoded))).toBe(JSON.stringify(value));
  });

  it('a replica kept in storage.local comes back whole: feeds, removals, marks, folders', () => {
    const replica = new SyncReplica();
    replica.follow(FEED, { title: 'A', folder: 'Tech', alerts: 'badge' }, T0);
    replica.follow(OTHER, { title: null, folder: null, alerts: null }, T0);
    posts(5).forEach((post, i) => replica.setRead(FEED, post, i % 2 === 0, T0 + i * MINUTE));
    replica.unfollow(OTHER, T0 + DAY);
    replica.setFolderAlerts('Tech', 'quiet', T0);
    const restored = SyncReplica.deserialize(JSON.parse(JSON.stringify(replica.serialize())));
    for (const url of [FEED, OTHER]) expect(sameFeedRecord(restored.record(url)!, replica.record(url)!)).toBe(true);
    expect([...restored.folders()]).toEqual([...replica.folders()]);
  });

  it('refuses a malformed value instead of reading part of it', () => {
    expect(decodeFeedRecord({ u: FEED })).toBeNull();
    expect(decodeFeedRecord({ u: FEED, s: 'zz', r: 'x.AB' })).toBeNull();
    expect(decodeFeedRecord({ u: FEED, s: 'zz', a: 'loud' })).toBeNull();
    expect(decodeFeedRecord('text')).toBeNull();
  });

  it("never uses the preferences' keys", () => {
    expect(PREFERENCES_KEY.startsWith(SYNC_KEY_PREFIX)).toBe(false);
    expect(`${PREFERENCES_KEY}$`.startsWith(SYNC_KEY_PREFIX)).toBe(false);
    expect(feedKey(FEED)).toMatch(/^s1\.[A-Za-z0-9_-]{8}$/);
    expect(FOLDERS_KEY).not.toBe(feedKey(FEED));
  });

  it('takes the quotas from the area where it has them (Firefox and Chrome differ)', () => {
    expect(quotasFromArea({ QUOTA_BYTES: 50_000, MAX_ITEMS: 100 })).toEqual({
      ...CHROME_SYNC_QUOTAS,
      quotaBytes: 50_000,
      maxItems: 100,
    });
    expect(quotasFromArea({})).toEqual(CHROME_SYNC_QUOTAS);
  });
});

describe('two browsers', () => {
  it('a feed followed in one appears in the other, with its title, folder and alerts', async () => {
    const { service, a, b } = twoBrowsers();
    a.follow(FEED, { title: 'Mine', folder: 'Tech', alerts: 'badge' });
    a.replica.setFolderAlerts('Tech', 'quiet', T0);
    await settle(service, [a, b]);
    expect(b.followed.get(FEED)).toEqual({ title: 'Mine', folder: 'Tech', alerts: 'badge' });
    expect(b.replica.folders().get('Tech')?.alerts).toBe('quiet');
  });

  it('a post read in one arrives read in the other, even one fetched there only later', async () => {
    const { service, clock, a, b } = twoBrowsers();
    const list = posts(5);
    a.follow(FEED);
    await settle(service, [a, b]);
    b.fetch(FEED, list.slice(1));
    a.fetch(FEED, list);
    clock.advance(MINUTE);
    a.setRead(FEED, list[0]!, true);
    a.setRead(FEED, list[2]!, true);
    await settle(service, [a, b]);
    expect(b.isRead(FEED, list[2]!.id)).toBe(true);
    expect(b.isRead(FEED, list[1]!.id)).toBe(false);
    // list[0] was read in A before B had fetched it.
    b.fetch(FEED, list);
    expect(b.isRead(FEED, list[0]!.id)).toBe(true);
  });

  it('read in one and marked unread later in the other ends unread in both, whatever arrives late', async () => {
    const { service, clock, a, b, post } = await bothWithOnePost();
    a.setRead(FEED, post, true);
    b.setRead(FEED, post, true);
    clock.advance(2 * MINUTE);
    b.setRead(FEED, post, false);
    clock.advance(DEBOUNCE_MS);
    // Both write before either has heard from the other; B's unread arrives first, A's older read last.
    await a.flush();
    await b.flush();
    const fromA = service.pending.findIndex((delivery) => delivery.to === b.area);
    expect(fromA).toBeGreaterThanOrEqual(0);
    service.deliver(service.pending.findIndex((delivery) => delivery.to === a.area));
    service.deliverAll();
    await settle(service, [a, b]);
    expect(a.isRead(FEED, post.id)).toBe(false);
    expect(b.isRead(FEED, post.id)).toBe(false);
  });

  it('a mark made after seeing the other browser wins even within the same minute', async () => {
    const { service, a, b, post } = await bothWithOnePost();
    a.setRead(FEED, post, true);
    await settle(service, [a, b]);
    expect(b.isRead(FEED, post.id)).toBe(true);
    b.setRead(FEED, post, false);
    a.setRead(FEED, post, false);
    a.setRead(FEED, post, true);
    await settle(service, [a, b]);
    expect(a.isRead(FEED, post.id)).toBe(b.isRead(FEED, post.id));
  });

  it('feeds added in both and one removed in one: both follow the same list', async () => {
    const { service, clock, a, b } = twoBrowsers();
    a.follow(FEED, { title: 'From A', folder: null, alerts: null });
    b.follow(FEED, { title: 'From B', folder: null, alerts: null });
    b.follow(OTHER);
    await settle(service, [a, b]);
    expect([...a.followed.keys()].toSorted()).toEqual([FEED, OTHER].toSorted());
    expect(a.followed.get(FEED)).toEqual(b.followed.get(FEED));
    clock.advance(MINUTE);
    a.unfollow(OTHER);
    await settle(service, [a, b]);
    expect([...b.followed.keys()]).toEqual([FEED]);
    expect(b.posts.has(OTHER)).toBe(false);
  });

  it('mark all read travels as one watermark, and a post marked unread after it stays unread', async () => {
    const { service, clock, a, b } = twoBrowsers();
    const list = posts(200);
    a.follow(FEED);
    await settle(service, [a, b]);
    a.fetch(FEED, list);
    b.fetch(FEED, list);
    list.slice(0, 50).forEach((post) => a.setRead(FEED, post, true));
    clock.advance(MINUTE);
    a.markAllRead(FEED);
    clock.advance(MINUTE);
    a.setRead(FEED, list[7]!, false);
    await settle(service, [a, b]);
    expect(list.filter((post) => !b.isRead(FEED, post.id)).map((post) => post.id)).toEqual([list[7]!.id]);
    const item = a.area.store.get(feedKey(FEED)) as Record<string, string>;
    expect(syncItemBytes(feedKey(FEED), item)).toBeLessThan(120);
  });

  it('mark all read reaches a post without a date that the other browser first saw later', async () => {
    const { service, clock, a, b } = twoBrowsers();
    const dated = posts(3);
    const undated = { id: 'no-date', dated: false };
    a.follow(FEED);
    await settle(service, [a, b]);
    a.fetch(FEED, [...dated, { ...undated, time: clock.now }]);
    clock.advance(MINUTE);
    a.markAllRead(FEED);
    await settle(service, [a, b]);
    clock.advance(DAY);
    // B's refresh finds it a day later: its time there is B's first-seen, after A's watermark.
    b.fetch(FEED, [...dated, { ...undated, time: clock.now }]);
    expect(b.isRead(FEED, 'no-date')).toBe(true);
    expect(dated.every((post) => b.isRead(FEED, post.id))).toBe(true);
  });

  it('a removal stays a tombstone for TOMBSTONE_DAYS, then leaves the area; a browser back later does not bring the feed back', async () => {
    const { service, clock, a, b } = twoBrowsers();
    a.follow(FEED);
    await settle(service, [a, b]);
    // B goes offline with the feed followed: its writes wait, nothing reaches it.
    clock.advance(MINUTE);
    a.unfollow(FEED);
    await a.flush();
    clock.advance(DEBOUNCE_MS);
    await a.flush();
    service.pending.splice(0, service.pending.length);
    expect(decodeFeedRecord(a.area.store.get(feedKey(FEED)))?.followed).toBe(false);

    clock.advance((TOMBSTONE_DAYS + 1) * DAY);
    a.follow(OTHER); // any later write drops the expired tombstone
    await settle(service, [a]);
    service.pending.splice(0, service.pending.length);
    expect(a.area.store.has(feedKey(FEED))).toBe(false);

    // B comes back having missed everything, and writes its stale copy of the feed.
    b.replica.follow(FEED, { title: 'stale', folder: null, alerts: null }, clock.now - 90 * DAY);
    await b.flush();
    await settle(service, [a, b]);
    expect(b.followed.has(FEED)).toBe(false);
    expect(b.replica.record(FEED)?.followed).toBe(false);
    expect(a.followed.has(FEED)).toBe(false);
  });
});

describe('quotas', () => {
  it('200 feeds of 500 posts, half read at random: the newest marks sync, the oldest are reported, none lost here', async () => {
    const { service, clock, a, b } = twoBrowsers();
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const feeds = Array.from({ length: 200 }, (_, i) => `https://feed-${i}.test/feed.xml`);
    for (const url of feeds) a.follow(url);
    for (const url of feeds) {
      const list = posts(500, url);
      a.fetch(url, list);
      for (const post of list) {
        if (random() < 0.5) {
          clock.advance(1_000);
          a.setRead(url, post, true);
        }
      }
    }
    clock.advance(MAX_DELAY_MS);
    const outcome = (await a.flush())!;
    expect(outcome.error).toBeNull();
    expect(a.area.refusals).toEqual([]);
    expect(a.area.bytesInUse()).toBeLessThanOrEqual(CHROME_SYNC_QUOTAS.quotaBytes - PREFERENCES_RESERVE.bytes);
    // …and takes nearly all of it: a mark costs ~9 bytes, so under 20 are left unused.
    expect(a.area.bytesInUse()).toBeGreaterThan(CHROME_SYNC_QUOTAS.quotaBytes - PREFERENCES_RESERVE.bytes - 20);
    expect(outcome.unsynced).toEqual([]);
    const droppedCount = outcome.dropped.reduce((sum, entry) => sum + entry.marks, 0);
    expect(droppedCount).toBeGreaterThan(0);
    // Every mark still synced is at least as new as every mark left out.
    const newestDropped = Math.max(...outcome.dropped.map((entry) => entry.newestAt));
    for (const [key, value] of a.area.store) {
      if (!key.startsWith(SYNC_KEY_PREFIX) || key === FOLDERS_KEY) continue;
      for (const mark of decodeFeedRecord(value)!.marks.values()) {
        expect(mark.at * MINUTE).toBeGreaterThanOrEqual(newestDropped);
      }
    }
    // Locally nothing is lost: the replica keeps every mark.
    const kept = feeds.reduce((sum, url) => sum + a.replica.record(url)!.marks.size, 0);
    const read = [...a.read.values()].filter(Boolean).length;
    expect(kept).toBe(read);
    service.deliverAll();
    expect(b.followed.size).toBe(200);
  });

  it('one feed with more marks than an item holds keeps its newest within QUOTA_BYTES_PER_ITEM', async () => {
    const { service, clock, a, b } = twoBrowsers();
    const list = posts(3_000);
    a.follow(FEED);
    a.fetch(FEED, list);
    list.forEach((post) => {
      clock.advance(MINUTE);
      a.setRead(FEED, post, true);
    });
    await settle(service, [a, b]);
    expect(a.area.refusals).toEqual([]);
    const item = a.area.store.get(feedKey(FEED));
    expect(syncItemBytes(feedKey(FEED), item)).toBeLessThanOrEqual(8_192);
    b.fetch(FEED, list);
    // The newest marks arrived; the oldest did not, and are named.
    expect(b.isRead(FEED, list.at(-1)!.id)).toBe(true);
    expect(b.isRead(FEED, list[0]!.id)).toBe(false);
    expect(a.outcomes.at(-1)!.dropped[0]).toMatchObject({ url: FEED });
    // The replica keeps no more marks than could ever sync (the local database keeps them all).
    expect(a.replica.record(FEED)!.marks.size).toBe(MAX_MARKS_PER_FEED);
    expect(list.every((post) => a.isRead(FEED, post.id))).toBe(true);
  });

  it('more feeds than items: those followed first sync, the others are named', async () => {
    const service = new FakeSyncService();
    const clock = new Clock(T0);
    const quotas = { ...CHROME_SYNC_QUOTAS, maxItems: 12 };
    const a = new SimBrowser(service, clock, { quotas });
    const feeds = Array.from({ length: 15 }, (_, i) => `https://feed-${i}.test/feed.xml`);
    for (const url of feeds) {
      clock.advance(MINUTE);
      a.follow(url);
    }
    await settle(service, [a]);
    expect(a.area.refusals).toEqual([]);
    // 12 items less the 2 kept for the preferences.
    expect(a.area.store.size).toBe(10);
    expect(a.outcomes.at(-1)!.unsynced).toEqual(feeds.slice(10));
  });

  it('leaves room for the preferences and never touches their items', async () => {
    const { service, clock, a } = twoBrowsers();
    const preferences = { mutedWords: ['x'.repeat(6_000)] };
    await a.area.set({ [PREFERENCES_KEY]: preferences, [`${PREFERENCES_KEY}$`]: 2 });
    const feeds = Array.from({ length: 150 }, (_, i) => `https://feed-${i}.test/feed.xml`);
    for (const url of feeds) {
      a.follow(url);
      a.fetch(url, posts(400, url));
      posts(400, url).forEach((post) => a.setRead(url, post, true));
    }
    clock.advance(MAX_DELAY_MS);
    await settle(service, [a]);
    expect(a.area.store.get(PREFERENCES_KEY)).toEqual(preferences);
    // A preferences item grown to the per-item maximum still fits.
    const grown = { mutedWords: ['x'.repeat(8_192 - 40)] };
    expect(syncItemBytes(PREFERENCES_KEY, grown)).toBeLessThanOrEqual(8_192);
    await expect(a.area.set({ [PREFERENCES_KEY]: grown })).resolves.toBeUndefined();
  });

  it('a write the browser refuses as too large is tried again with more room left, losing nothing', async () => {
    const service = new FakeSyncService();
    const clock = new Clock(T0);
    // The engine believes Chrome's quota; this area holds less (a browser counting differently).
    const a = new SimBrowser(service, clock, { quotas: CHROME_SYNC_QUOTAS });
    a.area.quotas = { ...CHROME_SYNC_QUOTAS, quotaBytes: 85_000 };
    for (let f = 0; f < 100; f++) {
      const url = `https://feed-${f}.test/feed.xml`;
      a.follow(url);
      posts(500, url).forEach((post, i) => i % 2 === 0 && a.setRead(url, post, true));
    }
    await settle(service, [a]);
    expect(a.area.refusals.some((message) => message.includes('QUOTA_BYTES'))).toBe(true);
    expect(a.outcomes.at(-1)!.error).toBeNull();
    expect(a.area.bytesInUse()).toBeLessThanOrEqual(85_000);
  });
});

/** `browser` reads the posts one at a time, `everyMs` apart, flushing whenever its engine says a write is due. */
async function readOneByOne(browser: SimBrowser, clock: Clock, list: readonly SimPost[], everyMs: number) {
  for (const post of list) {
    clock.advance(everyMs);
    browser.setRead(FEED, post, true);
    const due = browser.engine.dueAt(clock.now);
    if (due !== null && due <= clock.now) await browser.flush();
  }
}

describe('the write rate', () => {
  it('a reader marking a post every 2 s for an hour never meets the rate limit', async () => {
    const { service, clock, a, b } = twoBrowsers();
    const list = posts(2_000);
    a.follow(FEED);
    a.fetch(FEED, list);
    await readOneByOne(a, clock, list.slice(0, 1_800), 2_000);
    await settle(service, [a, b]);
    expect(a.area.refusals).toEqual([]);
    const inAnyMinute = Math.max(
      ...a.area.writes.map((at) => a.area.writes.filter((other) => other >= at && other < at + 60_000).length),
    );
    expect(inAnyMinute).toBeLessThanOrEqual(WRITE_BURST + 5);
    expect(a.area.writes.length).toBeLessThanOrEqual(WRITE_BURST + 300 + 5);
    b.fetch(FEED, list);
    expect(list.slice(0, 1_800).every((post) => b.isRead(FEED, post.id))).toBe(true);
  });

  it('a browser with lower limits (passed in) is held to them: a sixth of its writes, within its bytes', async () => {
    const service = new FakeSyncService();
    const clock = new Clock(T0);
    const quotas = { ...CHROME_SYNC_QUOTAS, quotaBytes: 40_000, writesPerMinute: 30, writesPerHour: 300 };
    const a = new SimBrowser(service, clock, { quotas });
    const list = posts(1_000);
    a.follow(FEED);
    a.follow(OTHER);
    a.fetch(FEED, list);
    await readOneByOne(a, clock, list.slice(0, 1_000), 3_000);
    await settle(service, [a]);
    expect(a.area.refusals).toEqual([]);
    // 50 minutes: a sixth of 300 an hour is one write every 72 s, after a burst of 4.
    expect(a.area.writes.length).toBeLessThanOrEqual(WRITE_BURST + Math.ceil((50 * 60) / 72) + 2);
    expect(a.area.bytesInUse()).toBeLessThanOrEqual(40_000 - PREFERENCES_RESERVE.bytes);
  });

  it('a write refused for the rate (another writer spent it) waits, then goes out with everything', async () => {
    const { service, clock, a, b } = twoBrowsers();
    a.follow(FEED);
    a.fetch(FEED, posts(3));
    // The preferences spent the minute's writes.
    for (let i = 0; i < CHROME_SYNC_QUOTAS.writesPerMinute; i++) a.area.writes.push(clock.now);
    clock.advance(DEBOUNCE_MS);
    const refused = (await a.flush())!;
    expect(refused.error?.kind).toBe('rate-limited');
    a.setRead(FEED, posts(3)[1]!, true);
    const due = a.engine.dueAt(clock.now)!;
    expect(due).toBeGreaterThanOrEqual(clock.now + 60_000);
    await settle(service, [a, b]);
    b.fetch(FEED, posts(3));
    expect(b.isRead(FEED, posts(3)[1]!.id)).toBe(true);
  });

  it("a browser's own write coming back does not make it write or read again", async () => {
    const { service, a } = twoBrowsers();
    a.follow(FEED);
    await settle(service, [a]);
    expect(a.outcomes.at(-1)!.written).toBe(1);
    expect(a.engine.dueAt(a.clock.now)).toBeNull();
  });

  it('names Chrome and Firefox errors', () => {
    expect(syncWriteErrorKind(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'))).toBe(
      'rate-limited',
    );
    expect(syncWriteErrorKind(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'))).toBe('too-large');
    expect(
      syncWriteErrorKind(new Error('QuotaExceededError: storage.sync API call exceeded its quota limitations.')),
    ).toBe('too-large');
    expect(syncWriteErrorKind(new Error('offline'))).toBe('failed');
  });
});

describe('merging into local state', () => {
  it('a backup imported while sync runs keeps the newer of its marks and the synced ones', async () => {
    const { service, clock, a, b } = twoBrowsers();
    const list = posts(3);
    a.follow(FEED);
    await settle(service, [a, b]);
    clock.advance(10 * MINUTE);
    a.fetch(FEED, list);
    a.setRead(FEED, list[0]!, true);
    await settle(service, [a, b]);
    // B imports a backup saying list[0] was unread long ago and list[1] read long ago.
    b.replica.mergeMark(FEED, list[0]!.id, { read: false, at: T0 - DAY });
    b.replica.mergeMark(FEED, list[1]!.id, { read: true, at: T0 - DAY });
    await settle(service, [a, b]);
    expect(b.replica.readState(FEED, list[0]!.id, list[0]!.time)?.read).toBe(true);
    expect(a.isRead(FEED, list[1]!.id)).toBe(true);
    expect(toMinute(a.replica.readState(FEED, list[1]!.id, list[1]!.time)!.at)).toBe(toMinute(T0 - DAY));
  });
});
