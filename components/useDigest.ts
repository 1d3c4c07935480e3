import { useEffect, useState } from 'preact/hooks';
import { onChange } from '@/utils/changes';
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
  error: string | null;
}

const EMPTY: DigestData = {
  posts: [],
  feeds: [],
  followed: [],
  preferences: DEFAULT_PREFERENCES,
  loaded: false,
  error: null,
};

/** Loads the digest from IndexedDB and reloads it whenever the worker, another page or the settings change it. */
export function useDigest(): DigestData {
  const [data, setData] = useState<DigestData>(EMPTY);
  useEffect(() => {
    let live = true;
    const load = () =>
      Promise.all([listPosts(), listFeedStates(), followedFeeds(), loadPreferences()]).then(
        ([posts, feeds, followed, preferences]) =>
          live && setData({ posts, feeds, followed, preferences, loaded: true, error: null }),
        (error: unknown) =>
          live &&
          setData((prev) => ({ ...prev, loaded: true, error: error instanceof Error ? error.message : String(error) })),
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
