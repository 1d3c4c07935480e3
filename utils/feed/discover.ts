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
] as const;

/** A feed a page advertises with `<link rel="alternate">`: its resolved address, media type and title. */
export interface FeedLink {
  url: string;
  /** One of the feed media types Digest reads, lower case, without parameters. */
  type: (typeof FEED_TYPES)[number];
  /** The link's title attribute ("Blog » Comments Feed"), entities decoded; '' when it has none. */
  title: string;
}

const NAMED_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
  ['raquo', '»'],
  ['laquo', '«'],
  ['ndash', '–'],
  ['mdash', '—'],
  ['hellip', '…'],
]);

// Attribute values are HTML: WordPress titles its feeds "Blog &raquo; Feed", and hrefs carry "&amp;".
function decodeEntities(value: string): string {
  return value.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES.get(name.toLowerCase()) ?? whole;
  });
}

function rankOf(type: string): number {
  return FEED_TYPES.indexOf(type as FeedLink['type']);
}

/** The address relative hrefs resolve against: the page's `<base href>` when it has one (http(s) only). */
function baseOf(html: string, pageUrl: string): string {
  for (const [tag] of html.matchAll(/<base\b[^>]*>/gi)) {
    const href = attributes(tag).get('href');
    if (href) return safeUrl(decodeEntities(href), pageUrl) ?? pageUrl;
  }
  return pageUrl;
}

/**
 * Every feed a blog page advertises (`<link rel="alternate">` of a type Digest reads), in page order, each address
 * once, resolved against the page (or its `<base href>`); links that are not http(s) or carry credentials are left out.
 * Works on text, so it runs in the service worker, which has no DOMParser.
 */
export function discoverFeeds(html: string, pageUrl: string): FeedLink[] {
  const base = baseOf(html, pageUrl);
  const feeds: FeedLink[] = [];
  const seen = new Set<string>();
  for (const [tag] of html.matchAll(LINK_TAG)) {
    const attrs = attributes(tag);
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.get('type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!rel.includes('alternate') || rankOf(type) === -1) continue;
    const url = safeUrl(decodeEntities(attrs.get('href') ?? ''), base);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    feeds.push({ url, type: type as FeedLink['type'], title: decodeEntities(attrs.get('title') ?? '').trim() });
  }
  return feeds;
}

/** Whether a feed link is a JSON Feed (application/feed+json, or JSON Feed 1.0's application/json). */
export function isJsonFeedLink(feed: FeedLink): boolean {
  return rankOf(feed.type) <= 1;
}

// The words a title uses to tell a format apart ("Blog (JSON Feed)", "Blog » RSS 2.0", "Atom", "Feed").
const FORMAT_WORDS = /\b(?:json\s*feed|json|rss|atom|rdf|xml|feed|[0-9.]+)\b/gi;

/**
 * Which posts a feed link carries, as a key: its title without the words that name a format or say "feed", letters
 * and digits only. Two links with the same key are the same posts in two formats ("Blog » Feed" and "Blog (JSON
 * Feed)"); an untitled link counts as the blog's main posts, the same as any other untitled one.
 */
export function postsKey(feed: FeedLink): string {
  return feed.title
    .replace(FORMAT_WORDS, ' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The rule for a page's feeds (#13). Links with the same `postsKey` are one set of posts in several formats, and
 * only the best format of each set counts (JSON Feed, then Atom, RSS, RDF). One set: that is the feed, no
 * question asked. Several (posts, comments, a category): the reader picks, and the preselected one is the best
 * format of the set the page names first, which is the blog's posts on every platform we know.
 */
export function chooseFeed(feeds: readonly FeedLink[]): { preselected: FeedLink; distinct: number } | null {
  const best = new Map<string, FeedLink>();
  for (const feed of feeds) {
    const key = postsKey(feed);
    const current = best.get(key);
    if (!current || rankOf(feed.type) < rankOf(current.type)) best.set(key, feed);
  }
  const first = feeds[0];
  if (!first) return null;
  return { preselected: best.get(postsKey(first))!, distinct: best.size };
}

/**
 * The best feed a page advertises, by format alone: JSON Feed (application/feed+json, else application/json),
 * else Atom, RSS or RDF; null when it names none.
 */
export function discoverFeedUrl(html: string, pageUrl: string): string | null {
  const feeds = discoverFeeds(html, pageUrl);
  let best: FeedLink | null = null;
  for (const feed of feeds) if (!best || rankOf(feed.type) < rankOf(best.type)) best = feed;
  return best?.url ?? null;
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

/** What a fetched page says about feeds: the ones it advertises, and whether it is an HTML page at all. */
export interface DiscoveredPage {
  feeds: FeedLink[];
  /** The page looks like HTML (a doctype, or an html, head or body tag): only such a page makes probing worthwhile. */
  html: boolean;
}

const LOOKS_LIKE_HTML = /<(?:!doctype\s+html|html|head|body)\b/i;

/**
 * Fetches a blog page (its first 2 MB, within 15 s) and lists the feeds it advertises; null when the page cannot
 * be read in time or the server refuses it.
 */
export async function fetchAndDiscover(
  pageUrl: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs: number = DISCOVERY_TIMEOUT_MS,
): Promise<DiscoveredPage | null> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(pageUrl, { signal, credentials: 'omit', headers: { Accept: 'text/html' } });
    if (!response.ok) {
      response.body?.cancel().catch(() => undefined);
      return null;
    }
    const text = await readStart(response, DISCOVERY_PAGE_LIMIT_BYTES, signal);
    return { feeds: discoverFeeds(text, response.url || pageUrl), html: LOOKS_LIKE_HTML.test(text) };
  } catch {
    return null;
  }
}
