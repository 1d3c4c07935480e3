// The data a page shows and how a change from the worker patches it, apart from the hook that holds it
// (useDigest.ts), so the snapshot, the data layer and the kept first frame can name it without the hook.
import type { FeedState, FeedsContent, KeptMutedCounts, PostKey, PostView, UnreadCount } from '@/utils/db';
import { countedMutedWords } from '@/utils/muted-words';
import { DEFAULT_PREFERENCES, type Preferences } from '@/utils/settings';
import { postKeyString, postTime } from '@/utils/post';

/** What a page shows: the cached posts, the feeds' polling records and the reader's preferences. */
export interface DigestData {
  posts: PostView[];
  feeds: FeedState[];
  /** URLs of the followed feeds (a feed not fetched yet has no polling record). */
  followed: string[];
  /** The folder of each followed feed that is in one, by URL (#14). */
  folders: Record<string, string>;
  preferences: Preferences;
  loaded: boolean;
  /** Painted from the snapshot of last time; IndexedDB has not answered yet. */
  fromSnapshot: boolean;
  /**
   * `posts` is every cached post of the followed feeds. False while a page holds only the newest ones (its
   * first read, or a snapshot of a larger cache): counts and "mark all read" wait for the rest (#14).
   */
  complete: boolean;
  /** The kept unread counts per feed and category, read with the first read (absent: not read, as in a snapshot). */
  keptUnread?: readonly UnreadCount[];
  /** Of those, the kept counts muted words hide (read with them; absent: not read). */
  keptMuted?: KeptMutedCounts;
  error: string | null;
}

/** Nothing loaded yet: a page's start when there is no snapshot either. */
export const EMPTY_DIGEST: DigestData = {
  posts: [],
  feeds: [],
  followed: [],
  folders: {},
  preferences: { ...DEFAULT_PREFERENCES },
  loaded: false,
  fromSnapshot: false,
  complete: false,
  error: null,
};

/**
 * How a page starts: the data and the clock of its first render, and the URL hash it opened with. A kept
 * frame is rendered from one too, as its page's next open will start (components/mount.ts).
 */
export interface PageStart {
  data: DigestData;
  now: number;
  /** The new tab's previous visit ("New since your last visit"). */
  previousVisit: string | null;
  hash: string;
}

/** The posts with these keys marked read (or unread); the others, and the array when nothing changes, kept. */
export function withReadMarks(posts: PostView[], keys: readonly PostKey[], read: boolean): PostView[] {
  const changed = new Set(keys.map(([feedUrl, id]) => postKeyString({ feedUrl, id })));
  let touched = false;
  const next = posts.map((post) => {
    if (post.read === read || !changed.has(postKeyString(post))) return post;
    touched = true;
    return { ...post, read };
  });
  return touched ? next : posts;
}

/** The data with some feeds' posts and records replaced by a fresh read of them (`asked`: the feeds read). */
export function withFeeds(data: DigestData, asked: readonly string[], fresh: FeedsContent): DigestData {
  const replaced = new Set(asked);
  const stillFollowed = new Set(fresh.followed);
  return {
    ...data,
    posts: [...data.posts.filter((post) => !replaced.has(post.feedUrl)), ...fresh.posts],
    feeds: [...data.feeds.filter((feed) => !replaced.has(feed.url)), ...fresh.feeds],
    followed: data.followed.filter((url) => !replaced.has(url) || stillFollowed.has(url)),
  };
}

/** What the kept counts are counted from: the data's counts, feeds and preferences. */
type KeptCounts = Pick<DigestData, 'keptUnread' | 'keptMuted' | 'followed' | 'preferences'>;

/**
 * Of a fresh read of some feeds (every post of theirs), what a page that holds only the newest posts keeps:
 * those as new as its oldest, so it still holds the newest posts, and the feed's older ones are not taken
 * for new (or held in memory) before the page asks for every post.
 */
export function withinNewest(posts: readonly PostView[], fresh: FeedsContent): FeedsContent {
  if (posts.length === 0) return fresh;
  let oldest = Infinity;
  for (const post of posts) oldest = Math.min(oldest, postTime(post));
  return { ...fresh, posts: fresh.posts.filter((post) => postTime(post) >= oldest) };
}

/**
 * The unread posts the page would count with every post in, from the kept counts, summed by `keyOf` (a count's
 * category or feed): the followed feeds', less the muted categories the reader hides and the posts muted words
 * hide. Null when not known: no counts read, or the muted-word counts were counted for other words (the
 * worker recounts them after the reader changes the words).
 */
export function keptUnreadBy(
  { keptUnread, keptMuted, followed, preferences }: KeptCounts,
  keyOf: (count: UnreadCount) => string,
): Map<string, number> | null {
  if (!keptUnread) return null;
  const words = countedMutedWords(preferences.mutedWords);
  let muted: readonly UnreadCount[] = [];
  if (words.length > 0) {
    if (!keptMuted || keptMuted.words.join('\n') !== words.join('\n')) return null;
    muted = keptMuted.counts;
  }
  const isFollowed = new Set(followed);
  const hidden = new Set(preferences.hideMutedCategories ? preferences.mutedCategories : []);
  const unread = new Map<string, number>();
  const add = (count: UnreadCount, sign: number) => {
    if (!isFollowed.has(count.feedUrl) || hidden.has(count.category)) return;
    const key = keyOf(count);
    unread.set(key, (unread.get(key) ?? 0) + sign * count.unread);
  };
  for (const count of keptUnread) add(count, 1);
  for (const count of muted) add(count, -1);
  return unread;
}

/** The unread posts the page would count with every post in, from the kept counts (keptUnreadBy); null when not known. */
export function keptUnreadCount(data: KeptCounts): number | null {
  const byFeed = keptUnreadBy(data, (count) => count.feedUrl);
  if (!byFeed) return null;
  let unread = 0;
  for (const n of byFeed.values()) unread += n;
  return unread;
}

/**
 * Whether the loaded posts leave out unread posts a page would show: some group (by `keyOf`) whose kept unread
 * count says it has more unread posts than are loaded, and fewer loaded than the page shows of it (`enough`).
 * A category whose unread posts are all older than the first read would otherwise not appear at all.
 */
export function missesUnread(
  posts: readonly PostView[],
  keptUnread: ReadonlyMap<string, number>,
  keyOf: (post: PostView) => string,
  enough: number,
): boolean {
  const loaded = new Map<string, number>();
  for (const post of posts) if (!post.read) loaded.set(keyOf(post), (loaded.get(keyOf(post)) ?? 0) + 1);
  for (const [key, unread] of keptUnread) {
    const have = loaded.get(key) ?? 0;
    if (have < unread && have < enough) return true;
  }
  return false;
}
