import { describe, expect, it } from 'vitest';
import { selectOrphansToForget, selectPrunable, type RetentionCandidate } from '@/utils/retention';

const now = Date.parse('2026-11-24T00:00:00Z');
const day = 24 * 3600_000;

function candidate(id: string, daysAgo: number, read: boolean): RetentionCandidate {
  const at = new Date(now - daysAgo * day).toISOString();
  return { id, published: at, firstSeen: at, read };
}

describe('selectPrunable', () => {
  const policy = { maxPostsPerFeed: 2, keepUnreadDays: 30 };

  it('prunes nothing within the limit', () => {
    expect(selectPrunable([candidate('a', 100, true)], now, policy)).toEqual([]);
  });

  it('prunes the oldest beyond the limit, but never an unread post younger than 30 days', () => {
    const posts = [
      candidate('new', 1, false),
      candidate('newer-read', 2, true),
      candidate('young-unread', 10, false),
      candidate('old-unread', 40, false),
      candidate('old-read', 50, true),
    ];
    expect(selectPrunable(posts, now, policy).toSorted()).toEqual(['old-read', 'old-unread']);
  });

  it('counts an old post that only just arrived as young', () => {
    const late = { ...candidate('late', 90, false), firstSeen: new Date(now - day).toISOString() };
    expect(selectPrunable([candidate('a', 1, true), candidate('b', 2, true), late], now, policy)).toEqual([]);
  });
});

const mark = (id: string, date: number) => ({ id, at: `2026-01-${String(date).padStart(2, '0')}T00:00:00Z` });

describe('selectOrphansToForget', () => {
  it('keeps every mark of a cached post, and the newest marks of posts no longer cached up to the limit', () => {
    const marks = [mark('cached-old', 1), mark('a', 2), mark('b', 3), mark('c', 4)];
    expect(selectOrphansToForget(marks, new Set(['cached-old']), 2)).toEqual(['a']);
    expect(selectOrphansToForget(marks, new Set(['cached-old']), 3)).toEqual([]);
  });
});
