// The data a page shows, apart from the hook that loads it (useDigest.ts), so the snapshot, the data
// layer and the first-frame writer can name it without importing the hook.
import type { FeedState, PostView } from '@/utils/db';
import type { Preferences } from '@/utils/preferences';

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

/**
 * A page rendered off-screen as it will first look next time (components/first-paint-writer.tsx): the
 * data it will start from and the clock. Such a render loads nothing and changes nothing.
 */
export interface NextOpen {
  data: DigestData;
  now: number;
  /** The new tab's previous visit as the next one will see it. */
  previousVisit: string | null;
}
