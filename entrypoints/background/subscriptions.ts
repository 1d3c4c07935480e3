// Following, unfollowing, exporting, importing and resetting: the worker's side of the options page.
// The followed feeds live in IndexedDB (utils/db.ts): every change to the list is one transaction,
// never a read before a network wait and a write after it (#11).
import { browser } from 'wxt/browser';
import { refreshBadge } from './badge';
import { createExport, parseExport } from './backup';
import type { ErrorKind } from '@/utils/errors';
import type {
  AddFeedResult,
  CategoryCount,
  DigestExport,
  ImportResult,
  ImportStartResult,
  OpmlPreviewResult,
} from '@/utils/messages';
import { announceChange } from '@/utils/changes';
import {
  applyImport,
  deleteDigestDB,
  followWithFetch,
  listFeedStates,
  listFollowedUrls,
  listReadMarks,
  listSubscriptions,
  forgetUnfollowedData,
  LEGACY_FEEDS_KEY,
  unfollowFeed,
  changeImportJob,
  followImported,
  readImportJob,
  startImportJob,
  type FeedSubscription,
  type ImportEntry,
} from '@/utils/db';
import type { DigestError } from '@/utils/errors';
import { parseMaxAge, spreadFirstPoll } from '@/utils/feed/schedule';
import { countEntries, originsToRequest, planImport, runImport, type EntryOutcome } from './import-plan';
import { SAMPLE_FEED_PATH } from '@/utils/default-feed';
import { chooseFeed, fetchAndDiscover } from '@/utils/feed/discover';
import { probeConventionalPaths } from '@/utils/feed/probe';
import { fetchFeed, type FetchOutcome } from '@/utils/feed/fetch';
import { hasCredentials, safeUrl } from '@/utils/feed/parse';
import { parseOpmlFile, toOpml } from '@/utils/feed/opml';
import { canRead, releaseReadAccess } from '@/utils/permissions';
import { scheduleAfter } from './refresh';
import { forgetSync, mergeImportedMarks, withSync } from './sync';
import { SYNC_KEY_PREFIX } from '@/utils/sync/encoding';
import { updatePreferences, readPreferences } from '@/utils/settings';

/** Why a feed could not be added. */
type AddFeedFailure = Extract<AddFeedResult, { ok: false }>;

function failure(kind: ErrorKind, message: string, needsAccessTo?: string): AddFeedFailure {
  return { ok: false, error: { kind, message }, ...(needsAccessTo ? { needsAccessTo } : {}) };
}

// A body that may be a blog's page rather than a feed: HTML reads as XML that is no feed, or as broken XML or JSON.
const PAGE_ERRORS = new Set<ErrorKind>(['not-json', 'not-a-feed', 'not-xml']);

/** Posts per category, in order of first appearance. */
export function countCategories(posts: readonly { category: string }[]): CategoryCount[] {
  const counts = new Map<string, number>();
  for (const post of posts) counts.set(post.category, (counts.get(post.category) ?? 0) + 1);
  return [...counts].map(([category, count]) => ({ category, count }));
}

/** A feed found and fetched, ready to follow: its address (maybe discovered from a page) and its first fetch. */
type ResolvedFeed = { ok: true; feedUrl: string; outcome: Extract<FetchOutcome, { status: 'updated' }> };

/**
 * Finds and fetches the feed an address names (the feed itself, or the feed a blog page links to): what adding one
 * feed and an OPML import's entries both pass (#14). Nothing is written. A page offering several distinct feeds
 * gives them back to choose from (`choose-feed`); an HTML page naming none has its site's conventional paths tried.
 */
