import { onMessage } from '@/utils/messages';
import { mutedCategoriesItem, refreshIntervalItem } from '@/utils/settings';
import { refreshBadge } from '@/utils/badge';
import {
  handleAlarm,
  handleInstalled,
  handleMenuClick,
  handleNotificationClick,
  handleStartup,
  handleWorkerStart,
  markPost,
  markPosts,
  openPost,
  refreshNow,
  rescheduleRefreshAlarm,
} from '@/utils/worker';

/** Logs a handler's failure instead of leaving an unhandled rejection in the worker. */
function logged(task: Promise<unknown>): void {
  task.catch((error: unknown) => console.error('[digest]', error));
}

export default defineBackground(() => {
  // Every listener is registered synchronously so the browser can wake the worker for it;
  // each handler then waits on the one ready gate (utils/worker.ts whenReady).
  browser.runtime.onInstalled.addListener(({ reason }) => logged(handleInstalled(reason)));
  browser.runtime.onStartup.addListener(() => logged(handleStartup()));
  browser.alarms.onAlarm.addListener((alarm) => logged(handleAlarm(alarm)));
  browser.notifications.onClicked.addListener((id) => logged(handleNotificationClick(id)));
  browser.contextMenus.onClicked.addListener((info) => logged(handleMenuClick(info.menuItemId)));
  onMessage('openPost', ({ data }) => openPost(data));
  onMessage('setRead', ({ data }) => markPost(data.key, data.read));
  onMessage('setReadMany', ({ data }) => markPosts(data.keys, data.read));
  onMessage('refreshNow', () => refreshNow());
  refreshIntervalItem.watch(() => logged(rescheduleRefreshAlarm()));
  mutedCategoriesItem.watch(() => logged(refreshBadge()));
  logged(handleWorkerStart());
});
