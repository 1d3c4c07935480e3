// The one read and the one watch of the preferences, for every context: the pages, the options page and
// the worker. Small on purpose: the pages load this with their data layer, and it needs only the
// validation in utils/settings.ts, not its writer.
import { browser } from 'wxt/browser';
import type { Preferences } from './preferences';
import { normalizePreferences, PREFERENCES_KEY } from './settings';

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
