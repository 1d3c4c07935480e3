// The pages' data layer (IndexedDB, extension storage, validation, change broadcasts), loaded by
// `useDigest` with a dynamic import after the first paint, so the page's first script stays small.
import { onChange } from '@/utils/changes';
import { readDigest } from '@/utils/db';
import { readPreferences, watchSettings } from '@/utils/settings-read';
import type { DigestData } from './digest-data';

/** Reads everything a page shows. */
export async function loadDigest(): Promise<Omit<DigestData, 'loaded' | 'fromSnapshot' | 'error'>> {
  // One transaction: posts, records and the feed list agree, and only followed feeds' posts appear.
  const [{ posts, feeds, followed }, preferences] = await Promise.all([readDigest(), readPreferences()]);
  return { posts, feeds, followed, preferences };
}

/** Calls `listener` when the worker or another page changes posts, read marks, feeds or preferences; returns the unsubscribe. */
export function watchDigest(listener: () => void): () => void {
  const stopChanges = onChange(listener);
  const stopSettings = watchSettings(listener);
  return () => {
    stopChanges();
    stopSettings();
  };
}
