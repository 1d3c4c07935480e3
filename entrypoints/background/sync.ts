// The worker's side of sync (#15): it owns the replica and the engine (utils/sync/engine.ts), keeps the replica
// in storage.local, notes each local edit in it, flushes it to storage.sync, and applies what other browsers
// wrote to the local database by merging, never overwriting.
//
// Every local edit and every delivery runs through one queue (withSync): the database write and its note in
// the replica happen with no delivery in between, so a delivery never reads a database that holds an edit the
// replica has not heard of (it would undo it), and a removal noted here is never followed again by a delivery
// applied before the note.
import { browser } from 'wxt/browser';
import { refreshBadge } from './badge';
import { announceChange } from '@/utils/changes';
import {
  followSynced,
  getPosts,
  getReadMarks,
  listFollowedUrls,
  listReadMarks,
  listSubscriptions,
  readFeeds,
  readFolderAlerts,
  setFolderAlerts,
  setReadMany,
  unfollowFeed,
  type FeedSubscription,
  type PostKey,
  type PostView,
  type ReadMark,
  type StoredPost,
} from '@/utils/db';
import { originPattern, releaseReadAccess } from '@/utils/permissions';
import { postKeyString, postTime } from '@/utils/post';
import { PREFERENCES_RESERVE, SyncEngine, type FlushOutcome, type StorageAreaLike } from '@/utils/sync/engine';
import { SYNC_KEY_PREFIX } from '@/utils/sync/encoding';
import { quotasFromArea } from '@/utils/sync/plan';
import { toMinute } from '@/utils/sync/record';
import { SyncReplica, type SerializedReplica, type SyncDelivery } from '@/utils/sync/replica';
import { SYNC_STATUS_KEY, type SyncStatus } from '@/utils/sync-status';

/** The alarm that wakes the worker for a flush the timer could not wait for (the worker may sleep). */
export const SYNC_ALARM = 'digest-sync';
/** storage.local key of the serialized replica. */
export const REPLICA_KEY = 'syncReplica';
/** Chrome fires no alarm sooner than 30 s; the timer covers what is due before. */
const ALARM_MIN_MS = 30_000;
/**
 * The replica is kept this long after an edit, coalescing a burst: serializing 200 feeds of 500 marks takes ~25 ms
 * and ~600 KB, too much for every mark. A worker lives 30 s past its last event, so the write is not lost to one
 * going idle; should the browser stop in between, the database still holds the edit (an unread never undoes a
 * later read, and a followed feed the replica does not know is noted at the next load).
 */
const PERSIST_DELAY_MS = 1_000;

/** Whether a feed syncs: a web address. The build's own sample feed lives inside the extension, whose address differs. */
export function syncsFeed(url: string): boolean {
  return originPattern(url) !== null;
}

/** A subscription's synced settings. */
function settingsOf(feed: Pick<FeedSubscription, 'title' | 'folder' | 'alerts'>) {
  return { title: feed.title, folder: feed.folder, alerts: feed.alerts };
}

/**
 * Whether the posts `marked` (ids) of one feed, just marked read, may sync as one watermark ("every post up to the
 * newest of them was read now", SyncReplica.markAllRead) instead of a mark each: when at least two have a date and
 * every cached post (`cached`, read flags as written) up to the newest one's minute is read here, so the watermark
 * decides nothing this browser does not hold. Returns its time (ms), the dated posts it covers, and the undated
 * posts marked (each keeps a mark: their time is when each browser first saw them); else null.
 */
export function watermarkFor(
  cached: readonly PostView[],
  marked: ReadonlySet<string>,
): { before: number; postIds: string[]; undatedIds: string[] } | null {
  const dated = cached.filter((post) => marked.has(post.id) && post.published !== null);
  if (dated.length < 2) return null;
  const before = dated.reduce((newest, post) => Math.max(newest, postTime(post)), -Infinity);
  const covered = cached.filter((post) => toMinute(postTime(post)) <= toMinute(before));
  if (covered.some((post) => !post.read)) return null;
  return {
    before,
    postIds: covered.filter((post) => post.published !== null).map((post) => post.id),
    undatedIds: cached.filter((post) => marked.has(post.id) && post.published === null).map((post) => post.id),
  };
}