export async function resolveFeed(input: string, fetchImpl?: typeof fetch): Promise<ResolvedFeed | AddFeedFailure> {
  if (hasCredentials(input.trim())) {
    return failure('credentials', 'Digest does not store passwords: remove the “name:password@” part of the address.');
  }
  const url = safeUrl(input.trim());
  if (!url) return failure('invalid-url', 'Enter a web address that starts with https:// or http://.');
  const followed = new Set(await listFollowedUrls());
  if (followed.has(url)) return failure('already-following', 'You already follow this feed.');
  if (!(await canRead(url))) {
    return failure('permission', `Digest needs your permission to read ${new URL(url).host}.`, url);
  }

  let feedUrl = url;
  let outcome = await fetchFeed(url, { fetchImpl });
  if (outcome.status === 'failed' && PAGE_ERRORS.has(outcome.error.kind)) {
    // Maybe the blog's page rather than its feed: the feeds its <link rel="alternate"> name (#13).
    const page = await fetchAndDiscover(url, fetchImpl);
    const choice = page ? chooseFeed(page.feeds) : null;
    if (page && choice && choice.distinct > 1) {
      // Posts, comments, a category: which one the reader wants is theirs to say, not Digest's to guess.
      return {
        ok: false,
        error: { kind: 'choose-feed', message: `This page offers ${choice.distinct} feeds; pick one.` },
        choices: page.feeds,
        preselected: choice.preselected.url,
      };
    }
    if (choice) {
      const discovered = choice.preselected.url;
      if (followed.has(discovered)) return failure('already-following', 'You already follow this blog’s feed.');
      if (!(await canRead(discovered))) {
        return failure(
          'permission',
          `This blog’s feed is at ${discovered}; Digest needs your permission to read ${new URL(discovered).host}.`,
          discovered,
        );
      }
      feedUrl = discovered;
      outcome = await fetchFeed(discovered, { fetchImpl });
      // The reader typed a page: say which feed it named, or the error reads as if the page itself failed.
      if (outcome.status === 'failed') return { ok: false, error: outcome.error, advertised: [discovered] };
    } else if (page?.html) {
      // An HTML page naming no feed: the conventional paths on its own site, whose access the reader already gave.
      const hit = await probeConventionalPaths(url, { fetchImpl });
      if (!hit) return failure('no-feed-on-page', 'The page advertises no feed and none is at the usual paths.');
      if (followed.has(hit.url)) return failure('already-following', 'You already follow this blog’s feed.');
      feedUrl = hit.url;
      outcome = hit.outcome;
    }
  }
  if (outcome.status === 'failed') return { ok: false, error: outcome.error };
  if (outcome.status === 'not-modified') {
    return { ok: false, error: { kind: 'http', message: 'The server answered 304 to a first request.', status: 304 } };
  }
  return { ok: true, feedUrl, outcome };
}

/**
 * Follows a feed given by its URL or by a blog page that links to it (see resolveFeed). The feed is fetched and
 * validated before anything is saved; it is then added together with its posts in one transaction, which also
 * checks it is not followed by then. Its posts arrive without notifications (the reader just chose them).
 */
export async function addFeed(input: string, fetchImpl?: typeof fetch): Promise<AddFeedResult> {
  const resolved = await resolveFeed(input, fetchImpl);
  if (!resolved.ok) return resolved;
  const { feedUrl, outcome } = resolved;
  const at = new Date().toISOString();
  const { refreshIntervalMinutes } = await readPreferences();
  const subscription: FeedSubscription = { url: feedUrl, addedAt: at, title: null, folder: null, alerts: null };
  const saved = await withSync(async (sync) => {
    const written = await followWithFetch(
      subscription,
      { info: outcome.feed, posts: outcome.posts, validators: outcome.validators },
      at,
      { nextPoll: scheduleAfter(outcome, refreshIntervalMinutes, 0) },
    );
    if (written) {
      // Followed in other browsers too (#15); posts read there arrive read.
      sync.follow([subscription]);
      await sync.applyReadState([feedUrl]);
    }
    return written;
  });
  // Followed meanwhile (another page, an import): the list already has it, and nothing was written.
  if (!saved) return failure('already-following', 'You already follow this feed.');
  await refreshBadge();
  announceChange({ kind: 'feeds' });
  return {
    ok: true,
    feed: {
      url: feedUrl,
      title: outcome.feed.title,
      itemCount: outcome.posts.length,
      categories: countCategories(outcome.posts),
    },
  };
}

/** Unfollows a feed: its posts, read marks and health go, and its site's access when no other feed needs it. */
export async function removeFeed(url: string): Promise<void> {
  const remaining = await withSync(async (sync) => {
    const left = await unfollowFeed(url);
    // Removed in every browser (#15): a tombstone, noted before any delivery can follow it again here.
    sync.replica.unfollow(url, sync.now);
    return left;
  });
  await releaseReadAccess(url, remaining).catch((error: unknown) =>
    console.warn('[digest] could not release access', error),
  );
  await refreshBadge();
  announceChange({ kind: 'feeds' });
}

/** Everything the reader has, as one export object. */
export async function exportData(): Promise<DigestExport> {
  const [feeds, preferences, reads] = await Promise.all([listSubscriptions(), readPreferences(), listReadMarks()]);
  return createExport(feeds, preferences, reads, new Date().toISOString());
}

