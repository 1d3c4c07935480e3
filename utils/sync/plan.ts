// Fitting the synced reading list into `storage.sync`'s quotas (#15): which items to write, and which read
// marks stay out of sync when they cannot all fit. Marks drop newest-last: the oldest marks of all feeds
// leave first, so what a reader did lately syncs. Subscriptions, removals and watermarks always stay (a
// feed that cannot sync at all is reported apart). Nothing here touches the local database: a dropped mark
// is only not synced.
import { syncItemBytes } from './bytes';
import { encodeFeedRecord, encodeFolders, feedKey, FOLDERS_KEY } from './encoding';
import type { FeedRecord, FolderRecord, Mark } from './record';

/** `storage.sync`'s limits: read them from the browser's area where it has them (quotasFromArea). */
export interface SyncQuotas {
  /** QUOTA_BYTES: all items together, each as key length + JSON length. */
  quotaBytes: number;
  /** QUOTA_BYTES_PER_ITEM: one item, key length + JSON length. */
  quotaBytesPerItem: number;
  /** MAX_ITEMS. */
  maxItems: number;
  /** MAX_WRITE_OPERATIONS_PER_MINUTE and _PER_HOUR (each set or remove call is one). */
  writesPerMinute: number;
  writesPerHour: number;
}

/** Chrome's `storage.sync` limits (Firefox documents the same byte and item limits). */
export const CHROME_SYNC_QUOTAS: SyncQuotas = {
  quotaBytes: 102_400,
  quotaBytesPerItem: 8_192,
  maxItems: 512,
  writesPerMinute: 120,
  writesPerHour: 1_800,
};

/** The area's own quota constants where it has them (Chrome's `chrome.storage.sync`), else Chrome's. */
export function quotasFromArea(area: object): SyncQuotas {
  const read = (name: string, fallback: number): number => {
    const value: unknown = (area as Record<string, unknown>)[name];
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    quotaBytes: read('QUOTA_BYTES', CHROME_SYNC_QUOTAS.quotaBytes),
    quotaBytesPerItem: read('QUOTA_BYTES_PER_ITEM', CHROME_SYNC_QUOTAS.quotaBytesPerItem),
    maxItems: read('MAX_ITEMS', CHROME_SYNC_QUOTAS.maxItems),
    writesPerMinute: read('MAX_WRITE_OPERATIONS_PER_MINUTE', CHROME_SYNC_QUOTAS.writesPerMinute),
    writesPerHour: read('MAX_WRITE_OPERATIONS_PER_HOUR', CHROME_SYNC_QUOTAS.writesPerHour),
  };
}

/** What the reading list may take: bytes and items left by the rest of the area, and the per-item limit. */
export interface SyncBudget {
  bytes: number;
  items: number;
  perItem: number;
}

/** Read marks of one feed left out of sync (they stay in the local database). */
export interface DroppedMarks {
  url: string;
  marks: number;
  /** When the newest of them was made (ms): the reader's marks up to then may not reach other browsers. */
  newestAt: number;
}

/** The items to hold in `storage.sync`, and what could not go in. */
export interface PlannedItems {
  items: Map<string, object>;
  /** Bytes the items take as the browser counts them. */
  bytes: number;
  dropped: DroppedMarks[];
  /** Feeds whose subscription itself did not fit (more feeds than items or bytes): not synced at all. */
  unsynced: string[];
}

interface Candidate {
  url: string;
  hash: string;
  mark: Mark;
}

/** Newest first; ties in a fixed order so every browser keeps the same marks. */
function newestFirst(a: Candidate, b: Candidate): number {
  return b.mark.at - a.mark.at || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0) || (a.hash < b.hash ? -1 : 1);
}

