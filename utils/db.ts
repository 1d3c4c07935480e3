import {
  deleteDB,
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPObjectStore,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import { browser } from 'wxt/browser';
import { defaultFeedUrl } from './default-feed';
import type { DigestError } from './errors';
import type { OpmlSkipped } from './feed/outline';
import type { FeedInfo, NormalizedPost } from './feed/parse';
import type { Validators } from './feed/validators';
import { DEFAULT_RETENTION, selectOrphansToForget, selectPrunable, type RetentionPolicy } from './retention';

/**
 * A feed the reader follows. The list lives in IndexedDB beside the posts, so a refresh's write can check,
 * inside its own transaction, that its feed is still followed (#11: a removed feed never comes back).
 */
export interface FeedSubscription {
  url: string;
  addedAt: string;
  /**
   * The reader's name for the feed (an OPML file's `text`), or null to show the feed's own title. Version 6 (#14).
   */
  title: string | null;
  /** Its folder (one level; see utils/feed/opml.ts), or null when in none. Version 6 (#14). */
  folder: string | null;
  /** How loudly it arrives (FeedAlerts), or null to do as its folder says. Version 7 (#14). */
  alerts: FeedAlerts | null;
}

/**
 * How a feed's new posts reach the reader (#14): `notify` counted on the badge and notified (the default);
 * `badge` counted but never notified; `quiet` shown in the digest only, neither counted nor notified.
 */
export type FeedAlerts = 'notify' | 'badge' | 'quiet';

/** Every FeedAlerts, loudest first. */
export const FEED_ALERTS: readonly FeedAlerts[] = ['notify', 'badge', 'quiet'];

/** A folder's settings, which its feeds inherit (a feed's own `alerts` wins). Version 7 (#14). */
export interface FolderSettings {
  name: string;
  alerts: FeedAlerts;
}

/** How loudly a feed arrives: its own setting, else its folder's, else `notify`. */
export function effectiveAlerts(
  feed: Pick<FeedSubscription, 'alerts' | 'folder'>,
  folders: ReadonlyMap<string, FeedAlerts>,
): FeedAlerts {
  return feed.alerts ?? (feed.folder === null ? undefined : folders.get(feed.folder)) ?? 'notify';
}

/** Where one feed of an OPML import stands. */
export type ImportEntryStatus = 'pending' | 'added' | 'already-followed' | 'failed';

/** One feed of an OPML import: what the file said, and how its validation went. */
export interface ImportEntry {
  url: string;
  title: string;
  homePageUrl: string | null;
  folder: string | null;
  status: ImportEntryStatus;
  /** Why it failed (`failed` only). */
  error: DigestError | null;
  /** The feed followed when it differs from `url` (the address was a blog page naming its feed). */
  followedUrl: string | null;
}

/**
 * An OPML import (#14), kept in IndexedDB while the worker validates its feeds: each added feed and its entry's
 * status are written in one transaction, so a worker stopped mid-way resumes exactly where it was, and an import
 * stopped (or a reset) writes nothing more. One at a time, under IMPORT_JOB_ID.
 */
export interface ImportJob {
  id: typeof IMPORT_JOB_ID;
  startedAt: string;
  /** `running` until every entry is done; `stopped` by the reader (pending entries stay pending). */
  state: 'running' | 'finished' | 'stopped';
  entries: ImportEntry[];
  /** Entries the file listed again (same address): reported, not added. */
  duplicates: { url: string; title: string; folder: string | null }[];
  skipped: OpmlSkipped[];
}

/** The key of the one import job. */
export const IMPORT_JOB_ID = 'opml';

/** A post as cached: the feed's content plus when Digest first saw it. Read state lives elsewhere. */
export interface StoredPost extends NormalizedPost {
  feedUrl: string;
  /** ISO time this post first arrived; orders posts that have no date. */
  firstSeen: string;
}

/** A reader's mark on a post, kept apart from content so re-fetches never undo it. */
export interface ReadMark {
  feedUrl: string;
  id: string;
  readAt: string;
}

/** What Digest knows about polling one feed. */
export interface FeedState {
  url: string;
  info: FeedInfo | null;
  validators: Validators;
  lastAttempt: string | null;
  lastSuccess: string | null;
  /** The last failure and when; one stored by an older version may lack `status`. */
  lastError: (DigestError & { at: string }) | null;
  consecutiveFailures: number;
  /** When the scheduler next polls this feed (ISO); null before the first poll and once a feed is expired. */
  nextPoll: string | null;
}

/**
 * A post Digest has seen, announced or deliberately not (the first fetch of a feed): the ledger that keeps
 * notifications from repeating and remembers when a post was first seen, even after retention pruned it.
 */
export interface NotifiedMark {
  feedUrl: string;
  id: string;
  at: string;
}

/** A cached post together with whether the reader has read it. */
export interface PostView extends StoredPost {
  read: boolean;
}

export type PostKey = [feedUrl: string, id: string];

// The database's one schema. The database itself keeps the name `digest` (DB_NAME): renaming it would
// lose every reader's posts and marks.
interface Schema extends DBSchema {
  posts: { key: PostKey; value: StoredPost; indexes: { byFeed: string } };
  reads: { key: PostKey; value: ReadMark };
  feeds: { key: string; value: FeedState };
  notified: { key: PostKey; value: NotifiedMark };
  subscriptions: { key: string; value: FeedSubscription };
  imports: { key: string; value: ImportJob };
  folders: { key: string; value: FolderSettings };
}

type Database = IDBPDatabase<Schema>;

export const DB_NAME = 'digest';
export const DB_VERSION = 7;

let connection: Promise<Database> | null = null;

type UpgradeStore<Name extends 'feeds' | 'posts' | 'subscriptions'> = IDBPObjectStore<
  Schema,
  ArrayLike<StoreNames<Schema>>,
  Name,
  'versionchange'
>;

/**
 * Version 4 for feed records: the fields of FeedState a record of an older version lacks take their
 * empty values (`nextPoll`: not scheduled yet, so the feed is due), and the feed's `icon`, `favicon` and
 * `language` go (nothing showed them then; version 5 brings them back, empty).
 */
async function upgradeFeedsTo4(store: UpgradeStore<'feeds'>): Promise<void> {
  for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
    const stored = cursor.value as unknown as Record<string, unknown>;
    const state = { ...emptyFeedState(cursor.value.url), ...stored } as FeedState;
    if (state.info) {
      const { icon: _icon, favicon: _favicon, language: _language, ...info } = state.info;
      state.info = info as FeedInfo;
    }
    void cursor.update(state);
  }
}

