// The background's handlers. entrypoints/background.ts only wires browser events to these.
// Nothing here lives in a global: every handler reads what it needs from IndexedDB and storage.
import { i18n } from '#i18n';
import { browser, type Browser } from 'wxt/browser';
import { refreshBadge } from './badge';
import { announceChange } from '@/utils/changes';
import {
  changeImportJob,
  clearImportJob,
  getPost,
  readImportJob,
  readFeedAlerts,
  renameFolder,
  setFeedAlerts,
  setFeedFolder,
  setFolderAlerts,
  type FeedAlerts,
  listFeedStates,
  listFollowedUrls,
  listPosts,
  listSubscriptions,
  openDigestDB,
  setRead,
  setReadMany,
  markGroupRead,
  type GroupToMark,
  type PostKey,
} from '@/utils/db';
import type { RefreshReport } from '@/utils/messages';
import {
  SUMMARY_NOTIFICATION_ID,
  planNotification,
  postKeyFromNotificationId,
  showNotification,
} from './notifications';
import { refreshAll } from './refresh';
import { flushSync, markArrivedRead, startSync, SYNC_ALARM, withSync } from './sync';
import { postKeyString } from '@/utils/post';
import { earliestPoll, firstPollDelayMinutes, isDue } from '@/utils/feed/schedule';
import type { AddFeedResult, DigestExport, ImportResult, ImportStartResult, OpmlPreviewResult } from '@/utils/messages';
import { retryFailed } from './import-plan';
import {
  addFeed,
  previewOpml,
  runOpmlImport,
  startOpmlImport,
  exportData,
  exportOpml,
  importData,
  removeFeed,
  migrateLegacySubscriptions,
  resetEverything,
} from './subscriptions';
import { type Preferences, saveLastLook, readPreferences } from '@/utils/settings';

/** Name of the alarm that drives polling. */
export const REFRESH_ALARM = 'digest-refresh';

/** The toolbar icon's context menu. */
export const MENU = {
  refreshNow: 'digest-refresh-now',
  markAllRead: 'digest-mark-all-read',
  openDigest: 'digest-open-digest',
} as const;

// The gate of the current database connection: a new connection (after a reset, or a `versionchange`)
// passes the gate again, so the migration check runs against the database actually in use.
let readyGate: { connection: Promise<unknown>; ready: Promise<unknown> } | null = null;

/**
 * The one gate every handler passes: the database is open (and upgraded) and the feed list of older
 * versions moved into it. Settings are read per call, since the options page may change them at any time.
 */
export async function whenReady(): Promise<Preferences> {
  const connection = openDigestDB();
  if (readyGate?.connection !== connection) {
    const ready = connection.then(() => migrateLegacySubscriptions());
    readyGate = { connection, ready };
    ready.catch(() => {
      if (readyGate?.ready === ready) readyGate = null;
    });
  }
  await readyGate.ready;
  return readPreferences();
}

/**
 * Creates the polling alarm only when missing, so a worker restart never resets a running schedule.
 * The first delay comes from the scheduler (spread so readers who install together don't poll together);
 * the period is the reader's interval, a safety net under the per-feed times set after each poll.
 */
export async function ensureRefreshAlarm(intervalMinutes: number): Promise<void> {
  const existing = await browser.alarms.get(REFRESH_ALARM);
  if (existing) return;
  await browser.alarms.create(REFRESH_ALARM, {
    delayInMinutes: firstPollDelayMinutes(intervalMinutes),
    periodInMinutes: intervalMinutes,
  });
}

/**
 * After a poll, points the alarm at the earliest feed's next poll time (interval with jitter, server
 * hints, backoff), keeping the interval as the period. A deliberate move, unlike a worker restart.
 */
export async function scheduleNextAlarm(intervalMinutes: number): Promise<void> {
  const [states, urls] = await Promise.all([listFeedStates(), listFollowedUrls()]);
  const now = Date.now();
  const when = earliestPoll(
    states.filter((state) => urls.includes(state.url)),
    now,
  );
  await browser.alarms.create(REFRESH_ALARM, {
    when: when ?? now + intervalMinutes * 60_000,
    periodInMinutes: intervalMinutes,
  });
}

