import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_PREFERENCES } from '@/utils/preferences';
import type { DigestData } from './digest-data';
import type { FirstPaintPage } from './first-paint-writer';
import { readSnapshot, writeSnapshot } from './snapshot';

const EMPTY: DigestData = {
  posts: [],
  feeds: [],
  followed: [],
  preferences: { ...DEFAULT_PREFERENCES },
  loaded: false,
  fromSnapshot: false,
  error: null,
};

/** Where a page's data comes from: `fixed` for an off-screen render, else the snapshot then IndexedDB. */
export interface DigestSource {
  fixed?: DigestData;
  /** The page whose first frame is kept for its next open after each load. */
  firstPaint?: FirstPaintPage;
}

/**
 * The digest: first the snapshot of last time (so the page paints at once), then IndexedDB, reloaded
 * whenever the worker, another page or the settings change it. With `fixed`, only that.
 */
export function useDigest({ fixed, firstPaint }: DigestSource): DigestData {
  const [data, setData] = useState<DigestData>(() => fixed ?? readSnapshot() ?? EMPTY);
  useEffect(() => {
    if (fixed) return;
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
          setTimeout(() => {
            const kept = writeSnapshot(next);
            // The page's first frame for next time, from exactly what the next open will read. Optional:
            // if its code cannot load, the next open only waits for the app.
            if (firstPaint)
              void import('./first-paint-writer').then(
                (writer) => writer.writeFirstPaint(firstPaint, kept),
                (error: unknown) => console.warn('Digest could not keep this page’s first frame', error),
              );
          }, 0);
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
