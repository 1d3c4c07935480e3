import { browser } from 'wxt/browser';

/** The host permission pattern covering a URL's site (any port, as match patterns do). */
export function originPattern(url: string): string | null {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? `${protocol}//${hostname}/*` : null;
  } catch {
    return null;
  }
}

/** Whether Digest may read this URL now. */
export async function canRead(url: string): Promise<boolean> {
  const pattern = originPattern(url);
  if (!pattern) return url.startsWith(browser.runtime.getURL('/'));
  return browser.permissions.contains({ origins: [pattern] });
}

/**
 * Asks the reader for access to a feed's site. Call it straight from a click handler, before any other
 * await: browsers only show the prompt during a user gesture. Resolves false when refused.
 */
export async function requestReadAccess(url: string): Promise<boolean> {
  const pattern = originPattern(url);
  if (!pattern) return true;
  try {
    return await browser.permissions.request({ origins: [pattern] });
  } catch {
    return false;
  }
}

/**
 * Asks for access to many sites in one prompt (an OPML import's, #14): the browser lists them together instead of
 * asking once per site. Call it straight from a click handler, like requestReadAccess. Resolves false when refused.
 */
export async function requestOriginsAccess(patterns: readonly string[]): Promise<boolean> {
  if (patterns.length === 0) return true;
  try {
    return await browser.permissions.request({ origins: [...patterns] });
  } catch {
    return false;
  }
}

/** Patterns no longer needed once `removed` is unfollowed: its site, unless another feed still uses it. */
export function patternsToRelease(removed: string, remaining: readonly string[]): string[] {
  const pattern = originPattern(removed);
  if (!pattern || remaining.some((url) => originPattern(url) === pattern)) return [];
  return [pattern];
}

/** Gives back host access nobody needs any more. The manifest's own host permissions cannot be, and are not, removed. */
export async function releaseReadAccess(removed: string, remaining: readonly string[]): Promise<string[]> {
  const required = new Set(browser.runtime.getManifest().host_permissions ?? []);
  const release = patternsToRelease(removed, remaining).filter((pattern) => !required.has(pattern));
  if (release.length > 0) await browser.permissions.remove({ origins: release });
  return release;
}

/**
 * The feeds waiting here for access to their site (#15: followed in another browser, or access withdrawn): their
 * last poll failed for want of permission. `origins` is every site they need, to ask for in one prompt.
 */
export function awaitingAccess(
  feeds: readonly { url: string }[],
  states: readonly { url: string; lastError: { kind: string } | null }[],
): { urls: string[]; origins: string[] } {
  const failed = new Set(states.filter((state) => state.lastError?.kind === 'permission').map((state) => state.url));
  const urls = feeds.map((feed) => feed.url).filter((url) => failed.has(url) && originPattern(url) !== null);
  return { urls, origins: [...new Set(urls.map((url) => originPattern(url)!))] };
}
