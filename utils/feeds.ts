// Following, unfollowing, exporting, importing and resetting: the worker's side of the options page.
import { browser } from 'wxt/browser';
import { refreshBadge } from './badge';
import { createExport, isBundledSample, mergeFeeds, parseExport, type DigestExport, type ImportError } from './backup';
import { announceChange } from './changes';
import {
  deleteDigestDB,
  deleteFeedData,
  listFeedStates,
  listReadMarks,
  mergeReadMarks,
  saveFetchedPosts,
  takeUnnotified,
} from './db';
import { fetchAndDiscover } from './discovery';
import { fetchFeed } from './feed-fetch';
import { safeUrl } from './feed-schema';
import { toOpml } from './opml';
import { canRead, releaseReadAccess } from './permissions';
import { scheduleAfter } from './refresh';
import { SAMPLE_FEED_PATH, feedsItem, loadPreferences, preferencesItem } from './settings';

/** Why a feed could not be added, in words a reader can act on. */
export interface AddFeedError {
  kind: string;
  message: string;
}

/** The outcome of adding a feed: what it holds, or why not (and which address needs access). */
export type AddFeedResult =
  | { ok: true; feed: { url: string; title: string; itemCount: number; categories: Record<string, number> } }
  | { ok: false; error: AddFeedError; needsAccessTo?: string };

/** What an import changed. */
export type ImportResult = { ok: true; feedsAdded: number; readsMerged: number } | { ok: false; error: ImportError };

function failure(kind: string, message: string, needsAccessTo?: string): AddFeedResult {
  return { ok: false, error: { kind, message }, ...(needsAccessTo ? { needsAccessTo } : {}) };
}

/**
 * Follows a feed given by its URL or by a blog page that links to it. The feed is fetched and validated
 * before anything is saved; its posts arrive without notifications (the reader just chose them).
 */
export async function addFeed(input: string, fetchImpl?: typeof fetch): Promise<AddFeedResult> {
  const url = safeUrl(input.trim());
  if (!url) return failure('invalid-url', 'Enter a web address that starts with https:// or http://.');
  const followed = await feedsItem.getValue();
  const isFollowed = (candidate: string) => followed.some((feed) => feed.url === candidate);
  if (isFollowed(url)) return failure('already-following', 'You already follow this feed.');
  if (!(await canRead(url))) {
    return failure('permission', `Digest needs your permission to read ${new URL(url).host}.`, url);
  }

  let feedUrl = url;
  let outcome = await fetchFeed(url, { fetchImpl });
  if (outcome.status === 'failed' && outcome.error.kind === 'not-json') {
    // Maybe the blog's page rather than its feed: follow its <link rel="alternate"> if it has one.
    const discovered = await fetchAndDiscover(url, fetchImpl);
    if (discovered) {
      if (isFollowed(discovered)) return failure('already-following', 'You already follow this blog’s feed.');
      if (!(await canRead(discovered))) {
        return failure(
          'permission',
          `This blog’s feed is at ${discovered}; Digest needs your permission to read ${new URL(discovered).host}.`,
          discovered,
        );
      }
      feedUrl = discovered;
      outcome = await fetchFeed(discovered, { fetchImpl });
    }
  }
  if (outcome.status === 'failed') return failure(outcome.error.kind, outcome.error.message);
  if (outcome.status === 'not-modified') return failure('http', 'The server answered 304 to a first request.');

  const at = new Date().toISOString();
  const { refreshIntervalMinutes } = await loadPreferences();
  const saved = await saveFetchedPosts(feedUrl, outcome.feed, outcome.posts, outcome.validators, at, {
    nextPoll: scheduleAfter(outcome, refreshIntervalMinutes, 0),
  });
  await takeUnnotified(saved.added, at);
  await feedsItem.setValue([...followed, { url: feedUrl, addedAt: at }]);
  await refreshBadge();
  announceChange();
  const categories: Record<string, number> = {};
  for (const post of outcome.posts) categories[post.category] = (categories[post.category] ?? 0) + 1;
  return { ok: true, feed: { url: feedUrl, title: outcome.feed.title, itemCount: outcome.posts.length, categories } };
}

/** Unfollows a feed: its posts, read marks and health go, and its site's access when no other feed needs it. */
export async function removeFeed(url: string): Promise<void> {
  const remaining = (await feedsItem.getValue()).filter((feed) => feed.url !== url);
  await feedsItem.setValue(remaining);
  await deleteFeedData(url);
  await releaseReadAccess(
    url,
    remaining.map((feed) => feed.url),
  ).catch((error: unknown) => console.warn('[digest] could not release access', error));
  await refreshBadge();
  announceChange();
}

/** Everything the reader has, as one export object. */
export async function exportData(): Promise<DigestExport> {
  const [feeds, preferences, reads] = await Promise.all([feedsItem.getValue(), loadPreferences(), listReadMarks()]);
  return createExport(feeds, preferences, reads, new Date().toISOString());
}

/** The followed feeds as OPML, with titles from their last fetch. */
export async function exportOpml(): Promise<string> {
  const [feeds, states] = await Promise.all([feedsItem.getValue(), listFeedStates()]);
  return toOpml(
    feeds.map((feed) => {
      const info = states.find((state) => state.url === feed.url)?.info;
      return { url: feed.url, title: info?.title ?? feed.url, homePageUrl: info?.homePageUrl ?? null };
    }),
    new Date().toISOString(),
  );
}

/** Imports an export: feeds added, preferences taken over, read marks merged (never un-reading anything). */
export async function importData(text: string): Promise<ImportResult> {
  const parsed = parseExport(text);
  if (!parsed.ok) return parsed;
  const local = await feedsItem.getValue();
  const sample = browser.runtime.getURL(SAMPLE_FEED_PATH);
  const imported = parsed.data.feeds.map((feed) => (isBundledSample(feed.url) ? { ...feed, url: sample } : feed));
  const feeds = mergeFeeds(local, imported);
  await feedsItem.setValue(feeds);
  await preferencesItem.setValue(parsed.data.preferences);
  const readsMerged = await mergeReadMarks(parsed.data.reads);
  announceChange();
  return { ok: true, feedsAdded: feeds.length - local.length, readsMerged };
}

/** Forgets everything: posts, read marks, feeds, preferences and schedule. Digest starts again as if new. */
export async function resetEverything(): Promise<void> {
  await deleteDigestDB();
  await Promise.all([browser.storage.local.clear(), browser.storage.sync.clear(), browser.alarms.clearAll()]);
  announceChange();
}
