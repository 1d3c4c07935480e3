import { browser } from 'wxt/browser';

/** Path of the sample feed bundled in public/, used when a build names no default feed. */
export const SAMPLE_FEED_PATH = '/sample-feed.json';

/** The feed this build follows on a new install: `WXT_DEFAULT_FEED_URL` at build time, else the bundled sample. */
export function defaultFeedUrl(): string {
  const configured = import.meta.env.WXT_DEFAULT_FEED_URL?.trim();
  return configured || browser.runtime.getURL(SAMPLE_FEED_PATH);
}