/** The followed feeds as OPML: their folders, the reader's names (else titles from their last fetch), pages. */
export async function exportOpml(): Promise<string> {
  const [feeds, states] = await Promise.all([listSubscriptions(), listFeedStates()]);
  return toOpml(
    feeds.map((feed) => {
      const info = states.find((state) => state.url === feed.url)?.info;
      return {
        url: feed.url,
        title: feed.title ?? info?.title ?? feed.url,
        homePageUrl: info?.homePageUrl ?? null,
        folder: feed.folder,
      };
    }),
    new Date().toISOString(),
  );
}

/**
 * Imports an export, completely or not at all: every entry is validated first; the preferences are
 * saved, then feeds and read marks are applied in one transaction, and if that fails the preferences
 * are put back. Read marks merge by time (nothing is un-read).
 */
export async function importData(text: string): Promise<ImportResult> {
  const parsed = parseExport(text, browser.runtime.getURL(SAMPLE_FEED_PATH));
  if (!parsed.ok) return parsed;
  const { feeds, reads, preferences, skipped } = parsed.data;
  const previous = await readPreferences();
  // Through the one settings writer: validated, queued with other writes, quota errors named.
  const saved = await updatePreferences(preferences);
  if (!saved.ok) {
    console.error(`[digest] import: the preferences could not be saved: ${saved.error.kind}: ${saved.error.message}`);
    return {
      ok: false,
      error: { kind: 'settings', message: 'The preferences could not be saved; nothing was imported.' },
    };
  }
  try {
    const applied = await withSync(async (sync) => {
      const result = await applyImport(feeds, reads);
      // The file's feeds as followed here now (the ones followed already keep their settings), then its marks,
      // merged with the synced ones: the newer mark wins, and the database follows the result (#15).
      const imported = new Set(feeds.map((feed) => feed.url));
      sync.follow((await listSubscriptions()).filter((feed) => imported.has(feed.url)));
      await mergeImportedMarks(sync, reads);
      return result;
    });
    announceChange({ kind: 'feeds' });
    return { ok: true, ...applied, skipped };
  } catch (error) {
    console.error('[digest] import: the database refused the feeds and read marks', error);
    await updatePreferences(previous);
    return {
      ok: false,
      error: { kind: 'storage', message: 'The local database refused the import; nothing was imported.' },
    };
  }
}

/** Reads an OPML file and says what importing it would do, and which sites its new feeds need access to. */
export async function previewOpml(text: string): Promise<OpmlPreviewResult> {
  const parsed = parseOpmlFile(text);
  if (!parsed.ok) return parsed;
  const job = planImport(parsed.opml, await listFollowedUrls(), new Date().toISOString());
  const counts = countEntries(job.entries);
  return {
    ok: true,
    preview: {
      newFeeds: counts.pending,
      alreadyFollowed: counts.alreadyFollowed,
      duplicates: job.duplicates.length,
      skipped: job.skipped.length,
      // Only the sites not allowed yet: with none, the page asks nothing and says nothing of access.
      origins: await notYetAllowed(originsToRequest(job.entries)),
    },
  };
}

/** The host permission patterns of `patterns` Digest may not use yet. */
async function notYetAllowed(patterns: readonly string[]): Promise<string[]> {
  const allowed = await Promise.all(patterns.map((origin) => browser.permissions.contains({ origins: [origin] })));
  return patterns.filter((_, i) => !allowed[i]);
}

/**
 * Starts an OPML import: the file is read and planned against the followed feeds, and the plan stored as the import
 * job. Validation runs after (runOpmlImport), from the stored job, so it survives the page closing and the worker
 * stopping. Refused while another import runs.
 */
export async function startOpmlImport(text: string): Promise<ImportStartResult> {
  const parsed = parseOpmlFile(text);
  if (!parsed.ok) return parsed;
  const job = planImport(parsed.opml, await listFollowedUrls(), new Date().toISOString());
  if (!job.entries.some((entry) => entry.status === 'pending')) job.state = 'finished';
  if (!(await startImportJob(job))) {
    return { ok: false, error: { kind: 'import-running', message: 'An OPML import is still running.' } };
  }
  return { ok: true };
}