/** Version 4 for posts: `authors` and `words` where a post of version 1 lacks them, and the `image` goes. */
async function upgradePostsTo4(store: UpgradeStore<'posts'>): Promise<void> {
  for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
    const { image: _image, ...post } = cursor.value;
    void cursor.update({ ...post, authors: post.authors ?? [], words: post.words ?? null } as StoredPost);
  }
}

/**
 * Version 5 for feed records: the feed's `icon`, `favicon` and `language`, empty until its next fetch (#13), and
 * its HTTP validators cleared. Without that, a feed that has not changed answers every poll with 304 and its
 * record and cached posts would wait for its next post (weeks, for a quiet blog) to get their pictures; cleared,
 * the next scheduled poll (not an earlier one) downloads the feed once, and saving it fills the info and every
 * post it still lists.
 */
async function upgradeFeedsTo5(store: UpgradeStore<'feeds'>): Promise<void> {
  for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
    const state = cursor.value;
    const info = state.info && { ...state.info, icon: null, favicon: null, language: null };
    void cursor.update({ ...state, info, validators: { etag: null, lastModified: null } });
  }
}

/** Version 5 for posts: the post's `image`, empty until a fetch that still lists the post fills it (#13). */
async function upgradePostsTo5(store: UpgradeStore<'posts'>): Promise<void> {
  for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
    void cursor.update({ ...cursor.value, image: null });
  }
}

/**
 * Version 6 for subscriptions (#14): every followed feed gets `title` (the reader's name for it) and `folder`, null
 * where the record has none; a new install's default feed included (the version 3 step wrote it before this one).
 */
async function upgradeSubscriptionsTo6(store: UpgradeStore<'subscriptions'>): Promise<void> {
  for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
    const { title = null, folder = null, ...rest } = cursor.value as Partial<FeedSubscription> & { url: string };
    void cursor.update({ addedAt: new Date(0).toISOString(), alerts: null, ...rest, title, folder });
  }
}

/** Version 7 for subscriptions (#14): every followed feed does as its folder says (`alerts` null). */
async function upgradeSubscriptionsTo7(store: UpgradeStore<'subscriptions'>): Promise<void> {
  for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
    void cursor.update({ ...cursor.value, alerts: cursor.value.alerts ?? null });
  }
}

/** storage.local key of the followed feeds before they moved to IndexedDB (version 3). */
export const LEGACY_FEEDS_KEY = 'feeds';

/**
 * The followed feeds as versions before 3 kept them in storage.local, or null when there is no such list.
 * Read before an upgrade from before version 3, because an upgrade transaction cannot wait for storage.
 */
async function readLegacyFeeds(): Promise<Pick<FeedSubscription, 'url' | 'addedAt'>[] | null> {
  let stored: unknown;
  try {
    stored = (await browser.storage.local.get(LEGACY_FEEDS_KEY))[LEGACY_FEEDS_KEY];
  } catch {
    return null;
  }
  if (!Array.isArray(stored)) return null;
  const feeds: Pick<FeedSubscription, 'url' | 'addedAt'>[] = [];
  for (const entry of stored as unknown[]) {
    const { url, addedAt } = (entry ?? {}) as { url?: unknown; addedAt?: unknown };
    if (typeof url !== 'string' || feeds.some((feed) => feed.url === url)) continue;
    feeds.push({ url, addedAt: typeof addedAt === 'string' ? addedAt : new Date(0).toISOString() });
  }
  return feeds;
}