/** The followed feeds a scheduled poll should fetch now (their next poll time has come). */
export async function dueFeeds(intervalMinutes: number, now: number = Date.now()): Promise<string[]> {
  const [states, urls] = await Promise.all([listFeedStates(), listFollowedUrls()]);
  const byUrl = new Map(states.map((state) => [state.url, state]));
  return urls.filter((url) => {
    const state = byUrl.get(url);
    return !state || isDue(state, now, intervalMinutes);
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

/**
 * Refreshes every followed feed (or the given ones), notifies about new posts, then updates the badge
 * and open pages.
 */
export async function refreshNow(only?: readonly string[]): Promise<RefreshReport> {
  const settings = await whenReady();
  const followed = await listFollowedUrls();
  const urls = only ? followed.filter((url) => only.includes(url)) : followed;
  const results = urls.length > 0 ? await refreshAll(urls, { intervalMinutes: settings.refreshIntervalMinutes }) : [];
  await scheduleNextAlarm(settings.refreshIntervalMinutes);
  // Posts read in another browser before they arrived here are saved read now, before the badge counts them,
  // and are not new to announce (#15).
  const readElsewhere = await markArrivedRead(
    results.flatMap((result) => (result.status === 'updated' ? result.added : [])),
  ).catch((error: unknown) => {
    console.error('[digest] sync: read state of new posts', error);
    return new Set<string>();
  });
  // `added` holds only posts never seen before (the save entered them in the ledger in its own
  // transaction), so nothing is announced twice; a feed's first fetch is not announced at all.
  if (settings.notificationsEnabled) {
    const alerts = await readFeedAlerts();
    // A feed set to `badge` or `quiet` (itself or by its folder) is never notified about (#14).
    const announce = results.flatMap((result) =>
      result.status === 'updated' && !result.firstFetch && alerts.get(result.url) === 'notify'
        ? result.added.filter((post) => !readElsewhere.has(postKeyString(post)))
        : [],
    );
    await showNotification(planNotification(announce, settings.mutedCategories, settings.mutedWords));
  }
  await refreshBadge();
  // Every polled feed's record changed (its last attempt at least); an unfollowed one wrote nothing.
  const polled = results.filter((result) => result.status !== 'unfollowed').map((result) => result.url);
  if (polled.length > 0) announceChange({ kind: 'posts', feeds: polled });
  return {
    feeds: results.length,
    failed: results.filter((r) => r.status === 'failed').length,
    added: results.reduce((n, r) => n + (r.status === 'updated' ? r.added.length : 0), 0),
  };
}

/**
 * Polls the feeds whose time has come (after a browser start, an alarm, or a laptop waking up);
 * a feed the server asked to wait (Retry-After, max-age) or that is backing off is left alone.
 */
export async function catchUp(): Promise<void> {
  const settings = await whenReady();
  const due = await dueFeeds(settings.refreshIntervalMinutes);
  if (due.length > 0) await refreshNow(due);
  else await scheduleNextAlarm(settings.refreshIntervalMinutes);
}

/** Every time the worker starts: the alarm exists, the badge shows the cached count, an unfinished import goes on. */
export async function handleWorkerStart(): Promise<void> {
  const settings = await whenReady();
  await ensureRefreshAlarm(settings.refreshIntervalMinutes);
  await refreshBadge();
  void startSync().catch((error: unknown) => console.error('[digest] sync', error));
  void continueImport().catch((error: unknown) => console.error('[digest] import', error));
}

/** The welcome page: the options page in its welcome state. */
export const WELCOME_PATH = '/options.html#welcome';

/** On install: menus, schedule, a first fetch and the welcome page; on update: menus and a catch-up, no page. */
export async function handleInstalled(reason: string = 'install'): Promise<void> {
  const settings = await whenReady();
  await createMenus();
  await ensureRefreshAlarm(settings.refreshIntervalMinutes);
  if (reason !== 'install') {
    await catchUp();
    return;
  }
  await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PATH) });
  await refreshNow();
}

/** On browser start: menus in today's language, the schedule, and a catch-up on what was missed while closed. */
export async function handleStartup(): Promise<void> {
  const settings = await whenReady();
  // Menus persist, but their titles are in the language of the day they were made: remake them.
  await createMenus();
  await ensureRefreshAlarm(settings.refreshIntervalMinutes);
  await refreshBadge();
  await catchUp();
}

/** An alarm fired: poll when it is ours. */
export async function handleAlarm(alarm: Browser.alarms.Alarm): Promise<void> {
  if (alarm.name === REFRESH_ALARM) await catchUp();
  else if (alarm.name === SYNC_ALARM) await flushSync();
}

