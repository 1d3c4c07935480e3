import { useEffect, useState } from 'preact/hooks';
import { onChange } from '@/utils/changes';
import { listFeedStates, listPosts, type FeedState, type PostView } from '@/utils/db';

/** What a page shows: the cached posts and the feeds' polling records. */
export interface DigestData {
  posts: PostView[];
  feeds: FeedState[];
  loaded: boolean;
  error: string | null;
}

/** Loads the digest from IndexedDB and reloads it whenever the worker or another page changes it. */
export function useDigest(): DigestData {
  const [data, setData] = useState<DigestData>({ posts: [], feeds: [], loaded: false, error: null });
  useEffect(() => {
    let live = true;
    const load = () =>
      Promise.all([listPosts(), listFeedStates()]).then(
        ([posts, feeds]) => live && setData({ posts, feeds, loaded: true, error: null }),
        (error: unknown) =>
          live &&
          setData((prev) => ({ ...prev, loaded: true, error: error instanceof Error ? error.message : String(error) })),
      );
    void load();
    const stop = onChange(() => void load());
    return () => {
      live = false;
      stop();
    };
  }, []);
  return data;
}
