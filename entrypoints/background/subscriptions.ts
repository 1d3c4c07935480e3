// Following, unfollowing, exporting, importing and resetting: the worker's side of the options page.
// The followed feeds live in IndexedDB (utils/db.ts): every change to the list is one transaction,
// never a read before a network wait and a write after it (#11).
import { browser } from 'wxt/browser';
import { refreshBadge } from './badge';
import { createExport, parseExport } from './backup';
import type { ErrorKind } from '@/utils/errors';
import type { AddFeedResult, CategoryCount, DigestExport, ImportResult } from '@/utils/messages';
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
} from '@/utils/db';
import { SAMPLE_FEED_PATH } from '@/utils/default-feed';
import { chooseFeed, fetchAndDiscover } from '@/utils/feed/discover';
import { probeConventionalPaths } from '@/utils/feed/probe';
import { fetchFeed } from '@/utils/feed/fetch';
import { hasCredentials, safeUrl } from '@/utils/feed/parse';
import { toOpml } from '@/utils/feed/opml';
import { canRead, releaseReadAccess } from '@/utils/permissions';
import { scheduleAfter } from './refresh';
import { updatePreferences, readPreferences } from '@/utils/settings';

function failure(kind: ErrorKind, message: string, needsAccessTo?: string): AddFeedResult {
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

/**
 * Follows a feed given by its URL or by a blog page that links to it. A page offering several distinct feeds gets
 * them back to choose from (`choose-feed`); an HTML page naming none has its site's conventional feed paths tried. The feed is fetched and validated
 * before anything is saved; it is then added together with its posts in one transaction, which also
 * checks it is not followed by then. Its posts arrive without notifications (the reader just chose them).
 */
export async function addFeed(input: string, fetchImpl?: typeof fetch): Promise<AddFeedResult> {
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

  const at = new Date().toISOString();
  const { refreshIntervalMinutes } = await readPreferences();
  const saved = await followWithFetch(
    { url: feedUrl, addedAt: at },
    { info: outcome.feed, posts: outcome.posts, validators: outcome.validators },
    at,
    { nextPoll: scheduleAfter(outcome, refreshIntervalMinutes, 0) },
  );
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
  const remaining = await unfollowFeed(url);
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

/** The followed feeds as OPML, with titles from their last fetch. */
export async function exportOpml(): Promise<string> {
  const [feeds, states] = await Promise.all([listSubscriptions(), listFeedStates()]);
  return toOpml(
    feeds.map((feed) => {
      const info = states.find((state) => state.url === feed.url)?.info;
      return { url: feed.url, title: info?.title ?? feed.url, homePageUrl: info?.homePageUrl ?? null };
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
    const applied = await applyImport(feeds, reads);
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
  await deleteDigestDB();
  await Promise.all([browser.storage.local.clear(), browser.storage.sync.clear(), browser.alarms.clearAll()]);
  announceChange({ kind: 'feeds' });
}
