import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { absoluteTime, relativeTime } from '@/utils/format';
import { formatNumber } from '@/utils/l10n';
import { readSyncStatus, readSyncUsage, SYNC_STATUS_KEY, type SyncStatus, type SyncUsage } from '@/utils/sync-status';

/** What syncs, how much of `storage.sync` it takes, and what did not fit (#15). */
export function SyncSection({ now }: { now: number }) {
  const [usage, setUsage] = useState<SyncUsage | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      void Promise.all([readSyncUsage(), readSyncStatus()])
        .then(([nextUsage, nextStatus]) => {
          if (!live) return;
          setUsage(nextUsage);
          setStatus(nextStatus);
        })
        .catch((error: unknown) => console.error('[digest] sync status', error));
    read();
    // Re-read when the synced area changes (a flush here, a delivery) or the worker reports a flush.
    const changed = (changes: Record<string, unknown>, area: string) => {
      if (area === 'sync' || (area === 'local' && SYNC_STATUS_KEY in changes)) read();
    };
    browser.storage.onChanged.addListener(changed);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(changed);
    };
  }, []);
  return (
    <section class="settings-section" aria-labelledby="sync-heading">
      <h2 id="sync-heading">{i18n.t('sync.heading')}</h2>
      <p>{i18n.t('sync.intro')}</p>
      {usage && (
        <p class="sync-usage" data-bytes={usage.bytes} data-items={usage.items}>
          {i18n.t('sync.usage', [
            formatNumber(usage.bytes),
            formatNumber(usage.quotaBytes),
            formatNumber(usage.items),
            formatNumber(usage.maxItems),
          ])}{' '}
          {i18n.t('sync.readingList', [formatNumber(usage.readingListBytes), formatNumber(usage.readingListItems)])}
        </p>
      )}
      {status ? (
        <>
          <p class="sync-status">
            {i18n.t('sync.syncedFeeds', status.feeds, [formatNumber(status.feeds)])}{' '}
            {i18n.t('sync.syncedMarks', status.marks, [formatNumber(status.marks)])}{' '}
            {i18n.t('sync.lastSync', [relativeTime(new Date(status.at).toISOString(), now)])}
          </p>
          {status.droppedMarks > 0 && status.droppedNewestAt !== null && (
            <p class="sync-dropped" role="status">
              {i18n.t('sync.dropped', status.droppedMarks, [
                formatNumber(status.droppedMarks),
                absoluteTime(new Date(status.droppedNewestAt).toISOString()),
              ])}
            </p>
          )}
          {status.unsynced > 0 && (
            <p class="sync-dropped" role="status">
              {i18n.t('sync.unsynced', status.unsynced, [formatNumber(status.unsynced)])}
            </p>
          )}
          {status.error && <p class="feed-error">{i18n.t('sync.error', [status.error])}</p>}
        </>
      ) : (
        <p class="muted">{i18n.t('sync.notYet')}</p>
      )}
    </section>
  );
}
