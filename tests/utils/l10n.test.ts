import { describe, expect, it } from 'vitest';
import { UNCATEGORIZED } from '@/utils/feed/parse';
import { absoluteTime, relativeTime } from '@/utils/format';
import { categoryLabel, displayLocale, formatNumber } from '@/utils/l10n';
import { useLocale } from '../helpers/i18n';

describe('displayLocale', () => {
  it('is the UI language when the messages are in it, region included', () => {
    useLocale('en', 'en-GB');
    expect(displayLocale()).toBe('en-GB');
    useLocale('de', 'de-AT');
    expect(displayLocale()).toBe('de-AT');
    useLocale('de', 'de');
    expect(displayLocale()).toBe('de');
  });

  it('is the messages’ language when the browser speaks one Digest lacks, so no sentence mixes two', () => {
    useLocale('en', 'fr-FR');
    expect(displayLocale()).toBe('en');
  });
});

describe('formatting in the reader’s language', () => {
  it('groups numbers and words dates the reader’s way', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(formatNumber(1234)).toBe('1,234');
    expect(relativeTime('2026-11-24T09:00:00Z', now)).toBe('3 hours ago');
    useLocale('de');
    expect(formatNumber(1234)).toBe('1.234');
    expect(relativeTime('2026-11-24T09:00:00Z', now)).toBe('vor 3 Stunden');
    expect(relativeTime('2026-11-23T12:00:00Z', now)).toBe('gestern');
    expect(absoluteTime('2026-11-24T09:00:00Z')).toContain('24. November 2026');
  });
});

describe('categoryLabel', () => {
  it('translates the parser’s "Uncategorized" and leaves the feed’s own categories alone', () => {
    expect(categoryLabel(UNCATEGORIZED)).toBe('Uncategorized');
    expect(categoryLabel('Engineering')).toBe('Engineering');
    useLocale('de');
    expect(categoryLabel(UNCATEGORIZED)).toBe('Ohne Kategorie');
    expect(categoryLabel('Engineering')).toBe('Engineering');
  });
});
