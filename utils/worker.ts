// The background's handlers. entrypoints/background.ts only wires browser events to these.
// Nothing here lives in a global: every handler reads what it needs from IndexedDB and storage.
import { browser, type Browser } from 'wxt/browser';
import { refreshBadge } from './badge';
import { announceChange } from './changes';
import {
  getPost,
  listFeedStates,
  listPosts,
  openDigestDB,
  setRead,
  setReadMany,
  takeUnnotified,
  type PostKey,
} from './db';
import type { RefreshReport } from './messages';
import {
  SUMMARY_NOTIFICATION_ID,
  planNotification,
  postKeyFromNotificationId,
  showNotification,
} from './notifications';
import { refreshAll } from './refresh';
import { followedFeeds, loadWorkerSettings, type WorkerSettings } from './settings';

/** Name of the alarm that drives polling. */
export const REFRESH_ALARM = 'digest-refresh';

/** The toolbar icon's context menu. */
export const MENU = {
  refreshNow: 'digest-refresh-now',
  markAllRead: 'digest-mark-all-read',
  openDigest: 'digest-open-digest',
} as const;

let readyGate: Promise<unknown> | null = null;

/**
 * The one gate every handler passes: the database is open (and upgraded). Settings are read per
 * call, since the options page may change them at any time.
 */
export async function whenReady(): Promise<WorkerSettings> {
  readyGate ??= openDigestDB().catch((error: unknown) => {
    readyGate = null;
    throw error;
  });
  await readyGate;
  return loadWorkerSettings();
}

/** Spreads first polls over a fraction of the interval, so readers who install together don't poll together. */
export function firstDelayMinutes(intervalMinutes: number, random: () => number = Math.random): number {
  return Math.max(1, intervalMinutes * (0.5 + random() / 2));
}

/** Creates the polling alarm only when missing, so a worker restart never resets a running schedule. */
export async function ensureRefreshAlarm(intervalMinutes: number): Promise<void> {
  const existing = await browser.alarms.get(REFRESH_ALARM);
  if (existing) return;
  await browser.alarms.create(REFRESH_ALARM, {
    delayInMinutes: firstDelayMinutes(intervalMinutes),
    periodInMinutes: intervalMinutes,
  });
}

/** Replaces the alarm after the reader changed the interval (a deliberate reset, unlike a restart). */
export async function rescheduleRefreshAlarm(): Promise<void> {
  const settings = await whenReady();
  const existing = await browser.alarms.get(REFRESH_ALARM);
  if (existing?.periodInMinutes === settings.refreshIntervalMinutes) return;
  await browser.alarms.clear(REFRESH_ALARM);
  await ensureRefreshAlarm(settings.refreshIntervalMinutes);
}

/** Refreshes every followed feed, notifies about new posts, then updates the badge and open pages. */
export async function refreshNow(): Promise<RefreshReport> {
  const settings = await whenReady();
  const results = await refreshAll(await followedFeeds());
  const at = new Date().toISOString();
  const announce = [];
  for (const result of results) {
    if (result.status !== 'updated' || result.added.length === 0) continue;
    // Every new post goes into the ledger, even on the first fetch, so it is never announced later.
    const fresh = await takeUnnotified(result.added, at);
    if (!result.firstFetch) announce.push(...fresh);
  }
  if (settings.notificationsEnabled) await showNotification(planNotification(announce, settings.mutedCategories));
  await refreshBadge();
  announceChange();
  return {
    feeds: results.length,
    failed: results.filter((r) => r.status === 'failed').length,
    added: results.reduce((n, r) => n + (r.status === 'updated' ? r.added.length : 0), 0),
  };
}

/** Refreshes when any feed's last success is older than the interval (or it never succeeded). */
export async function catchUp(): Promise<void> {
  const settings = await whenReady();
  const [feeds, urls] = await Promise.all([listFeedStates(), followedFeeds()]);
  const due = Date.now() - settings.refreshIntervalMinutes * 60_000;
  const stale = urls.some((url) => {
    const success = feeds.find((feed) => feed.url === url)?.lastSuccess;
    return !success || Date.parse(success) < due;
  });
  if (stale) await refreshNow();
}

