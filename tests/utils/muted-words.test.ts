import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutedWordsMatcher, withoutMutedWords } from '@/utils/muted-words';
import {
  normalizePreferences,
  validatePreferencesChange,
  MUTED_LISTS_MAX_BYTES,
  mutedListsBytes,
} from '@/utils/settings';

const post = (title: string, summary = '') => ({ title, summary });

describe('muted words', () => {
  it('hide a post whose title or summary holds the word, in any case, as a whole word only', () => {
    const matches = mutedWordsMatcher(['crypto']);
    expect(matches(post('Crypto winter is here'))).toBe('crypto');
    expect(matches(post('A quiet week', 'Mostly about CRYPTO.'))).toBe('crypto');
    // Inside a longer word it is another word.
    expect(matches(post('Cryptography for engineers'))).toBeNull();
    expect(matches(post('cryptocurrency'))).toBeNull();
    expect(matches(post('anticrypto'))).toBeNull();
  });

  it('match phrases across any white space, and words in other scripts and with accents', () => {
    expect(mutedWordsMatcher(['hot take'])(post('My hot\n  take on queues'))).toBe('hot take');
    expect(mutedWordsMatcher(['hot take'])(post('hot takes'))).toBeNull();
    expect(mutedWordsMatcher(['café'])(post('Le CAFÉ du coin'))).toBe('café');
    expect(mutedWordsMatcher(['café'])(post('cafés'))).toBeNull();
    expect(mutedWordsMatcher(['Ölpreis'])(post('Der ölpreis steigt'))).toBe('Ölpreis');
    expect(mutedWordsMatcher(['東京'])(post('東京 の 天気'))).toBe('東京');
  });

  it('take every character of a rule literally: no rule is a pattern', () => {
    expect(mutedWordsMatcher(['c++'])(post('Modern C++ in practice'))).toBe('c++');
    expect(mutedWordsMatcher(['.*'])(post('anything at all'))).toBeNull();
    expect(mutedWordsMatcher(['a|b'])(post('a or b'))).toBeNull();
    expect(mutedWordsMatcher(['(x)'])(post('see (x) here'))).toBe('(x)');
  });

  it('count what each rule hid, listing a rule that hid nothing with 0, and keep the rest in order', () => {
    const posts = [post('Rust 2.0'), post('Go generics'), post('On rust and Go'), post('Zig')];
    const { kept, hiddenByRule } = withoutMutedWords(posts, ['rust', 'go', 'python']);
    expect(kept).toEqual([post('Zig')]);
    // A post is counted once, under the first rule that hides it.
    expect([...hiddenByRule]).toEqual([
      ['rust', 2],
      ['go', 1],
      ['python', 0],
    ]);
    expect(withoutMutedWords(posts, []).kept).toEqual(posts);
  });

  it('never throw on any rule or text, and always hide a post where the rule stands between spaces (property)', () => {
    expect(() =>
      fc.assert(
        fc.property(fc.string(), fc.string(), fc.string({ minLength: 1, maxLength: 20 }), (before, after, rule) => {
          const matches = mutedWordsMatcher([rule]);
          matches(post(before, after)); // any text: no throw
          const standing = matches(post(`${before} ${rule} ${after}`));
          return rule.trim() === '' ? standing === null : standing === rule;
        }),
      ),
    ).not.toThrow();
  });
});

describe('muted words in the preferences', () => {
  it('are trimmed, deduplicated without regard to case, and junk is dropped entry by entry', () => {
    expect(normalizePreferences({ mutedWords: [' Rust ', 'rust', 42, '', 'RUST', 'go'] }).mutedWords).toEqual([
      'Rust',
      'go',
    ]);
    const change = validatePreferencesChange({ mutedWords: ['AI', 'ai', ' hot take '] });
    expect(change).toEqual({ ok: true, change: { mutedWords: ['AI', 'hot take'] } });
    expect(validatePreferencesChange({ mutedWords: ['x'.repeat(81)] })).toEqual({ ok: false, field: 'mutedWords' });
  });

  it('share the muted categories’ byte budget: a stored pair over it keeps the categories and the words that fit', () => {
    const categories = Array.from({ length: 60 }, (_, i) => `category ${i} `.padEnd(80, 'c'));
    const words = Array.from({ length: 60 }, (_, i) => `word ${i} `.padEnd(80, 'w'));
    const repaired = normalizePreferences({ mutedCategories: categories, mutedWords: words });
    expect(repaired.mutedCategories).toEqual(categories.map((c) => c.trim()));
    expect(repaired.mutedWords.length).toBeGreaterThan(0);
    expect(repaired.mutedWords.length).toBeLessThan(60);
    expect(mutedListsBytes(repaired)).toBeLessThanOrEqual(MUTED_LISTS_MAX_BYTES);
    expect(
      mutedListsBytes({ ...repaired, mutedWords: words.slice(0, repaired.mutedWords.length + 1) }),
    ).toBeGreaterThan(MUTED_LISTS_MAX_BYTES);
  });
});
