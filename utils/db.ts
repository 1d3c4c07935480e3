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
import { countedMutedWords, mutedWordsMatcher, type MutedWordsMatcher } from './muted-words';

export { countedMutedWords };
import type { DigestError } from './errors';
import type { OpmlSkipped } from './feed/outline';
import type { FeedInfo, NormalizedPost } from './feed/parse';
import { summarizePosts, type PostsSummary } from './feed-summary';
import type { Validators } from './feed/validators';
import { postTime } from './post';
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

/**
 * A post as the `posts` store holds it (version 10): with the time it sorts by (`postTime`) as a number, so
 * the `byTime` index lists posts newest first. Readers drop `sortTime`: pages and tests see a StoredPost.
 */
type CachedPost = StoredPost & { sortTime: number };

/** A post as stored, with its sort key (every write goes through this). */
function cachedPost(post: StoredPost): CachedPost {
  return { ...post, sortTime: postTime(post) };
}

/** A stored record without its sort key. */
function storedPost({ sortTime: _sortTime, ...post }: CachedPost): StoredPost {
  return post;
}

/** A cached post together with whether the reader has read it. */
export interface PostView extends StoredPost {
  read: boolean;
}

export type PostKey = [feedUrl: string, id: string];

/**
 * How many cached posts of one feed and category have no read mark (version 8). Kept inside every
 * transaction that writes posts or marks, so the badge counts without reading a single post.
 */
export interface UnreadCount {
  feedUrl: string;
  category: string;
  unread: number;
}

/** The one record of `mutedCountsFor`. */
const COUNTED_WORDS_ID = 'words';

/**
 * The muted words the kept `mutedUnreadCounts` were counted for (version 9), as `countedMutedWords` normalises
 * them. No record: counted for none (the counts are empty).
 */
export interface MutedCountsFor {
  id: typeof COUNTED_WORDS_ID;
  words: string[];
}

// The database's one schema. The database itself keeps the name `digest` (DB_NAME): renaming it would
// lose every reader's posts and marks.
interface Schema extends DBSchema {
  posts: { key: PostKey; value: CachedPost; indexes: { byFeed: string; byFirstSeen: string; byTime: number } };
  reads: { key: PostKey; value: ReadMark };
  unreadCounts: { key: [feedUrl: string, category: string]; value: UnreadCount };
  /** Of the unread posts `unreadCounts` counts, how many the muted words in `mutedCountsFor` hide (version 9). */
  mutedUnreadCounts: { key: [feedUrl: string, category: string]; value: UnreadCount };
  mutedCountsFor: { key: string; value: MutedCountsFor };
  feeds: { key: string; value: FeedState };
  notified: { key: PostKey; value: NotifiedMark };
  subscriptions: { key: string; value: FeedSubscription };
  imports: { key: string; value: ImportJob };
  folders: { key: string; value: FolderSettings };
}

type Database = IDBPDatabase<Schema>;

/** The stores of the kept counts, which every transaction that writes posts or read marks takes too. */
const COUNT_STORES = ['unreadCounts', 'mutedUnreadCounts', 'mutedCountsFor'] as const;

export const DB_NAME = 'digest';
export const DB_VERSION = 10;

let connection: Promise<Database> | null = null;

type UpgradeStore<Name extends 'feeds' | 'posts' | 'reads' | 'subscriptions' | 'unreadCounts'> = IDBPObjectStore<
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
    void cursor.update({ ...post, authors: post.authors ?? [], words: post.words ?? null } as unknown as CachedPost);
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

/**
 * Version 8: the unread counts, taken once from every cached post and read mark (the upgrade reads each
 * post one last time; from here on the transactions that write posts and marks keep the counts).
 */
async function countUnreadAt8(
  posts: UpgradeStore<'posts'>,
  reads: UpgradeStore<'reads'>,
  counts: UpgradeStore<'unreadCounts'>,
): Promise<void> {
  const read = new Set((await reads.getAllKeys()).map(keyString));
  const deltas: UnreadDeltas = new Map();
  for (let cursor = await posts.openCursor(); cursor; cursor = await cursor.continue()) {
    const post = cursor.value;
    if (!read.has(keyString([post.feedUrl, post.id]))) addUnread(deltas, post.feedUrl, countedCategory(post), 1);
  }
  for (const [feedUrl, byCategory] of deltas) {
    for (const [category, unread] of byCategory) void counts.put({ feedUrl, category, unread });
  }
}

