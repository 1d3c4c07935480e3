// What the pages read of the settings: the preferences, straight from extension storage (the followed
// feeds are in IndexedDB, utils/db.ts). utils/settings.ts defines and writes them with @wxt-dev/storage (fallbacks, versions,
// migrations); the pages only read, and reading needs neither that library's 3 KB (gzip) nor its
// migration code: "sync:preferences" is the key "preferences" in storage.sync, and so on.
import { browser } from 'wxt/browser';
import type { Preferences } from './preferences';
import { normalizePreferences } from './preferences-schema';

/** storage.sync key of the preferences (`sync:preferences` in utils/settings.ts). */
export const PREFERENCES_KEY = 'preferences';

/** The preferences, validated (each missing or broken field replaced by its default). */
export async function readPreferences(): Promise<Preferences> {
  return normalizePreferences((await browser.storage.sync.get(PREFERENCES_KEY))[PREFERENCES_KEY]);
}

/** Calls `listener` when the preferences change; returns the unsubscribe. (Feed list changes come through utils/changes.ts.) */
export function watchSettings(listener: () => void): () => void {
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area === 'sync' && PREFERENCES_KEY in changes) listener();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
