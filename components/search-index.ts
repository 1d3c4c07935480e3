// A prefilter for search as you type over 100,000 posts (#14). For each character and (hashed) character
// pair, a bitset of the texts that hold one: a query word can only be in a text holding all of its
// characters and pairs, so a key ANDs a few bitsets instead of scanning every text. Each candidate is then
// checked by substring, as the plain filter does, so the matches are exactly `matchingIndices`'s; only a
// query of single ASCII characters (a first key) needs no check, its bitsets being exact.
import type { PostView } from '@/utils/db';
import { queryWords, searchText, type DigestFilter } from '@/components/post-list';

/**
 * Buckets, each a bitset of one bit per post: one per ASCII character (exact), then 512 hashed ones for
 * character pairs and other characters (fewer fill up on long texts). 8 MB at 100,000 posts.
 */
const ASCII = 128;
const HASH_BITS = 9;
const BUCKETS = ASCII + (1 << HASH_BITS);

/**
 * Bitsets over the posts' search texts, filled in slices (`indexSlice`) off the key path. Only the first
 * `indexed` posts are in the bitsets yet; the others are candidates for every query, so a half-built index
 * is still exact. The texts too are made as the index fills (or when a search needs one first), so a data
 * change costs no pass over every post.
 */
export interface SearchIndex {
  readonly posts: readonly PostView[];
  /** `searchText` of each post, once made. */
  readonly texts: (string | undefined)[];
  /** Uint32 words per bitset. */
  readonly words: number;
  /** Bucket-major: bucket `b`'s bitset is `bits[b * words, (b + 1) * words)`. */
  readonly bits: Uint32Array;
  indexed: number;
}

/** The bucket of a character pair, or of one character (`next` = -1). */
function bucketOf(char: number, next: number): number {
  if (next < 0 && char < ASCII) return char;
  return ASCII + ((Math.imul(char, 0x9e3779b1) ^ Math.imul(next + 1, 0x85ebca6b)) >>> (32 - HASH_BITS));
}

/** An empty index over `posts`: exact at once, faster as `indexSlice` fills it. */
export function createSearchIndex(posts: readonly PostView[]): SearchIndex {
  const words = Math.ceil(posts.length / 32);
  return {
    posts,
    texts: Array.from<string | undefined>({ length: posts.length }),
    words,
    bits: new Uint32Array(BUCKETS * words),
    indexed: 0,
  };
}

function textOf(index: SearchIndex, i: number): string {
  return (index.texts[i] ??= searchText(index.posts[i]!));
}

/** Indexes posts until `timeLeft()` says the slice is spent (checked every 64 posts); true when all are in. */
export function indexSlice(index: SearchIndex, timeLeft: () => number): boolean {
  const { posts, bits, words } = index;
  while (index.indexed < posts.length) {
    const end = Math.min(posts.length, index.indexed + 64);
    for (let i = index.indexed; i < end; i += 1) {
      const text = textOf(index, i);
      const word = i >>> 5;
      const bit = 1 << (i & 31);
      let char = text.charCodeAt(0);
      for (let c = 0; c < text.length; c += 1) {
        const next = c + 1 < text.length ? text.charCodeAt(c + 1) : -1;
        bits[bucketOf(char, -1) * words + word]! |= bit;
        if (next >= 0) bits[bucketOf(char, next) * words + word]! |= bit;
        char = next;
      }
    }
    index.indexed = end;
    if (timeLeft() <= 0) break;
  }
  return index.indexed === posts.length;
}

/** The buckets every text holding `word` has set: its characters and character pairs. */
function bucketsOf(word: string): number[] {
  const buckets = new Set<number>();
  for (let c = 0; c < word.length; c += 1) {
    buckets.add(bucketOf(word.charCodeAt(c), -1));
    if (c + 1 < word.length) buckets.add(bucketOf(word.charCodeAt(c), word.charCodeAt(c + 1)));
  }
  return [...buckets];
}

/** Per text, whether it may hold every word (a bitset); texts not indexed yet always may. */
function candidates(index: SearchIndex, queryWordList: readonly string[]): Uint32Array {
  const { bits, words, indexed } = index;
  const out = new Uint32Array(words).fill(0xffffffff);
  const buckets = [...new Set(queryWordList.flatMap(bucketsOf))];
  // Only the words that hold indexed texts are narrowed; the one holding the boundary keeps its unindexed bits.
  const fullWords = indexed >>> 5;
  const partialMask = indexed & 31 ? ~((1 << (indexed & 31)) - 1) : 0;
  for (const bucket of buckets) {
    const base = bucket * words;
    for (let w = 0; w < fullWords; w += 1) out[w]! &= bits[base + w]!;
    if (partialMask !== 0) out[fullWords]! &= bits[base + fullWords]! | partialMask;
  }
  return out;
}

/**
 * As `matchingIndices(index.posts, filter, searchTexts(index.posts), within)`, with the index as a
 * prefilter: the same indices, in order.
 */
export function indexedMatchingIndices(filter: DigestFilter, index: SearchIndex, within?: readonly number[]): number[] {
  const words = queryWords(filter.query);
  const posts = index.posts;
  const out: number[] = [];
  const keep = (i: number) => {
    const post = posts[i]!;
    if (filter.unreadOnly && post.read) return;
    if (filter.category !== null && post.category !== filter.category) return;
    if (words.length > 0) {
      const text = textOf(index, i);
      for (const word of words) if (!text.includes(word)) return;
    }
    out.push(i);
  };
  if (words.length === 0) {
    if (within) for (const i of within) keep(i);
    else for (let i = 0; i < posts.length; i += 1) keep(i);
    return out;
  }
  const may = candidates(index, words);
  // One ASCII character a word: an indexed post's bits say exactly whether it holds each.
  const exact = words.every((word) => word.length === 1 && word.charCodeAt(0) < ASCII);
  const keepIndexed = (i: number) => {
    if (!exact || i >= index.indexed) return keep(i);
    const post = posts[i]!;
    if (filter.unreadOnly && post.read) return;
    if (filter.category !== null && post.category !== filter.category) return;
    out.push(i);
  };
  if (within) {
    for (const i of within) if (may[i >>> 5]! & (1 << (i & 31))) keepIndexed(i);
    return out;
  }
  for (let w = 0; w < may.length; w += 1) {
    let mask = may[w]!;
    while (mask !== 0) {
      const low = mask & -mask;
      const i = (w << 5) + 31 - Math.clz32(low);
      if (i >= posts.length) break;
      keepIndexed(i);
      mask ^= low;
    }
  }
  return out;
}
