import { safeUrl } from './parse';

const LINK_TAG = /<link\b[^>]*>/gi;
const ATTRIBUTE = /([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE)) {
    const [, name, double, single, bare] = match;
    if (name) found.set(name.toLowerCase(), (double ?? single ?? bare ?? '').trim());
  }
  return found;
}

// JSON Feed 1.1 names application/feed+json; 1.0 recommended application/json, which many blogs still use (#11).
// Then Atom, RSS and RDF, which Digest reads too (#13): a blog offering several keeps its JSON Feed first.
const FEED_TYPES = [
  'application/feed+json',
  'application/json',
  'application/atom+xml',
  'application/rss+xml',
  'application/rdf+xml',
];

/**
 * Finds a blog page's feed: a `<link rel="alternate">` of type application/feed+json, else application/json,
 * else Atom, RSS or RDF (in that order), resolved against the page URL; null when the page names none (or only non-http(s) ones).
 * Works on text, so it runs in the service worker, which has no DOMParser.
 */
export function discoverFeedUrl(html: string, pageUrl: string): string | null {
  const found: (string | null)[] = FEED_TYPES.map(() => null);
  for (const [tag] of html.matchAll(LINK_TAG)) {
    const attrs = attributes(tag);
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const rank = FEED_TYPES.indexOf((attrs.get('type') ?? '').split(';')[0]!.trim().toLowerCase());
    if (!rel.includes('alternate') || rank === -1 || found[rank]) continue;
    found[rank] = safeUrl(attrs.get('href'), pageUrl);
    if (rank === 0 && found[0]) break;
  }
  return found.find((url) => url !== null) ?? null;
}

/** Most of a page read to find its feed link (2 MB): the link belongs in the head, near the start. */
export const DISCOVERY_PAGE_LIMIT_BYTES = 2 * 1024 * 1024;
/** How long discovery waits for a page, its body included. */
export const DISCOVERY_TIMEOUT_MS = 15_000;

/**
 * The page's first `limit` bytes as text, read as they stream; the rest is cancelled, never downloaded (the whole
 * page used to be read and then cut, #11). Rejects when `signal` aborts, even if the body ignores it.
 */
async function readStart(response: Response, limit: number, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const { promise: aborted, reject } = Promise.withResolvers<never>();
  // Handled here too, so an abort after the last read is not an unhandled rejection.
  aborted.catch(() => undefined);
  const onAbort = () => reject(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    while (total < limit) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      const part = value.byteLength > limit - total ? value.subarray(0, limit - total) : value;
      total += part.byteLength;
      text += decoder.decode(part, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Whatever stopped the reading (the limit, the end or the timeout), the rest of the page is not wanted.
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Fetches a blog page (its first 2 MB, within 15 s) and finds its JSON Feed link; null when there is none, or the
 * page cannot be read in time.
 */
export async function fetchAndDiscover(
  pageUrl: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs: number = DISCOVERY_TIMEOUT_MS,
): Promise<string | null> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(pageUrl, { signal, credentials: 'omit', headers: { Accept: 'text/html' } });
    if (!response.ok) {
      response.body?.cancel().catch(() => undefined);
      return null;
    }
    const text = await readStart(response, DISCOVERY_PAGE_LIMIT_BYTES, signal);
    return discoverFeedUrl(text, response.url || pageUrl);
  } catch {
    return null;
  }
}
