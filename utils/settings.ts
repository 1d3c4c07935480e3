import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

/** Path of the sample feed bundled in public/, used when a build names no default feed. */
export const SAMPLE_FEED_PATH = '/sample-feed.json';

/** How often feeds are polled by default, in minutes. */
export const DEFAULT_REFRESH_INTERVAL_MINUTES = 30;

/** The feed this build follows: `WXT_DEFAULT_FEED_URL` at build time, else the bundled sample. */
export function defaultFeedUrl(): string {
  const configured = import.meta.env.WXT_DEFAULT_FEED_URL?.trim();
  return configured || browser.runtime.getURL(SAMPLE_FEED_PATH);
}

/** The feeds the reader follows (one for now; the options issue adds more). */
export async function followedFeeds(): Promise<string[]> {
  return [defaultFeedUrl()];
}

/** Minutes between polls (the options page will edit it; 15 min to 24 h). */
export const refreshIntervalItem = storage.defineItem<number>('sync:refreshIntervalMinutes', {
  fallback: DEFAULT_REFRESH_INTERVAL_MINUTES,
});

/** Whether new posts raise a notification. */
export const notificationsEnabledItem = storage.defineItem<boolean>('sync:notificationsEnabled', {
  fallback: true,
});

/** Categories the reader muted: no notifications, and left out of the badge count. */
export const mutedCategoriesItem = storage.defineItem<string[]>('sync:mutedCategories', {
  fallback: [],
});

/** The preferences the worker acts on, read together. */
export interface WorkerSettings {
  refreshIntervalMinutes: number;
  notificationsEnabled: boolean;
  mutedCategories: string[];
}

/** Reads the worker's preferences (clamping the interval to its allowed range). */
export async function loadWorkerSettings(): Promise<WorkerSettings> {
  const [interval, notificationsEnabled, mutedCategories] = await Promise.all([
    refreshIntervalItem.getValue(),
    notificationsEnabledItem.getValue(),
    mutedCategoriesItem.getValue(),
  ]);
  return {
    refreshIntervalMinutes: Math.min(24 * 60, Math.max(15, Number.isFinite(interval) ? interval : 30)),
    notificationsEnabled,
    mutedCategories,
  };
}
