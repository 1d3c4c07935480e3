// What the pages read of the settings: the followed feeds and the preferences, straight from extension
// storage. utils/settings.ts defines and writes them with @wxt-dev/storage (fallbacks, versions,
// migrations); the pages only read, and reading needs neither that library's 3 KB (gzip) nor its
// migration code: "sync:preferences" is the key "preferences" in storage.sync, and so on.
import { browser } from 'wxt/browser';
import type { Preferences } from './preferences';
import { normalizePreferences } from './preferences-schema';

/** storage.local key of the followed feeds (`local:feeds` in utils/settings.ts). */
export const FEEDS_KEY = 'feeds';
/** storage.sync key of the preferences (`sync:preferences` in utils/settings.ts). */
export const PREFERENCES_KEY = 'preferences';

/** URLs of the followed feeds, in the order they were added; none before the worker's first start. */
export async function readFollowedFeeds(): Promise<string[]> {
  const stored: unknown = (await browser.storage.local.get(FEEDS_KEY))[FEEDS_KEY];
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((feed: unknown) =>
    typeof feed === 'object' && feed !== null && typeof (feed as { url?: unknown }).url === 'string'
      ? [(feed as { url: string }).url]
      : [],
  );
}

/** The preferences, validated (each missing or broken field replaced by its default). */
export async function readPreferences(): Promise<Preferences> {
  return normalizePreferences((await browser.storage.sync.get(PREFERENCES_KEY))[PREFERENCES_KEY]);
}

/** Calls `listener` when the followed feeds or the preferences change; returns the unsubscribe. */
export function watchSettings(listener: () => void): () => void {
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if ((area === 'sync' && PREFERENCES_KEY in changes) || (area === 'local' && FEEDS_KEY in changes)) listener();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