/** What a task run by withSync gets: the replica to note its edit in, and the delivery-side helpers. */
export interface SyncContext {
  readonly replica: SyncReplica;
  /** Now, ms. */
  readonly now: number;
  /** Notes feeds followed here, or their title, folder or alerts changed (unchanged ones are no-ops). */
  follow(feeds: readonly FeedSubscription[]): void;
  /** Notes read or unread marks on cached posts (the post's time is read from the database). */
  markRead(keys: readonly PostKey[], read: boolean): Promise<void>;
  /** Notes the folders' alerts as the database holds them now (a folder missing is back at 'notify'). */
  folders(): Promise<void>;
  /** Sets these feeds' cached posts to what the replica says (see applyReadState). */
  applyReadState(urls: readonly string[], reset?: ReadonlySet<string>): Promise<number>;
}

let engine: Promise<SyncEngine> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let timer: ReturnType<typeof setTimeout> | undefined;
let persistTimer: ReturnType<typeof setTimeout> | undefined;
let persistPending: SyncEngine | null = null;
let fetchFollowed: (urls: string[]) => Promise<unknown> = async () => undefined;

/** Who fetches feeds that sync followed here (the worker's refresh; set once at start, avoiding an import cycle). */
export function whenSyncFollows(fetch: (urls: string[]) => Promise<unknown>): void {
  fetchFollowed = fetch;
}

function area(): StorageAreaLike {
  return browser.storage.sync as unknown as StorageAreaLike;
}

/** A replica of what this browser holds (the first run, or after a reset): its feeds at their addedAt, its marks. */
async function seedReplica(): Promise<SyncReplica> {
  const replica = new SyncReplica();
  const [feeds, marks, folders] = await Promise.all([listSubscriptions(), listReadMarks(), readFolderAlerts()]);
  for (const feed of feeds) {
    if (syncsFeed(feed.url)) replica.follow(feed.url, settingsOf(feed), Date.parse(feed.addedAt));
  }
  const now = Date.now();
  for (const [name, alerts] of folders) replica.setFolderAlerts(name, alerts, now);
  for (const mark of marks) {
    const at = Date.parse(mark.readAt);
    replica.mergeMark(mark.feedUrl, mark.id, { read: true, at: Number.isFinite(at) ? at : now });
  }
  return replica;
}

async function loadEngine(): Promise<SyncEngine> {
  const saved: unknown = (await browser.storage.local.get(REPLICA_KEY))[REPLICA_KEY];
  const kept = saved && typeof saved === 'object' && Array.isArray((saved as SerializedReplica).feeds);
  const replica = kept ? SyncReplica.deserialize(saved as SerializedReplica) : await seedReplica();
  if (kept) {
    // A feed followed here that the replica has never heard of (the worker stopped before keeping the replica, or
    // sync could not load then): noted now, at its addedAt. A feed it knows, even as removed, is left as it is.
    for (const feed of await listSubscriptions()) {
      if (syncsFeed(feed.url) && !replica.record(feed.url)) {
        replica.follow(feed.url, settingsOf(feed), Date.parse(feed.addedAt));
      }
    }
  }
  const engineNow = new SyncEngine({
    area: area(),
    quotas: quotasFromArea(browser.storage.sync),
    replica,
    reserve: PREFERENCES_RESERVE,
  });
  await persist(engineNow);
  return engineNow;
}

async function persist(current: SyncEngine): Promise<void> {
  await browser.storage.local.set({ [REPLICA_KEY]: current.replica.serialize() });
}

