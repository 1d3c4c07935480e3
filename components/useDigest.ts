import { useEffect, useState } from 'preact/hooks';
import type { FeedState, PostView } from '@/utils/db';
import { DEFAULT_PREFERENCES, type Preferences } from '@/utils/preferences';
import { readSnapshot, writeSnapshot } from './snapshot';

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
  preferences: { ...DEFAULT_PREFERENCES },
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
    let stop = () => {};
    const fail = (error: unknown) =>
      live &&
      setData((prev) => ({
        ...prev,
        loaded: true,
        fromSnapshot: false,
        error: error instanceof Error ? error.message : String(error),
      }));
    void import('./data-source').then((source) => {
      const load = () =>
        source.loadDigest().then((loaded) => {
          if (!live) return;
          if (performance.getEntriesByName('digest:data').length === 0) performance.mark('digest:data');
          const next = { ...loaded, loaded: true, fromSnapshot: false, error: null };
          setData(next);
          setTimeout(() => writeSnapshot(next), 0);
        }, fail);
      void load();
      if (live) stop = source.watchDigest(() => void load());
    }, fail);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return data;
}
