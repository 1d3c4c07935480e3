import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_FILTER, matchingIndices, searchTexts } from '@/components/post-list';
import { createSearchIndex, indexSlice, indexedMatchingIndices, type SearchIndex } from '@/components/search-index';
import { postView } from '../helpers/posts';

/** Letters, case, accents, an astral character and spaces: queries match some posts and not others. */
const unit = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'A', 'É', 'é', 'ß', '😀', '-', ' ');
const postsArbitrary = fc.array(
  fc.record({
    title: fc.string({ unit, maxLength: 12 }),
    summary: fc.string({ unit, maxLength: 12 }),
    category: fc.constantFrom('X', 'Y'),
    read: fc.boolean(),
  }),
  // Past 64 posts, so bitsets span several words and a half-built index ends inside one.
  { maxLength: 150 },
);

function build(records: { title: string; summary: string; category: string; read: boolean }[]) {
  return records.map((r, i) => ({ ...postView(`p${i}`, { category: r.category, read: r.read }), ...r }));
}

/** A query typed a key at a time: random, or a piece of some post's title or summary (which some post holds). */
const typedArbitrary = fc.record({
  random: fc.string({ unit, maxLength: 6 }),
  from: fc.nat(),
  start: fc.nat(),
  length: fc.integer({ min: 1, max: 6 }),
  upper: fc.boolean(),
  typedSoFar: fc.nat(),
});

/** Fills `slices` slices of 64 posts each. */
function fill(index: SearchIndex, slices: number) {
  for (let n = 0; n < slices; n += 1) if (indexSlice(index, () => 0)) break;
}

describe('search index', () => {
  it('gives exactly what the plain filter gives, whole, half built or empty, narrowing or not', () => {
    fc.assert(
      fc.property(
        postsArbitrary,
        typedArbitrary,
        fc.constantFrom(null, 'X'),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        (records, typed, category, unreadOnly, slices) => {
          const posts = build(records);
          const texts = searchTexts(posts);
          let query = typed.random;
          if (records.length > 0 && typed.from % 2 === 0) {
            const source = records[typed.from % records.length]!;
            const text = `${source.title} ${source.summary}`;
            query = text.slice(typed.start % (text.length + 1), (typed.start % (text.length + 1)) + typed.length);
            if (typed.upper) query = query.toUpperCase();
          }
          const previous = query.slice(0, typed.typedSoFar % (query.length + 1));
          const index = createSearchIndex(posts);
          fill(index, slices);
          const filter = { ...NO_FILTER, category, unreadOnly };
          const next = { ...filter, query };
          const plain = matchingIndices(posts, next, texts);
          expect(indexedMatchingIndices(next, index)).toEqual(plain);
          const within = matchingIndices(posts, { ...filter, query: previous }, texts);
          expect(indexedMatchingIndices(next, index, within)).toEqual(plain);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fills in slices and says when every post is in', () => {
    const posts = build(
      Array.from({ length: 130 }, (_, i) => ({ title: `t${i}`, summary: '', category: 'X', read: false })),
    );
    const index = createSearchIndex(posts);
    expect(indexSlice(index, () => 0)).toBe(false);
    expect(index.indexed).toBe(64);
    expect(indexSlice(index, () => Infinity)).toBe(true);
    expect(index.indexed).toBe(130);
    expect(indexedMatchingIndices({ ...NO_FILTER, query: 'T12' }, index)).toEqual([
      12, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129,
    ]);
  });
});
