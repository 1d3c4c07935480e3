import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FeedError, FeedInfo, NormalizedPost } from './feed-schema';
import type { Validators } from './feed-fetch';
import { DEFAULT_RETENTION, selectPrunable, type RetentionPolicy } from './retention';

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

/** A named failure as stored: a feed error kind, or `storage` for the local database. */
export interface StoredError {
  kind: FeedError['kind'] | 'storage' | 'permission';
  message: string;
}

/** What Digest knows about polling one feed. */
export interface FeedState {
  url: string;
  info: FeedInfo | null;
  validators: Validators;
  lastAttempt: string | null;
  lastSuccess: string | null;
  lastError: (StoredError & { at: string }) | null;
  consecutiveFailures: number;
  /** When the scheduler next polls this feed (ISO); null before the first poll and once a feed is expired. */
  nextPoll: string | null;
}

/** A post the reader was already told about; the ledger that keeps notifications from repeating. */
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

interface DigestSchema extends DBSchema {
  posts: { key: PostKey; value: StoredPost; indexes: { byFeed: string } };
  reads: { key: PostKey; value: ReadMark };
  feeds: { key: string; value: FeedState };
  notified: { key: PostKey; value: NotifiedMark };
}

export type DigestDB = IDBPDatabase<DigestSchema>;

export const DB_NAME = 'digest';
export const DB_VERSION = 2;

let connection: Promise<DigestDB> | null = null;

/** Opens (once per page or worker) the Digest database, upgrading it through the version ladder. */
export function openDigestDB(): Promise<DigestDB> {
  connection ??= openDB<DigestSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
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
    connection = null;
    throw error;
  });
  return connection;
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

// Records written before version 3 of this code lack `nextPoll`: read them as "not scheduled yet".
function withDefaults(state: FeedState | undefined, url: string): FeedState {
  return state ? { ...emptyFeedState(url), ...state } : emptyFeedState(url);
}

/** The polling record of a feed, or a fresh one. */
export async function getFeedState(url: string): Promise<FeedState> {
  const db = await openDigestDB();
  return withDefaults(await db.get('feeds', url), url);
}

/**
 * Records a failed poll; cached posts and read marks are not touched. `schedule` computes the next
 * poll from the updated record (it needs the new failure count), inside the same transaction.
 */
export async function recordFailure(
  url: string,
  error: StoredError,
  at: string,
  schedule: (failed: FeedState) => string | null = () => null,
): Promise<FeedState> {
  const db = await openDigestDB();
  const tx = db.transaction('feeds', 'readwrite');
  const state = withDefaults(await tx.store.get(url), url);
  const failed: FeedState = {
    ...state,
    lastAttempt: at,
    lastError: { ...error, at },
    consecutiveFailures: state.consecutiveFailures + 1,
  };
  const next = { ...failed, nextPoll: schedule(failed) };
  await Promise.all([tx.store.put(next), tx.done]);
  return next;
}

/** Records a 304: the feed is healthy and unchanged; nothing else is written. */
export async function recordNotModified(url: string, at: string, nextPoll: string | null = null): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction('feeds', 'readwrite');
  const state = withDefaults(await tx.store.get(url), url);
  await Promise.all([
    tx.store.put({ ...state, lastAttempt: at, lastSuccess: at, lastError: null, consecutiveFailures: 0, nextPoll }),
    tx.done,
  ]);
}

/** Options for saving a fetch. */
export interface SaveOptions {
  retention?: RetentionPolicy;
  /** When to poll this feed next (ISO), or null to stop (expired). */
  nextPoll?: string | null;
}

/** What saving a fetch changed. */
export interface SaveResult {
  /** Posts seen for the first time. */
  added: StoredPost[];
  /** How many old posts retention removed. */
  pruned: number;
}

/**
 * Writes a successful fetch in one transaction: posts upserted (keeping when each was first seen),
 * old posts pruned by the retention rule, and the feed's validators saved only now, after the parse
 * succeeded. Nothing else is awaited inside the transaction (idb's rule), so it cannot auto-commit early.
 */
export async function saveFetchedPosts(
  url: string,
  info: FeedInfo,
  posts: NormalizedPost[],
  validators: Validators,
  at: string,
  { retention = DEFAULT_RETENTION, nextPoll = null }: SaveOptions = {},
): Promise<SaveResult> {
  const db = await openDigestDB();
  const tx = db.transaction(['posts', 'reads', 'feeds'], 'readwrite');
  const postStore = tx.objectStore('posts');
  const readStore = tx.objectStore('reads');
  const feedStore = tx.objectStore('feeds');
  const [existing, readKeys, state] = await Promise.all([
    postStore.index('byFeed').getAll(url),
    readStore.getAllKeys(feedKeyRange(url)),
    feedStore.get(url),
  ]);
  const firstSeen = new Map(existing.map((post) => [post.id, post.firstSeen]));
  const stored = new Map(existing.map((post) => [post.id, post]));
  const added: StoredPost[] = [];
  const writes: Promise<unknown>[] = [];
  for (const post of posts) {
    const seen = firstSeen.get(post.id);
    const record: StoredPost = { ...post, feedUrl: url, firstSeen: seen ?? at };
    if (!seen) added.push(record);
    stored.set(post.id, record);
    writes.push(postStore.put(record));
  }
  const read = new Set(readKeys.map(([, id]) => id));
  const prune = selectPrunable(
    [...stored.values()].map((post) => ({ ...post, read: read.has(post.id) })),
    Date.parse(at),
    retention,
  );
  for (const id of prune) {
    writes.push(postStore.delete([url, id]));
    if (read.has(id)) writes.push(readStore.delete([url, id]));
  }
  const base = withDefaults(state, url);
  writes.push(
    feedStore.put({
      ...base,
      info,
      validators,
      lastAttempt: at,
      lastSuccess: at,
      lastError: null,
      consecutiveFailures: 0,
      nextPoll,
    }),
  );
  await Promise.all([...writes, tx.done]);
  const pruned = new Set(prune);
  return { added: added.filter((post) => !pruned.has(post.id)), pruned: prune.length };
}

