// A simulated browser for the sync tests (#15): its own storage.sync area (FakeSyncArea), SyncEngine and a
// plain in-memory "database" (followed feeds, cached posts, read marks) into which deliveries are merged as
// the worker's wiring will: never overwritten, a post fetched later asking the replica for its state.
import { SyncEngine, type SyncEngineOptions } from '@/utils/sync/engine';
import type { FlushOutcome } from '@/utils/sync/engine';
import type { FeedSettings } from '@/utils/sync/record';
import type { SyncDelivery } from '@/utils/sync/replica';
import type { FakeSyncArea, FakeSyncService } from './fake-sync';

/** A post as the tests cache it: id and time (ms). */
export interface SimPost {
  id: string;
  time: number;
  /** False for a post without a date: its time is when this browser first saw it. */
  dated?: boolean;
}

/** A shared clock the tests move by hand. */
export class Clock {
  constructor(public now: number) {}
  advance(ms: number): number {
    return (this.now += ms);
  }
}

export const NO_SETTINGS: FeedSettings = { title: null, folder: null, alerts: null };

/** One browser: area, engine, and its local database. */
export class SimBrowser {
  readonly area: FakeSyncArea;
  readonly engine: SyncEngine;
  readonly followed = new Map<string, FeedSettings>();
  readonly posts = new Map<string, SimPost[]>();
  readonly read = new Map<string, boolean>();
  readonly outcomes: FlushOutcome[] = [];

  constructor(
    service: FakeSyncService,
    readonly clock: Clock,
    options: Partial<SyncEngineOptions> = {},
  ) {
    this.area = service.area(() => clock.now, options.quotas);
    this.engine = new SyncEngine({ ...options, area: this.area });
    this.area.listeners.push((changes) => this.apply(this.engine.receive(changes, clock.now)));
  }

  get replica() {
    return this.engine.replica;
  }

  /** Merges a delivery into the local database, as the worker will. */
  apply(delivery: SyncDelivery): void {
    for (const { url, followed, settings } of delivery.subscriptions) {
      if (followed) this.followed.set(url, settings);
      else this.unfollowLocally(url);
    }
    for (const url of delivery.marksChanged) {
      const reset = delivery.reset.includes(url);
      for (const post of this.posts.get(url) ?? []) this.takeSyncedState(url, post, reset);
    }
  }

  private takeSyncedState(url: string, post: SimPost, reset = false): void {
    const state = this.replica.readState(url, post.id, post.time);
    if (state || reset) this.read.set(`${url}\n${post.id}`, state?.read ?? false);
  }

  private unfollowLocally(url: string): void {
    this.followed.delete(url);
    this.posts.delete(url);
    for (const key of this.read.keys()) if (key.startsWith(`${url}\n`)) this.read.delete(key);
  }

  follow(url: string, settings: FeedSettings = NO_SETTINGS): void {
    this.followed.set(url, settings);
    this.replica.follow(url, settings, this.clock.now);
    this.scheduled();
  }

  /** What the worker does after each edit: asks when to flush (which starts the debounce). */
  scheduled(): number | null {
    return this.engine.dueAt(this.clock.now);
  }

  unfollow(url: string): void {
    this.unfollowLocally(url);
    this.replica.unfollow(url, this.clock.now);
    this.scheduled();
  }

  /** A refresh caching posts: each takes its synced state, if sync has one. */
  fetch(url: string, posts: SimPost[]): void {
    if (!this.followed.has(url)) return;
    const cached = this.posts.get(url) ?? [];
    for (const post of posts) {
      if (cached.some((other) => other.id === post.id)) continue;
      cached.push(post);
      this.takeSyncedState(url, post);
    }
    this.posts.set(url, cached);
  }

  setRead(url: string, post: SimPost, read: boolean): void {
    if (!this.followed.has(url)) return;
    this.read.set(`${url}\n${post.id}`, read);
    this.replica.setRead(url, post, read, this.clock.now);
    this.scheduled();
  }

  markAllRead(url: string): void {
    const posts = this.posts.get(url) ?? [];
    if (!this.followed.has(url) || posts.length === 0) return;
    for (const post of posts) this.read.set(`${url}\n${post.id}`, true);
    const before = Math.max(...posts.map((post) => post.time));
    this.replica.markAllRead(
      url,
      before,
      posts.map((post) => post.id),
      this.clock.now,
      posts.filter((post) => post.dated === false).map((post) => post.id),
    );
    this.scheduled();
  }

  isRead(url: string, id: string): boolean {
    return this.read.get(`${url}\n${id}`) ?? false;
  }

  /** Flushes if due; applies what the flush read. */
  async flush(): Promise<FlushOutcome | null> {
    const outcome = await this.engine.flush(this.clock.now);
    if (outcome) {
      this.apply(outcome.delivery);
      this.outcomes.push(outcome);
    }
    return outcome;
  }
}

/**
 * Runs flushes (moving the clock to when each is due) and deliveries until nothing is left to write or
 * deliver; fails if that takes more than `rounds` rounds (the browsers would write to each other forever).
 */
export async function settle(service: FakeSyncService, browsers: SimBrowser[], rounds = 40): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const due = browsers
      .map((browser) => browser.engine.dueAt(browser.clock.now))
      .filter((at): at is number => at !== null);
    if (due.length === 0 && service.pending.length === 0) return;
    const clock = browsers[0]!.clock;
    if (due.length > 0) clock.now = Math.max(clock.now, Math.min(...due));
    for (const browser of browsers) await browser.flush();
    service.deliverAll();
  }
  throw new Error(`sync did not settle in ${rounds} rounds`);
}
