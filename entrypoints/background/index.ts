import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { onMessage } from '@/utils/messages';
import { watchSettings } from '@/utils/settings';
import { refreshBadge } from '@/entrypoints/background/badge';
import { receiveSync, whenSyncFollows } from '@/entrypoints/background/sync';
import {
  handleAlarm,
  handleInstalled,
  handleMenuClick,
  handleNotificationClick,
  handleStartup,
  handleWorkerStart,
  exportAll,
  exportFeedsOpml,
  followFeed,
  importAndRefresh,
  importOpmlFile,
  previewOpmlFile,
  retryImport,
  stopImport,
  clearImport,
  resumeImport,
  moveFeedToFolder,
  renameFeedFolder,
  changeFeedAlerts,
  changeFolderAlerts,
  markLooked,
  markPost,
  markGroup,
  markPosts,
  openPost,
  refreshNow,
  rescheduleRefreshAlarm,
  resetDigest,
  unfollow,
} from '@/entrypoints/background/handlers';

/** Logs a handler's failure instead of leaving an unhandled rejection in the worker. */
function logged(task: Promise<unknown>): void {
  task.catch((error: unknown) => console.error('[digest]', error));
}

export default defineBackground(() => {
  // Every listener is registered synchronously so the browser can wake the worker for it;
  // each handler then waits on the one ready gate (handlers.ts whenReady).
  browser.runtime.onInstalled.addListener(({ reason }) => logged(handleInstalled(reason)));
  browser.runtime.onStartup.addListener(() => logged(handleStartup()));
  browser.alarms.onAlarm.addListener((alarm) => logged(handleAlarm(alarm)));
  // What other browsers wrote (#15); feeds they followed are fetched here (or wait for access).
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync') logged(receiveSync(changes));
  });
  whenSyncFollows((urls) => refreshNow(urls));
  browser.notifications.onClicked.addListener((id) => logged(handleNotificationClick(id)));
  browser.contextMenus.onClicked.addListener((info) => logged(handleMenuClick(info.menuItemId)));
  onMessage('openPost', ({ data }) => openPost(data));
  onMessage('setRead', ({ data }) => markPost(data.key, data.read));
  onMessage('setReadMany', ({ data }) => markPosts(data.keys, data.read));
  onMessage('markGroupRead', ({ data }) => markGroup(data));
  onMessage('refreshNow', ({ data }) => refreshNow(data));
  onMessage('markLooked', () => markLooked());
  onMessage('addFeed', ({ data }) => followFeed(data));
  onMessage('removeFeed', ({ data }) => unfollow(data));
  onMessage('exportData', () => exportAll());
  onMessage('exportOpml', () => exportFeedsOpml());
  onMessage('importData', ({ data }) => importAndRefresh(data));
  onMessage('previewOpml', ({ data }) => previewOpmlFile(data));
  onMessage('importOpml', ({ data }) => importOpmlFile(data));
  onMessage('retryImport', () => retryImport());
  onMessage('stopImport', () => stopImport());
  onMessage('clearImport', () => clearImport());
  onMessage('resumeImport', () => resumeImport());
  onMessage('setFeedFolder', ({ data }) => moveFeedToFolder(data.url, data.folder));
  onMessage('renameFolder', ({ data }) => renameFeedFolder(data.from, data.to));
  onMessage('setFeedAlerts', ({ data }) => changeFeedAlerts(data.url, data.alerts));
  onMessage('setFolderAlerts', ({ data }) => changeFolderAlerts(data.folder, data.alerts));
  onMessage('resetDigest', () => resetDigest());
  // A preference change takes effect at once: a new interval reschedules, muting recounts the badge.
  watchSettings(() => logged(Promise.all([rescheduleRefreshAlarm(), refreshBadge()])));
  logged(handleWorkerStart());
});