/** Version 10 (#14): every cached post gets its sort key, so the `byTime` index lists it. */
async function addSortTimeAt10(posts: UpgradeStore<'posts'>): Promise<void> {
  for (let cursor = await posts.openCursor(); cursor; cursor = await cursor.continue()) {
    void cursor.update(cachedPost(cursor.value));
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
      if (oldVersion < 8) {
        // The badge's count without reading posts: unread per feed and category, kept by every write (and
        // posts by when they were first seen, for the badge's "new" mode). After the walks above: it counts
        // the posts as they rewrote them.
        db.createObjectStore('unreadCounts', { keyPath: ['feedUrl', 'category'] });
        transaction.objectStore('posts').createIndex('byFirstSeen', 'firstSeen');
        if (oldVersion > 0) {
          walks = walks.then(() =>
            countUnreadAt8(
              transaction.objectStore('posts'),
              transaction.objectStore('reads'),
              transaction.objectStore('unreadCounts'),
            ),
          );
        }
      }
      if (oldVersion < 9) {
        // The unread posts muted words hide, per feed and category, so a badge with muted words reads no post
        // (#14). Nothing to count: no record in `mutedCountsFor` means counted for no words, which empty counts
        // are; the badge recounts once it is asked for other words (readBadgeCounts).
        db.createObjectStore('mutedUnreadCounts', { keyPath: ['feedUrl', 'category'] });
        db.createObjectStore('mutedCountsFor', { keyPath: 'id' });
      }
      if (oldVersion < 10) {
        // #14: posts newest first by an index, so a page reads what fills its first screen, not the whole
        // cache. After the walks above: it keys the posts as they rewrote them.
        transaction.objectStore('posts').createIndex('byTime', 'sortTime');
        if (oldVersion > 0) walks = walks.then(() => addSortTimeAt10(transaction.objectStore('posts')));
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

// `imports`: an imported feed is followed and its import entry marked added in the same transaction (#14);
// `unreadCounts` and `mutedUnreadCounts` (for the words in `mutedCountsFor`): the badge's counts change with the
// posts and marks they count.
const FETCH_STORES = ['subscriptions', 'posts', 'reads', 'feeds', 'notified', 'imports', ...COUNT_STORES] as const;
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
  const [existing, marks, ledger, state, words] = await Promise.all([
    postStore.index('byFeed').getAll(url),
    readStore.getAll(range),
    ledgerStore.getAll(range),
    feedStore.get(url),
    countedWords(tx.objectStore('mutedCountsFor')),
  ]);
  const cached = new Map(existing.map((post) => [post.id, post]));
  const seenAt = new Map(ledger.map((entry) => [entry.id, entry.at]));
  const read = new Set(marks.map((mark) => mark.id));
  const unread = countChanges(words);
  const added: StoredPost[] = [];
  const writes: Promise<unknown>[] = [];
  for (const post of fetched.posts) {
    const before = cached.get(post.id);
    const firstSeen = before?.firstSeen ?? seenAt.get(post.id);
    const record = cachedPost({ ...post, feedUrl: url, firstSeen: firstSeen ?? at });
    if (firstSeen === undefined) {
      added.push(record);
      seenAt.set(post.id, at);
      writes.push(ledgerStore.put({ feedUrl: url, id: post.id, at }));
    }
    if (!read.has(post.id)) {
      // Replaced (its category or text may have changed) or new: the unread counts follow the stored record.
      if (before) changeUnread(unread, before, -1);
      changeUnread(unread, record, 1);
    }
    cached.set(post.id, record);
    writes.push(postStore.put(record));
  }
  const inFetch = new Set(fetched.posts.map((post) => post.id));
  const prune = selectPrunable(
    [...cached.values()].map((post) => ({ ...post, read: read.has(post.id) })),
    Date.parse(at),
    retention,
    inFetch,
  );
  for (const id of prune) {
    const pruned = cached.get(id);
    if (pruned && !read.has(id)) changeUnread(unread, pruned, -1);
    writes.push(postStore.delete([url, id]));
    cached.delete(id);
  }
  writes.push(applyCounts(tx, unread));
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
      .map((post) => ({ ...storedPost(post), read: read.has(keyString([post.feedUrl, post.id])) })),
    feeds: states.filter((state) => isFollowed.has(state.url)),
  };
}

/**
 * How many posts a page's first read takes: as many as the snapshot keeps (components/snapshot.ts), which fill
 * any first screen. Its cost follows this number (about 2 × the 500-post read at 1,000).
 */
export const FIRST_READ_POSTS = 600;

/** The newest part of the digest, and whether it is all of it. */
export interface DigestHead extends DigestContent {
  /** Every cached post was read (the cache holds fewer than the limit). */
  complete: boolean;
  /** The kept unread counts, as of the same moment: what a page counts by until it has every post. */
  unreadCounts: UnreadCount[];
  /** Of those, the kept counts muted words hide, and the words they were counted for. */
  mutedUnreadCounts: KeptMutedCounts;
}

/** The kept counts of unread posts muted words hide (version 9), and the words they were counted for. */
export interface KeptMutedCounts {
  /** As `countedMutedWords` normalises them; counts for other words say nothing of the reader's. */
  words: string[];
  counts: UnreadCount[];
}

/**
 * Reads what fills a page's first screen, in one transaction: the followed feeds, their records and folders,
 * and the newest cached posts (at least `limit` of them where the cache holds that many, every post as new as
 * the last one read included) with the read marks of just those posts. By the `byTime` index: the cursor skips
 * to the `limit`-th newest post, and one `getAll` reads from there up, so the cost follows `limit`, not the cache.
 */
export async function readDigestHead(limit: number = FIRST_READ_POSTS): Promise<DigestHead> {
  const db = await openDigestDB();
  const tx = db.transaction(
    ['subscriptions', 'posts', 'reads', 'feeds', 'unreadCounts', 'mutedUnreadCounts', 'mutedCountsFor'],
    'readonly',
  );
  const postStore = tx.objectStore('posts');
  const byTime = postStore.index('byTime');
  const [subscriptions, states, unreadCounts, mutedCounts, mutedWords, newest] = await Promise.all([
    tx.objectStore('subscriptions').getAll(),
    tx.objectStore('feeds').getAll(),
    tx.objectStore('unreadCounts').getAll(),
    tx.objectStore('mutedUnreadCounts').getAll(),
    countedWords(tx.objectStore('mutedCountsFor')),
    byTime.openKeyCursor(null, 'prev'),
  ]);
  const last = newest && limit > 1 ? await newest.advance(limit - 1) : newest;
  const from = last?.key;
  // No post after the `limit`-th one: the first read is the whole cache.
  const complete = last === null || (await last.continue()) === null;
  const posts = from === undefined ? await postStore.getAll() : await byTime.getAll(IDBKeyRange.lowerBound(from));
  const followed = sortSubscriptions(subscriptions).map((feed) => feed.url);
  const isFollowed = new Set(followed);
  const shown = posts.filter((post) => isFollowed.has(post.feedUrl));
  const marks = await Promise.all(shown.map((post) => tx.objectStore('reads').getKey([post.feedUrl, post.id])));
  const folders: Record<string, string> = {};
  for (const feed of subscriptions) if (feed.folder !== null) folders[feed.url] = feed.folder;
  return {
    followed,
    folders,
    posts: shown.map((post, index) => ({ ...storedPost(post), read: marks[index] !== undefined })),
    feeds: states.filter((state) => isFollowed.has(state.url)),
    complete,
    unreadCounts: unreadCounts.filter((count) => isFollowed.has(count.feedUrl)),
    mutedUnreadCounts: { words: mutedWords, counts: mutedCounts.filter((count) => isFollowed.has(count.feedUrl)) },
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
        posts: posts.map((post) => ({ ...storedPost(post), read: read.has(keyString([post.feedUrl, post.id])) })),
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
  return followed === undefined || post === undefined ? undefined : storedPost(post);
}

/** The cached posts under these keys (undefined where none is), read in one transaction. */
export async function getPosts(keys: readonly PostKey[]): Promise<(StoredPost | undefined)[]> {
  const db = await openDigestDB();
  const tx = db.transaction('posts', 'readonly');
  return Promise.all(keys.map((key) => tx.store.get(key)));
}

/** The read marks under these keys (undefined where a post has none), read in one transaction. */
export async function getReadMarks(keys: readonly PostKey[]): Promise<(ReadMark | undefined)[]> {
  const db = await openDigestDB();
  const tx = db.transaction('reads', 'readonly');
  return Promise.all(keys.map((key) => tx.store.get(key)));
}

/**
 * Follows a feed another browser follows (#15), without fetching it, or sets the title, folder and alerts sync
 * brought to one followed here already, in one transaction. Returns whether it was newly followed.
 */
export async function followSynced(
  url: string,
  settings: Pick<FeedSubscription, 'title' | 'folder' | 'alerts'>,
  addedAt: string,
): Promise<boolean> {
  const db = await openDigestDB();
  const tx = db.transaction('subscriptions', 'readwrite');
  const current = await tx.store.get(url);
  void tx.store.put(current ? { ...current, ...settings } : { url, addedAt, ...settings });
  await tx.done;
  return current === undefined;
}

/** Marks one post read (or unread again); a post of a feed no longer followed is left alone. */
export async function setRead(key: PostKey, read: boolean, at: string): Promise<void> {
  await setReadMany([key], read, at);
}

/** Up to this many keys of one feed, setReadMany reads each key's mark and post; past it, the feed's at once. */
const MARKS_READ_ONE_BY_ONE = 64;

/**
 * Marks many posts read (or unread) in one transaction: "mark all read", per category or for a filter.
 * Marks for feeds no longer followed are dropped, so an unfollowed feed leaves nothing behind.
 */
export async function setReadMany(
  keys: readonly PostKey[],
  read: boolean,
  at: string,
  /** Each key's own time (ISO), where a mark carries when it was made elsewhere (#15: synced marks). */
  times?: ReadonlyMap<string, string>,
): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'reads', 'posts', ...COUNT_STORES], 'readwrite');
  const reads = tx.objectStore('reads');
  const posts = tx.objectStore('posts');
  const [subscribed, words] = await Promise.all([
    tx.objectStore('subscriptions').getAllKeys(),
    countedWords(tx.objectStore('mutedCountsFor')),
  ]);
  const followed = new Set(subscribed);
  const unique = [...new Map(keys.map((key) => [keyString(key), key])).values()].filter(([feedUrl]) =>
    followed.has(feedUrl),
  );
  // Only a cached post whose mark really changes moves its category's unread count. A feed with many keys
  // ("mark all read") has its marks and posts read at once, not two requests a key.
  const perFeed = Map.groupBy(unique, ([feedUrl]) => feedUrl);
  const state = new Map<string, { marked: boolean; post: StoredPost | undefined }>();
  await Promise.all(
    [...perFeed].map(async ([feedUrl, feedKeys]) => {
      if (feedKeys.length > MARKS_READ_ONE_BY_ONE) {
        const [markKeys, feedPosts] = await Promise.all([
          reads.getAllKeys(feedKeyRange(feedUrl)),
          posts.index('byFeed').getAll(feedUrl),
        ]);
        const markedIds = new Set(markKeys.map(([, id]) => id));
        const byId = new Map(feedPosts.map((post) => [post.id, post]));
        for (const [, id] of feedKeys)
          state.set(keyString([feedUrl, id]), { marked: markedIds.has(id), post: byId.get(id) });
        return;
      }
      await Promise.all(
        feedKeys.map(async (key) => {
          const [mark, post] = await Promise.all([reads.getKey(key), posts.get(key)]);
          state.set(keyString(key), { marked: mark !== undefined, post });
        }),
      );
    }),
  );
  const unread = countChanges(words);
  const writes = unique.map(([feedUrl, id]) => {
    const { marked: wasRead, post } = state.get(keyString([feedUrl, id]))!;
    if (post && wasRead !== read) changeUnread(unread, post, read ? -1 : 1);
    const readAt = times?.get(keyString([feedUrl, id])) ?? at;
    return read ? reads.put({ feedUrl, id, readAt }) : reads.delete([feedUrl, id]);
  });
  await Promise.all([...writes, applyCounts(tx, unread), tx.done]);
}

