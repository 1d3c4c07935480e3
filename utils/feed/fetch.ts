import { DEFAULT_MAX_BYTES, hasCredentials, tooLargeError } from './parse';
import type { FeedError } from '@/utils/errors';
import type { ParsedFeed } from './parse';
import { readFeed, type FeedFormat } from './read';
import type { Validators } from './validators';

/** What the server said about when to come back, as received (the scheduler interprets them). */
export interface ServerHints {
  retryAfter: string | null;
  cacheControl: string | null;
}

/** What one poll of a feed produced. */
export type FetchOutcome =
  | ({
      status: 'updated';
      /** The feed's format (JSON Feed, RSS, Atom or RDF) and the encoding its body was decoded with (#13). */
      format: FeedFormat;
      encoding: string;
      validators: Validators;
      hints: ServerHints;
    } & ParsedFeed)
  | { status: 'not-modified'; hints: ServerHints }
  | { status: 'failed'; error: FeedError; hints: ServerHints };

export interface FetchOptions {
  validators?: Validators;
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const NO_HINTS: ServerHints = { retryAfter: null, cacheControl: null };

class TooLargeError extends Error {}

// Unreachable (a feed read is always of a format); keeps the outcome's `format` a FeedFormat without a cast.
const unreadable: FeedError = { kind: 'not-a-feed', message: 'The document is not a feed.' };

/** Reads a body as bytes, giving up as soon as it passes `maxBytes` (while streaming, not after). */
async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new TooLargeError();
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new TooLargeError();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

// "scheme://user:password@": what an error message must never repeat (#11).
const URL_CREDENTIALS = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#]*@/gi;

/** An error's text with any credentials in the URLs it mentions removed. */
function withoutCredentials(message: string): string {
  return message.replace(URL_CREDENTIALS, '$1');
}

function hintsOf(response: Response): ServerHints {
  return { retryAfter: response.headers.get('retry-after'), cacheControl: response.headers.get('cache-control') };
}

/**
 * Fetches and parses a feed with conditional GET, a timeout and a size limit. A 304 is not parsed.
 * Whatever the content type says, a body that is a JSON Feed, RSS, Atom or RDF feed is accepted; the content
 * type's charset decodes it when the body names no encoding. Never throws.
 */
export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const { validators, timeoutMs = DEFAULT_TIMEOUT_MS, maxBytes = DEFAULT_MAX_BYTES, fetchImpl = fetch } = options;
  if (hasCredentials(url)) {
    // Fetch refuses such a URL with an error that repeats it, password and all; say why without it (#11).
    return {
      status: 'failed',
      hints: NO_HINTS,
      error: {
        kind: 'network',
        message: 'The feed address contains a user name or password; Digest never sends those.',
      },
    };
  }
  const headers: Record<string, string> = {
    Accept:
      'application/feed+json, application/json;q=0.9, application/atom+xml, application/rss+xml, ' +
      'application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1',
  };
  // Sent back exactly as received: servers compare them as opaque strings.
  if (validators?.etag) headers['If-None-Match'] = validators.etag;
  if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let hints = NO_HINTS;
  try {
    const response = await fetchImpl(url, {
      headers,
      signal: controller.signal,
      // The browser's HTTP cache would answer for the server and hide its 304s; Digest keeps its own validators.
      cache: 'no-store',
      credentials: 'omit',
    });
    hints = hintsOf(response);
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 'not-modified', hints };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return {
        status: 'failed',
        hints,
        error: { kind: 'http', message: `The feed server answered HTTP ${response.status}.`, status: response.status },
      };
    }
    const body = await readLimited(response, maxBytes);
    // After redirects the feed's own address is the response's: relative links resolve against it.
    const parsed = readFeed(body, {
      maxBytes,
      baseUrl: response.url || url,
      contentType: response.headers.get('content-type'),
    });
    if (!parsed.ok || parsed.format === null) {
      return { status: 'failed', error: parsed.ok ? unreadable : parsed.error, hints };
    }
    return {
      status: 'updated',
      feed: parsed.feed,
      posts: parsed.posts,
      skipped: parsed.skipped,
      futureDated: parsed.futureDated,
      overLimit: parsed.overLimit,
      format: parsed.format,
      encoding: parsed.encoding,
      hints,
      validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') },
    };
  } catch (error) {
    if (error instanceof TooLargeError) return { status: 'failed', error: tooLargeError(maxBytes), hints };
    if (controller.signal.aborted) {
      return {
        status: 'failed',
        hints,
        error: { kind: 'timeout', message: `The feed did not answer within ${Math.round(timeoutMs / 1000)} s.` },
      };
    }
    // Node's fetch hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`; browsers give no detail at all.
    const cause = error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined;
    const detail = withoutCredentials(cause ?? (error instanceof Error ? error.message : String(error)));
    return {
      status: 'failed',
      hints,
      error: { kind: 'network', message: `The feed could not be reached (${detail}).` },
    };
  } finally {
    clearTimeout(timer);
  }
}
