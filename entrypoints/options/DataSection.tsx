import { useState } from 'preact/hooks';
import { sendMessage } from '@/utils/messages';

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
    const result = await sendMessage('importData', await file.text());
    setMessage(
      result.ok
        ? `Imported: ${result.feedsAdded} new feed(s), ${result.readsMerged} read mark(s).`
        : `Not imported: ${result.error.message}`,
    );
  };
  const reset = async () => {
    await sendMessage('resetDigest', undefined);
    setConfirmReset(false);
    setMessage('Digest was reset: it follows its default feed again, with nothing read.');
  };

  return (
    <section class="settings-section" aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      <p class="muted">Everything stays in this browser. Take it elsewhere with an export.</p>
      <div class="button-row">
        <button type="button" onClick={() => void exportJson()}>
          Export everything (JSON)
        </button>
        <button type="button" onClick={() => void exportOpml()}>
          Export feed list (OPML)
        </button>
        <label class="button file-button">
          Import…
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(event) => void importFile(event.currentTarget.files?.[0])}
          />
        </label>
      </div>
      <div class="button-row">
        {confirmReset ? (
          <>
            <span class="confirm-text">Forget all feeds, posts, read marks and preferences?</span>
            <button type="button" class="danger" onClick={() => void reset()}>
              Reset Digest
            </button>
            <button type="button" onClick={() => setConfirmReset(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" class="danger-outline" onClick={() => setConfirmReset(true)}>
            Reset Digest…
          </button>
        )}
      </div>
      <p class="data-status" role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
