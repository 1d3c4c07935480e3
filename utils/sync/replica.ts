// One browser's copy of the synced reading list (#15): the records of every feed it knows (followed or
// removed) and the folders, edited by the reader's actions here and merged with what sync delivers.
// In memory and pure; the caller keeps it (serialize/deserialize) and applies deliveries to its database.
import type { FeedAlerts } from '../db';
import {
  decodeFeedRecord,
  decodeFolders,
  encodeFeedRecord,
  encodeFolders,
  feedKey,
  FOLDERS_KEY,
  isFeedKey,
} from './encoding';
import { planItems, type PlannedItems, type SyncBudget } from './plan';
import {
  emptyFeedRecord,
  mergeFeedRecords,
  mergeFolderRecords,
  NO_SETTINGS,
  postHash,
  sameFeedRecord,
  staircase,
  syncedReadState,
  toMinute,
  type FeedRecord,
  type FeedSettings,
  type FolderRecord,
  type Mark,
} from './record';

/**
 * How long a removed feed's tombstone stays in `storage.sync`: 60 days, so a browser that syncs at least
 * every two months sees the removal from the item itself. Every replica keeps its tombstones locally for
 * good (about 60 bytes each, in storage.local), and writes one back whenever the area holds an older record
 * of that feed: a browser back after longer that writes the feed again sees it removed on the next sync,
 * instead of bringing it back. Expiry only frees quota.
 */
export const TOMBSTONE_DAYS = 60;

/**
 * Most marks a feed's record keeps, newest first: an item of 8,192 bytes holds at most ~1,600 (5 bytes
 * each at best), so older ones could never sync; they stay in the local database.
 */
export const MAX_MARKS_PER_FEED = 2_000;

/** What a delivery changed here, for the caller to apply to its own database (merging, never overwriting). */
export interface SyncDelivery {
  /** Feeds now followed (with these settings, maybe new here) or removed, by another browser. */
  subscriptions: { url: string; followed: boolean; settings: FeedSettings }[];
  /** Feeds whose read state changed: the caller re-reads readState for each of their cached posts. */
  marksChanged: string[];
  /**
   * Feeds removed and followed again in another browser since this one last heard: their marks from before
   * the removal are gone everywhere (as unfollowing here would have deleted them), so each cached post's
   * read state is now exactly readState's, null meaning unread. Also in marksChanged.
   */
  reset: string[];
  /** Folders whose alerts changed. */
  folders: { name: string; alerts: FeedAlerts }[];
}

/** A post's read state as synced, with its time in milliseconds. */
export interface SyncedRead {
  read: boolean;
  at: number;
}

/** Serialized replica (for storage.local): the same values as the synced items, never trimmed. */
export interface SerializedReplica {
  feeds: object[];
  folders: object;
}

/** One browser's synced state; every edit returns whether it changed anything (then a write is due). */
export class SyncReplica {
  private readonly records = new Map<string, FeedRecord>();
  private folderRecords = new Map<string, FolderRecord>();
  /** Bumped by every change, so a writer knows whether it has written the latest. */
  version = 0;

  /** The replica from its serialized form; malformed records are skipped. */
  static deserialize(serialized: SerializedReplica): SyncReplica {
    const replica = new SyncReplica();
    for (const value of serialized.feeds) {
      const record = decodeFeedRecord(value);
      if (record) replica.records.set(record.url, record);
    }
    replica.folderRecords = decodeFolders(serialized.folders);
    return replica;
  }

  /** Everything, untrimmed, for the caller to keep locally. */
  serialize(): SerializedReplica {
    return {
      feeds: [...this.records.values()].map((record) => encodeFeedRecord(record)),
      folders: encodeFolders(this.folderRecords),
    };
  }

  /** The record of a feed (a copy is not made: do not edit it). */
  record(url: string): FeedRecord | undefined {
    return this.records.get(url);
  }

  /** Every feed known, followed or removed. */
  feeds(): FeedRecord[] {
    return [...this.records.values()];
  }

  /** The folders' synced alerts. */
  folders(): ReadonlyMap<string, FolderRecord> {
    return this.folderRecords;
  }

  private put(record: FeedRecord): true {
    this.records.set(record.url, record);
    this.version++;
    return true;
  }