/** Records an entry's result unless the import was stopped or cleared meanwhile; false when it was. */
async function settleEntry(url: string, change: Partial<ImportEntry>): Promise<boolean> {
  let running = false;
  await changeImportJob((job) => {
    running = job.state === 'running';
    const entry = job.entries.find((e) => e.url === url);
    if (!running || entry?.status !== 'pending') return false;
    Object.assign(entry, change);
  });
  return running;
}

/**
 * Validates one feed of the import as adding one feed does (resolveFeed: access, fetch, discovery), then follows it
 * with its posts and marks its entry in one transaction (followImported): its posts are in the ledger, so none is
 * announced as new. Its first poll is spread over an interval by its place in the file (spreadFirstPoll).
 */
export async function validateImportEntry(
  entry: ImportEntry,
  index: number,
  intervalMinutes: number,
  fetchImpl?: typeof fetch,
): Promise<EntryOutcome> {
  const job = await readImportJob();
  if (job?.state !== 'running') return 'stopped';
  if (job.entries.find((e) => e.url === entry.url)?.status !== 'pending') return 'done';
  const resolved = await resolveFeed(entry.url, fetchImpl);
  if (!resolved.ok) {
    const change: Partial<ImportEntry> =
      resolved.error.kind === 'already-following'
        ? { status: 'already-followed' }
        : { status: 'failed', error: { ...resolved.error } };
    return (await settleEntry(entry.url, change)) ? 'done' : 'stopped';
  }
  const { feedUrl, outcome } = resolved;
  const now = Date.now();
  const nextPoll = outcome.feed.expired
    ? null
    : new Date(
        spreadFirstPoll(index, job.entries.length, now, intervalMinutes, parseMaxAge(outcome.hints.cacheControl)),
      ).toISOString();
  // Added at the import's start plus its place in the file, so the feed list keeps the file's order.
  const subscription: FeedSubscription = {
    url: feedUrl,
    addedAt: new Date(Date.parse(job.startedAt) + index).toISOString(),
    title: entry.title,
    folder: entry.folder,
    alerts: null,
  };
  const written = await withSync(async (sync) => {
    const result = await followImported(
      entry.url,
      subscription,
      { info: outcome.feed, posts: outcome.posts, validators: outcome.validators },
      new Date(now).toISOString(),
      { nextPoll },
    );
    if (result === 'added') {
      sync.follow([subscription]);
      await sync.applyReadState([feedUrl]);
    }
    return result;
  });
  return written === 'import-gone' ? 'stopped' : 'done';
}

/**
 * Validates the import job's pending feeds (bounded concurrency, polite per host; see import-plan.ts), calling
 * `progressed` after each. Resolves when none is left to start (done, or the import was stopped).
 */
export async function runOpmlImport(
  intervalMinutes: number,
  progressed: () => void,
  fetchImpl?: typeof fetch,
): Promise<void> {
  const job = await readImportJob();
  if (job?.state !== 'running') return;
  await runImport(job.entries, {
    validate: (entry, index) => validateImportEntry(entry, index, intervalMinutes, fetchImpl),
    crashed: async (entry, _index, error) => {
      console.error(`[digest] import of ${entry.url} failed`, error);
      const named: DigestError = { kind: 'storage', message: 'The local database refused the feed.' };
      await settleEntry(entry.url, { status: 'failed', error: named });
    },
    progressed,
  });
}

/**
 * Finishes the move of the feed list of versions before #11 (storage.local "feeds"): the database upgrade
 * took the list; here what belonged to feeds no longer followed goes, then the old key.
 */
export async function migrateLegacySubscriptions(): Promise<void> {
  if ((await browser.storage.local.get(LEGACY_FEEDS_KEY))[LEGACY_FEEDS_KEY] === undefined) return;
  await forgetUnfollowedData();
  await browser.storage.local.remove(LEGACY_FEEDS_KEY);
}

/** Forgets everything: posts, read marks, feeds, preferences and schedule. Digest starts again as if new. */
export async function resetEverything(): Promise<void> {
  await forgetSync();
  await deleteDigestDB();
  // The preferences go (everywhere, as they sync); the synced reading list stays for the other browsers (#15).
  const synced = Object.keys(await browser.storage.sync.get(null)).filter((key) => !key.startsWith(SYNC_KEY_PREFIX));
  await Promise.all([
    browser.storage.local.clear(),
    synced.length > 0 ? browser.storage.sync.remove(synced) : undefined,
    browser.alarms.clearAll(),
  ]);
  announceChange({ kind: 'feeds' });
}