/** The posts a group's "mark all read" marks, when the page has not read every post (#14). */
export interface GroupToMark {
  /** The group's category, or null for every category (a feed's group). */
  category: string | null;
  /** The group's feed, or null for every followed feed (a category's group). */
  feedUrl: string | null;
  /** The reader's muted words: the posts they hide are not in the group, so not marked. */
  mutedWords: string[];
  /** The muted categories the page hides: not in any group. */
  hiddenCategories: string[];
  /** Posts the page shows apart from the group ("New since your last visit"): left as they are. */
  except: PostKey[];
}

/**
 * Marks every unread cached post of a group read in one transaction, without the page holding them: the feeds
 * with unread posts in it by the kept counts, each read by the `byFeed` index with its marks. Updates the kept
 * counts as setReadMany does. Returns the keys it marked (for the change the worker announces).
 */
export async function markGroupRead(group: GroupToMark, at: string): Promise<PostKey[]> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'reads', 'posts', ...COUNT_STORES], 'readwrite');
  const reads = tx.objectStore('reads');
  const posts = tx.objectStore('posts');
  const [subscribed, counts, words] = await Promise.all([
    tx.objectStore('subscriptions').getAllKeys(),
    tx.objectStore('unreadCounts').getAll(),
    countedWords(tx.objectStore('mutedCountsFor')),
  ]);
  const followed = new Set(subscribed);
  const hidden = new Set(group.hiddenCategories);
  const feeds = new Set(
    counts
      .filter(
        (count) =>
          followed.has(count.feedUrl) &&
          (group.feedUrl === null || count.feedUrl === group.feedUrl) &&
          (group.category === null || count.category === group.category) &&
          !hidden.has(count.category),
      )
      .map((count) => count.feedUrl),
  );
  const hides = mutedWordsMatcher(group.mutedWords);
  const except = new Set(group.except.map(keyString));
  const unread = countChanges(words);
  const marked: PostKey[] = [];
  await Promise.all(
    [...feeds].map(async (feedUrl) => {
      const [markKeys, feedPosts] = await Promise.all([
        reads.getAllKeys(feedKeyRange(feedUrl)),
        posts.index('byFeed').getAll(feedUrl),
      ]);
      const markedIds = new Set(markKeys.map(([, id]) => id));
      for (const post of feedPosts) {
        const category = countedCategory(post);
        if (markedIds.has(post.id) || hidden.has(category)) continue;
        if (group.category !== null && category !== group.category) continue;
        if (except.has(keyString([feedUrl, post.id])) || hides(post) !== null) continue;
        changeUnread(unread, post, -1);
        marked.push([feedUrl, post.id]);
      }
    }),
  );
  const writes = marked.map(([feedUrl, id]) => reads.put({ feedUrl, id, readAt: at }));
  await Promise.all([...writes, applyCounts(tx, unread), tx.done]);
  return marked;
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
  const tx = db.transaction(['subscriptions', 'reads', 'posts', ...COUNT_STORES], 'readwrite');
  const subscriptions = tx.objectStore('subscriptions');
  const reads = tx.objectStore('reads');
  const [followed, local, words] = await Promise.all([
    subscriptions.getAllKeys(),
    Promise.all(marks.map((mark) => reads.get([mark.feedUrl, mark.id]))),
    countedWords(tx.objectStore('mutedCountsFor')),
  ]);
  const known = new Set(followed);
  const fresh = feeds.filter((feed) => !known.has(feed.url) && known.add(feed.url));
  const newer: ReadMark[] = [];
  // A mark for a post that had none makes it read: if it is cached, its category's unread count goes down
  // (once, even when the file names the post twice).
  const newlyRead = new Map<string, ReadMark>();
  marks.forEach((mark, i) => {
    const mine = local[i];
    if (mine && Date.parse(mine.readAt) >= Date.parse(mark.readAt)) return;
    newer.push(mark);
    if (!mine) newlyRead.set(keyString([mark.feedUrl, mark.id]), mark);
  });
  const cached = await Promise.all(
    [...newlyRead.values()].map((mark) => tx.objectStore('posts').get([mark.feedUrl, mark.id])),
  );
  const unread = countChanges(words);
  for (const post of cached) if (post) changeUnread(unread, post, -1);
  await Promise.all([
    ...fresh.map((feed) => subscriptions.put(feed)),
    ...newer.map((mark) => reads.put(mark)),
    applyCounts(tx, unread),
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
  const tx = db.transaction(
    ['subscriptions', 'posts', 'reads', 'feeds', 'notified', 'unreadCounts', 'mutedUnreadCounts'],
    'readwrite',
  );
  const range = feedKeyRange(url);
  const subscriptions = tx.objectStore('subscriptions');
  await Promise.all([
    subscriptions.delete(url),
    tx.objectStore('posts').delete(range),
    tx.objectStore('unreadCounts').delete(range),
    tx.objectStore('mutedUnreadCounts').delete(range),
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
  const tx = db.transaction(
    ['subscriptions', 'posts', 'reads', 'feeds', 'notified', 'unreadCounts', 'mutedUnreadCounts'],
    'readwrite',
  );
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
      tx.objectStore('unreadCounts').delete(feedKeyRange(url)),
      tx.objectStore('mutedUnreadCounts').delete(feedKeyRange(url)),
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

/** One followed feed as the options page shows it (#14): when it was followed, its polling record, its posts summarised. */
export interface FeedSummary extends PostsSummary {
  url: string;
  /** The subscription's `addedAt`: a feed unfollowed and followed again is a new one, summarised again. */
  addedAt: string;
  state: FeedState | null;
}

/**
 * Summarises the given feeds' cached posts (count, categories, what each muted word hides) with their polling
 * records, each feed by the `byFeed` index, in one transaction, without read marks or PostViews: what the options
 * page reads for the feeds a change names, instead of every post. An unfollowed feed gives nothing.
 */
export async function readFeedSummaries(
  urls: readonly string[],
  mutedWords: readonly string[],
): Promise<FeedSummary[]> {
  const db = await openDigestDB();
  const tx = db.transaction(['subscriptions', 'posts', 'feeds'], 'readonly');
  const summaries = await Promise.all(
    [...new Set(urls)].map(async (url): Promise<FeedSummary | null> => {
      const [subscription, posts, state] = await Promise.all([
        tx.objectStore('subscriptions').get(url),
        tx.objectStore('posts').index('byFeed').getAll(url),
        tx.objectStore('feeds').get(url),
      ]);
      if (subscription === undefined) return null;
      return { url, addedAt: subscription.addedAt, state: state ?? null, ...summarizePosts(posts, mutedWords) };
    }),
  );
  return summaries.filter((summary) => summary !== null);
}

/** Unread posts counted per feed, then per category: what one transaction changes. */
type UnreadDeltas = Map<string, Map<string, number>>;

/**
 * What one transaction changes in the kept counts: the unread posts, and of them those the muted words the
 * counts were kept for hide (`hides`, null when they were kept for none).
 */
interface CountChanges {
  unread: UnreadDeltas;
  hidden: UnreadDeltas;
  hides: MutedWordsMatcher | null;
}

function countChanges(words: readonly string[]): CountChanges {
  return { unread: new Map(), hidden: new Map(), hides: compiledMutedWords(words) };
}

/** Counts a cached post as unread (+1) or no longer (-1), and among the hidden ones when the counted words hide it. */
function changeUnread(changes: CountChanges, post: StoredPost, change: number): void {
  const category = countedCategory(post);
  addUnread(changes.unread, post.feedUrl, category, change);
  if (changes.hides && changes.hides(post) !== null) addUnread(changes.hidden, post.feedUrl, category, change);
}

/** A post's category as a key part: a record an old version stored without one counts as '' (no category). */
function countedCategory(post: Pick<StoredPost, 'category'>): string {
  return typeof post.category === 'string' ? post.category : '';
}

function addUnread(deltas: UnreadDeltas, feedUrl: string, category: string, change: number): void {
  const byCategory = deltas.get(feedUrl) ?? new Map<string, number>();
  deltas.set(feedUrl, byCategory.set(category, (byCategory.get(category) ?? 0) + change));
}

/** What applyUnread needs of `unreadCounts` or `mutedUnreadCounts` in a readwrite transaction. */
interface CountStore {
  get(key: [string, string]): Promise<UnreadCount | undefined>;
  put(value: UnreadCount): Promise<unknown>;
  delete(key: [string, string]): Promise<void>;
}

/** Adds a transaction's changes to the kept unread (and hidden unread) counts, in it; a count at zero is deleted. */
async function applyCounts(
  tx: IDBPTransaction<Schema, ArrayLike<StoreNames<Schema>>, 'readwrite'>,
  changes: CountChanges,
): Promise<void> {
  await Promise.all([
    applyUnread(tx.objectStore('unreadCounts'), changes.unread),
    applyUnread(tx.objectStore('mutedUnreadCounts'), changes.hidden),
  ]);
}

async function applyUnread(store: CountStore, deltas: UnreadDeltas): Promise<void> {
  const changes = [...deltas].flatMap(([feedUrl, byCategory]) =>
    [...byCategory].filter(([, change]) => change !== 0).map(([category, change]) => ({ feedUrl, category, change })),
  );
  await Promise.all(
    changes.map(async ({ feedUrl, category, change }) => {
      const unread = ((await store.get([feedUrl, category]))?.unread ?? 0) + change;
      await (unread === 0 ? store.delete([feedUrl, category]) : store.put({ feedUrl, category, unread }));
    }),
  );
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((word, i) => word === b[i]);
}

/** The muted words the kept hidden counts were counted for (none when no record says). */
async function countedWords(store: { get(id: string): Promise<MutedCountsFor | undefined> }): Promise<string[]> {
  return (await store.get(COUNTED_WORDS_ID))?.words ?? [];
}

/** The last list compiled: every write and badge asks for the same one until the reader changes it. */
let lastCompiled: { key: string; hides: MutedWordsMatcher } | null = null;

/** The matcher for normalised muted words, or null for none. */
function compiledMutedWords(words: readonly string[]): MutedWordsMatcher | null {
  if (words.length === 0) return null;
  const key = words.join('\n');
  if (lastCompiled?.key !== key) lastCompiled = { key, hides: mutedWordsMatcher(words) };
  return lastCompiled.hides;
}

/** In the badge's "new" mode, a side of the last look with fewer posts than this is read post by post. */
const NEW_MODE_SIDE_LIMIT = 1000;

/** What the badge shows, counted without reading posts where it can be. */
export interface BadgeCounts {
  /** Unread posts of followed feeds per category, those the muted words hide left out (categories' mutes not applied). */
  unreadByCategory: Map<string, number>;
  /** The followed feeds' polling records (health and last success for the tooltip). */
  feeds: FeedState[];
}

const BADGE_STORES = [
  'subscriptions',
  'folders',
  'feeds',
  'posts',
  'reads',
  'unreadCounts',
  'mutedUnreadCounts',
  'mutedCountsFor',
] as const;
type BadgeTx = IDBPTransaction<Schema, typeof BADGE_STORES, 'readonly'>;

/**
 * The badge's counts in one transaction, without the unread posts `mutedWords` hide. Without `newSince` ("unread"
 * mode) it sums the kept unread counts of the followed feeds that are not quiet, less the kept counts of those
 * the words hide, and reads no post; with it ("new" mode) it reads only the posts first seen after `newSince`
 * (index `byFirstSeen`) and their read marks. When the kept counts were counted for other words (the reader
 * changed them; a write raced the change), it first recounts the hidden posts, once, reading every post.
 */
export async function readBadgeCounts(
  newSince: string | null = null,
  mutedWords: readonly string[] = [],
): Promise<BadgeCounts> {
  const words = countedMutedWords(mutedWords);
  const db = await openDigestDB();
  const tx = db.transaction(BADGE_STORES, 'readonly');
  if (sameWords(await countedWords(tx.objectStore('mutedCountsFor')), words)) return countBadge(tx, newSince, words);
  await tx.done;
  // Recounted and counted in one transaction, so no write counted for other words comes between.
  const recount = db.transaction(BADGE_STORES, 'readwrite');
  await recountHidden(recount, words);
  return countBadge(recount as unknown as BadgeTx, newSince, words);
}

/**
 * Recounts, in `tx`, the unread posts `words` hide from every cached post and read mark, and records the words
 * they were counted for; does nothing when they were counted for `words` already (another badge was first).
 */
async function recountHidden(tx: IDBPTransaction<Schema, typeof BADGE_STORES, 'readwrite'>, words: string[]) {
  const countedFor = tx.objectStore('mutedCountsFor');
  if (sameWords(await countedWords(countedFor), words)) return;
  const hidden = countChanges(words);
  if (hidden.hides) {
    const [posts, readKeys] = await Promise.all([
      tx.objectStore('posts').getAll(),
      tx.objectStore('reads').getAllKeys(),
    ]);
    const read = new Set(readKeys.map(keyString));
    for (const post of posts) if (!read.has(keyString([post.feedUrl, post.id]))) changeUnread(hidden, post, 1);
  }
  const store = tx.objectStore('mutedUnreadCounts');
  await store.clear();
  await Promise.all([
    applyUnread(store, hidden.hidden),
    words.length === 0 ? countedFor.delete(COUNTED_WORDS_ID) : countedFor.put({ id: COUNTED_WORDS_ID, words }),
  ]);
}

/** The badge's counts read in `tx`, whose hidden counts were counted for `words`; waits for `tx` to finish. */
async function countBadge(tx: BadgeTx, newSince: string | null, words: readonly string[]): Promise<BadgeCounts> {
  const hides = compiledMutedWords(words);
  const [subscriptions, folders, states] = await Promise.all([
    tx.objectStore('subscriptions').getAll(),
    tx.objectStore('folders').getAll(),
    tx.objectStore('feeds').getAll(),
  ]);
  const folderAlerts = new Map(folders.map((folder) => [folder.name, folder.alerts]));
  // Counted: the followed feeds that are not quiet (#14); every followed feed's health still shows.
  const followed = new Set(subscriptions.map((feed) => feed.url));
  const counted = new Set(
    subscriptions.filter((feed) => effectiveAlerts(feed, folderAlerts) !== 'quiet').map((feed) => feed.url),
  );
  const unreadByCategory = new Map<string, number>();
  const count = (category: string, n: number) =>
    unreadByCategory.set(category, (unreadByCategory.get(category) ?? 0) + n);
  const keptCounts = async () => {
    const [unread, hidden] = await Promise.all([
      tx.objectStore('unreadCounts').getAll(),
      hides ? tx.objectStore('mutedUnreadCounts').getAll() : [],
    ]);
    for (const { feedUrl, category, unread: n } of unread) if (counted.has(feedUrl)) count(category, n);
    for (const { feedUrl, category, unread: n } of hidden) if (counted.has(feedUrl)) count(category, -n);
  };
  if (newSince) {
    // Only posts first seen after the look count. Read a side with few posts (their keys, at most
    // NEW_MODE_SIDE_LIMIT, tell): the new posts themselves, or (when nearly all are new, as after a large
    // import) the older ones, taken off the kept counts. Counting a side instead would walk all of it.
    const posts = tx.objectStore('posts');
    const fresh = IDBKeyRange.lowerBound(newSince, true);
    const older = IDBKeyRange.upperBound(newSince);
    const few = async (range: IDBKeyRange) =>
      (await posts.index('byFirstSeen').getAllKeys(range, NEW_MODE_SIDE_LIMIT)).length < NEW_MODE_SIDE_LIMIT;
    // With many posts on both sides (a long absence on top of a large cache) the new ones are read whole.
    const side = (await few(fresh)) || !(await few(older)) ? fresh : older;
    // The posts read are matched here: the kept hidden counts are for all of them, not a side.
    const picked = (await posts.index('byFirstSeen').getAll(side)).filter(
      (post) => counted.has(post.feedUrl) && (hides === null || hides(post) === null),
    );
    const read = await readMarksOf(tx.objectStore('reads'), picked);
    if (side === older) await keptCounts();
    for (const post of picked) {
      if (!read.has(keyString([post.feedUrl, post.id]))) count(countedCategory(post), side === fresh ? 1 : -1);
    }
  } else {
    await keptCounts();
  }
  await tx.done;
  return {
    unreadByCategory: new Map([...unreadByCategory].filter(([, n]) => n !== 0)),
    feeds: states.filter((state) => followed.has(state.url)),
  };
}

/** Which of `posts` have a read mark (as key strings): a request each for a few, else every mark's key at once. */
async function readMarksOf(
  reads: IDBPObjectStore<Schema, ArrayLike<StoreNames<Schema>>, 'reads', 'readonly'>,
  posts: readonly StoredPost[],
): Promise<Set<string>> {
  if (posts.length > 256) return new Set((await reads.getAllKeys()).map(keyString));
  const marks = await Promise.all(posts.map((post) => reads.getKey([post.feedUrl, post.id])));
  return new Set(marks.filter((key) => key !== undefined).map(keyString));
}

/** Every kept unread count, as stored (tests compare them with a recount). */
export async function listUnreadCounts(): Promise<UnreadCount[]> {
  const db = await openDigestDB();
  return db.getAll('unreadCounts');
}

/** The kept counts of unread posts muted words hide, and the words they were counted for (pages count by them). */
export async function listMutedUnreadCounts(): Promise<KeptMutedCounts> {
  const db = await openDigestDB();
  const tx = db.transaction(['mutedCountsFor', 'mutedUnreadCounts'], 'readonly');
  const [words, counts] = await Promise.all([
    countedWords(tx.objectStore('mutedCountsFor')),
    tx.objectStore('mutedUnreadCounts').getAll(),
  ]);
  await tx.done;
  return { words, counts };
}

/** Every [feedUrl, id] key of one feed: arrays sort after strings, so [url, []] bounds them. */
function feedKeyRange(url: string): IDBKeyRange {
  return IDBKeyRange.bound([url], [url, []]);
}

function keyString([feedUrl, id]: PostKey): string {
  return `${feedUrl}\n${id}`;
}