/** The largest n in [0, count] for which fits(n) holds, fits being monotone (true up to some n). */
function largestFitting(count: number, fits: (n: number) => boolean): number {
  if (fits(count)) return count;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

function itemBytes(record: FeedRecord, marks: readonly Candidate[]): number {
  return syncItemBytes(
    feedKey(record.url),
    encodeFeedRecord(
      record,
      marks.map((candidate) => [candidate.hash, candidate.mark]),
    ),
  );
}

/**
 * The items for `records` and `folders` within `budget`: every record whose subscription fits (removals
 * first, then feeds by when they were followed), each within the per-item limit, then the newest marks of
 * all feeds that fit in the bytes left.
 */
export function planItems(
  records: readonly FeedRecord[],
  folders: ReadonlyMap<string, FolderRecord>,
  budget: SyncBudget,
): PlannedItems {
  const items = new Map<string, object>();
  let bytes = 0;
  if (folders.size > 0) {
    const value = encodeFolders(folders);
    items.set(FOLDERS_KEY, value);
    bytes += syncItemBytes(FOLDERS_KEY, value);
  }
  const ordered = records.toSorted(
    (a, b) => Number(a.followed) - Number(b.followed) || a.at - b.at || (a.url < b.url ? -1 : 1),
  );
  const kept: FeedRecord[] = [];
  const unsynced: string[] = [];
  for (const record of ordered) {
    const base = itemBytes(record, []);
    if (items.size + kept.length < budget.items && bytes + base <= budget.bytes && base <= budget.perItem) {
      kept.push(record);
      bytes += base;
    } else unsynced.push(record.url);
  }

  // Each feed's marks newest first, cut to the per-item limit.
  const perFeed = new Map<FeedRecord, Candidate[]>();
  const dropped = new Map<string, DroppedMarks>();
  const drop = (candidate: Candidate) => {
    const entry = dropped.get(candidate.url) ?? { url: candidate.url, marks: 0, newestAt: 0 };
    entry.marks += 1;
    entry.newestAt = Math.max(entry.newestAt, candidate.mark.at * 60_000);
    dropped.set(candidate.url, entry);
  };
  for (const record of kept) {
    const candidates = [...record.marks].map(([hash, mark]) => ({ url: record.url, hash, mark })).toSorted(newestFirst);
    const fitting = largestFitting(
      candidates.length,
      (n) => itemBytes(record, candidates.slice(0, n)) <= budget.perItem,
    );
    candidates.slice(fitting).forEach(drop);
    perFeed.set(record, candidates.slice(0, fitting));
  }

  // Then the newest marks of all feeds together, as many as the bytes left allow.
  const all = [...perFeed.values()].flat().toSorted(newestFirst);
  const baseBytes = bytes - kept.reduce((sum, record) => sum + itemBytes(record, []), 0);
  const totalWith = (n: number): number => {
    const chosen = new Map<string, Candidate[]>();
    for (const candidate of all.slice(0, n)) {
      const list = chosen.get(candidate.url);
      if (list) list.push(candidate);
      else chosen.set(candidate.url, [candidate]);
    }
    return kept.reduce((sum, record) => sum + itemBytes(record, chosen.get(record.url) ?? []), baseBytes);
  };
  const fitting = largestFitting(all.length, (n) => totalWith(n) <= budget.bytes);
  all.slice(fitting).forEach(drop);
  const chosen = new Set(all.slice(0, fitting));
  bytes = baseBytes;
  for (const record of kept) {
    const marks = perFeed.get(record)!.filter((candidate) => chosen.has(candidate));
    const key = feedKey(record.url);
    const value = encodeFeedRecord(
      record,
      marks.map((candidate) => [candidate.hash, candidate.mark]),
    );
    items.set(key, value);
    bytes += syncItemBytes(key, value);
  }
  return { items, bytes, dropped: [...dropped.values()], unsynced };
}

/** When the newest mark left out of sync was made (ms), for telling the reader; null when none was. */
export function newestDroppedAt(plan: PlannedItems): number | null {
  return plan.dropped.length === 0 ? null : Math.max(...plan.dropped.map((entry) => entry.newestAt));
}
