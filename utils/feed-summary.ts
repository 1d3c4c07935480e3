// What the options page shows of each feed's cached posts (#14), kept per feed so that a change re-reads only
// the feeds it names instead of every post. Pure: the database read (readFeedSummaries) and the page's
// bookkeeping (entrypoints/options/options-data.ts) both build on it.
import { withoutMutedWords } from './muted-words';

/** One feed's cached posts, summarised for the options page. */
export interface PostsSummary {
  /** How many posts are cached. */
  posts: number;
  /** The categories its posts carry, each once. */
  categories: string[];
  /** How many of its posts each muted word hides (every word listed, 0 included; the first matching word counts). */
  hiddenByRule: Map<string, number>;
}

/** Summarises one feed's posts against the reader's muted words. */
export function summarizePosts(
  posts: readonly { category: string; title: string; summary: string }[],
  mutedWords: readonly string[],
): PostsSummary {
  return {
    posts: posts.length,
    categories: [...new Set(posts.map((post) => post.category))],
    hiddenByRule: withoutMutedWords(posts, mutedWords).hiddenByRule,
  };
}
