// What the pages do with a list of posts: group, filter, search, step through (pure).
import type { PostView } from '@/utils/db';
import { postKeyString, postTime } from '@/utils/post';
import { withoutMutedWords } from '@/utils/muted-words';
import { DIGEST_GROUPINGS, type DigestGrouping } from '@/utils/settings';

/** One group of the digest (a category, a feed or a folder, by `key`): its posts newest first and how many are unread. */
export interface PostGroup {
  key: string;
  posts: PostView[];
  unread: number;
}

/** Posts newest first (ties by title): the digest's order, sorted once per data change rather than per keystroke. */
export function sortNewestFirst(posts: readonly PostView[]): PostView[] {
  return posts.toSorted((a, b) => postTime(b) - postTime(a) || a.title.localeCompare(b.title));
}

/** Groups posts by `keyOf`; posts newest first, groups ordered by their newest post. */
export function groupPosts(posts: readonly PostView[], keyOf: (post: PostView) => string): PostGroup[] {
  return groupSortedPosts(sortNewestFirst(posts), keyOf);
}

/** As groupPosts, for posts already newest first (from sortNewestFirst, or a filter of its output): no sort. */
export function groupSortedPosts(sorted: readonly PostView[], keyOf: (post: PostView) => string): PostGroup[] {
  const groups = new Map<string, PostGroup>();
  for (const post of sorted) {
    const key = keyOf(post);
    let group = groups.get(key);
    if (!group) {
      group = { key, posts: [], unread: 0 };
      groups.set(key, group);
    }
    group.posts.push(post);
    if (!post.read) group.unread += 1;
  }
  // Map keeps insertion order, and groups were created in order of their newest post.
  return [...groups.values()];
}

/** Groups posts by category (the popup, and the new tab's default). */
export function groupByCategory(posts: readonly PostView[]): PostGroup[] {
  return groupPosts(posts, (post) => post.category);
}

/** How many of these posts are unread. */
export function unreadCount(posts: readonly Pick<PostView, 'read'>[]): number {
  return posts.reduce((n, post) => (post.read ? n : n + 1), 0);
}

/**
 * The feeds whose posts name more than one author between them: there a post says who wrote it; on a
 * one-author blog the name on every post would be noise (#12).
 */
export function feedsWithSeveralAuthors(posts: readonly Pick<PostView, 'feedUrl' | 'authors'>[]): Set<string> {
  const firstAuthor = new Map<string, string>();
  const several = new Set<string>();
  for (const post of posts) {
    if (several.has(post.feedUrl)) continue;
    // `?? []`: a page's snapshot kept by an older version may hold posts stored before authors existed.
    for (const name of post.authors ?? []) {
      const first = firstAuthor.get(post.feedUrl);
      if (first === undefined) firstAuthor.set(post.feedUrl, name);
      else if (first !== name) {
        several.add(post.feedUrl);
        break;
      }
    }
  }
  return several;
}

/** Minutes to read a post of this many words (230 a minute), or null when the feed gave no text. */
export function readingMinutes(words: number | null | undefined): number | null {
  if (!words || words < 1) return null;
  return Math.max(1, Math.round(words / 230));
}

/**
 * What the new-tab digest shows: a search, one category or all, whether only unread posts, and how it is
 * grouped (null: as the reader last chose, kept in the preferences).
 */
export interface DigestFilter {
  query: string;
  category: string | null;
  unreadOnly: boolean;
  groupBy: DigestGrouping | null;
}

export const NO_FILTER: DigestFilter = { query: '', category: null, unreadOnly: false, groupBy: null };

/** Whether a filter narrows anything (grouping only arranges). */
export function isFiltering(filter: DigestFilter): boolean {
  return filter.query.trim() !== '' || filter.category !== null || filter.unreadOnly;
}

/** What a search looks in: a post's title and summary, lower-cased. */
export function searchText(post: Pick<PostView, 'title' | 'summary'>): string {
  return `${post.title}\n${post.summary}`.toLocaleLowerCase();
}

/** Lower-cased title and summary of each post, computed once so typing a search stays fast on thousands. */
export function searchTexts(posts: readonly PostView[]): string[] {
  return posts.map(searchText);
}