/** Marks a post read or unread and updates the badge and open pages. */
export async function markPost(key: PostKey, read: boolean): Promise<void> {
  await whenReady();
  await withSync(async (sync) => {
    await setRead(key, read, new Date().toISOString());
    await sync.markRead([key], read);
  });
  announceChange({ kind: 'read', keys: [key], read });
  await refreshBadge();
}

/** Marks many posts read or unread in one write, then updates the badge and open pages. */
export async function markPosts(keys: readonly PostKey[], read: boolean): Promise<void> {
  await whenReady();
  await withSync(async (sync) => {
    await setReadMany(keys, read, new Date().toISOString());
    await sync.markRead(keys, read);
  });
  announceChange({ kind: 'read', keys: [...keys], read });
  await refreshBadge();
}

/** Marks every unread post of a group read in one write (the page need not hold them), then updates the badge and pages. */
export async function markGroup(group: GroupToMark): Promise<void> {
  await whenReady();
  // Through sync like every other mark (#15): the write and its note in the replica with no delivery between.
  const keys = await withSync(async (sync) => {
    const marked = await markGroupRead(group, new Date().toISOString());
    await sync.markRead(marked, true);
    return marked;
  });
  if (keys.length > 0) announceChange({ kind: 'read', keys, read: true });
  await refreshBadge();
}

/** Marks every cached post read. */
export async function markAllRead(): Promise<void> {
  await whenReady();
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
  browser.contextMenus.create({ id: MENU.refreshNow, title: i18n.t('menu.refreshNow'), contexts });
  browser.contextMenus.create({ id: MENU.markAllRead, title: i18n.t('menu.markAllRead'), contexts });
  browser.contextMenus.create({ id: MENU.openDigest, title: i18n.t('menu.openDigest'), contexts });
}

/** A context-menu item was chosen. */
export async function handleMenuClick(menuItemId: string | number): Promise<void> {
  if (menuItemId === MENU.refreshNow) await refreshNow();
  else if (menuItemId === MENU.markAllRead) await markAllRead();
  else if (menuItemId === MENU.openDigest) await openDigest();
}

/** Follows a feed (after the ready gate) and schedules nothing new: the one alarm covers every feed. */
export async function followFeed(url: string): Promise<AddFeedResult> {
  await whenReady();
  return addFeed(url);
}

/** Unfollows a feed (after the ready gate). */
export async function unfollow(url: string): Promise<void> {
  await whenReady();
  await removeFeed(url);
}

/** Everything the reader has, as one export object (after the ready gate). */
export async function exportAll(): Promise<DigestExport> {
  await whenReady();
  return exportData();
}

/** The followed feeds as OPML (after the ready gate). */
export async function exportFeedsOpml(): Promise<string> {
  await whenReady();
  return exportOpml();
}

/** Imports an export file, then fetches the feeds it added. */
export async function importAndRefresh(text: string): Promise<ImportResult> {
  await whenReady();
  const result = await importData(text);
  if (result.ok) await refreshNow();
  return result;
}

/** "Reset Digest": forget everything, then start again as on a fresh install (without the welcome page). */
export async function resetDigest(): Promise<void> {
  // Through the gate like every handler: a reset must not delete the database under a running upgrade
  // or the move of an older version's feed list.
  await whenReady();
  // This browser's replica goes with the database (resetEverything); the synced reading list stays for the
  // other browsers and comes back here when the new replica reads the area (#15).
  await resetEverything();
  // The catch-up in handleInstalled fetches the build's feed (new database: every feed is due), once.
  await handleInstalled('reset');
  await startSync();
}

/** Remembers that the reader just looked at the digest; in the badge's "new" mode that empties the badge. */
export async function markLooked(): Promise<void> {
  await whenReady();
  await saveLastLook(new Date().toISOString());
  await refreshBadge();
}

/** Reads an OPML file for the page's preview (after the ready gate). */
export async function previewOpmlFile(text: string): Promise<OpmlPreviewResult> {
  await whenReady();
  return previewOpml(text);
}

// The import run under way in this worker: a handle like the refresh's in-flight promise (rebuilt on restart,
// when handleWorkerStart continues the stored job).
let importRun: Promise<void> | null = null;
// Open pages re-read the feed list at most this often during an import: each added feed is a `feeds` change.
const FEEDS_ANNOUNCE_MS = 2000;