/** Keeps the replica soon (PERSIST_DELAY_MS), once for a burst of edits. */
function persistSoon(current: SyncEngine): void {
  persistPending = current;
  persistTimer ??= setTimeout(
    () => void persistNow().catch((error: unknown) => console.error('[digest] sync', error)),
    PERSIST_DELAY_MS,
  );
}

/** Keeps the replica now if an edit waits to be kept. */
async function persistNow(): Promise<void> {
  clearTimeout(persistTimer);
  persistTimer = undefined;
  const pending = persistPending;
  persistPending = null;
  if (pending) await persist(pending);
}

/** Points the timer (and, for a sleeping worker, the alarm) at the next flush. */
function schedule(current: SyncEngine): void {
  const now = Date.now();
  const due = current.dueAt(now);
  clearTimeout(timer);
  timer = undefined;
  if (due === null) {
    void browser.alarms.clear(SYNC_ALARM).catch(() => undefined);
    return;
  }
  timer = setTimeout(
    () => void flushSync().catch((error: unknown) => console.error('[digest] sync', error)),
    Math.max(0, due - now),
  );
  void Promise.resolve(browser.alarms.create(SYNC_ALARM, { when: Math.max(due, now + ALARM_MIN_MS) })).catch(
    () => undefined,
  );
}

function contextFor(replica: SyncReplica, now: number): SyncContext {
  return {
    replica,
    now,
    follow(feeds) {
      for (const feed of feeds) if (syncsFeed(feed.url)) replica.follow(feed.url, settingsOf(feed), now);
    },
    async markRead(keys, read) {
      const posts = (await getPosts(keys)).filter((post) => post !== undefined);
      // Many posts of a feed read together, leaving none older unread here: one watermark instead of a mark each.
      const watermarked = new Set<string>();
      if (read) {
        for (const [url, marked] of Map.groupBy(posts, (post) => post.feedUrl)) {
          if (marked.length < 2) continue;
          const watermark = watermarkFor((await readFeeds([url])).posts, new Set(marked.map((post) => post.id)));
          if (!watermark) continue;
          replica.markAllRead(url, watermark.before, watermark.postIds, now, watermark.undatedIds);
          watermarked.add(url);
        }
      }
      for (const post of posts) {
        if (!watermarked.has(post.feedUrl)) {
          replica.setRead(post.feedUrl, { id: post.id, time: postTime(post) }, read, now);
        }
      }
    },
    async folders() {
      const current = await readFolderAlerts();
      for (const name of replica.folders().keys()) if (!current.has(name)) replica.setFolderAlerts(name, 'notify', now);
      for (const [name, alerts] of current) replica.setFolderAlerts(name, alerts, now);
    },
    applyReadState: (urls, reset) => applyReadState(replica, urls, reset),
  };
}

/**
 * Runs `task` (a local edit: its database write, then its note in the replica) with no delivery in between,
 * then keeps the replica and schedules the flush. Sync failing to load never stops the edit: it then runs
 * against a throw-away replica.
 */
export function withSync<T>(task: (sync: SyncContext) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    let current: SyncEngine | null = null;
    try {
      engine ??= loadEngine();
      current = await engine;
    } catch (error) {
      engine = null;
      console.error('[digest] sync could not load its replica', error);
    }
    if (!current) return task(contextFor(new SyncReplica(), Date.now()));
    const version = current.replica.version;
    const result = await task(contextFor(current.replica, Date.now()));
    if (current.replica.version !== version) persistSoon(current);
    schedule(current);
    return result;
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Sets these feeds' cached posts to the read state the replica holds, where it says anything (for a feed in
 * `reset`, nothing means unread: its marks from before a removal elsewhere are gone). Returns how many changed.
 */
