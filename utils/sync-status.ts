// What the options page says about sync (#15): what the worker's last flush reported (kept in storage.local),
// and what `storage.sync` holds now, measured by the browser where it can (getBytesInUse), else computed.
import { browser } from 'wxt/browser';
import { syncItemBytes } from './sync/bytes';
import { SYNC_KEY_PREFIX } from './sync/encoding';
import { CHROME_SYNC_QUOTAS, quotasFromArea } from './sync/plan';

/** storage.local key of the last flush's report (SyncStatus). */
export const SYNC_STATUS_KEY = 'syncStatus';

/** What the worker's last flush of the reading list came to. */
export interface SyncStatus {
  /** When it ran (ms). */
  at: number;
  /** Followed feeds and read marks the replica holds (each feed's newest marks, up to MAX_MARKS_PER_FEED). */
  feeds: number;
  marks: number;
  /** Read marks left out of sync for lack of room (they stay in this browser's database), and the newest one's time. */
  droppedMarks: number;
  droppedNewestAt: number | null;
  /** Feeds that did not fit at all. */
  unsynced: number;
  /** Why the last write was refused, if it was. */
  error: string | null;
}

/** What `storage.sync` holds: all of it, and the reading list's part, against the area's quotas. */
export interface SyncUsage {
  bytes: number;
  items: number;
  readingListBytes: number;
  readingListItems: number;
  quotaBytes: number;
  maxItems: number;
  /** Whether `bytes` is the browser's own count (getBytesInUse) rather than computed. */
  measured: boolean;
}

/** The bytes and items every item of `stored` takes, and the reading list's (keys starting SYNC_KEY_PREFIX). */
export function computeUsage(
  stored: Readonly<Record<string, unknown>>,
): Omit<SyncUsage, 'quotaBytes' | 'maxItems' | 'measured'> {
  let bytes = 0;
  let readingListBytes = 0;
  let readingListItems = 0;
  for (const [key, value] of Object.entries(stored)) {
    const size = syncItemBytes(key, value);
    bytes += size;
    if (key.startsWith(SYNC_KEY_PREFIX)) {
      readingListBytes += size;
      readingListItems++;
    }
  }
  return { bytes, items: Object.keys(stored).length, readingListBytes, readingListItems };
}

/** Reads what `storage.sync` holds now (the browser's byte count where it gives one). */
export async function readSyncUsage(): Promise<SyncUsage> {
  const area = browser.storage.sync;
  const stored = await area.get(null);
  const usage = computeUsage(stored);
  const quotas = typeof area === 'object' ? quotasFromArea(area) : CHROME_SYNC_QUOTAS;
  let measured = false;
  if (typeof area.getBytesInUse === 'function') {
    try {
      usage.bytes = await area.getBytesInUse(null);
      measured = true;
    } catch {
      // Firefox before 131 has no getBytesInUse on storage.sync: the computed count stands.
    }
  }
  return { ...usage, quotaBytes: quotas.quotaBytes, maxItems: quotas.maxItems, measured };
}

/** The worker's last report, or null before the first flush. */
export async function readSyncStatus(): Promise<SyncStatus | null> {
  const value: unknown = (await browser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY];
  return value && typeof value === 'object' && 'at' in value ? (value as SyncStatus) : null;
}
