import { fetchFeed } from './feed-fetch';
import { getFeedState, recordFailure, recordNotModified, saveFetchedPosts } from './db';
import type { FeedError } from './feed-schema';

/** What refreshing one feed did. */
export type FeedRefreshResult =
  | { url: string; status: 'updated'; added: string[] }
  | { url: string; status: 'not-modified' }
  | { url: string; status: 'failed'; error: FeedError };

/**
 * Polls one feed and stores the outcome. The network and parsing finish before any write, and the
 * write is one transaction, so a worker killed mid-refresh leaves the cache as it was.
 */
export async function refreshFeed(url: string, fetchImpl?: typeof fetch): Promise<FeedRefreshResult> {
  const state = await getFeedState(url);
  const outcome = await fetchFeed(url, { validators: state.validators, fetchImpl });
  const at = new Date().toISOString();
  if (outcome.status === 'not-modified') {
    await recordNotModified(url, at);
    return { url, status: 'not-modified' };
  }
  if (outcome.status === 'failed') {
    console.warn(`[digest] refresh of ${url} failed: ${outcome.error.kind}: ${outcome.error.message}`);
    await recordFailure(url, outcome.error, at);
    return { url, status: 'failed', error: outcome.error };
  }
  if (outcome.skipped.length > 0) {
    console.info(`[digest] ${url}: skipped ${outcome.skipped.length} item(s)`, outcome.skipped);
  }
  const added = await saveFetchedPosts(url, outcome.feed, outcome.posts, outcome.validators, at);
  return { url, status: 'updated', added };
}

let inFlight: Promise<FeedRefreshResult[]> | null = null;

/**
 * Refreshes every feed; callers that arrive while a refresh runs share it (single flight),
 * so an alarm, a button and a startup catch-up that coincide make one request per feed.
 */
export function refreshAll(urls: readonly string[], fetchImpl?: typeof fetch): Promise<FeedRefreshResult[]> {
  inFlight ??= Promise.all(urls.map((url) => refreshFeed(url, fetchImpl))).finally(() => {
    inFlight = null;
  });
  return inFlight;
}
