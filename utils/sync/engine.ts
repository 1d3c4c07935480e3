// Syncing the reading list and read state through `storage.sync` (#15): no account, no server. The core
// is pure: it takes any storage area with get/set/remove (the browser's `storage.sync`, or a fake in tests)
// and a clock passed in as `now` (ms), and imports no browser API.
//
// How to use it (the worker's wiring):
//   const replica = SyncReplica.deserialize(saved) // the first time: new SyncReplica(), then follow(url,
//     settings, addedAt) each subscription and mergeMark(url, id, { read: true, at: readAt }) each read mark
//   const engine = new SyncEngine({ area: browser.storage.sync, quotas: quotasFromArea(chrome.storage.sync),
//                                   replica, reserve: PREFERENCES_RESERVE });
//   - the reader acts here: replica.follow / unfollow / setFolderAlerts / setRead / markAllRead (and
//     mergeMark for a backup's marks), then schedule a flush at engine.dueAt(Date.now());
//   - storage.onChanged (area 'sync'): apply(engine.receive(changes, Date.now())) and schedule a flush;
//   - when a flush is due: const outcome = await engine.flush(Date.now()); apply(outcome.delivery); keep
//     replica.serialize() in storage.local; tell the reader about outcome.dropped / outcome.unsynced; and
//     schedule the next flush at engine.dueAt(Date.now()) if not null.
//   - apply(delivery) merges into the local database, never overwrites: follow or remove the feeds in
//     delivery.subscriptions, set folders' alerts, and for each feed in delivery.marksChanged set every
//     cached post's read state to replica.readState(url, id, postTime(post)) where that is not null (for
//     a feed in delivery.reset, null means unread: it was removed and followed again elsewhere). The
//     replica has already chosen the newest mark: every edit here went in through it with its time. A
//     post fetched later asks readState too, so a post read elsewhere before it arrived here arrives read.
//     A refresh running meanwhile only adds posts (each asks readState as it is saved); a backup import
//     puts its marks through mergeMark (the newer mark wins), then applies readState to the feeds it
//     touched. Nothing is overwritten with an older state.
//
// Writes: one `set` (and, rarely, one `remove`) carries every changed item, at most every DEBOUNCE_MS
// after the last change (and at most MAX_DELAY_MS after the first), from a token bucket of WRITE_BURST that
// refills at a sixth of the area's write limits (Chrome: one token per 12 s, so at most 4 + 5 = 9 writes in
// any minute and 4 + 300 in any hour), leaving the rest to the preferences (at most 30 and 1,210:
// utils/settings.ts): 39 and 1,514 together, under Chrome's 120 and 1,800. The bucket lives in memory: a
// worker restarted every 30 s could write 4 times per start, still 8 a minute. A refused write changes
// nothing here: the replica still holds everything, and the next flush reads the area, merges, and writes
// again after a back-off.
import { syncItemBytes } from './bytes';
import { SYNC_KEY_PREFIX } from './encoding';
import { CHROME_SYNC_QUOTAS, type DroppedMarks, type SyncQuotas } from './plan';
import { SyncReplica, type SyncDelivery } from './replica';

/** The part of `browser.storage.sync` the engine uses. */
export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * Room kept for the preferences (utils/settings.ts: the `preferences` item, at most QUOTA_BYTES_PER_ITEM,
 * and its version `preferences$`), so the reading list can never make a change of preferences not fit.
 */
export const PREFERENCES_RESERVE = { bytes: 8_192 + 32, items: 2 };

/** Quiet time after the last change before a write. */
export const DEBOUNCE_MS = 5_000;
/** Longest a change waits for quiet (a reader marking post after post still syncs every minute). */
export const MAX_DELAY_MS = 60_000;
/** Writes the engine may make back to back. */
export const WRITE_BURST = 4;
/** The engine's share of the area's write limits. */
const WRITE_SHARE = 6;
/** Wait after the browser refused a write for its rate, or for an unknown reason. */
const RATE_BACKOFF_MS = 60_000;

/** Why a write was refused, from the browser's message (Chrome's names, or Firefox's QuotaExceededError). */
export type SyncWriteErrorKind = 'rate-limited' | 'too-large' | 'failed';