/** Thrown inside an upgrade that needs the old feed list before it has been read; the open is retried with it. */
class LegacyFeedsNeeded extends Error {}

/** Opens (once per page or worker) the Digest database, upgrading it through the version ladder. */
export function openDigestDB(): Promise<Database> {
  // storage.local is read only when an upgrade from before version 3 needs the old list: an up-to-date
  // database opens without it, which is every open but the first after an update (the pages' open is on
  // their critical path).
  connection ??= openWithLegacy(undefined).catch(async (error: unknown) => {
    if (!(error instanceof LegacyFeedsNeeded)) throw error;
    return openWithLegacy(await readLegacyFeeds());
  });
  return connection;
}

/** Opens the database; `legacy` undefined means the old list has not been read (an upgrade that needs it aborts). */
function openWithLegacy(legacy: Pick<FeedSubscription, 'url' | 'addedAt'>[] | null | undefined): Promise<Database> {
  let needsLegacy = false;
  return openDB<Schema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 3 && legacy === undefined) {
        // An upgrade transaction cannot wait for storage: undo this one, read the list, open again.
        needsLegacy = true;
        transaction.done.catch(() => {}); // its AbortError is expected: the open's rejection carries it
        transaction.abort();
        return;
      }
      // The ladder: each step brings a database of the previous version forward, never skipping.
      if (oldVersion < 1) {
        const posts = db.createObjectStore('posts', { keyPath: ['feedUrl', 'id'] });
        posts.createIndex('byFeed', 'feedUrl');
        db.createObjectStore('reads', { keyPath: ['feedUrl', 'id'] });
        db.createObjectStore('feeds', { keyPath: 'url' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('notified', { keyPath: ['feedUrl', 'id'] });
      }
      if (oldVersion < 3) {
        // The followed feeds move here from storage.local, in the upgrade itself, so whichever context opens
        // the database first (the worker or a page) sees them. A new install starts with the build's feed. The
        // worker then removes the old key and what belonged to feeds no longer followed (forgetUnfollowedData).
        const subscriptions = db.createObjectStore('subscriptions', { keyPath: 'url' });
        const unnamed = { title: null, folder: null, alerts: null };
        if (legacy) for (const feed of legacy) void subscriptions.put({ ...feed, ...unnamed });
        else if (oldVersion === 0) {
          void subscriptions.put({ url: defaultFeedUrl(), addedAt: new Date().toISOString(), ...unnamed });
        }
      }
      // The steps' walks over records run one after another: two cursors over one store would each read a
      // record before the other's update, and the later write would undo the earlier step.
      let walks: Promise<unknown> = Promise.resolve();
      if (oldVersion < 4 && oldVersion > 0) {
        // Every stored record gets the fields later code added (no read-time defaults), and the fields
        // Digest parsed but never showed go (#12). Only IndexedDB requests are awaited: the walks run in
        // the upgrade transaction, and a failure aborts the upgrade, leaving version 3 as it was.
        walks = walks.then(() =>
          Promise.all([
            upgradeFeedsTo4(transaction.objectStore('feeds')),
            upgradePostsTo4(transaction.objectStore('posts')),
          ]),
        );
      }
      if (oldVersion < 5 && oldVersion > 0) {
        // Pictures and language are read again, now that the pages show them (#13): older records get them empty.
        walks = walks.then(() =>
          Promise.all([
            upgradeFeedsTo5(transaction.objectStore('feeds')),
            upgradePostsTo5(transaction.objectStore('posts')),
          ]),
        );
      }
      if (oldVersion < 6) {
        // #14: folders and the reader's names for feeds on every subscription, and the OPML import's progress.
        db.createObjectStore('imports', { keyPath: 'id' });
        walks = walks.then(() => upgradeSubscriptionsTo6(transaction.objectStore('subscriptions')));
      }
      if (oldVersion < 7) {
        // #14: how loudly each feed arrives (null: as its folder says), and the folders' own settings.
        db.createObjectStore('folders', { keyPath: 'name' });
        walks = walks.then(() => upgradeSubscriptionsTo7(transaction.objectStore('subscriptions')));
      }
      void walks;
    },
    blocked(currentVersion, blockedVersion) {
      console.warn(`[digest] database upgrade ${currentVersion} → ${blockedVersion} waits for another page to close`);
    },
    blocking() {
      // A newer version wants to upgrade: step aside so an open page never wedges it.
      void connection?.then((db) => db.close());
      connection = null;
    },
    terminated() {
      connection = null;
    },
  }).catch((error: unknown) => {
    if (needsLegacy) throw new LegacyFeedsNeeded('the feed list of a version before 3 is needed');
    connection = null;
    throw error;
  });
}