async function applyReadState(
  replica: SyncReplica,
  urls: readonly string[],
  reset: ReadonlySet<string> = new Set(),
): Promise<number> {
  const synced = urls.filter(syncsFeed);
  if (synced.length === 0) return 0;
  const { posts } = await readFeeds(synced);
  const toRead: PostKey[] = [];
  // A mark taken from sync keeps the time it was made there, not when it arrived here: a later unread from a
  // browser that saw it must still win (see the check below).
  const readTimes = new Map<string, string>();
  // Posts sync says are unread, with when it decided (ms): checked against this browser's own read mark below.
  const unread: { key: PostKey; at: number }[] = [];
  for (const post of posts) {
    const state = replica.readState(post.feedUrl, post.id, postTime(post));
    const read = state ? state.read : reset.has(post.feedUrl) ? false : null;
    if (read === null || read === post.read) continue;
    if (read) {
      toRead.push([post.feedUrl, post.id]);
      if (state) readTimes.set(postKeyString(post), new Date(state.at).toISOString());
    } else
      unread.push({
        key: [post.feedUrl, post.id],
        at: state?.at ?? (replica.record(post.feedUrl)?.removedAt ?? 0) * 60_000,
      });
  }
  // A read here in a later minute than the unread cannot have been seen by the browser that decided it (an edit
  // is timed after what it saw): the replica missed it (the worker stopped before keeping it). Kept, and noted.
  const toUnread: PostKey[] = [];
  if (unread.length > 0) {
    const marks = await getReadMarks(unread.map(({ key }) => key));
    unread.forEach(({ key, at }, i) => {
      const readAt = Date.parse(marks[i]?.readAt ?? '');
      if (Number.isFinite(readAt) && toMinute(readAt) > toMinute(at)) {
        replica.mergeMark(key[0], key[1], { read: true, at: readAt });
      } else toUnread.push(key);
    });
  }
  const at = new Date().toISOString();
  if (toRead.length > 0) {
    await setReadMany(toRead, true, at, readTimes);
    announceChange({ kind: 'read', keys: toRead, read: true });
  }
  if (toUnread.length > 0) {
    await setReadMany(toUnread, false, at);
    announceChange({ kind: 'read', keys: toUnread, read: false });
  }
  return toRead.length + toUnread.length;
}

/**
 * Of posts a fetch just saved here for the first time, those read (per the replica) in another browser before
 * they arrived: marked read here at once, in the fetch's flow before the badge and notifications, and returned
 * (as postKeyString) so they are never announced as new.
 */
export function markArrivedRead(posts: readonly StoredPost[]): Promise<Set<string>> {
  if (posts.length === 0) return Promise.resolve(new Set());
  return withSync(async ({ replica }) => {
    const times = new Map<string, string>();
    for (const post of posts) {
      const state = replica.readState(post.feedUrl, post.id, postTime(post));
      if (state?.read) times.set(postKeyString(post), new Date(state.at).toISOString());
    }
    const read = posts.filter((post) => times.has(postKeyString(post)));
    if (read.length === 0) return new Set<string>();
    const keys = read.map((post): PostKey => [post.feedUrl, post.id]);
    await setReadMany(keys, true, new Date().toISOString(), times);
    announceChange({ kind: 'read', keys, read: true });
    return new Set(read.map(postKeyString));
  });
}

/** Applies a delivery to the database (inside the queue); returns the feeds newly followed here, to fetch. */
async function applyDelivery(replica: SyncReplica, delivery: SyncDelivery): Promise<string[]> {
  const added: string[] = [];
  let feedsChanged = false;
  const followed = new Set(await listFollowedUrls());
  const at = new Date().toISOString();
  for (const { url, followed: follows, settings } of delivery.subscriptions) {
    if (!syncsFeed(url)) continue;
    if (follows) {
      if (await followSynced(url, settings, at)) added.push(url);
      feedsChanged = true;
    } else if (followed.has(url)) {
      const remaining = await unfollowFeed(url);
      await releaseReadAccess(url, remaining).catch((error: unknown) =>
        console.warn('[digest] could not release access', error),
      );
      feedsChanged = true;
    }
  }
  for (const { name, alerts } of delivery.folders) {
    await setFolderAlerts(name, alerts);
    feedsChanged = true;
  }
  const marked = await applyReadState(replica, delivery.marksChanged, new Set(delivery.reset));
  if (feedsChanged) announceChange({ kind: 'feeds' });
  if (feedsChanged || marked > 0) await refreshBadge();
  return added;
}

