// The OPML import's planner and runner (#14), pure: what a file adds to the followed feeds, and the validation of
// its new feeds with bounded concurrency. The worker (subscriptions.ts) gives it the fetch and the writes; tests give
// it fakes. An import is resumable because its state is the job's entries: the runner takes only the pending ones.
import type { ImportEntry, ImportJob } from '@/utils/db';
import { IMPORT_JOB_ID } from '@/utils/db';
import type { ParsedOpml } from '@/utils/feed/opml';
import { originPattern } from '@/utils/permissions';

/** Feeds validated at once in all: a 300-feed file takes about a minute, and no host sees a burst. */
export const IMPORT_CONCURRENCY = 5;
/** Feeds validated at once on one host (a file of 100 Feedburner or Substack feeds is polite to that host). */
export const IMPORT_PER_HOST = 2;

/**
 * The import of a file into the followed feeds: every feed of the file an entry, `pending` (new, to validate) or
 * `already-followed`; the file's duplicates and skipped outlines kept to report.
 */
export function planImport(opml: ParsedOpml, followed: Iterable<string>, startedAt: string): ImportJob {
  const known = new Set(followed);
  return {
    id: IMPORT_JOB_ID,
    startedAt,
    state: 'running',
    entries: opml.feeds.map((feed) => ({
      ...feed,
      status: known.has(feed.url) ? 'already-followed' : 'pending',
      error: null,
      followedUrl: null,
    })),
    duplicates: opml.duplicates.map(({ url, title, folder }) => ({ url, title, folder })),
    skipped: opml.skipped,
  };
}

/** The host permission patterns the pending entries need, each once: one request covers them all. */
export function originsToRequest(entries: readonly Pick<ImportEntry, 'url' | 'status'>[]): string[] {
  const patterns = new Set<string>();
  for (const entry of entries) {
    const pattern = entry.status === 'pending' || entry.status === 'failed' ? originPattern(entry.url) : null;
    if (pattern) patterns.add(pattern);
  }
  return [...patterns];
}

/** How many entries are in each state: the progress bar's and the summary's counts. */
export interface ImportCounts {
  total: number;
  pending: number;
  added: number;
  alreadyFollowed: number;
  failed: number;
}

/** Counts a job's entries by state. */
export function countEntries(entries: readonly Pick<ImportEntry, 'status'>[]): ImportCounts {
  const counts: ImportCounts = { total: entries.length, pending: 0, added: 0, alreadyFollowed: 0, failed: 0 };
  for (const { status } of entries) {
    if (status === 'pending') counts.pending += 1;
    else if (status === 'added') counts.added += 1;
    else if (status === 'already-followed') counts.alreadyFollowed += 1;
    else counts.failed += 1;
  }
  return counts;
}

/**
 * Sets the failed entries pending again (a retry), and runs the job again when anything is pending (also the entries
 * a stopped import left unchecked); returns how many entries are now to validate.
 */
export function retryFailed(job: ImportJob): number {
  let count = 0;
  for (const entry of job.entries) {
    if (entry.status === 'failed') Object.assign(entry, { status: 'pending', error: null });
    if (entry.status === 'pending') count += 1;
  }
  if (count > 0) job.state = 'running';
  return count;
}

/** What validating one entry came to: `stopped` when the import was stopped, cleared or reset meanwhile. */
export type EntryOutcome = 'done' | 'stopped';

/** How the runner validates. */
export interface RunImportOptions {
  /** Validates one entry and writes its result; never supposed to throw (a throw is handed to `crashed`). */
  validate(entry: ImportEntry, index: number): Promise<EntryOutcome>;
  /** An entry whose validation threw: recorded as failed by the caller; the others go on. */
  crashed?(entry: ImportEntry, index: number, error: unknown): Promise<void>;
  /** After each entry (progress). */
  progressed?(entry: ImportEntry): void;
  concurrency?: number;
  perHost?: number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Validates every pending entry (in file order), at most `concurrency` at once and `perHost` on one host; one
 * failure never stops the rest. Once a validation says the import is stopped, nothing new starts. Resolves when
 * every started validation has ended. Entries already done (a resumed import) are not touched.
 */
export function runImport(entries: readonly ImportEntry[], options: RunImportOptions): Promise<void> {
  const { validate, crashed, progressed, concurrency = IMPORT_CONCURRENCY, perHost = IMPORT_PER_HOST } = options;
  const queue = entries.flatMap((entry, index) => (entry.status === 'pending' ? [{ entry, index }] : []));
  const busyHosts = new Map<string, number>();
  let active = 0;
  let stopped = false;
  return new Promise<void>((resolve) => {
    const pump = () => {
      while (active < concurrency) {
        // Set by a validation that found the import stopped (asynchronously, between pumps).
        if (stopped) break;
        const next = queue.findIndex(({ entry }) => (busyHosts.get(hostOf(entry.url)) ?? 0) < perHost);
        if (next < 0) break;
        const [{ entry, index }] = queue.splice(next, 1) as [{ entry: ImportEntry; index: number }];
        const host = hostOf(entry.url);
        active += 1;
        busyHosts.set(host, (busyHosts.get(host) ?? 0) + 1);
        void validate(entry, index)
          .then(
            (outcome) => {
              if (outcome === 'stopped') stopped = true;
            },
            (error: unknown) => crashed?.(entry, index, error),
          )
          .catch(() => undefined)
          .finally(() => {
            active -= 1;
            busyHosts.set(host, busyHosts.get(host)! - 1);
            progressed?.(entry);
            pump();
          });
      }
      if (active === 0) resolve();
    };
    pump();
  });
}
