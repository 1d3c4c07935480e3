import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { describeError, describeImportError, describeImportSkips } from '@/utils/error-text';
import { formatNumber } from '@/utils/l10n';
import { clearPageState } from '@/components/snapshot';
import type { ImportResult } from '@/utils/messages';
import { sendMessage } from '@/utils/messages';
import { useOpmlImport } from './OpmlImport';

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Export, import and reset. */
export function DataSection() {
  const [message, setMessage] = useState('');
  const [confirmReset, setConfirmReset] = useState(false);
  const opml = useOpmlImport();
  const day = new Date().toISOString().slice(0, 10);

  const exportJson = async () => {
    const data = await sendMessage('exportData', undefined);
    download(`digest-${day}.json`, 'application/json', JSON.stringify(data, null, 2));
  };
  const exportOpml = async () => {
    download(`digest-feeds-${day}.opml`, 'text/x-opml', await sendMessage('exportOpml', undefined));
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    let result: ImportResult;
    try {
      result = await sendMessage('importData', await file.text());
    } catch (error) {
      // The worker could not be reached or threw: say so instead of leaving the page silent.
      console.error('[digest] import failed', error);
      setMessage(i18n.t('data.notImported', [describeError({ kind: 'unknown', message: '' })]));
      return;
    }
    if (!result.ok) {
      setMessage(i18n.t('data.notImported', [describeImportError(result.error)]));
      return;
    }
    const lines = [
      i18n.t('data.imported', [
        i18n.t('data.newFeeds', result.feedsAdded, [formatNumber(result.feedsAdded)]),
        i18n.t('data.readMarks', result.readsMerged, [formatNumber(result.readsMerged)]),
      ]),
    ];
    if (result.feedsAlreadyFollowed > 0) {
      lines.push(
        i18n.t('data.alreadyFollowed', result.feedsAlreadyFollowed, [formatNumber(result.feedsAlreadyFollowed)]),
      );
    }
    if (result.skipped.length > 0) lines.push(i18n.t('data.skipped', [describeImportSkips(result.skipped)]));
    setMessage(lines.join(' '));
  };
  const reset = async () => {
    await sendMessage('resetDigest', undefined);
    clearPageState();
    setConfirmReset(false);
    setMessage(i18n.t('data.resetDone'));
  };

  return (
    <section class="settings-section" aria-labelledby="data-heading">
      <h2 id="data-heading">{i18n.t('data.heading')}</h2>
      <p class="muted">{i18n.t('data.intro')}</p>
      <div class="button-row">
        <button type="button" onClick={() => void exportJson()}>
          {i18n.t('data.exportJson')}
        </button>
        <button type="button" onClick={() => void exportOpml()}>
          {i18n.t('data.exportOpml')}
        </button>
      </div>
      <div class="button-row">
        <label class="button file-button">
          {i18n.t('data.importJson')}
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(event) => void importFile(event.currentTarget.files?.[0])}
          />
        </label>
        {opml.button}
      </div>
      {opml.panel}
      <div class="button-row">
        {confirmReset ? (
          <>
            <span class="confirm-text">{i18n.t('data.confirmReset')}</span>
            <button type="button" class="danger" onClick={() => void reset()}>
              {i18n.t('data.reset')}
            </button>
            <button type="button" onClick={() => setConfirmReset(false)}>
              {i18n.t('data.cancel')}
            </button>
          </>
        ) : (
          <button type="button" class="danger-outline" onClick={() => setConfirmReset(true)}>
            {i18n.t('data.resetConfirm')}
          </button>
        )}
      </div>
      <p class="data-status" role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
