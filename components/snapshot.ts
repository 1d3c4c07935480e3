// A page's first render comes from a snapshot of what a page loaded last time, kept in localStorage
// (synchronous, shared by the popup and the new tab); IndexedDB, read a moment later, replaces it.
// It is a cache of a cache: wrong or missing, it costs only the instant first paint.
import type { PostView } from '@/utils/db';
import { postTime } from '@/utils/post';
import type { DigestData } from './digest-data';
import { frameKey } from './first-paint';

const SNAPSHOT_KEY = 'digest:snapshot';
const LAST_VISIT_KEY = 'digest:lastVisit';
/** A snapshot of another shape (another version of Digest) is not read. */
const VERSION = 1;
/** Enough posts to fill any first screen; a digest this size or smaller is kept whole. */
const MAX_POSTS = 600;

interface Snapshot {
  version: number;
  data: Pick<DigestData, 'posts' | 'feeds' | 'followed' | 'preferences'> &
    Partial<Pick<DigestData, 'folders' | 'complete'>>;
}

/** The last snapshot, as a page renders it, or null when there is none (or it is unreadable). */
export function readSnapshot(): DigestData | null {
  try {
    const snapshot = JSON.parse(localStorage.getItem(SNAPSHOT_KEY) ?? 'null') as Snapshot | null;
    const data = snapshot?.version === VERSION ? snapshot.data : null;
    if (!Array.isArray(data?.posts) || !Array.isArray(data.feeds)) return null;
    // `folders`: a snapshot kept before folders existed has none; `complete`: an older one may not be.
    return { folders: {}, complete: false, ...data, loaded: true, fromSnapshot: true, error: null };
  } catch {
    return null;
  }
}

/**
 * Keeps the newest posts of what the page loaded; returns them as the next open will read them, or null
 * when they could not be kept. Not for a click's path: ~250 KB at 3,000 posts (see components/mount.ts).
 */
export function writeSnapshot({
  posts,
  feeds,
  followed,
  folders,
  preferences,
  complete,
}: DigestData): DigestData | null {
  const newest = posts.length <= MAX_POSTS ? posts : posts.toSorted((a, b) => postTime(b) - postTime(a));
  const kept: PostView[] = newest.slice(0, MAX_POSTS);
  // Whole only when the page had every post and all of them fit: else its next open counts nothing until it has.
  const whole = complete && kept.length === posts.length;
  try {
    const snapshot: Snapshot = {
      version: VERSION,
      data: { posts: kept, feeds, followed, folders, preferences, complete: whole },
    };
    keep(SNAPSHOT_KEY, JSON.stringify(snapshot));
    return { ...snapshot.data, folders, complete: whole, loaded: true, fromSnapshot: true, error: null };
  } catch {
    // Full or unavailable: no snapshot (nor frames of one) rather than an old one; the next page waits.
    forget(SNAPSHOT_KEY, frameKey('popup'), frameKey('newtab'));
    return null;
  }
}

/** The last recorded visit of the new tab, without recording one. */
export function peekLastVisit(): string | null {
  try {
    return localStorage.getItem(LAST_VISIT_KEY);
  } catch {
    return null;
  }
}

/** The previous visit of the new tab (read synchronously, so "New since your last visit" paints at once); records this one. */
export function takeLastVisit(now: Date = new Date()): string | null {
  const previous = peekLastVisit();
  try {
    localStorage.setItem(LAST_VISIT_KEY, now.toISOString());
  } catch {
    // Not recorded: the next visit shows the same posts as new.
  }
  return previous;
}

/** Writes `value` under `key` unless it is there already (each page keeps the same ~250 KB again and again). */
export function keep(key: string, value: string): void {
  if (localStorage.getItem(key) !== value) localStorage.setItem(key, value);
}

/** Forgets the snapshot, the kept frames and the last visit ("Reset Digest"). */
export function clearPageState(): void {
  forget(SNAPSHOT_KEY, LAST_VISIT_KEY, frameKey('popup'), frameKey('newtab'));
}

function forget(...keys: string[]): void {
  try {
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // No storage: nothing to forget.
  }
}