/** Closes this context's connection (tests and upgrades). */
export async function closeDigestDB(): Promise<void> {
  const pending = connection;
  connection = null;
  if (pending) (await pending).close();
}

/** A fresh polling record for a feed never fetched before. */
export function emptyFeedState(url: string): FeedState {
  return {
    url,
    info: null,
    validators: { etag: null, lastModified: null },
    lastAttempt: null,
    lastSuccess: null,
    lastError: null,
    consecutiveFailures: 0,
    nextPoll: null,
  };
}

/** The polling record of a feed, or a fresh one. */
export async function getFeedState(url: string): Promise<FeedState> {
  const db = await openDigestDB();
  return (await db.get('feeds', url)) ?? emptyFeedState(url);
}

/**
 * Records a failed poll; cached posts and read marks are not touched. `schedule` computes the next
 * poll from the updated record (it needs the new failure count), inside the same transaction.
 * Returns null, writing nothing, when the feed is no longer followed.
 */
export async function recordFailure(
  url: string,
  error: DigestError,
  at: string,
  schedule: (failed: FeedState) => string | null = () => null,
): Promise<FeedState | null> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'feeds'], 'readwrite');
  const feeds = tx.objectStore('feeds');
  const [followed, stored] = await Promise.all([tx.objectStore('subscriptions').getKey(url), feeds.get(url)]);
  if (followed === undefined) {
    await tx.done;
    return null;
  }
  const state = stored ?? emptyFeedState(url);
  const failed: FeedState = {
    ...state,
    lastAttempt: at,
    lastError: { ...error, at },
    consecutiveFailures: state.consecutiveFailures + 1,
  };
  const next = { ...failed, nextPoll: schedule(failed) };
  await Promise.all([feeds.put(next), tx.done]);
  return next;
}

/** Records a 304: the feed is healthy and unchanged; nothing else is written (nothing at all once unfollowed). */
export async function recordNotModified(url: string, at: string, nextPoll: string | null = null): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'feeds'], 'readwrite');
  const feeds = tx.objectStore('feeds');
  const [followed, stored] = await Promise.all([tx.objectStore('subscriptions').getKey(url), feeds.get(url)]);
  if (followed !== undefined) {
    const state = stored ?? emptyFeedState(url);
    void feeds.put({ ...state, lastAttempt: at, lastSuccess: at, lastError: null, consecutiveFailures: 0, nextPoll });
  }
  await tx.done;
}

/** Options for saving a fetch. */
export interface SaveOptions {
  retention?: RetentionPolicy;
  /** When to poll this feed next (ISO), or null to stop (expired). */
  nextPoll?: string | null;
}

/** What saving a fetch changed. */
export interface SaveResult {
  /** False when the feed was unfollowed before the write: nothing was written. */
  followed: boolean;
  /** Posts seen for the first time ever (not merely back after retention pruned them). */
  added: StoredPost[];
  /** How many old posts retention removed. */
  pruned: number;
}

/** One fetch's content, as saved. */
export interface FetchedFeed {
  info: FeedInfo;
  posts: NormalizedPost[];
  validators: Validators;
}

// `imports`: an imported feed is followed and its import entry marked added in the same transaction (#14).
const FETCH_STORES = ['subscriptions', 'posts', 'reads', 'feeds', 'notified', 'imports'] as const;
type FetchTx = IDBPTransaction<Schema, typeof FETCH_STORES, 'readwrite'>;

/**
 * Writes one successful fetch inside `tx`: posts upserted (keeping when each was first seen, also for a
 * post retention had pruned), new posts entered in the ledger, retention applied, the feed's record
 * updated. A post still in this fetch is never pruned, and read marks are not deleted with their posts:
 * a post can come back while it is in the feed, and must come back read (#11). Marks and ledger entries
 * of posts no longer cached are kept up to ORPHAN_MARKS_PER_FEED per feed, newest first.
 */
