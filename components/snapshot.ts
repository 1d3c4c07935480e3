// The pages' first paint comes from a snapshot of what they showed last time, kept in localStorage
// (synchronous, shared by the popup and the new tab); IndexedDB, read a moment later, replaces it.
// It is a cache of a cache: wrong or missing, it costs only the instant first paint.
import type { PostView } from '@/utils/db';
import { postTime } from '@/utils/post';
import { frameKey, LAST_VISIT_KEY, SNAPSHOT_ID_KEY } from './first-paint';
import type { DigestData } from './digest-data';

const SNAPSHOT_KEY = 'digest:snapshot';
const VERSION = 1;
/** Enough posts to fill any first screen; a digest this size or smaller is snapshotted whole. */
const MAX_POSTS = 600;

interface Snapshot {
  version: number;
  data: Omit<DigestData, 'loaded' | 'fromSnapshot' | 'error'>;
}

/** A snapshot's text as what a page renders, or null when it is not one (or not of this version). */
function parseSnapshot(raw: string | null): DigestData | null {
  if (!raw) return null;
  try {
    const snapshot = JSON.parse(raw) as Snapshot;
    const { data } = snapshot;
    if (snapshot.version !== VERSION || !Array.isArray(data?.posts) || !Array.isArray(data.feeds)) return null;
    // `folders`: a snapshot kept before folders existed has none.
    return {
      ...data,
      folders: (data.folders as DigestData['folders'] | undefined) ?? {},
      loaded: true,
      fromSnapshot: true,
      error: null,
    };
  } catch {
    return null;
  }
}

/** A snapshot as a page reads it, and the id a kept frame of it is named by. */
export interface KeptSnapshot {
  data: DigestData;
  id: string;
}

/** The last snapshot, ready to render, or null when there is none (or it is unreadable). */
export function readSnapshot(): KeptSnapshot | null {
  try {
    const id = localStorage.getItem(SNAPSHOT_ID_KEY);
    const data = parseSnapshot(localStorage.getItem(SNAPSHOT_KEY));
    return id && data ? { data, id } : null;
  } catch {
    return null;
  }
}

/**
 * Keeps what the page loaded (the newest posts) for the next first paint; returns it exactly as the next
 * open will read it, or null when it could not be kept. Not for a click's path: it writes ~250 KB at
 * 3,000 posts (components/keep-page.ts calls it when the page is idle or closing).
 */
export function writeSnapshot(data: DigestData): KeptSnapshot | null {
  const posts: PostView[] =
    data.posts.length <= MAX_POSTS
      ? data.posts
      : data.posts.toSorted((a, b) => postTime(b) - postTime(a)).slice(0, MAX_POSTS);
  const snapshot: Snapshot = {
    version: VERSION,
    data: { posts, feeds: data.feeds, followed: data.followed, folders: data.folders, preferences: data.preferences },
  };
  const json = JSON.stringify(snapshot);
  try {
    // The same content as stored (the other page just wrote it): nothing to write, kept frames stay valid.
    const id = localStorage.getItem(SNAPSHOT_ID_KEY);
    const kept = parseSnapshot(json)!;
    if (id && localStorage.getItem(SNAPSHOT_KEY) === json) return { data: kept, id };
    // The id goes first and comes back last: while the snapshot changes, no kept frame matches any.
    localStorage.removeItem(SNAPSHOT_ID_KEY);
    localStorage.setItem(SNAPSHOT_KEY, json);
    const next = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    localStorage.setItem(SNAPSHOT_ID_KEY, next);
    return { data: kept, id: next };
  } catch {
    // Full or unavailable: no snapshot rather than an old one; the next page waits for IndexedDB.
    try {
      localStorage.removeItem(SNAPSHOT_ID_KEY);
      localStorage.removeItem(SNAPSHOT_KEY);
    } catch {
      // Nothing more to do.
    }
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
    localStorage.removeItem(SNAPSHOT_ID_KEY);
    localStorage.removeItem(LAST_VISIT_KEY);
    localStorage.removeItem(frameKey('popup'));
    localStorage.removeItem(frameKey('newtab'));
  } catch {
    // Nothing to clear.
  }
}