function delivered(added: string[]): void {
  if (added.length > 0) {
    void fetchFollowed(added).catch((error: unknown) => console.error('[digest] sync: fetching followed feeds', error));
  }
}

/** storage.onChanged for area 'sync': merges what another browser wrote and applies it here. */
export async function receiveSync(changes: Readonly<Record<string, { newValue?: unknown }>>): Promise<void> {
  if (!Object.keys(changes).some((key) => key.startsWith(SYNC_KEY_PREFIX))) return;
  const added = await withSync(async ({ replica }) => {
    const current = await engine;
    if (!current || current.replica !== replica) return [];
    return applyDelivery(replica, current.receive(changes, Date.now()));
  });
  delivered(added);
}

/** Writes the replica to storage.sync if due (reading and merging the area first); reports the outcome. */
export async function flushSync(now?: number): Promise<FlushOutcome | null> {
  let outcome: FlushOutcome | null = null;
  const added = await withSync(async ({ replica }) => {
    const current = await engine;
    if (!current || current.replica !== replica) return [];
    outcome = await current.flush(now ?? Date.now());
    if (!outcome) return [];
    const newlyFollowed = await applyDelivery(replica, outcome.delivery);
    const feeds = replica.feeds().filter((record) => record.followed);
    const status: SyncStatus = {
      at: Date.now(),
      feeds: feeds.length,
      marks: feeds.reduce((sum, record) => sum + record.marks.size, 0),
      droppedMarks: outcome.dropped.reduce((sum, entry) => sum + entry.marks, 0),
      droppedNewestAt: outcome.dropped.length > 0 ? Math.max(...outcome.dropped.map((entry) => entry.newestAt)) : null,
      unsynced: outcome.unsynced.length,
      error: outcome.error && `${outcome.error.kind}: ${outcome.error.message}`,
    };
    await browser.storage.local.set({ [SYNC_STATUS_KEY]: status });
    return newlyFollowed;
  });
  delivered(added);
  return outcome;
}

/** The worker started (or Digest was reset): load or seed the replica and flush when due (reading the area). */
export async function startSync(): Promise<void> {
  await withSync(async () => undefined);
}

/**
 * Forgets this browser's replica and stops its timers ("Reset Digest"): storage.local, which holds it, is
 * cleared by the caller, and the next start seeds a new one from the emptied database and the area. The area
 * itself is left as it is: the other browsers keep their reading list, and this one gets it back.
 */
export async function forgetSync(): Promise<void> {
  await queue;
  clearTimeout(timer);
  timer = undefined;
  await persistNow().catch((error: unknown) => console.error('[digest] sync', error));
  engine = null;
  await Promise.resolve(browser.alarms.clear(SYNC_ALARM)).catch(() => undefined);
}

/** Imports marks from a backup file: merged (the newer mark wins), then the touched feeds take the result. */
export function mergeImportedMarks(ctx: SyncContext, marks: readonly ReadMark[]): Promise<number> {
  for (const mark of marks) {
    const at = Date.parse(mark.readAt);
    if (Number.isFinite(at)) ctx.replica.mergeMark(mark.feedUrl, mark.id, { read: true, at });
  }
  // Every feed the file marked, changed in the replica or not: where a newer mark (an unread one) won there,
  // the database, which took the file's older mark, follows it.
  return ctx.applyReadState([...new Set(marks.map((mark) => mark.feedUrl))]);
}