/**
 * Runs the stored import job's pending feeds until none is left, then marks it finished (single flight: every
 * caller shares the run under way). A retry arriving while a run ends is picked up by the next pass.
 */
export function continueImport(): Promise<void> {
  importRun ??= (async () => {
    const { refreshIntervalMinutes } = await whenReady();
    // Nothing to continue (the usual worker start): touch nothing, the alarm least of all.
    if ((await readImportJob())?.state !== 'running') return;
    let lastFeedsChange = 0;
    const progressed = () => {
      announceChange({ kind: 'import' });
      if (Date.now() - lastFeedsChange < FEEDS_ANNOUNCE_MS) return;
      lastFeedsChange = Date.now();
      announceChange({ kind: 'feeds' });
      void refreshBadge();
    };
    // Passes, not a loop without end: an entry a broken database keeps pending must not spin the worker.
    for (let pass = 0; pass < 3; pass += 1) {
      const job = await readImportJob();
      if (job?.state !== 'running') break;
      await runOpmlImport(refreshIntervalMinutes, progressed);
      const after = await changeImportJob((current) => {
        if (current.state !== 'running' || current.entries.some((entry) => entry.status === 'pending')) return false;
        current.state = 'finished';
      });
      if (after?.state !== 'running') break;
    }
    await scheduleNextAlarm(refreshIntervalMinutes);
    await refreshBadge();
    announceChange({ kind: 'feeds' });
    announceChange({ kind: 'import' });
  })().finally(() => {
    importRun = null;
  });
  return importRun;
}

/** Starts an OPML import and answers at once; the worker validates the feeds (continueImport). */
export async function importOpmlFile(text: string): Promise<ImportStartResult> {
  await whenReady();
  const started = await startOpmlImport(text);
  if (started.ok) {
    announceChange({ kind: 'import' });
    void continueImport().catch((error: unknown) => console.error('[digest] import', error));
  }
  return started;
}

/** Validates the import's failed feeds again. */
export async function retryImport(): Promise<ImportStartResult> {
  await whenReady();
  let retried = 0;
  await changeImportJob((job) => {
    retried = retryFailed(job);
    return retried > 0;
  });
  announceChange({ kind: 'import' });
  if (retried > 0) void continueImport().catch((error: unknown) => console.error('[digest] import', error));
  return { ok: true };
}

/** Stops the import: what was added stays; validations under way write nothing. */
export async function stopImport(): Promise<void> {
  await whenReady();
  await changeImportJob((job) => {
    if (job.state !== 'running') return false;
    job.state = 'stopped';
  });
  announceChange({ kind: 'import' });
}

/** Forgets a finished or stopped import's result list. */
export async function clearImport(): Promise<void> {
  await whenReady();
  await clearImportJob();
  announceChange({ kind: 'import' });
}

/** Continues an unfinished import (a page showing one asks; answering also keeps the worker awake). */
export async function resumeImport(): Promise<void> {
  await whenReady();
  void continueImport().catch((error: unknown) => console.error('[digest] import', error));
}

/** Moves a feed to a folder (null: none), then tells the pages. */
export async function moveFeedToFolder(url: string, folder: string | null): Promise<void> {
  await whenReady();
  await withSync(async (sync) => {
    await setFeedFolder(url, folder);
    sync.follow(await listSubscriptions());
  });
  announceChange({ kind: 'feeds' });
}

/** Sets how loudly a feed arrives (null: as its folder says), then updates the badge and the pages. */
export async function changeFeedAlerts(url: string, alerts: FeedAlerts | null): Promise<void> {
  await whenReady();
  await withSync(async (sync) => {
    await setFeedAlerts(url, alerts);
    sync.follow(await listSubscriptions());
  });
  await refreshBadge();
  announceChange({ kind: 'feeds' });
}

/** Sets how loudly a folder's feeds arrive, then updates the badge and the pages. */
export async function changeFolderAlerts(folder: string, alerts: FeedAlerts): Promise<void> {
  await whenReady();
  await withSync(async (sync) => {
    await setFolderAlerts(folder, alerts);
    await sync.folders();
  });
  await refreshBadge();
  announceChange({ kind: 'feeds' });
}

/** Renames a folder, then tells the pages. */
export async function renameFeedFolder(from: string, to: string): Promise<void> {
  await whenReady();
  await withSync(async (sync) => {
    await renameFolder(from, to);
    sync.follow(await listSubscriptions());
    await sync.folders();
  });
  announceChange({ kind: 'feeds' });
}
