// A blog page that advertises no feed: try the addresses blog engines conventionally use (#13), politely.
import { fetchFeed, type FetchOutcome } from './fetch';

/** The conventional feed paths, in the order they are tried: JSON Feed first, then WordPress, Jekyll/Astro, Hugo. */
export const CONVENTIONAL_FEED_PATHS = ['/feed.json', '/feed', '/feed/', '/rss.xml', '/atom.xml', '/index.xml'];

/** How long one probe may take, and all of them together. */
export const PROBE_TIMEOUT_MS = 10_000;
export const PROBE_BUDGET_MS = 30_000;

/** A conventional path that answered with a feed: its address and the fetch that read it (no second request). */
export interface ProbeHit {
  url: string;
  outcome: Extract<FetchOutcome, { status: 'updated' }>;
}

/**
 * Tries the conventional feed paths on a page's own site, one at a time (at most six requests, each within 10 s,
 * all within 30 s), and stops at the first that reads as a feed, or when the server asks Digest to slow down
 * (429, 503). Null when none does.
 */
export async function probeConventionalPaths(
  pageUrl: string,
  options: { fetchImpl?: typeof fetch; timeoutMs?: number; budgetMs?: number; now?: () => number } = {},
): Promise<ProbeHit | null> {
  const { fetchImpl, timeoutMs = PROBE_TIMEOUT_MS, budgetMs = PROBE_BUDGET_MS, now = Date.now } = options;
  const deadline = now() + budgetMs;
  const tried = new Set<string>([new URL(pageUrl).href]);
  for (const path of CONVENTIONAL_FEED_PATHS) {
    const url = new URL(path, pageUrl).href;
    if (tried.has(url)) continue;
    tried.add(url);
    const left = deadline - now();
    if (left <= 0) return null;
    const outcome = await fetchFeed(url, { fetchImpl, timeoutMs: Math.min(timeoutMs, left) });
    if (outcome.status === 'updated') return { url, outcome };
    if (outcome.status === 'failed' && (outcome.error.status === 429 || outcome.error.status === 503)) return null;
  }
  return null;
}
