import { fetchFeed, type FetchOutcome } from '@/utils/feed/fetch';
import { getFeedState, recordFailure, recordNotModified, saveFetchedPosts, type StoredPost } from '@/utils/db';
import type { DigestError } from '@/utils/errors';
import { canRead } from '@/utils/permissions';
import { nextPollTime } from '@/utils/feed/schedule';
import { DEFAULT_INTERVAL_MINUTES } from '@/utils/settings';

/** What refreshing one feed did. */
export type FeedRefreshResult =
  | { url: string; status: 'updated'; added: StoredPost[]; firstFetch: boolean }
  /** The reader unfollowed the feed (or reset Digest) while it was being fetched: nothing was written. */
  | { url: string; status: 'unfollowed' }
  | { url: string; status: 'not-modified' }
  | { url: string; status: 'failed'; error: DigestError };

function storageError(error: unknown): DigestError {
  const name = error instanceof DOMException ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  return {
    kind: 'storage',
    message:
      name === 'QuotaExceededError'
        ? 'The browser has no room left to store posts; cached posts are kept.'
        : `The local database refused the update (${detail}); cached posts are kept.`,
  };
}

/** How a refresh is run: the reader's interval (for the next poll time) and, in tests, a fetch. */
export interface RefreshOptions {
  intervalMinutes?: number;
  fetchImpl?: typeof fetch;
}

/** The next poll after a fetch outcome, as an ISO time, or null when the feed is expired. */
export function scheduleAfter(
  outcome: FetchOutcome,
  intervalMinutes: number,
  consecutiveFailures: number,
  now: number = Date.now(),
): string | null {
  const next = nextPollTime({
    now,
    intervalMinutes,
    result: outcome.status,
    consecutiveFailures,
    httpStatus: outcome.status === 'failed' ? outcome.error.status : null,
    retryAfter: outcome.hints.retryAfter,
    cacheControl: outcome.hints.cacheControl,
    expired: outcome.status === 'updated' && outcome.feed.expired,
  });
  return next === null ? null : new Date(next).toISOString();
}

/**
 * Polls one feed and stores the outcome. The network and parsing finish before any write, and the
 * write is one transaction, so a worker killed mid-refresh leaves the cache as it was.
 */
export async function refreshFeed(url: string, options: RefreshOptions = {}): Promise<FeedRefreshResult> {
  const { intervalMinutes = DEFAULT_INTERVAL_MINUTES, fetchImpl } = options;
  // A failure not answered by the server (permission, storage) retries on the ordinary backoff.
  const backoff = (failed: { consecutiveFailures: number }) =>
    new Date(
      nextPollTime({
        now: Date.now(),
        intervalMinutes,
        result: 'failed',
        consecutiveFailures: failed.consecutiveFailures,
      }) ?? Date.now(),
    ).toISOString();
  try {
    if (!(await canRead(url))) {
      // An imported feed, or access withdrawn in the browser's settings: say so instead of failing obscurely.
      const error: DigestError = {
        kind: 'permission',
        message: `Digest is not allowed to read ${new URL(url).host}. Grant access in Digest's settings.`,
      };
      await recordFailure(url, error, new Date().toISOString(), backoff);
      return { url, status: 'failed', error };
    }
    const state = await getFeedState(url);
    const outcome = await fetchFeed(url, { validators: state.validators, fetchImpl });
    const at = new Date().toISOString();
    if (outcome.status === 'not-modified') {
      await recordNotModified(url, at, scheduleAfter(outcome, intervalMinutes, 0));
      return { url, status: 'not-modified' };
    }
    if (outcome.status === 'failed') {
      console.warn(`[digest] refresh of ${url} failed: ${outcome.error.kind}: ${outcome.error.message}`);
      await recordFailure(url, outcome.error, at, (failed) =>
        scheduleAfter(outcome, intervalMinutes, failed.consecutiveFailures),
      );
      return { url, status: 'failed', error: outcome.error };
    }
    if (outcome.skipped.length > 0) {
      console.info(`[digest] ${url}: skipped ${outcome.skipped.length} item(s)`, outcome.skipped);
    }
    if (outcome.overLimit > 0) console.info(`[digest] ${url}: read the newest items, left out ${outcome.overLimit}`);
    if (outcome.futureDated > 0) {
      console.info(`[digest] ${url}: ${outcome.futureDated} item(s) dated in the future, sorted by when first seen`);
    }
    if (outcome.feed.expired) console.info(`[digest] ${url} is marked expired: Digest stops polling it`);
    const saved = await saveFetchedPosts(url, outcome.feed, outcome.posts, outcome.validators, at, {
      nextPoll: scheduleAfter(outcome, intervalMinutes, 0),
    });
    if (!saved.followed) return { url, status: 'unfollowed' };
    return { url, status: 'updated', added: saved.added, firstFetch: state.lastSuccess === null };
  } catch (error) {
    // Only the database can throw here (fetchFeed never does): name it and keep going on the cache.
    const named = storageError(error);
    console.error(`[digest] refresh of ${url}: ${named.kind}: ${named.message}`, error);
    await recordFailure(url, named, new Date().toISOString(), backoff).catch(() => undefined);
    return { url, status: 'failed', error: named };
  }
}

// The refreshes under way, by the list of feeds they cover: a handle, not state (rebuilt empty on restart).
const inFlight = new Map<string, Promise<FeedRefreshResult[]>>();

/** Runs `task` under a Web Lock where the browser has them, so two contexts never refresh at once. */
function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request('digest-refresh', task) as Promise<T>) : task();
}

/**
 * Refreshes every feed; callers that arrive while a refresh runs share it (single flight), so an
 * alarm, a button and a startup catch-up that coincide make one request per feed, and all get its result.
 */
export function refreshAll(urls: readonly string[], options: RefreshOptions = {}): Promise<FeedRefreshResult[]> {
  const key = urls.join('\n');
  let running = inFlight.get(key);
  if (!running) {
    running = withRefreshLock(() => Promise.all(urls.map((url) => refreshFeed(url, options)))).finally(() => {
      inFlight.delete(key);
    });
    inFlight.set(key, running);
  }
  return running;
}