async function writeFetch(
  tx: FetchTx,
  url: string,
  fetched: FetchedFeed,
  at: string,
  { retention = DEFAULT_RETENTION, nextPoll = null }: SaveOptions,
): Promise<Omit<SaveResult, 'followed'>> {
  const postStore = tx.objectStore('posts');
  const readStore = tx.objectStore('reads');
  const ledgerStore = tx.objectStore('notified');
  const feedStore = tx.objectStore('feeds');
  const range = feedKeyRange(url);
  const [existing, marks, ledger, state] = await Promise.all([
    postStore.index('byFeed').getAll(url),
    readStore.getAll(range),
    ledgerStore.getAll(range),
    feedStore.get(url),
  ]);
  const cached = new Map(existing.map((post) => [post.id, post]));
  const seenAt = new Map(ledger.map((entry) => [entry.id, entry.at]));
  const added: StoredPost[] = [];
  const writes: Promise<unknown>[] = [];
  for (const post of fetched.posts) {
    const firstSeen = cached.get(post.id)?.firstSeen ?? seenAt.get(post.id);
    const record: StoredPost = { ...post, feedUrl: url, firstSeen: firstSeen ?? at };
    if (firstSeen === undefined) {
      added.push(record);
      seenAt.set(post.id, at);
      writes.push(ledgerStore.put({ feedUrl: url, id: post.id, at }));
    }
    cached.set(post.id, record);
    writes.push(postStore.put(record));
  }
  const read = new Set(marks.map((mark) => mark.id));
  const inFetch = new Set(fetched.posts.map((post) => post.id));
  const prune = selectPrunable(
    [...cached.values()].map((post) => ({ ...post, read: read.has(post.id) })),
    Date.parse(at),
    retention,
    inFetch,
  );
  for (const id of prune) {
    writes.push(postStore.delete([url, id]));
    cached.delete(id);
  }
  const kept = new Set(cached.keys());
  for (const id of selectOrphansToForget(
    marks.map((mark) => ({ id: mark.id, at: mark.readAt })),
    kept,
  )) {
    writes.push(readStore.delete([url, id]));
  }
  for (const id of selectOrphansToForget(
    [...seenAt].map(([seenId, seen]) => ({ id: seenId, at: seen })),
    kept,
  )) {
    writes.push(ledgerStore.delete([url, id]));
  }
  const base = state ?? emptyFeedState(url);
  writes.push(
    feedStore.put({
      ...base,
      info: fetched.info,
      validators: fetched.validators,
      lastAttempt: at,
      lastSuccess: at,
      lastError: null,
      consecutiveFailures: 0,
      nextPoll,
    }),
  );
  await Promise.all(writes);
  return { added, pruned: prune.length };
}

/**
 * Writes a successful fetch in one transaction, after checking in that same transaction that the feed
 * is still followed: a refresh that was in flight while the reader removed its feed (or reset Digest)
 * writes nothing. Nothing but IndexedDB is awaited inside the transaction (idb's rule).
 */
export async function saveFetchedPosts(
  url: string,
  info: FeedInfo,
  posts: NormalizedPost[],
  validators: Validators,
  at: string,
  options: SaveOptions = {},
): Promise<SaveResult> {
  const db = await openDigestDB();
  const tx = db.transaction(FETCH_STORES, 'readwrite');
  const followed = await tx.objectStore('subscriptions').getKey(url);
  if (followed === undefined) {
    await tx.done;
    return { followed: false, added: [], pruned: 0 };
  }
  const result = await writeFetch(tx, url, { info, posts, validators }, at, options);
  await tx.done;
  return { followed: true, ...result };
}

/**
 * Follows a feed and writes its first fetch in one transaction, so the feed list is never read before a
 * network wait and written after it (#11). Returns null, writing nothing, when the feed is already followed.
 */
export async function followWithFetch(
  subscription: FeedSubscription,
  fetched: FetchedFeed,
  at: string,
  options: SaveOptions = {},
): Promise<Omit<SaveResult, 'followed'> | null> {
  const db = await openDigestDB();
  const tx = db.transaction(FETCH_STORES, 'readwrite');
  const subscriptions = tx.objectStore('subscriptions');
  if ((await subscriptions.getKey(subscription.url)) !== undefined) {
    await tx.done;
    return null;
  }
  void subscriptions.put(subscription);
  const result = await writeFetch(tx, subscription.url, fetched, at, options);
  await tx.done;
  return result;
}

/** What following an imported feed came to: added, followed already, or the import is gone or stopped. */
export type ImportFollowResult = 'added' | 'already-followed' | 'import-gone';

/**
 * Follows a feed of an OPML import with its first fetch, and marks its entry (by the file's address, `entryUrl`)
 * done, in one transaction (#14): a worker stopped at any point either did both or neither, so a resumed import
 * neither loses the feed nor adds it twice. Writes nothing when the import was stopped, cleared or reset meanwhile,
 * or the entry is done; a feed followed meanwhile is marked `already-followed` and left as it is.
 */
