import { onMessage } from '@/utils/messages';
import { handleAlarm, handleInstalled, handleStartup, markPost, markPosts, openPost, refreshNow } from '@/utils/worker';

/** Logs a handler's failure instead of leaving an unhandled rejection in the worker. */
function logged(task: Promise<unknown>): void {
  task.catch((error: unknown) => console.error('[digest]', error));
}

export default defineBackground(() => {
  // Every listener is registered synchronously so the browser can wake the worker for it.
  browser.runtime.onInstalled.addListener(() => logged(handleInstalled()));
  browser.runtime.onStartup.addListener(() => logged(handleStartup()));
  browser.alarms.onAlarm.addListener((alarm) => logged(handleAlarm(alarm)));
  onMessage('openPost', ({ data }) => openPost(data));
  onMessage('setRead', ({ data }) => markPost(data.key, data.read));
  onMessage('setReadMany', ({ data }) => markPosts(data.keys, data.read));
  onMessage('refreshNow', () => refreshNow());
});
