import { postTime } from './digest';

/** How many posts a feed keeps, and how long an unread post is safe from pruning. */
export interface RetentionPolicy {
  maxPostsPerFeed: number;
  keepUnreadDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxPostsPerFeed: 500, keepUnreadDays: 30 };

/** The slice of a cached post retention looks at. */
export interface RetentionCandidate {
  id: string;
  published: string | null;
  firstSeen: string;
  read: boolean;
}

/**
 * Ids to prune from one feed: everything past the newest `maxPostsPerFeed`, except unread posts
 * younger than `keepUnreadDays` (a reader never loses something they have not seen yet).
 */
export function selectPrunable(
  posts: readonly RetentionCandidate[],
  now: number,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): string[] {
  if (posts.length <= policy.maxPostsPerFeed) return [];
  const youngest = now - policy.keepUnreadDays * 24 * 3600_000;
  return posts
    .toSorted((a, b) => postTime(b) - postTime(a))
    .slice(policy.maxPostsPerFeed)
    .filter((post) => post.read || Math.max(postTime(post), Date.parse(post.firstSeen)) < youngest)
    .map((post) => post.id);
}
