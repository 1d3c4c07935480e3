import { postTime } from './post';

/** How many posts a feed keeps, and how long an unread post is safe from pruning. */
export interface RetentionPolicy {
  maxPostsPerFeed: number;
  keepUnreadDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxPostsPerFeed: 500, keepUnreadDays: 30 };

/**
 * Read marks and ledger entries kept per feed for posts no longer cached (pruned, or gone from the feed):
 * such a post comes back read and unannounced if the feed lists it again. Only the newest this many are
 * kept, so a feed that publishes for years does not grow the database without end.
 */
export const ORPHAN_MARKS_PER_FEED = 2_000;

/** The slice of a cached post retention looks at. */
export interface RetentionCandidate {
  id: string;
  published: string | null;
  firstSeen: string;
  read: boolean;
}

/**
 * Ids to prune from one feed: everything past the newest `maxPostsPerFeed`, except posts in the feed's
 * latest fetch (`inFeed`: pruning them only brings them back as new on the next save, #11) and unread
 * posts younger than `keepUnreadDays` (a reader never loses something they have not seen yet).
 */
export function selectPrunable(
  posts: readonly RetentionCandidate[],
  now: number,
  policy: RetentionPolicy = DEFAULT_RETENTION,
  inFeed: ReadonlySet<string> = new Set(),
): string[] {
  if (posts.length <= policy.maxPostsPerFeed) return [];
  const youngest = now - policy.keepUnreadDays * 24 * 3600_000;
  return posts
    .toSorted((a, b) => postTime(b) - postTime(a))
    .slice(policy.maxPostsPerFeed)
    .filter((post) => !inFeed.has(post.id))
    .filter((post) => post.read || Math.max(postTime(post), Date.parse(post.firstSeen)) < youngest)
    .map((post) => post.id);
}

/**
 * Ids of marks (read marks or ledger entries) to forget: those whose post is not `cached`, past the newest
 * `limit` of them by time. Marks of cached posts are always kept.
 */
export function selectOrphansToForget(
  marks: readonly { id: string; at: string }[],
  cached: ReadonlySet<string>,
  limit: number = ORPHAN_MARKS_PER_FEED,
): string[] {
  const orphans = marks.filter((mark) => !cached.has(mark.id));
  if (orphans.length <= limit) return [];
  return orphans
    .toSorted((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.id.localeCompare(b.id))
    .slice(limit)
    .map((mark) => mark.id);
}
