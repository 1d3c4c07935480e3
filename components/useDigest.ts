import { useEffect, useState } from 'preact/hooks';
import type { Change } from '@/utils/changes';
import { withFeeds, withReadMarks, type DigestData } from './digest-data';
import { keepForNextOpen } from './mount';
import { text } from './text';

/** What a page shows, and a short message when the worker refused one of its changes (now undone). */
export interface Digest {
  data: DigestData;
  notice: string | null;
}

/**
 * The digest, from `initial` (the snapshot of last time, so the page paints at once), then IndexedDB,
 * patched by each change the worker announces or the page makes: read marks in memory, a fetched feed's
 * posts re-read alone, the feed list or preferences re-read. What it loads is kept for the page's next
 * open when the page is idle (components/mount.ts), never in the path of a click.
 */
export function useDigest(initial: DigestData): Digest {
  const [data, setData] = useState<DigestData>(initial);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let stop = () => {};
    const update = (next: (prev: DigestData) => DigestData) => live && setData(next);
    const fail = (error: unknown) =>
      update((prev) => ({
        ...prev,
        loaded: true,
        fromSnapshot: false,
        error: error instanceof Error ? error.message : String(error),
      }));
    void import('./data-source').then((source) => {
      const loadAll = () =>
        source.loadDigest().then((loaded) => {
          if (performance.getEntriesByName('digest:data').length === 0) performance.mark('digest:data');
          update(() => ({ ...loaded, loaded: true, fromSnapshot: false, error: null }));
        }, fail);
      const onChange = (change: Change) => {
        if (change.kind === 'read') {
          // In memory, this frame: no IndexedDB read for a read mark.
          update((prev) => ({ ...prev, posts: withReadMarks(prev.posts, change.keys, change.read) }));
          setNotice(change.refused ? text.changeRefused : null);
        } else if (change.kind === 'posts') {
          source.loadFeeds(change.feeds).then((fresh) => update((prev) => withFeeds(prev, change.feeds, fresh)), fail);
        } else if (change.kind === 'settings') {
          source.loadPreferences().then((preferences) => update((prev) => ({ ...prev, preferences })), fail);
        } else if (change.kind === 'feeds') void loadAll();
      };
      void loadAll();
      if (live) stop = source.watchDigest(onChange);
    }, fail);
    return () => {
      live = false;
      stop();
    };
  }, []);
  // After the frame is painted; the write itself waits for an idle moment or the page's closing.
  useEffect(() => {
    if (data.loaded && !data.fromSnapshot) keepForNextOpen(data);
  }, [data]);
  return { data, notice };
}
