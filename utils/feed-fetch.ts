import { parseFeed, type FeedError, type FeedInfo, type NormalizedPost, type SkippedItem } from './feed-schema';

/** Validators from the last successful fetch, sent back so an unchanged feed costs a 304. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** What one poll of a feed produced. */
export type FetchOutcome =
  | { status: 'updated'; feed: FeedInfo; posts: NormalizedPost[]; skipped: SkippedItem[]; validators: Validators }
  | { status: 'not-modified' }
  | { status: 'failed'; error: FeedError; httpStatus?: number };

export interface FetchOptions {
  validators?: Validators;
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

class TooLargeError extends Error {}

/** Reads a body as UTF-8 text, giving up as soon as it passes `maxBytes` (not after). */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new TooLargeError();
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new TooLargeError();
    }
    out += decoder.decode(value, { stream: true });
  }
  return out + decoder.decode();
}

/** Fetches and parses a feed with conditional GET, a timeout and a size limit. Never throws. */
export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const { validators, timeoutMs = DEFAULT_TIMEOUT_MS, maxBytes = DEFAULT_MAX_BYTES, fetchImpl = fetch } = options;
  const headers: Record<string, string> = { Accept: 'application/feed+json, application/json;q=0.9, */*;q=0.1' };
  if (validators?.etag) headers['If-None-Match'] = validators.etag;
  if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(url, {
      headers,
      signal: controller.signal,
      cache: 'no-cache',
      credentials: 'omit',
    });
    if (response.status === 304) return { status: 'not-modified' };
    if (!response.ok) {
      return {
        status: 'failed',
        httpStatus: response.status,
        error: { kind: 'http', message: `The feed server answered HTTP ${response.status}.` },
      };
    }
    const body = await readLimited(response, maxBytes);
    const parsed = parseFeed(body);
    if (!parsed.ok) return { status: 'failed', error: parsed.error };
    return {
      status: 'updated',
      feed: parsed.feed,
      posts: parsed.posts,
      skipped: parsed.skipped,
      validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') },
    };
  } catch (error) {
    if (error instanceof TooLargeError) {
      return {
        status: 'failed',
        error: { kind: 'too-large', message: `The feed is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.` },
      };
    }
    if (controller.signal.aborted) {
      return {
        status: 'failed',
        error: { kind: 'timeout', message: `The feed did not answer within ${Math.round(timeoutMs / 1000)} s.` },
      };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { status: 'failed', error: { kind: 'network', message: `The feed could not be reached (${detail}).` } };
  } finally {
    clearTimeout(timer);
  }
}
