import { browser, type Browser } from 'wxt/browser';
import { refreshBadge } from './badge';
import { announceChange } from './changes';
import { getPost, setRead, setReadMany, type PostKey } from './db';
import type { RefreshReport } from './messages';
import { refreshAll } from './refresh';
import { REFRESH_INTERVAL_MINUTES, followedFeeds } from './settings';

/** Name of the alarm that drives polling. */
export const REFRESH_ALARM = 'digest-refresh';

/** Creates the polling alarm only when missing, so a worker restart never resets a running schedule. */
export async function ensureRefreshAlarm(): Promise<void> {
  const existing = await browser.alarms.get(REFRESH_ALARM);
  if (existing) return;
  await browser.alarms.create(REFRESH_ALARM, {
    delayInMinutes: REFRESH_INTERVAL_MINUTES,
    periodInMinutes: REFRESH_INTERVAL_MINUTES,
  });
}

/** Refreshes every followed feed, then the badge and any open page. */
export async function refreshNow(): Promise<RefreshReport> {
  const results = await refreshAll(await followedFeeds());
  await refreshBadge();
  announceChange();
  return {
    feeds: results.length,
    failed: results.filter((r) => r.status === 'failed').length,
    added: results.reduce((n, r) => n + (r.status === 'updated' ? r.added.length : 0), 0),
  };
}

/** On install or update: schedule polling and fetch at once so the badge fills. */
export async function handleInstalled(): Promise<void> {
  await ensureRefreshAlarm();
  await refreshNow();
}

/** On browser start: make sure polling is scheduled and the badge shows the cached count. */
export async function handleStartup(): Promise<void> {
  await ensureRefreshAlarm();
  await refreshBadge();
}

/** An alarm fired: poll when it is ours. */
export async function handleAlarm(alarm: Browser.alarms.Alarm): Promise<void> {
  if (alarm.name === REFRESH_ALARM) await refreshNow();
}

/** Marks a post read or unread and updates the badge and open pages. */
export async function markPost(key: PostKey, read: boolean): Promise<void> {
  await setRead(key, read, new Date().toISOString());
  await refreshBadge();
  announceChange();
}

/** Marks many posts read or unread in one write, then updates the badge and open pages. */
export async function markPosts(keys: readonly PostKey[], read: boolean): Promise<void> {
  await setReadMany(keys, read, new Date().toISOString());
  await refreshBadge();
  announceChange();
}

/** Opens a cached post's link in a new tab (http(s) only) and marks it read. */
export async function openPost(key: PostKey): Promise<void> {
  const post = await getPost(key);
  if (!post) return;
  await markPost(key, true);
  if (post.url && /^https?:\/\//i.test(post.url)) await browser.tabs.create({ url: post.url });
}
