// A fake `storage.sync` shared by simulated browsers (#15): each browser has its own area, enforcing
// Chrome's quotas and write rate with Chrome's error messages; a write is kept in the writer's area at once
// and reaches the others only when the test delivers it, in any order (late and reordered arrivals).
import { syncItemBytes } from '@/utils/sync/bytes';
import type { StorageAreaLike } from '@/utils/sync/engine';
import { CHROME_SYNC_QUOTAS, type SyncQuotas } from '@/utils/sync/plan';

/** One write on its way to another browser: the key's new value, or undefined for a removal. */
export interface PendingDelivery {
  to: FakeSyncArea;
  key: string;
  value: unknown;
}

/** The sync service between the fake areas. */
export class FakeSyncService {
  readonly areas: FakeSyncArea[] = [];
  readonly pending: PendingDelivery[] = [];

  /** A new browser's area, starting from nothing. */
  area(clock: () => number, quotas: SyncQuotas = CHROME_SYNC_QUOTAS): FakeSyncArea {
    const area = new FakeSyncArea(this, clock, quotas);
    this.areas.push(area);
    return area;
  }

  /** Delivers the pending write at `index` (or the oldest) to its browser: stored, and its listeners told. */
  deliver(index = 0): void {
    const [delivery] = this.pending.splice(index, 1);
    if (!delivery) return;
    delivery.to.applyRemote(delivery.key, delivery.value);
  }

  /** Delivers everything pending, oldest first. */
  deliverAll(): void {
    while (this.pending.length > 0) this.deliver(0);
  }
}

type Listener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>) => void;

/** One browser's `storage.sync`: quotas and the write rate enforced as Chrome does, by rejecting. */
export class FakeSyncArea implements StorageAreaLike {
  readonly store = new Map<string, unknown>();
  readonly listeners: Listener[] = [];
  /** Times of the writes (set and remove calls) accepted, for the rate limits. */
  readonly writes: number[] = [];
  /** Refusals, by message. */
  readonly refusals: string[] = [];

  constructor(
    private readonly service: FakeSyncService,
    private readonly clock: () => number,
    /** The limits this area enforces (a test may lower them, as another browser's would be). */
    public quotas: SyncQuotas,
  ) {}

  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys == null ? [...this.store.keys()] : typeof keys === 'string' ? [keys] : keys;
    const out: Record<string, unknown> = {};
    for (const key of wanted) if (this.store.has(key)) out[key] = structuredClone(this.store.get(key));
    return out;
  }

  /** Bytes in use, as Chrome counts them. */
  bytesInUse(): number {
    let bytes = 0;
    for (const [key, value] of this.store) bytes += syncItemBytes(key, value);
    return bytes;
  }

  private refuse(message: string): never {
    this.refusals.push(message);
    throw new Error(message);
  }

  private checkRate(): void {
    const now = this.clock();
    if (this.writes.filter((at) => at > now - 60_000).length >= this.quotas.writesPerMinute) {
      this.refuse('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.');
    }
    if (this.writes.filter((at) => at > now - 3_600_000).length >= this.quotas.writesPerHour) {
      this.refuse('This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.');
    }
  }

  async set(items: Record<string, unknown>): Promise<void> {
    this.checkRate();
    const next = new Map(this.store);
    for (const [key, value] of Object.entries(items)) {
      if (syncItemBytes(key, value) > this.quotas.quotaBytesPerItem) this.refuse('QUOTA_BYTES_PER_ITEM quota exceeded');
      next.set(key, structuredClone(value));
    }
    let bytes = 0;
    for (const [key, value] of next) bytes += syncItemBytes(key, value);
    if (bytes > this.quotas.quotaBytes) this.refuse('QUOTA_BYTES quota exceeded');
    if (next.size > this.quotas.maxItems) this.refuse('MAX_ITEMS quota exceeded');
    this.writes.push(this.clock());
    this.commit(Object.entries(items));
  }

  async remove(keys: string | string[]): Promise<void> {
    this.checkRate();
    this.writes.push(this.clock());
    this.commit((typeof keys === 'string' ? [keys] : keys).map((key) => [key, undefined]));
  }

  /** Stores a local write, tells this browser's listeners (Chrome does) and queues it for the others. */
  private commit(entries: [string, unknown][]): void {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [key, value] of entries) {
      changes[key] = { oldValue: this.store.get(key), newValue: value };
      if (value === undefined) this.store.delete(key);
      else this.store.set(key, structuredClone(value));
      for (const other of this.service.areas) {
        if (other !== this) this.service.pending.push({ to: other, key, value: structuredClone(value) });
      }
    }
    for (const listener of this.listeners) listener(changes);
  }

  /** A write from another browser arriving. */
  applyRemote(key: string, value: unknown): void {
    const oldValue = this.store.get(key);
    if (value === undefined) this.store.delete(key);
    else this.store.set(key, value);
    for (const listener of this.listeners) listener({ [key]: { oldValue, newValue: value } });
  }
}
