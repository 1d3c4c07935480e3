import type { PostView } from './db';

/** One category of the digest: its posts newest first and how many are unread. */
export interface CategoryGroup {
  category: string;
  posts: PostView[];
  unread: number;
}

/** The time a post sorts by: its publication date, else when Digest first saw it. */
export function postTime(post: Pick<PostView, 'published' | 'firstSeen'>): number {
  const time = Date.parse(post.published ?? post.firstSeen);
  return Number.isFinite(time) ? time : 0;
}

/** Groups posts by category; posts newest first, categories ordered by their newest post. */
export function groupByCategory(posts: readonly PostView[]): CategoryGroup[] {
  const sorted = posts.toSorted((a, b) => postTime(b) - postTime(a) || a.title.localeCompare(b.title));
  const groups = new Map<string, CategoryGroup>();
  for (const post of sorted) {
    let group = groups.get(post.category);
    if (!group) {
      group = { category: post.category, posts: [], unread: 0 };
      groups.set(post.category, group);
    }
    group.posts.push(post);
    if (!post.read) group.unread += 1;
  }
  // Map keeps insertion order, and groups were created in order of their newest post.
  return [...groups.values()];
}

/** How many of these posts are unread. */
export function unreadCount(posts: readonly Pick<PostView, 'read'>[]): number {
  return posts.reduce((n, post) => (post.read ? n : n + 1), 0);
}
