import { useEffect, useState } from 'preact/hooks';
import { onChange } from '@/utils/changes';
import { readSnapshot, writeSnapshot } from './snapshot';
import { listFeedStates, listPosts, type FeedState, type PostView } from '@/utils/db';
import {
  DEFAULT_PREFERENCES,
  followedFeeds,
  loadPreferences,
  preferencesItem,
  type Preferences,
} from '@/utils/settings';

/** What a page shows: the cached posts, the feeds' polling records and the reader's preferences. */
export interface DigestData {
  posts: PostView[];
  feeds: FeedState[];
  /** URLs of the followed feeds (a feed not fetched yet has no polling record). */
  followed: string[];
  preferences: Preferences;
  loaded: boolean;
  /** Painted from the snapshot of last time; IndexedDB has not answered yet. */
  fromSnapshot: boolean;
  error: string | null;
}

const EMPTY: DigestData = {
  posts: [],
  feeds: [],
  followed: [],
  preferences: DEFAULT_PREFERENCES,
  loaded: false,
  fromSnapshot: false,
  error: null,
};

/**
 * The digest: first the snapshot of last time (so the page paints at once), then IndexedDB, reloaded
 * whenever the worker, another page or the settings change it.
 */
export function useDigest(): DigestData {
  const [data, setData] = useState<DigestData>(() => readSnapshot() ?? EMPTY);
  useEffect(() => {
    let live = true;
    const load = () =>
      Promise.all([listPosts(), listFeedStates(), followedFeeds(), loadPreferences()]).then(
        ([posts, feeds, followed, preferences]) => {
          if (!live) return;
          if (performance.getEntriesByName('digest:data').length === 0) performance.mark('digest:data');
          const next = { posts, feeds, followed, preferences, loaded: true, fromSnapshot: false, error: null };
          setData(next);
          setTimeout(() => writeSnapshot(next), 0);
        },
        (error: unknown) =>
          live &&
          setData((prev) => ({
            ...prev,
            loaded: true,
            fromSnapshot: false,
            error: error instanceof Error ? error.message : String(error),
          })),
      );
    void load();
    const stopChanges = onChange(() => void load());
    const stopPreferences = preferencesItem.watch(() => void load());
    return () => {
      live = false;
      stopChanges();
      stopPreferences();
    };
  }, []);
  return data;
}