  /**
   * The reader follows a feed here, or changes its title, folder or alerts. Times are ms (Date.now()); a
   * change is timed after the register it replaces, so a later edit here always wins over what it saw.
   * Seeding an existing reading list: pass each subscription's addedAt as `now`.
   */
  follow(url: string, settings: FeedSettings, now: number): boolean {
    const record = this.records.get(url) ?? emptyFeedRecord(url);
    if (record.followed && JSON.stringify(record.settings) === JSON.stringify(settings)) return false;
    const at = Math.max(toMinute(now), record.at + 1, (record.removedAt ?? -1) + 1);
    return this.put({ ...record, followed: true, settings, at });
  }

  /** The reader removes a feed here: a tombstone that every browser will see (TOMBSTONE_DAYS). */
  unfollow(url: string, now: number): boolean {
    const record = this.records.get(url);
    if (!record?.followed) return false;
    // After every mark it ends, so that no browser sees one of them outlive the removal.
    let at = Math.max(toMinute(now), record.at + 1);
    for (const mark of [...record.marks.values(), ...record.watermarks]) at = Math.max(at, mark.at + 1);
    return this.put({
      ...record,
      followed: false,
      settings: NO_SETTINGS,
      at,
      removedAt: at,
      marks: new Map(),
      watermarks: [],
    });
  }

  /** The reader sets a folder's alerts ('notify' is the default, synced like the others). */
  setFolderAlerts(name: string, alerts: FeedAlerts, now: number): boolean {
    const current = this.folderRecords.get(name);
    if (current?.alerts === alerts || (!current && alerts === 'notify')) return false;
    this.folderRecords.set(name, { alerts, at: Math.max(toMinute(now), (current?.at ?? -1) + 1) });
    this.version++;
    return true;
  }

  /**
   * The reader marks a post read or unread here (`postTime`: utils/post.ts postTime, ms). Timed after the
   * state it replaces (its own mark or a watermark), so the newest decision is this one everywhere.
   */
  setRead(url: string, post: { id: string; time: number }, read: boolean, now: number): boolean {
    const record = this.records.get(url);
    if (!record?.followed) return false;
    const current = syncedReadState(record, post.id, post.time);
    if ((current?.read ?? false) === read) return false;
    // After the state it replaces, and after the feed's last removal (whose earlier marks are dropped).
    const at = Math.max(toMinute(now), (current?.at ?? -1) + 1, (record.removedAt ?? -1) + 1);
    // In place: the replica owns its records' maps, and copying one per mark would cost O(marks²).
    record.marks.set(postHash(post.id), { read, at });
    this.version++;
    return true;
  }

  /**
   * The reader marks every post of a feed read: one watermark for posts up to `before` (ms, the newest
   * post's time) instead of a mark each. `postIds` are the posts it covers here: their own marks older than
   * the watermark say nothing more and leave the record. `undatedIds`, those without a published date
   * (their time is when this browser first saw them), get a mark each.
   */
  markAllRead(
    url: string,
    before: number,
    postIds: readonly string[],
    now: number,
    undatedIds: readonly string[] = [],
  ): boolean {
    const record = this.records.get(url);
    if (!record?.followed) return false;
    const hashes = new Set(postIds.map(postHash));
    const undated = new Set(undatedIds.map(postHash));
    let at = Math.max(toMinute(now), (record.removedAt ?? -1) + 1);
    for (const hash of [...hashes, ...undated]) at = Math.max(at, (record.marks.get(hash)?.at ?? -1) + 1);
    const marks = new Map([...record.marks].filter(([hash, mark]) => !hashes.has(hash) || mark.at >= at));
    // A post without a date sorts by when each browser first saw it, which differs between browsers, so
    // the watermark would cover it in one and not another: it gets a mark of its own.
    for (const hash of undated) marks.set(hash, { read: true, at });
    const watermarks = staircase([...record.watermarks, { before: toMinute(before), at }]);
    return this.put({ ...record, marks, watermarks });
  }

