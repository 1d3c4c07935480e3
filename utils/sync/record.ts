// The synced state of one feed (#15) and its merge: a state-based CRDT, so two browsers that have seen the
// same edits, in any order and any number of times, hold the same state. Pure: no browser API.
//
// - The subscription is one last-writer-wins register (followed with its title, folder and alerts, or
//   removed), timed in minutes. A tie goes to the removal (a removed feed never comes back by a tie), then
//   to the larger settings text, so both sides pick the same.
// - Read state is one last-writer-wins register per post, keyed by a short hash of the post's id
//   (POST_HASH_CHARS), holding read or unread and when: unread after read is a mark, not an absence, so a
//   late read from another browser cannot undo it. A tie goes to unread (the reader sees the post again
//   rather than missing it).
// - Watermarks ("every post published at or before minute B was read at minute A", from mark-all-read)
//   act as a read mark of time A on each post under B; a post's own mark wins only if it is at least as
//   new. They are kept as a staircase (none is older and lower than another), whose merge is their union.
// - `removedAt` is the latest removal ever seen: marks and watermarks from before it are gone for good,
//   so a feed followed again starts clean in every browser whatever order the edits arrive in.
import type { FeedAlerts } from '../db';

/** A minute since the Unix epoch: the resolution of every synced time (see toMinute). */
export type Minute = number;

/** One post's read state as synced: read or unread, and when the reader decided. */
export interface Mark {
  read: boolean;
  at: Minute;
}

/** Every post whose time (published, else first seen) is at or before `before` was read at `at`. */
export interface Watermark {
  before: Minute;
  at: Minute;
}

/** A followed feed's settings as synced (utils/db.ts FeedSubscription's title, folder and alerts). */
export interface FeedSettings {
  title: string | null;
  folder: string | null;
  alerts: FeedAlerts | null;
}

/** What every browser knows, and syncs, of one feed. */
export interface FeedRecord {
  url: string;
  /** The subscription register: followed (with `settings`) or removed, decided at `at`. */
  followed: boolean;
  settings: FeedSettings;
  at: Minute;
  /** The latest removal ever seen (marks and watermarks at or before it are dropped), or null. */
  removedAt: Minute | null;
  /** Sorted by `before` ascending, `at` strictly descending: no watermark is dominated by another. */
  watermarks: Watermark[];
  /** Read marks by post hash (postHash). */
  marks: Map<string, Mark>;
}

/** A folder's alerts as synced (utils/db.ts FolderSettings; 'notify' is the default a folder starts with). */
export interface FolderRecord {
  alerts: FeedAlerts;
  at: Minute;
}

/** The minute of an epoch time in milliseconds. */
export function toMinute(ms: number): Minute {
  return Math.floor(ms / 60_000);
}

/**
 * Hash of a post id, 5 characters of base64url (30 bits). Two ids of one feed that share a hash share a
 * mark: the feed's window of n posts with k marked gives about n·k / 2^30 wrong marks, 2.3·10⁻⁴ for a
 * 500-post window half read, and each new post has a chance of k / 2^30 (≤ 4.7·10⁻⁷) of arriving marked
 * by another post's mark: at 100 new posts a day, one wrong mark in ~60 years. 4 characters (24 bits) would
 * save 20% and give one a year.
 */
export const POST_HASH_CHARS = 5;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** cyrb53 (public domain): a fast 53-bit string hash, well spread in its low bits. */
function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** `chars` base64url characters of a string's hash (6 bits each, at most 8). */
export function shortHash(text: string, chars: number): string {
  let value = hash53(text);
  let out = '';
  for (let i = 0; i < chars; i++) {
    out += BASE64URL[value % 64];
    value = Math.floor(value / 64);
  }
  return out;
}

/** The key a post's mark is synced under: its id's hash (POST_HASH_CHARS). */
export function postHash(postId: string): string {
  return shortHash(postId, POST_HASH_CHARS);
}

/** The settings a removed feed's record holds (none: they are not synced for it). */
export const NO_SETTINGS: FeedSettings = { title: null, folder: null, alerts: null };

/** A feed's record before anything is known: removed at minute 0, which any follow beats. */
export function emptyFeedRecord(url: string): FeedRecord {
  return {
    url,
    followed: false,
    settings: NO_SETTINGS,
    at: 0,
    removedAt: null,
    watermarks: [],
    marks: new Map(),
  };
}