/** Names a failed `storage.sync` write by its message. */
export function syncWriteErrorKind(error: unknown): SyncWriteErrorKind {
  const detail = error instanceof Error ? error.message : String(error);
  // Rate first: Chrome's rate messages also say "quota".
  if (/MAX_(SUSTAINED_)?WRITE_OPERATIONS|kMax(Sustained)?WriteOperations/i.test(detail)) return 'rate-limited';
  if (/quota|MAX_ITEMS|kMaxItems/i.test(detail)) return 'too-large';
  return 'failed';
}

/** What one flush did. */
export interface FlushOutcome {
  /** What the area held that this browser had not seen: apply it as for `receive`. */
  delivery: SyncDelivery;
  /** Items set and keys removed (0 when nothing had changed or the write was refused). */
  written: number;
  removed: number;
  /** What the reading list takes in the area after the flush (as planned). */
  bytes: number;
  items: number;
  /** Marks left out of sync for lack of room (they stay in the local database). */
  dropped: DroppedMarks[];
  /** Feeds that did not fit at all. */
  unsynced: string[];
  /** Why the write was refused, if it was; the flush is tried again at dueAt. */
  error: { kind: SyncWriteErrorKind; message: string } | null;
}

/** Options of a SyncEngine; only `area` is required. */
export interface SyncEngineOptions {
  area: StorageAreaLike;
  quotas?: SyncQuotas;
  replica?: SyncReplica;
  /** Room kept for the area's other items beyond what they take now (PREFERENCES_RESERVE). */
  reserve?: { bytes: number; items: number };
}

/** Writes a SyncReplica to a storage area within its quotas and rate, and reads what other browsers wrote. */
export class SyncEngine {
  readonly replica: SyncReplica;
  private readonly area: StorageAreaLike;
  private readonly quotas: SyncQuotas;
  private readonly reserve: { bytes: number; items: number };
  private readonly refillMs: number;
  private tokens = WRITE_BURST;
  private tokensAt = 0;
  private seenVersion: number;
  private writtenVersion = -1;
  private firstChangeAt: number | null = null;
  private lastChangeAt = 0;
  private backoffUntil = 0;
  /** The JSON of what this browser last wrote under each key, to know its own writes when they come back. */
  private readonly lastWritten = new Map<string, string>();
  /** Bytes kept free beyond the plan after the browser refused a write as too large (its count may differ). */
  private safetyBytes = 0;

  constructor({
    area,
    quotas = CHROME_SYNC_QUOTAS,
    replica = new SyncReplica(),
    reserve = PREFERENCES_RESERVE,
  }: SyncEngineOptions) {
    this.area = area;
    this.quotas = quotas;
    this.replica = replica;
    this.reserve = reserve;
    this.seenVersion = replica.version;
    this.refillMs = Math.max(
      (60_000 * WRITE_SHARE) / quotas.writesPerMinute,
      (3_600_000 * WRITE_SHARE) / quotas.writesPerHour,
    );
  }

  /** Notes edits of the replica since last asked, timing the debounce from now. */
  private observe(now: number): void {
    if (this.replica.version === this.seenVersion) return;
    this.seenVersion = this.replica.version;
    this.lastChangeAt = now;
    this.firstChangeAt ??= now;
  }

  private refill(now: number): void {
    if (now <= this.tokensAt) return;
    const gained = Math.floor((now - this.tokensAt) / this.refillMs);
    if (this.tokens + gained >= WRITE_BURST) {
      this.tokens = WRITE_BURST;
      this.tokensAt = now;
    } else if (gained > 0) {
      this.tokens += gained;
      this.tokensAt += gained * this.refillMs;
    }
  }

  /** When flush should next run (ms), or null when everything is written. */
  dueAt(now: number): number | null {
    this.observe(now);
    if (this.replica.version === this.writtenVersion) return null;
    this.refill(now);
    const quiet = Math.min(this.lastChangeAt + DEBOUNCE_MS, (this.firstChangeAt ?? now) + MAX_DELAY_MS);
    const token = this.tokens > 0 ? now : this.tokensAt + this.refillMs;
    return Math.max(quiet, token, this.backoffUntil);
  }