  /**
   * A mark from a backup or an older state (ms), merged, not imposed: it replaces only an older one. For
   * importing a backup while sync runs.
   */
  mergeMark(url: string, postId: string, mark: SyncedRead): boolean {
    const record = this.records.get(url);
    if (!record?.followed) return false;
    const incoming: Mark = { read: mark.read, at: toMinute(mark.at) };
    const merged = mergeFeedRecords(record, { ...record, marks: new Map([[postHash(postId), incoming]]) });
    return sameFeedRecord(merged, record) ? false : this.put(merged);
  }

  /** A post's read state as synced, or null when sync says nothing (the caller keeps its own). */
  readState(url: string, postId: string, postTime: number): SyncedRead | null {
    const record = this.records.get(url);
    if (!record?.followed) return null;
    const mark = syncedReadState(record, postId, postTime);
    return mark && { read: mark.read, at: mark.at * 60_000 };
  }

  /**
   * Merges items read from `storage.sync` (all of them, or an onChanged's new values; other keys and
   * absent values are ignored: a removed item says nothing). Returns what changed here.
   */
  receive(items: Readonly<Record<string, unknown>>): SyncDelivery {
    const delivery: SyncDelivery = { subscriptions: [], marksChanged: [], reset: [], folders: [] };
    for (const [key, value] of Object.entries(items)) {
      if (key === FOLDERS_KEY) {
        for (const [name, incoming] of decodeFolders(value)) {
          const current = this.folderRecords.get(name);
          const merged = current ? mergeFolderRecords(current, incoming) : incoming;
          if (merged === current) continue;
          if (current && merged.alerts === current.alerts && merged.at === current.at) continue;
          this.folderRecords.set(name, merged);
          this.version++;
          if (merged.alerts !== current?.alerts) delivery.folders.push({ name, alerts: merged.alerts });
        }
        continue;
      }
      if (!isFeedKey(key)) continue;
      const incoming = decodeFeedRecord(value);
      // A value of another feed under this key (48-bit hashes of two URLs alike) is not this feed's.
      if (!incoming || feedKey(incoming.url) !== key) continue;
      const current = this.records.get(incoming.url) ?? emptyFeedRecord(incoming.url);
      const merged = mergeFeedRecords(current, incoming);
      if (sameFeedRecord(merged, current)) continue;
      this.put(merged);
      const settingsChanged = JSON.stringify(merged.settings) !== JSON.stringify(current.settings);
      if (merged.followed !== current.followed || (merged.followed && settingsChanged)) {
        delivery.subscriptions.push({ url: merged.url, followed: merged.followed, settings: merged.settings });
      }
      const reset = merged.followed && current.followed && merged.removedAt !== current.removedAt;
      if (reset) delivery.reset.push(merged.url);
      if (
        reset ||
        (merged.followed &&
          (merged.marks.size !== current.marks.size ||
            JSON.stringify(merged.watermarks) !== JSON.stringify(current.watermarks) ||
            [...merged.marks].some(([hash, mark]) => {
              const before = current.marks.get(hash);
              return before?.read !== mark.read || before.at !== mark.at;
            })))
      ) {
        delivery.marksChanged.push(merged.url);
      }
    }
    return delivery;
  }

  /**
   * The items `storage.sync` should hold, within `budget`. A tombstone older than TOMBSTONE_DAYS is left
   * out unless the area (`stored`: its items as read) holds that feed as followed: then it is written, so a
   * stale record there is answered, not repeated.
   */
  plan(budget: SyncBudget, now: number, stored: Readonly<Record<string, unknown>>): PlannedItems {
    for (const record of this.records.values()) {
      if (record.marks.size <= MAX_MARKS_PER_FEED) continue;
      const newest = [...record.marks]
        .toSorted(([hashA, a], [hashB, b]) => b.at - a.at || (hashA < hashB ? -1 : 1))
        .slice(0, MAX_MARKS_PER_FEED);
      this.records.set(record.url, { ...record, marks: new Map(newest) });
    }
    const expiry = toMinute(now) - TOMBSTONE_DAYS * 24 * 60;
    const records = [...this.records.values()].filter(
      (record) =>
        record.followed || record.at >= expiry || decodeFeedRecord(stored[feedKey(record.url)])?.followed === true,
    );
    return planItems(records, this.folderRecords, budget);
  }
}
