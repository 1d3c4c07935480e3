// The pages' first paint comes from a snapshot of what they showed last time, kept in localStorage
// (synchronous, shared by the popup and the new tab); IndexedDB, read a moment later, replaces it.
// It is a cache of a cache: wrong or missing, it costs only the instant first paint.
import type { PostView } from '@/utils/db';
import { postTime } from '@/utils/digest';
import { firstPaintKey, hashText, SNAPSHOT_HASH_KEY } from './first-paint-store';
import type { DigestData } from './useDigest';

const SNAPSHOT_KEY = 'digest:snapshot';
const LAST_VISIT_KEY = 'digest:lastVisit';
const VERSION = 1;
/** Enough posts to fill any first screen; a digest this size or smaller is snapshotted whole. */
const MAX_POSTS = 600;

interface Snapshot {
  version: number;
  data: Omit<DigestData, 'loaded' | 'fromSnapshot' | 'error'>;
}

/** The hash of the current snapshot (what a kept first frame must have been rendered from). */
export function snapshotHash(): string | null {
  try {
    return localStorage.getItem(SNAPSHOT_HASH_KEY);
  } catch {
    return null;
  }
}

/** The last snapshot, ready to render, or null when there is none (or it is unreadable). */
export function readSnapshot(): DigestData | null {
  try {
    const raw = localStorage.getItem(SNAPSHOT_KEY);
    if (!raw) return null;
    const snapshot = JSON.parse(raw) as Snapshot;
    const { data } = snapshot;
    if (snapshot.version !== VERSION || !Array.isArray(data?.posts) || !Array.isArray(data.feeds)) return null;
    return { ...data, loaded: true, fromSnapshot: true, error: null };
  } catch {
    return null;
  }
}

/** Keeps what the page just loaded (the newest posts) for the next first paint. */
export function writeSnapshot(data: DigestData): void {
  const posts: PostView[] =
    data.posts.length <= MAX_POSTS
      ? data.posts
      : data.posts.toSorted((a, b) => postTime(b) - postTime(a)).slice(0, MAX_POSTS);
  const snapshot: Snapshot = {
    version: VERSION,
    data: { posts, feeds: data.feeds, followed: data.followed, preferences: data.preferences },
  };
  try {
    const json = JSON.stringify(snapshot);
    localStorage.setItem(SNAPSHOT_KEY, json);
    // Kept first frames name the snapshot they show; the same content keeps the same hash.
    localStorage.setItem(SNAPSHOT_HASH_KEY, hashText(json));
  } catch {
    // Full or unavailable: the next page simply waits for IndexedDB.
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
  try {
    const previous = localStorage.getItem(LAST_VISIT_KEY);
    localStorage.setItem(LAST_VISIT_KEY, now.toISOString());
    return previous;
  } catch {
    return null;
  }
}

/** Forgets the snapshot, the kept first frames and the last visit ("Reset Digest"). */
export function clearPageState(): void {
  try {
    localStorage.removeItem(SNAPSHOT_KEY);
    localStorage.removeItem(SNAPSHOT_HASH_KEY);
    localStorage.removeItem(LAST_VISIT_KEY);
    localStorage.removeItem(firstPaintKey('popup'));
    localStorage.removeItem(firstPaintKey('newtab'));
  } catch {
    // Nothing to clear.
  }
}