/** The newer of two marks; a tie goes to unread. */
export function newerMark(a: Mark, b: Mark): Mark {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return a.read ? b : a;
}

/** The subscription register's tie-break: removed wins, then the larger settings text. */
function subscriptionRank(record: FeedRecord): string {
  return record.followed ? `1${JSON.stringify(record.settings)}` : '0';
}

/** Whether `a`'s subscription register beats `b`'s. */
function subscriptionWins(a: FeedRecord, b: FeedRecord): boolean {
  if (a.at !== b.at) return a.at > b.at;
  const rankA = subscriptionRank(a);
  const rankB = subscriptionRank(b);
  if (rankA === '0' || rankB === '0') return rankA === '0';
  return rankA >= rankB;
}

/** Watermarks with none dominated (another at least as high and as new), sorted by `before`. */
export function staircase(watermarks: readonly Watermark[]): Watermark[] {
  const sorted = watermarks.toSorted((a, b) => b.before - a.before || b.at - a.at);
  const kept: Watermark[] = [];
  for (const mark of sorted) {
    // Walking from the highest: a watermark survives only if newer than every higher one.
    if (kept.length === 0 || mark.at > kept[kept.length - 1]!.at) kept.push(mark);
  }
  return kept.toReversed();
}

/** Drops what a removal ended: marks and watermarks at or before `removedAt`. */
function withoutRemoved(record: FeedRecord): FeedRecord {
  const removedAt = record.removedAt;
  if (removedAt === null) return record;
  const marks = new Map([...record.marks].filter(([, mark]) => mark.at > removedAt));
  const watermarks = record.watermarks.filter((mark) => mark.at > removedAt);
  return { ...record, marks, watermarks };
}

/** The join of two records of one feed: what a browser holds after seeing both (commutative, idempotent). */
export function mergeFeedRecords(a: FeedRecord, b: FeedRecord): FeedRecord {
  const winner = subscriptionWins(a, b) ? a : b;
  const removals = [a.removedAt, b.removedAt, winner.followed ? null : winner.at].filter((at) => at !== null);
  const marks = new Map(a.marks);
  for (const [hash, mark] of b.marks) {
    const mine = marks.get(hash);
    marks.set(hash, mine ? newerMark(mine, mark) : mark);
  }
  return withoutRemoved({
    url: a.url,
    followed: winner.followed,
    settings: winner.followed ? winner.settings : NO_SETTINGS,
    at: winner.at,
    removedAt: removals.length === 0 ? null : Math.max(...removals),
    watermarks: staircase([...a.watermarks, ...b.watermarks]),
    marks,
  });
}

/** The join of two folder registers (last writer wins; a tie goes to the alphabetically later alerts, the same on both sides). */
export function mergeFolderRecords(a: FolderRecord, b: FolderRecord): FolderRecord {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return a.alerts >= b.alerts ? a : b;
}

/**
 * A post's read state as the record decides it, or null when nothing synced says (the caller keeps its
 * own). `postTime` is the post's time in milliseconds (utils/post.ts postTime), compared to watermarks.
 */
export function syncedReadState(record: FeedRecord, postId: string, postTime: number): Mark | null {
  const own = record.marks.get(postHash(postId)) ?? null;
  const minute = toMinute(postTime);
  // The staircase is sorted by `before` with `at` descending: the first one covering the post is the newest.
  const covering = record.watermarks.find((mark) => mark.before >= minute);
  if (!covering) return own;
  if (own === null || own.at < covering.at) return { read: true, at: covering.at };
  return own;
}

/** Whether two records decide the same for everything synced (equal state, whatever the Map order). */
export function sameFeedRecord(a: FeedRecord, b: FeedRecord): boolean {
  if (a.url !== b.url || a.followed !== b.followed || a.at !== b.at || a.removedAt !== b.removedAt) return false;
  if (JSON.stringify(a.settings) !== JSON.stringify(b.settings)) return false;
  if (JSON.stringify(a.watermarks) !== JSON.stringify(b.watermarks)) return false;
  if (a.marks.size !== b.marks.size) return false;
  for (const [hash, mark] of a.marks) {
    const other = b.marks.get(hash);
    if (!other || other.read !== mark.read || other.at !== mark.at) return false;
  }
  return true;
}