export async function followImported(
  entryUrl: string,
  subscription: FeedSubscription,
  fetched: FetchedFeed,
  at: string,
  options: SaveOptions = {},
): Promise<ImportFollowResult> {
  const db = await openDigestDB();
  const tx = db.transaction(FETCH_STORES, 'readwrite');
  const imports = tx.objectStore('imports');
  const subscriptions = tx.objectStore('subscriptions');
  const [job, followed] = await Promise.all([imports.get(IMPORT_JOB_ID), subscriptions.getKey(subscription.url)]);
  const entry = job?.state === 'running' ? job.entries.find((e) => e.url === entryUrl) : undefined;
  if (!job || !entry || entry.status !== 'pending') {
    await tx.done;
    return 'import-gone';
  }
  const status = followed === undefined ? 'added' : 'already-followed';
  if (status === 'added') {
    void subscriptions.put(subscription);
    await writeFetch(tx, subscription.url, fetched, at, options);
  }
  Object.assign(entry, { status, error: null, followedUrl: subscription.url === entryUrl ? null : subscription.url });
  await Promise.all([imports.put(job), tx.done]);
  return status;
}

/**
 * Changes the import job in one transaction (`change` edits it in place, or returns false to write nothing); returns
 * the job as written, or null when there is none.
 */
export async function changeImportJob(change: (job: ImportJob) => boolean | void): Promise<ImportJob | null> {
  const db = await openDigestDB();
  const tx = db.transaction('imports', 'readwrite');
  const job = await tx.store.get(IMPORT_JOB_ID);
  if (job && change(job) !== false) void tx.store.put(job);
  await tx.done;
  return job ?? null;
}

/**
 * Starts an import: stores `job` unless one is still running (then returns false and writes nothing). A finished or
 * stopped one is replaced.
 */
export async function startImportJob(job: ImportJob): Promise<boolean> {
  const db = await openDigestDB();
  const tx = db.transaction('imports', 'readwrite');
  const current = await tx.store.get(IMPORT_JOB_ID);
  const free = current?.state !== 'running';
  if (free) void tx.store.put(job);
  await tx.done;
  return free;
}

/** The OPML import, running or done, or null. */
export async function readImportJob(): Promise<ImportJob | null> {
  const db = await openDigestDB();
  return (await db.get('imports', IMPORT_JOB_ID)) ?? null;
}

/** Forgets a finished or stopped import (its result list); a running one is kept. */
export async function clearImportJob(): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction('imports', 'readwrite');
  const job = await tx.store.get(IMPORT_JOB_ID);
  if (job && job.state !== 'running') void tx.store.delete(IMPORT_JOB_ID);
  await tx.done;
}

/** Puts a followed feed in a folder (null: in none); a feed not followed is left alone. */
export async function setFeedFolder(url: string, folder: string | null): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction('subscriptions', 'readwrite');
  const feed = await tx.store.get(url);
  if (feed) void tx.store.put({ ...feed, folder });
  await tx.done;
}

/**
 * Renames a folder on every feed in it (to an existing name: the two folders become one, keeping the
 * settings of the one renamed to), and its settings with it.
 */
export async function renameFolder(from: string, to: string): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'folders'], 'readwrite');
  const subscriptions = tx.objectStore('subscriptions');
  const folders = tx.objectStore('folders');
  const [feeds, settings, target] = await Promise.all([subscriptions.getAll(), folders.get(from), folders.get(to)]);
  const writes: Promise<unknown>[] = feeds
    .filter((feed) => feed.folder === from)
    .map((feed) => subscriptions.put({ ...feed, folder: to }));
  if (settings) {
    writes.push(folders.delete(from));
    if (!target) writes.push(folders.put({ ...settings, name: to }));
  }
  await Promise.all([...writes, tx.done]);
}

/** Sets how loudly a followed feed arrives (null: as its folder says); a feed not followed is left alone. */
export async function setFeedAlerts(url: string, alerts: FeedAlerts | null): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction('subscriptions', 'readwrite');
  const feed = await tx.store.get(url);
  if (feed) void tx.store.put({ ...feed, alerts });
  await tx.done;
}

/** Sets how loudly a folder's feeds arrive, unless a feed says otherwise (`notify`, the default, is not stored). */
export async function setFolderAlerts(folder: string, alerts: FeedAlerts): Promise<void> {
  const db = await openDigestDB();
  if (alerts === 'notify') await db.delete('folders', folder);
  else await db.put('folders', { name: folder, alerts });
}

/** The folders' settings by name. */
export async function readFolderAlerts(): Promise<Map<string, FeedAlerts>> {
  const db = await openDigestDB();
  return new Map((await db.getAll('folders')).map((folder) => [folder.name, folder.alerts]));
}

/** How loudly each followed feed arrives (effectiveAlerts), read in one transaction. */
export async function readFeedAlerts(): Promise<Map<string, FeedAlerts>> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'folders'], 'readonly');
  const [feeds, folders] = await Promise.all([
    tx.objectStore('subscriptions').getAll(),
    tx.objectStore('folders').getAll(),
  ]);
  const byName = new Map(folders.map((folder) => [folder.name, folder.alerts]));
  return new Map(feeds.map((feed) => [feed.url, effectiveAlerts(feed, byName)]));
}

/** The followed feeds, in the order they were added. */
export async function listSubscriptions(): Promise<FeedSubscription[]> {
  const db = await openDigestDB();
  return sortSubscriptions(await db.getAll('subscriptions'));
}

