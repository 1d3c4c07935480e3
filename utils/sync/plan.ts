// Fitting the synced reading list into `storage.sync`'s quotas (#15): which items to write, and which read
// marks stay out of sync when they cannot all fit. Marks drop newest-last: the oldest marks of all feeds
// leave first, so what a reader did lately syncs. Subscriptions, removals and watermarks always stay (a
// feed that cannot sync at all is reported apart). Nothing here touches the local database: a dropped mark
// is only not synced.
import { syncItemBytes } from './bytes';
import { deltaText, encodeFeedRecord, encodeFolders, feedKey, FOLDERS_KEY } from './encoding';
import { POST_HASH_CHARS, type FeedRecord, type FolderRecord, type Mark, type Minute } from './record';

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

function itemBytes(record: FeedRecord, marks: readonly [string, Mark][]): number {
  return syncItemBytes(feedKey(record.url), encodeFeedRecord(record, marks));
}

/**
 * The items for `records` and `folders` within `budget`: every record whose subscription fits (removals
 * first, then feeds by when they were followed), each within the per-item limit, then the newest marks of
 * all feeds that fit in the bytes left (linear in the marks: each one's cost is added, not re-encoded).
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

  // Marks of all feeds, newest first, each costing the bytes it adds to its item (the encoding's marks are
  // ASCII, so a character is a byte): taken while its item stays under the per-item limit (then the feed's
  // older marks are left out) and the total under the budget (then all older marks are).
  const dropped = new Map<string, DroppedMarks>();
  const drop = (candidate: Candidate) => {
    const entry = dropped.get(candidate.url) ?? { url: candidate.url, marks: 0, newestAt: 0 };
    entry.marks += 1;
    entry.newestAt = Math.max(entry.newestAt, candidate.mark.at * 60_000);
    dropped.set(candidate.url, entry);
  };
  const sizes = new Map(
    kept.map((record) => [
      record.url,
      {
        bytes: itemBytes(record, []),
        full: false,
        oldestRead: null as Minute | null,
        oldestUnread: null as Minute | null,
      },
    ]),
  );
  const all = kept
    .flatMap((record) => [...record.marks].map(([hash, mark]) => ({ url: record.url, hash, mark })))
    .toSorted(newestFirst);
  const chosen = new Map<string, [string, Mark][]>();
  let total = bytes;
  let budgetSpent = false;
  for (const candidate of all) {
    const item = sizes.get(candidate.url)!;
    if (budgetSpent || item.full) {
      drop(candidate);
      continue;
    }
    const oldest = candidate.mark.read ? item.oldestRead : item.oldestUnread;
    const cost = addedBytes(oldest, candidate.mark.at);
    if (item.bytes + cost > budget.perItem) item.full = true;
    else if (total + cost > budget.bytes) budgetSpent = true;
    if (item.full || budgetSpent) {
      drop(candidate);
      continue;
    }
    item.bytes += cost;
    total += cost;
    if (candidate.mark.read) item.oldestRead = candidate.mark.at;
    else item.oldestUnread = candidate.mark.at;
    const list = chosen.get(candidate.url);
    if (list) list.push([candidate.hash, candidate.mark]);
    else chosen.set(candidate.url, [[candidate.hash, candidate.mark]]);
  }
  let largestItem = 0;
  bytes = items.has(FOLDERS_KEY) ? syncItemBytes(FOLDERS_KEY, items.get(FOLDERS_KEY)) : 0;
  for (const record of kept) {
    const key = feedKey(record.url);
    const value = encodeFeedRecord(record, chosen.get(record.url) ?? []);
    items.set(key, value);
    const itemSize = syncItemBytes(key, value);
    bytes += itemSize;
    largestItem = Math.max(largestItem, itemSize);
  }
  // The costs above are exact; should they ever not be, plan again with the overshoot taken off.
  if (bytes > budget.bytes || largestItem > budget.perItem) {
    return planItems(records, folders, {
      ...budget,
      bytes: budget.bytes - Math.max(0, bytes - budget.bytes),
      perItem: budget.perItem - Math.max(0, largestItem - budget.perItem),
    });
  }
  return { items, bytes, dropped: [...dropped.values()], unsynced };
}

/** Characters of a time difference in the marks' digits. */
function deltaLength(minutes: Minute): number {
  return deltaText(minutes).length;
}

/**
 * Bytes one more mark at `at` adds to an item's read (or unread) field whose oldest mark is at `oldest`
 * (null: the field is empty), all its marks being at least as new: 5 in the oldest group's minute, else a
 * new first group, whose absolute time the old first group's turns into a difference (see encoding.ts).
 */
export function addedBytes(oldest: Minute | null, at: Minute): number {
  // `,"r":""` is 7 characters; a group is its time's digits, then its hashes.
  if (oldest === null) return 7 + deltaLength(at) + POST_HASH_CHARS;
  if (at === oldest) return POST_HASH_CHARS;
  return deltaLength(at) + POST_HASH_CHARS - deltaLength(oldest) + deltaLength(oldest - at);
}

/** When the newest mark left out of sync was made (ms), for telling the reader; null when none was. */
export function newestDroppedAt(plan: PlannedItems): number | null {
  return plan.dropped.length === 0 ? null : Math.max(...plan.dropped.map((entry) => entry.newestAt));
}