/**
 * Adds posts to the notification ledger and returns those that were not in it yet, in one
 * transaction, so a post is announced at most once across worker and browser restarts.
 */
export async function takeUnnotified(posts: readonly StoredPost[], at: string): Promise<StoredPost[]> {
  const db = await openDigestDB();
  const tx = db.transaction('notified', 'readwrite');
  const known = await Promise.all(posts.map((post) => tx.store.getKey([post.feedUrl, post.id])));
  const fresh = posts.filter((_, i) => known[i] === undefined);
  await Promise.all([...fresh.map((post) => tx.store.put({ feedUrl: post.feedUrl, id: post.id, at })), tx.done]);
  return fresh;
}

/** Every cached post with its read flag. */
export async function listPosts(): Promise<PostView[]> {
  const db = await openDigestDB();
  const tx = db.transaction(['posts', 'reads'], 'readonly');
  const [posts, readKeys] = await Promise.all([tx.objectStore('posts').getAll(), tx.objectStore('reads').getAllKeys()]);
  const read = new Set(readKeys.map(keyString));
  return posts.map((post) => ({ ...post, read: read.has(keyString([post.feedUrl, post.id])) }));
}

/** How many cached posts the reader has not read. */
export async function countUnread(): Promise<number> {
  const posts = await listPosts();
  return posts.reduce((n, post) => (post.read ? n : n + 1), 0);
}

/** One cached post, or undefined. */
export async function getPost(key: PostKey): Promise<StoredPost | undefined> {
  const db = await openDigestDB();
  return db.get('posts', key);
}

/** Marks one post read (or unread again). */
export async function setRead(key: PostKey, read: boolean, at: string): Promise<void> {
  const db = await openDigestDB();
  const [feedUrl, id] = key;
  if (read) await db.put('reads', { feedUrl, id, readAt: at });
  else await db.delete('reads', key);
}

/** Marks many posts read (or unread) in one transaction: "mark all read", per category or for a filter. */
export async function setReadMany(keys: readonly PostKey[], read: boolean, at: string): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction('reads', 'readwrite');
  await Promise.all([
    ...keys.map(([feedUrl, id]) => (read ? tx.store.put({ feedUrl, id, readAt: at }) : tx.store.delete([feedUrl, id]))),
    tx.done,
  ]);
}

/** Every read mark (for export). */
export async function listReadMarks(): Promise<ReadMark[]> {
  const db = await openDigestDB();
  return db.getAll('reads');
}

/** Adds imported read marks; where both sides marked a post, the later time wins. Nothing is un-read. */
export async function mergeReadMarks(marks: readonly ReadMark[]): Promise<number> {
  const db = await openDigestDB();
  const tx = db.transaction('reads', 'readwrite');
  const existing = await Promise.all(marks.map((mark) => tx.store.get([mark.feedUrl, mark.id])));
  const newer = marks.filter((mark, i) => {
    const local = existing[i];
    return !local || local.readAt < mark.readAt;
  });
  await Promise.all([...newer.map((mark) => tx.store.put(mark)), tx.done]);
  return newer.length;
}

/** Removes a feed and everything of it: posts, read marks, health and notification ledger, in one transaction. */
export async function deleteFeedData(url: string): Promise<void> {
  const db = await openDigestDB();
  const tx = db.transaction(['posts', 'reads', 'feeds', 'notified'], 'readwrite');
  const range = feedKeyRange(url);
  await Promise.all([
    tx.objectStore('posts').delete(range),
    tx.objectStore('reads').delete(range),
    tx.objectStore('notified').delete(range),
    tx.objectStore('feeds').delete(url),
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

/** Every feed's polling record. */
export async function listFeedStates(): Promise<FeedState[]> {
  const db = await openDigestDB();
  return (await db.getAll('feeds')).map((state) => withDefaults(state, state.url));
}

/** Every [feedUrl, id] key of one feed: arrays sort after strings, so [url, []] bounds them. */
function feedKeyRange(url: string): IDBKeyRange {
  return IDBKeyRange.bound([url], [url, []]);
}

function keyString([feedUrl, id]: PostKey): string {
  return `${feedUrl}\n${id}`;
}
