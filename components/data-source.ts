// The pages' data layer (IndexedDB, extension storage, validation, the change channel), loaded by
// `useDigest` with a dynamic import after the first paint, so the page's first script stays small.
import { onChange, type Change } from '@/utils/changes';
import {
  listMutedUnreadCounts,
  listUnreadCounts,
  readDigestHead,
  readFeeds,
  type FeedsContent,
  type KeptMutedCounts,
  type UnreadCount,
} from '@/utils/db';
import { type Preferences, readPreferences, watchSettings } from '@/utils/settings';
import type { DigestData } from './digest-data';

/**
 * Reads what a page shows first: the newest posts (enough for any first screen; all of them in a smaller
 * cache, then `complete`), the feeds and the preferences. The rest comes from `loadFeeds`, a few feeds at a time.
 */
export async function loadDigest(): Promise<Omit<DigestData, 'loaded' | 'fromSnapshot' | 'error'>> {
  // One transaction: posts, records and the feed list agree, and only followed feeds' posts appear.
  const [{ posts, feeds, followed, folders, complete, unreadCounts, mutedUnreadCounts }, preferences] =
    await Promise.all([readDigestHead(), readPreferences()]);
  return {
    posts,
    feeds,
    followed,
    folders,
    preferences,
    complete,
    keptUnread: unreadCounts,
    keptMuted: mutedUnreadCounts,
  };
}

/**
 * Reads the kept unread counts and those muted words hide (while a page has only the newest posts, after a
 * mark, a fetch or a change of preferences).
 */
export async function loadUnreadCounts(): Promise<{ unread: UnreadCount[]; muted: KeptMutedCounts }> {
  const [unread, muted] = await Promise.all([listUnreadCounts(), listMutedUnreadCounts()]);
  return { unread, muted };
}

/** Reads only these feeds' posts and records (after a fetch of them). */
export function loadFeeds(urls: readonly string[]): Promise<FeedsContent> {
  return readFeeds(urls);
}

/** Reads the preferences. */
export function loadPreferences(): Promise<Preferences> {
  return readPreferences();
}

/**
 * The page's one subscription: every change the worker announces or this page makes (utils/changes.ts),
 * and preference changes (storage.onChanged, watched in utils/settings.ts) as `settings`.
 */
export function watchDigest(listener: (change: Change) => void): () => void {
  const stopChanges = onChange(listener);
  const stopSettings = watchSettings(() => listener({ kind: 'settings' }));
  return () => {
    stopChanges();
    stopSettings();
  };
}
