import { i18n } from '#i18n';
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onChange } from '@/utils/changes';
import { readImportJob, type ImportEntry, type ImportJob } from '@/utils/db';
import { describeError, describeImportError } from '@/utils/error-text';
import type { OpmlSkipReason } from '@/utils/feed/outline';
import { formatNumber } from '@/utils/l10n';
import { sendMessage, type OpmlPreview } from '@/utils/messages';
import { originPattern, requestOriginsAccess } from '@/utils/permissions';

/** A file read and previewed, waiting for the reader to confirm. */
interface PendingFile {
  name: string;
  text: string;
  preview: OpmlPreview;
}

// While an import runs and this page shows it, the page asks the worker to go on this often: a worker the browser
// stopped picks the stored job up again, and one still running is kept awake (#14).
const KEEP_GOING_MS = 20_000;

/** A count as its plural message's one substitution. */
function num(n: number): [string] {
  return [formatNumber(n)];
}

function skipReason(reason: OpmlSkipReason): string {
  switch (reason) {
    case 'no-feed-address':
      return i18n.t('data.opmlNoAddress');
    case 'invalid-feed-address':
      return i18n.t('data.opmlBadAddress');
    case 'too-many-feeds':
      return i18n.t('data.opmlTooMany');
  }
}

/** Entries by state, the counts the progress bar and summary show. */
function tally(entries: readonly ImportEntry[]) {
  const by = (status: ImportEntry['status']) => entries.filter((entry) => entry.status === status);
  return { added: by('added'), followed: by('already-followed'), failed: by('failed'), pending: by('pending') };
}

/**
 * The OPML import's part of the options page: the file button (for the Data section's button row) and the panel
 * below it: the preview the reader confirms (one permission request for every new site, from that click), then the
 * worker's progress and the result, read from the stored import job whenever the worker announces a change.
 */
export function useOpmlImport(): { button: JSX.Element; panel: JSX.Element } {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [pending, setPending] = useState<PendingFile | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    let live = true;
    const read = () => void readImportJob().then((stored) => live && setJob(stored));
    read();
    const stop = onChange((change) => {
      if (change.kind === 'import' || change.kind === 'feeds') read();
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const running = job?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const keepGoing = () => void sendMessage('resumeImport', undefined).catch(() => undefined);
    keepGoing();
    const timer = setInterval(keepGoing, KEEP_GOING_MS);
    return () => clearInterval(timer);
  }, [running]);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setMessage('');
    setPending(null);
    const text = await file.text();
    try {
      const result = await sendMessage('previewOpml', text);
      if (!result.ok) setMessage(i18n.t('data.notImported', [describeImportError(result.error)]));
      else if (result.preview.newFeeds === 0) setMessage(summary(file.name, result.preview, true));
      else setPending({ name: file.name, text, preview: result.preview });
    } catch (error) {
      console.error('[digest] OPML preview failed', error);
      setMessage(i18n.t('data.notImported', [describeError({ kind: 'unknown', message: '' })]));
    }
  };

  // Straight from the click: the browser shows the one permission prompt only during a user gesture.
  const start = async (file: PendingFile) => {
    if (!(await requestOriginsAccess(file.preview.origins))) {
      setMessage(i18n.t('data.opmlAccessRefused'));
      return;
    }
    setPending(null);
    try {
      const started = await sendMessage('importOpml', file.text);
      setMessage(started.ok ? '' : i18n.t('data.notImported', [describeImportError(started.error)]));
    } catch (error) {
      // The worker could not be reached: say so instead of leaving the page silent.
      console.error('[digest] OPML import failed to start', error);
      setMessage(i18n.t('data.notImported', [describeError({ kind: 'unknown', message: '' })]));
    }
  };

  // Also from the click: the failed (or unchecked) feeds' sites, in one request, then the worker re-queues them.
  const retry = async (entries: readonly ImportEntry[]) => {
    const origins = [...new Set(entries.map((entry) => originPattern(entry.url)).filter((p) => p !== null))];
    if (!(await requestOriginsAccess(origins))) {
      setMessage(i18n.t('data.opmlAccessRefused'));
      return;
    }
    setMessage('');
    await sendMessage('retryImport', undefined).catch((error: unknown) => {
      console.error('[digest] OPML retry failed', error);
      setMessage(i18n.t('data.notImported', [describeError({ kind: 'unknown', message: '' })]));
    });
  };

  const button = (
    <label class="button file-button">
      {i18n.t('data.importOpml')}
      <input
        type="file"
        accept=".opml,.xml,text/x-opml,text/xml,application/xml"
        class="visually-hidden"
        onChange={(event) => {
          void choose(event.currentTarget.files?.[0]);
          event.currentTarget.value = '';
        }}
      />
    </label>
  );
  const panel = (
    <div class="opml-import">
      {pending && (
        <div class="opml-preview">
          <p>{summary(pending.name, pending.preview, false)}</p>
          {pending.preview.origins.length > 0 && (
            <p class="muted">
              {i18n.t('data.opmlAccess', pending.preview.origins.length, num(pending.preview.origins.length))}
            </p>
          )}
          <div class="button-row">
            <button type="button" class="primary" onClick={() => void start(pending)}>
              {i18n.t('data.opmlStart', pending.preview.newFeeds, num(pending.preview.newFeeds))}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {i18n.t('data.cancel')}
            </button>
          </div>
        </div>
      )}
      {job && <ImportJobView job={job} onRetry={(entries) => void retry(entries)} />}
      <p class="opml-status" role="status" aria-live="polite">
        {message}
      </p>
    </div>
  );
  return { button, panel };
}

