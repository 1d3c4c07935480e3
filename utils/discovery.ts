import { safeUrl } from './feed-schema';

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

/**
 * Finds a blog page's JSON Feed: the first `<link rel="alternate" type="application/feed+json">`,
 * resolved against the page URL; null when the page names none (or only a non-http(s) one).
 * Works on text, so it runs in the service worker, which has no DOMParser.
 */
export function discoverFeedUrl(html: string, pageUrl: string): string | null {
  for (const [tag] of html.matchAll(LINK_TAG)) {
    const attrs = attributes(tag);
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.get('type') ?? '').toLowerCase();
    if (!rel.includes('alternate') || type !== 'application/feed+json') continue;
    const url = safeUrl(attrs.get('href'), pageUrl);
    if (url) return url;
  }
  return null;
}

const PAGE_LIMIT_BYTES = 2 * 1024 * 1024;

/** Fetches a blog page (at most 2 MB, 15 s) and finds its JSON Feed link; null when there is none. */
export async function fetchAndDiscover(pageUrl: string, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  try {
    const response = await fetchImpl(pageUrl, {
      signal: AbortSignal.timeout(15_000),
      credentials: 'omit',
      headers: { Accept: 'text/html' },
    });
    if (!response.ok) return null;
    const text = await response.text();
    return discoverFeedUrl(text.slice(0, PAGE_LIMIT_BYTES), response.url || pageUrl);
  } catch {
    return null;
  }
}