  /** Merges what `storage.onChanged` brought (area 'sync'); a flush then checks the area holds the merge. */
  receive(changes: Readonly<Record<string, { newValue?: unknown }>>, now: number): SyncDelivery {
    const values: Record<string, unknown> = {};
    for (const [key, change] of Object.entries(changes)) {
      if (!key.startsWith(SYNC_KEY_PREFIX) || change.newValue === undefined) continue;
      // This browser's own write coming back (the browser tells the writer too): nothing new.
      if (this.lastWritten.get(key) === JSON.stringify(change.newValue)) continue;
      values[key] = change.newValue;
    }
    const delivery = this.replica.receive(values);
    if (Object.keys(values).length > 0) {
      // Whether or not it changed anything here, what this browser holds may be newer than what arrived.
      this.replica.version++;
      this.observe(now);
    }
    return delivery;
  }

  private takeToken(now: number): boolean {
    this.refill(now);
    if (this.tokens === 0) return false;
    if (this.tokens === WRITE_BURST) this.tokensAt = now;
    this.tokens--;
    return true;
  }

  /**
   * Reads the area, merges it, and writes what changed, if due (else does nothing and returns null). Never
   * rejects: a refused write is named in `error`, and everything waits in the replica for the next flush.
   */
  async flush(now: number): Promise<FlushOutcome | null> {
    const due = this.dueAt(now);
    if (due === null || due > now) return null;
    let stored: Record<string, unknown>;
    try {
      stored = await this.area.get(null);
    } catch (error) {
      this.backoffUntil = now + RATE_BACKOFF_MS;
      return {
        delivery: { subscriptions: [], marksChanged: [], reset: [], folders: [] },
        written: 0,
        removed: 0,
        bytes: 0,
        items: 0,
        dropped: [],
        unsynced: [],
        error: { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
      };
    }
    const ours: Record<string, unknown> = {};
    let otherBytes = 0;
    let otherItems = 0;
    for (const [key, value] of Object.entries(stored)) {
      if (key.startsWith(SYNC_KEY_PREFIX)) ours[key] = value;
      else {
        otherBytes += syncItemBytes(key, value);
        otherItems++;
      }
    }
    const delivery = this.replica.receive(ours);
    const version = this.replica.version;
    this.seenVersion = version;
    const plan = this.replica.plan(
      {
        bytes: this.quotas.quotaBytes - Math.max(otherBytes, this.reserve.bytes) - this.safetyBytes,
        items: this.quotas.maxItems - Math.max(otherItems, this.reserve.items),
        perItem: this.quotas.quotaBytesPerItem,
      },
      now,
      ours,
    );
    const toSet: Record<string, unknown> = {};
    for (const [key, value] of plan.items) {
      if (JSON.stringify(ours[key]) !== JSON.stringify(value)) toSet[key] = value;
    }
    const toRemove = Object.keys(ours).filter((key) => !plan.items.has(key));
    const outcome: FlushOutcome = {
      delivery,
      written: 0,
      removed: 0,
      bytes: plan.bytes,
      items: plan.items.size,
      dropped: plan.dropped,
      unsynced: plan.unsynced,
      error: null,
    };
    try {
      // Removing first frees room for what is set.
      if (toRemove.length > 0) {
        if (!this.takeToken(now)) return outcome;
        await this.area.remove(toRemove);
        outcome.removed = toRemove.length;
      }
      if (Object.keys(toSet).length > 0) {
        if (!this.takeToken(now)) return outcome;
        // Noted first: the browser may tell this page of the write before the call returns.
        for (const [key, value] of Object.entries(toSet)) this.lastWritten.set(key, JSON.stringify(value));
        await this.area.set(toSet);
        outcome.written = Object.keys(toSet).length;
      }
    } catch (error) {
      const kind = syncWriteErrorKind(error);
      outcome.error = { kind, message: error instanceof Error ? error.message : String(error) };
      if (kind === 'too-large')
        this.safetyBytes = Math.min(this.safetyBytes + this.quotas.quotaBytes / 20, this.quotas.quotaBytes / 2);
      else this.backoffUntil = now + RATE_BACKOFF_MS;
      return outcome;
    }
    this.writtenVersion = version;
    if (this.replica.version === version) this.firstChangeAt = null;
    return outcome;
  }
}