function summary(name: string, preview: OpmlPreview, nothingNew: boolean): string {
  const parts = [
    ...(nothingNew ? [] : [i18n.t('data.opmlNew', preview.newFeeds, num(preview.newFeeds))]),
    ...(preview.alreadyFollowed > 0
      ? [i18n.t('data.opmlAlreadyFollowed', preview.alreadyFollowed, num(preview.alreadyFollowed))]
      : []),
    ...(preview.duplicates > 0 ? [i18n.t('data.opmlDuplicates', preview.duplicates, num(preview.duplicates))] : []),
    ...(preview.skipped > 0 ? [i18n.t('data.opmlSkipped', preview.skipped, num(preview.skipped))] : []),
  ];
  const line = i18n.t('data.opmlSummary', [name, parts.join(', ')]);
  return nothingNew ? `${line} ${i18n.t('data.opmlNothingNew')}` : line;
}

/** The import's progress while it runs, then its result: every feed of the file and what became of it. */
function ImportJobView({ job, onRetry }: { job: ImportJob; onRetry: (entries: readonly ImportEntry[]) => void }) {
  const { added, followed, failed, pending } = tally(job.entries);
  const total = job.entries.length;
  const checked = total - pending.length;
  const running = job.state === 'running';
  const heading =
    job.state === 'running'
      ? i18n.t('data.opmlRunning')
      : job.state === 'stopped'
        ? i18n.t('data.opmlStopped')
        : i18n.t('data.opmlFinished');
  const progress = i18n.t('data.opmlProgress', total, [formatNumber(checked), formatNumber(total)]);
  const counts = [
    i18n.t('data.opmlAdded', added.length, num(added.length)),
    ...(followed.length > 0 ? [i18n.t('data.opmlAlreadyFollowed', followed.length, num(followed.length))] : []),
    ...(failed.length > 0 ? [i18n.t('data.opmlFailed', failed.length, num(failed.length))] : []),
    ...(!running && pending.length > 0 ? [i18n.t('data.opmlNotChecked', pending.length, num(pending.length))] : []),
  ];
  return (
    <div class={`opml-job ${job.state}`} aria-labelledby="opml-job-heading">
      <h3 id="opml-job-heading">{heading}</h3>
      <div
        class="progress"
        role="progressbar"
        aria-labelledby="opml-job-heading"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={checked}
        aria-valuetext={progress}
      >
        <div class="progress-fill" style={{ width: `${total === 0 ? 100 : (checked / total) * 100}%` }} />
      </div>
      <p class="opml-counts">
        <span>{progress}</span>
        {' · '}
        <span>{counts.join(' · ')}</span>
      </p>
      {running && <p class="muted">{i18n.t('data.opmlBackground')}</p>}
      <div class="button-row">
        {running ? (
          <button type="button" onClick={() => void sendMessage('stopImport', undefined)}>
            {i18n.t('data.opmlStop')}
          </button>
        ) : (
          <>
            {/* Either re-queues the failed feeds and any a stop left unchecked (retryImport). */}
            {failed.length > 0 ? (
              <button type="button" class="primary" onClick={() => onRetry([...failed, ...pending])}>
                {i18n.t('data.opmlRetry')}
              </button>
            ) : (
              pending.length > 0 && (
                <button type="button" class="primary" onClick={() => onRetry(pending)}>
                  {i18n.t('data.opmlContinue')}
                </button>
              )
            )}
            <button type="button" onClick={() => void sendMessage('clearImport', undefined)}>
              {i18n.t('data.opmlDone')}
            </button>
          </>
        )}
      </div>
      {failed.length > 0 && (
        <EntryList heading={i18n.t('data.opmlListFailed')} kind="failed" open>
          {failed.map((entry) => (
            <li key={entry.url}>
              <EntryName entry={entry} />
              <span class="entry-error">{entry.error ? describeError(entry.error, entry.url) : ''}</span>
            </li>
          ))}
        </EntryList>
      )}
      {added.length > 0 && (
        <EntryList heading={i18n.t('data.opmlListAdded')} kind="added" open={!running && added.length <= 12}>
          {added.map((entry) => (
            <li key={entry.url}>
              <EntryName entry={entry} />
              {entry.followedUrl && <span class="muted">{i18n.t('data.opmlFollowedAt', [entry.followedUrl])}</span>}
            </li>
          ))}
        </EntryList>
      )}
      {followed.length > 0 && (
        <EntryList heading={i18n.t('data.opmlListFollowed')} kind="followed">
          {followed.map((entry) => (
            <li key={entry.url}>
              <EntryName entry={entry} />
            </li>
          ))}
        </EntryList>
      )}
      {job.duplicates.length > 0 && (
        <EntryList heading={i18n.t('data.opmlListDuplicates')} kind="duplicates">
          {job.duplicates.map((entry, i) => (
            <li key={`${entry.url}#${i}`}>
              <EntryName entry={entry} />
            </li>
          ))}
        </EntryList>
      )}
      {job.skipped.length > 0 && (
        <EntryList heading={i18n.t('data.opmlListSkipped')} kind="skipped">
          {job.skipped.map((entry, i) => (
            <li key={i}>
              <span class="entry-title">{entry.title || entry.address || '—'}</span>
              <span class="muted">{skipReason(entry.reason)}</span>
            </li>
          ))}
        </EntryList>
      )}
      {!running && pending.length > 0 && (
        <EntryList heading={i18n.t('data.opmlListNotChecked')} kind="not-checked">
          {pending.map((entry) => (
            <li key={entry.url}>
              <EntryName entry={entry} />
            </li>
          ))}
        </EntryList>
      )}
    </div>
  );
}

function EntryName({ entry }: { entry: { title: string; url: string; folder: string | null } }) {
  return (
    <>
      <span class="entry-title">
        {entry.title}
        {entry.folder && <span class="entry-folder">{entry.folder}</span>}
      </span>
      <code class="feed-url">{entry.url}</code>
    </>
  );
}

function EntryList({
  heading,
  kind,
  open = false,
  children,
}: {
  heading: string;
  kind: string;
  open?: boolean;
  children: ComponentChildren;
}) {
  const items = Array.isArray(children) ? children.length : 1;
  return (
    <details class={`opml-entries ${kind}`} open={open}>
      <summary>
        {heading} <span class="muted">({formatNumber(items)})</span>
      </summary>
      <ul>{children}</ul>
    </details>
  );
}
