import { browser } from 'wxt/browser';

/** Path of the sample feed bundled in public/, used when a build names no default feed. */
export const SAMPLE_FEED_PATH = '/sample-feed.json';

/** How often the feed is polled, in minutes (the options issue makes this a preference). */
export const REFRESH_INTERVAL_MINUTES = 30;

/** The feed this build follows: `WXT_DEFAULT_FEED_URL` at build time, else the bundled sample. */
export function defaultFeedUrl(): string {
  const configured = import.meta.env.WXT_DEFAULT_FEED_URL?.trim();
  return configured || browser.runtime.getURL(SAMPLE_FEED_PATH);
}

/** The feeds the reader follows (one for now; the options issue adds more). */
export async function followedFeeds(): Promise<string[]> {
  return [defaultFeedUrl()];
}