/** URLs of the followed feeds, in the order they were added. */
export async function listFollowedUrls(): Promise<string[]> {
  return (await listSubscriptions()).map((feed) => feed.url);
}

function sortSubscriptions(feeds: FeedSubscription[]): FeedSubscription[] {
  return feeds.toSorted((a, b) => a.addedAt.localeCompare(b.addedAt) || a.url.localeCompare(b.url));
}

/** Everything the pages and the badge show, read in one transaction: only followed feeds' posts and records. */
export interface DigestContent {
  posts: PostView[];
  feeds: FeedState[];
  /** URLs of the followed feeds, in the order they were added (a feed not fetched yet has no record). */
  followed: string[];
  /** The folder of each followed feed that is in one, by URL (#14). */
  folders: Record<string, string>;
}

/** Reads the followed feeds, their posts with read flags and their polling records, consistently. */
export async function readDigest(): Promise<DigestContent> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'posts', 'reads', 'feeds'], 'readonly');
  const [subscriptions, posts, readKeys, states] = await Promise.all([
    tx.objectStore('subscriptions').getAll(),
    tx.objectStore('posts').getAll(),
    tx.objectStore('reads').getAllKeys(),
    tx.objectStore('feeds').getAll(),
  ]);
  const followed = sortSubscriptions(subscriptions).map((feed) => feed.url);
  const isFollowed = new Set(followed);
  const read = new Set(readKeys.map(keyString));
  const folders: Record<string, string> = {};
  for (const feed of subscriptions) if (feed.folder !== null) folders[feed.url] = feed.folder;
  return {
    followed,
    folders,
    posts: posts
      .filter((post) => isFollowed.has(post.feedUrl))
      .map((post) => ({ ...post, read: read.has(keyString([post.feedUrl, post.id])) })),
    feeds: states.filter((state) => isFollowed.has(state.url)),
  };
}

/** Some feeds' part of the digest: their posts with read flags and their records, for those still followed. */
export interface FeedsContent {
  /** Of the feeds asked for, those still followed. */
  followed: string[];
  posts: PostView[];
  feeds: FeedState[];
}

/**
 * Reads only the given feeds' posts, read marks and records (by the `byFeed` index and key ranges), in one
 * transaction: what a page re-reads when the worker says these feeds changed. An unfollowed feed gives nothing.
 */
export async function readFeeds(urls: readonly string[]): Promise<FeedsContent> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'posts', 'reads', 'feeds'], 'readonly');
  const parts = await Promise.all(
    [...new Set(urls)].map(async (url) => {
      const [subscribed, posts, readKeys, state] = await Promise.all([
        tx.objectStore('subscriptions').getKey(url),
        tx.objectStore('posts').index('byFeed').getAll(url),
        tx.objectStore('reads').getAllKeys(feedKeyRange(url)),
        tx.objectStore('feeds').get(url),
      ]);
      if (subscribed === undefined) return null;
      const read = new Set(readKeys.map(keyString));
      return {
        url,
        posts: posts.map((post) => ({ ...post, read: read.has(keyString([post.feedUrl, post.id])) })),
        state: state ?? null,
      };
    }),
  );
  const kept = parts.filter((part) => part !== null);
  return {
    followed: kept.map((part) => part.url),
    posts: kept.flatMap((part) => part.posts),
    feeds: kept.flatMap((part) => (part.state ? [part.state] : [])),
  };
}

/** Every cached post of a followed feed, with its read flag. */
export async function listPosts(): Promise<PostView[]> {
  return (await readDigest()).posts;
}

/** One cached post of a followed feed, or undefined. */
export async function getPost(key: PostKey): Promise<StoredPost | undefined> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'posts'], 'readonly');
  const [followed, post] = await Promise.all([
    tx.objectStore('subscriptions').getKey(key[0]),
    tx.objectStore('posts').get(key),
  ]);
  return followed === undefined ? undefined : post;
}

/** Marks one post read (or unread again); a post of a feed no longer followed is left alone. */
export async function setRead(key: PostKey, read: boolean, at: string): Promise<void> {
  await setReadMany([key], read, at);
}

/**
 * Marks many posts read (or unread) in one transaction: "mark all read", per category or for a filter.
 * Marks for feeds no longer followed are dropped, so an unfollowed feed leaves nothing behind.
 */
export async function setReadMany(keys: readonly PostKey[], read: boolean, at: string): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'reads'], 'readwrite');
  const reads = tx.objectStore('reads');
  const followed = new Set(await tx.objectStore('subscriptions').getAllKeys());
  const writes = keys
    .filter(([feedUrl]) => followed.has(feedUrl))
    .map(([feedUrl, id]) => (read ? reads.put({ feedUrl, id, readAt: at }) : reads.delete([feedUrl, id])));
  await Promise.all([...writes, tx.done]);
}

