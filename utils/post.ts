// The post model's small shared rules, for the worker (retention) and the pages alike.
/** The time a post sorts by: its publication date, else when Digest first saw it. */
export function postTime(post: { published: string | null; firstSeen: string }): number {
  const time = Date.parse(post.published ?? post.firstSeen);
  return Number.isFinite(time) ? time : 0;
}

/** The key a post is stored under, as one string (for React keys, sets and the DOM). */
export function postKeyString(post: { feedUrl: string; id: string }): string {
  return `${post.feedUrl}\n${post.id}`;
}
