// Muting by keyword (#14): words or phrases whose posts are hidden from the digest, left off the badge and
// never notified. One matcher for the worker (badge, notifications) and the pages (digest, counts), so a
// post is hidden everywhere or nowhere.

/** Longest muted word or phrase, in characters. */
export const MUTED_WORD_MAX_LENGTH = 80;

/** The text a rule is matched against: the post's title and summary (its plain-text excerpt). */
function mutableText(post: { title: string; summary: string }): string {
  return `${post.title}\n${post.summary}`;
}

// A letter, mark, digit or connector on either side means the match is inside a longer word.
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}\p{Pc}]`;

/** One rule as a case-insensitive, whole-word pattern; the phrase's spaces match any run of white space. */
function rulePattern(rule: string): RegExp {
  const escaped = rule
    .trim()
    .split(/\s+/u)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/gu, String.raw`\$&`))
    .join(String.raw`\s+`);
  return new RegExp(`(?<!${WORD_CHAR})${escaped}(?!${WORD_CHAR})`, 'iu');
}

/** A compiled set of muted words: which rule (as the reader wrote it) hides a post, or null. */
export type MutedWordsMatcher = (post: { title: string; summary: string }) => string | null;

/** Compiles the reader's muted words once, for many posts. */
export function mutedWordsMatcher(rules: readonly string[]): MutedWordsMatcher {
  const compiled = rules.filter((rule) => rule.trim() !== '').map((rule) => ({ rule, pattern: rulePattern(rule) }));
  if (compiled.length === 0) return () => null;
  return (post) => {
    const text = mutableText(post);
    for (const { rule, pattern } of compiled) if (pattern.test(text)) return rule;
    return null;
  };
}

/** The posts no rule hides, and how many each rule hid (every rule listed, 0 included): a rule never hides silently. */
export function withoutMutedWords<T extends { title: string; summary: string }>(
  posts: readonly T[],
  rules: readonly string[],
): { kept: T[]; hiddenByRule: Map<string, number> } {
  const hiddenByRule = new Map(rules.map((rule) => [rule, 0]));
  if (rules.length === 0) return { kept: [...posts], hiddenByRule };
  const matches = mutedWordsMatcher(rules);
  const kept: T[] = [];
  for (const post of posts) {
    const rule = matches(post);
    if (rule === null) kept.push(post);
    else hiddenByRule.set(rule, (hiddenByRule.get(rule) ?? 0) + 1);
  }
  return { kept, hiddenByRule };
}

/**
 * Muted words as the kept counts are counted for: each trimmed, its inner white space one space, none empty, each
 * once, sorted. Two lists that normalise alike hide the same posts (matching is by whole words, any white space
 * between a phrase's words, and any rule), so they share one count.
 */
export function countedMutedWords(words: readonly string[]): string[] {
  return [
    ...new Set(words.map((word) => word.trim().split(/\s+/u).join(' ')).filter((word) => word !== '')),
  ].toSorted();
}