/** Every read mark of a followed feed (for export). */
export async function listReadMarks(): Promise<ReadMark[]> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'reads'], 'readonly');
  const [followed, marks] = await Promise.all([
    tx.objectStore('subscriptions').getAllKeys(),
    tx.objectStore('reads').getAll(),
  ]);
  const isFollowed = new Set(followed);
  return marks.filter((mark) => isFollowed.has(mark.feedUrl));
}

/** What applying an import changed. */
export interface ImportApplied {
  feedsAdded: number;
  /** Imported feeds that were followed here already. */
  feedsAlreadyFollowed: number;
  readsMerged: number;
}

/**
 * Applies an import's feeds and read marks in one transaction: all or nothing. Feeds not followed yet are
 * added; a mark is taken where this browser has none for the post or an older one (times compared as
 * dates, never as strings). Nothing is un-read. Marks must be validated already (utils/backup.ts).
 */
export async function applyImport(
  feeds: readonly FeedSubscription[],
  marks: readonly ReadMark[],
): Promise<ImportApplied> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'reads'], 'readwrite');
  const subscriptions = tx.objectStore('subscriptions');
  const reads = tx.objectStore('reads');
  const [followed, local] = await Promise.all([
    subscriptions.getAllKeys(),
    Promise.all(marks.map((mark) => reads.get([mark.feedUrl, mark.id]))),
  ]);
  const known = new Set(followed);
  const fresh = feeds.filter((feed) => !known.has(feed.url) && known.add(feed.url));
  const newer = marks.filter((mark, i) => {
    const mine = local[i];
    return !mine || !(Date.parse(mine.readAt) >= Date.parse(mark.readAt));
  });
  await Promise.all([
    ...fresh.map((feed) => subscriptions.put(feed)),
    ...newer.map((mark) => reads.put(mark)),
    tx.done,
  ]);
  return { feedsAdded: fresh.length, feedsAlreadyFollowed: feeds.length - fresh.length, readsMerged: newer.length };
}

/**
 * Unfollows a feed and removes everything of it (posts, read marks, health, ledger) in one transaction;
 * returns the feeds still followed.
 */
export async function unfollowFeed(url: string): Promise<string[]> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'posts', 'reads', 'feeds', 'notified'], 'readwrite');
  const range = feedKeyRange(url);
  const subscriptions = tx.objectStore('subscriptions');
  await Promise.all([
    subscriptions.delete(url),
    tx.objectStore('posts').delete(range),
    tx.objectStore('reads').delete(range),
    tx.objectStore('notified').delete(range),
    tx.objectStore('feeds').delete(url),
  ]);
  const remaining = await subscriptions.getAll();
  await tx.done;
  return sortSubscriptions(remaining).map((feed) => feed.url);
}

/**
 * Deletes what belongs to feeds that are not followed (records, posts, marks, ledger): what versions before
 * #11 could leave behind. Safe at any time; the worker runs it once after the feed list moved here.
 */
export async function forgetUnfollowedData(): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'posts', 'reads', 'feeds', 'notified'], 'readwrite');
  const [followed, recorded] = await Promise.all([
    tx.objectStore('subscriptions').getAllKeys(),
    tx.objectStore('feeds').getAllKeys(),
  ]);
  const keep = new Set(followed);
  const stale = recorded.filter((url) => !keep.has(url));
  await Promise.all([
    ...stale.flatMap((url) => [
      tx.objectStore('posts').delete(feedKeyRange(url)),
      tx.objectStore('reads').delete(feedKeyRange(url)),
      tx.objectStore('notified').delete(feedKeyRange(url)),
      tx.objectStore('feeds').delete(url),
    ]),
    tx.done,
  ]);
}

/** Deletes the whole database ("Reset Digest"); the next open starts empty. */
export async function deleteDigestDB(): Promise<void> {
  await closeDigestDB();
  await deleteDB(DB_NAME, {
    // Open pages close their connections on `versionchange` (see `blocking`), so this goes through.
    blocked: () => console.warn('[digest] reset waits for open pages to close the database'),
  });
}

/** Every followed feed's polling record. */
export async function listFeedStates(): Promise<FeedState[]> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'feeds'], 'readonly');
  const [followed, states] = await Promise.all([
    tx.objectStore('subscriptions').getAllKeys(),
    tx.objectStore('feeds').getAll(),
  ]);
  const isFollowed = new Set(followed);
  return states.filter((state) => isFollowed.has(state.url));
}

/** Every [feedUrl, id] key of one feed: arrays sort after strings, so [url, []] bounds them. */
function feedKeyRange(url: string): IDBKeyRange {
  return IDBKeyRange.bound([url], [url, []]);
}

function keyString([feedUrl, id]: PostKey): string {
  return `${feedUrl}\n${id}`;
}