/** Every time the worker starts: the alarm exists and the badge shows the cached count. */
export async function handleWorkerStart(): Promise<void> {
  const settings = await whenReady();
  await ensureRefreshAlarm(settings.refreshIntervalMinutes);
  await refreshBadge();
}

/** On install: menus, schedule and a first fetch; on update: menus and a catch-up. */
export async function handleInstalled(reason: string = 'install'): Promise<void> {
  const settings = await whenReady();
  await createMenus();
  await ensureRefreshAlarm(settings.refreshIntervalMinutes);
  if (reason === 'install') await refreshNow();
  else await catchUp();
}

/** On browser start: schedule and catch up on what was missed while it was closed. */
export async function handleStartup(): Promise<void> {
  const settings = await whenReady();
  await ensureRefreshAlarm(settings.refreshIntervalMinutes);
  await refreshBadge();
  await catchUp();
}

/** An alarm fired: poll when it is ours. */
export async function handleAlarm(alarm: Browser.alarms.Alarm): Promise<void> {
  if (alarm.name === REFRESH_ALARM) await refreshNow();
}

/** Marks a post read or unread and updates the badge and open pages. */
export async function markPost(key: PostKey, read: boolean): Promise<void> {
  await whenReady();
  await setRead(key, read, new Date().toISOString());
  await refreshBadge();
  announceChange();
}

/** Marks many posts read or unread in one write, then updates the badge and open pages. */
export async function markPosts(keys: readonly PostKey[], read: boolean): Promise<void> {
  await whenReady();
  await setReadMany(keys, read, new Date().toISOString());
  await refreshBadge();
  announceChange();
}

/** Marks every cached post read. */
export async function markAllRead(): Promise<void> {
  const posts = await listPosts();
  await markPosts(
    posts.filter((post) => !post.read).map((post): PostKey => [post.feedUrl, post.id]),
    true,
  );
}

/** Opens a cached post's link in a new tab (http(s) only) and marks it read. */
export async function openPost(key: PostKey): Promise<void> {
  await whenReady();
  const post = await getPost(key);
  if (!post) return;
  await markPost(key, true);
  if (post.url && /^https?:\/\//i.test(post.url)) await browser.tabs.create({ url: post.url });
}

/** Opens the full digest (the new-tab page). */
export async function openDigest(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/newtab.html') });
}

/** A notification was clicked: a post's opens that post; the summary opens the digest. */
export async function handleNotificationClick(notificationId: string): Promise<void> {
  const key = postKeyFromNotificationId(notificationId);
  if (key) await openPost(key);
  else if (notificationId === SUMMARY_NOTIFICATION_ID) await openDigest();
  else return;
  await browser.notifications.clear(notificationId);
}

/** Creates the toolbar icon's context menu (menus persist, so once per install or update). */
export async function createMenus(): Promise<void> {
  // The polyfill's types come from Firefox's menus API, whose first element is required.
  const contexts: ['action' | 'browser_action'] = [
    import.meta.env.MANIFEST_VERSION === 2 ? 'browser_action' : 'action',
  ];
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU.refreshNow, title: 'Refresh now', contexts });
  browser.contextMenus.create({ id: MENU.markAllRead, title: 'Mark all as read', contexts });
  browser.contextMenus.create({ id: MENU.openDigest, title: 'Open digest', contexts });
}

/** A context-menu item was chosen. */
export async function handleMenuClick(menuItemId: string | number): Promise<void> {
  if (menuItemId === MENU.refreshNow) await refreshNow();
  else if (menuItemId === MENU.markAllRead) await markAllRead();
  else if (menuItemId === MENU.openDigest) await openDigest();
}