/** A query's words, lower-cased: a post matches when its text contains every one. */
export function queryWords(query: string): string[] {
  return query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The posts a filter lets through, in their original order. Every word of the query must appear in the
 * title or summary (case-insensitive). `texts` comes from `searchTexts(posts)`.
 */
export function filterPosts(posts: readonly PostView[], filter: DigestFilter, texts: readonly string[]): PostView[] {
  return matchingIndices(posts, filter, texts).map((index) => posts[index]!);
}

/**
 * The indices of the posts a filter lets through, in order (as filterPosts). `within`: look only at these
 * indices (ascending), the matches of a query this one narrows (see `narrowsQuery`), instead of every post.
 */
export function matchingIndices(
  posts: readonly PostView[],
  filter: DigestFilter,
  texts: readonly string[],
  within?: readonly number[],
): number[] {
  const words = queryWords(filter.query);
  const out: number[] = [];
  const count = within ? within.length : posts.length;
  for (let n = 0; n < count; n += 1) {
    const i = within ? within[n]! : n;
    const post = posts[i]!;
    if (filter.unreadOnly && post.read) continue;
    if (filter.category !== null && post.category !== filter.category) continue;
    if (words.length > 0) {
      const text = texts[i] ?? '';
      if (!words.every((word) => text.includes(word))) continue;
    }
    out.push(i);
  }
  return out;
}

/**
 * Whether every post matching `next` also matches `previous` (each previous word lies inside some next
 * word), so typing on can filter the previous matches instead of every post.
 */
export function narrowsQuery(previous: string, next: string): boolean {
  const nextWords = queryWords(next);
  return queryWords(previous).every((word) => nextWords.some((nextWord) => nextWord.includes(word)));
}

/** Reads a filter from the URL hash (`#q=rust&category=Engineering&unread=1&group=feed`); anything unknown is ignored. */
export function parseFilterHash(hash: string): DigestFilter {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const category = params.get('category');
  const group = params.get('group');
  return {
    query: (params.get('q') ?? '').slice(0, 200),
    category: category ? category.slice(0, 200) : null,
    unreadOnly: params.get('unread') === '1',
    groupBy: DIGEST_GROUPINGS.find((grouping) => grouping === group) ?? null,
  };
}

/** Writes a filter as a URL hash ("" for no filter), so reload and back restore it. */
export function filterToHash(filter: DigestFilter): string {
  const params = new URLSearchParams();
  if (filter.query) params.set('q', filter.query);
  if (filter.category !== null) params.set('category', filter.category);
  if (filter.unreadOnly) params.set('unread', '1');
  if (filter.groupBy !== null) params.set('group', filter.groupBy);
  const text = params.toString();
  return text ? `#${text}` : '';
}

/** Posts published after the previous visit, newest first; none on a first visit. */
export function newSince(posts: readonly PostView[], previousVisit: string | null): PostView[] {
  const since = previousVisit ? Date.parse(previousVisit) : NaN;
  if (!Number.isFinite(since)) return [];
  return posts.filter((post) => postTime(post) > since).toSorted((a, b) => postTime(b) - postTime(a));
}

/**
 * As newSince, for posts already newest first: the new ones are then a prefix, found without a sort
 * (the rest of the list is `posts.slice(result.length)`).
 */
export function newSinceSorted(sorted: readonly PostView[], previousVisit: string | null): PostView[] {
  const since = previousVisit ? Date.parse(previousVisit) : NaN;
  if (!Number.isFinite(since)) return [];
  let end = 0;
  while (end < sorted.length && postTime(sorted[end]!) > since) end += 1;
  return sorted.slice(0, end);
}

/** Posts by their key string, built on the first look-up: most keystrokes look nothing up. */
export function lazyPostsByKey(posts: readonly PostView[]): Pick<Map<string, PostView>, 'get'> {
  let byKey: Map<string, PostView> | null = null;
  return {
    get: (key) => (byKey ??= new Map(posts.map((post) => [postKeyString(post), post]))).get(key),
  };
}

/**
 * The posts the reader sees: those muted words hide are left out always (and counted, so a rule never
 * hides silently), muted categories when the reader chose to hide them.
 */
export function withoutHidden(
  posts: readonly PostView[],
  preferences: { mutedCategories: readonly string[]; hideMutedCategories: boolean; mutedWords: readonly string[] },
): { posts: PostView[]; hiddenByWords: number } {
  const { kept } = withoutMutedWords(posts, preferences.mutedWords);
  const hiddenByWords = posts.length - kept.length;
  if (!preferences.hideMutedCategories || preferences.mutedCategories.length === 0)
    return { posts: kept, hiddenByWords };
  const muted = new Set(preferences.mutedCategories);
  return { posts: kept.filter((post) => !muted.has(post.category)), hiddenByWords };
}

/** The index keyboard navigation moves to: one step, clamped to the list; from nothing, the first or last. */
export function stepIndex(current: number, delta: 1 | -1, length: number): number {
  if (length === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
}
