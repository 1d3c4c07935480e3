import { describe, expect, it } from 'vitest';
import type { PostView } from '@/utils/db';
import { groupByCategory, unreadCount } from '@/utils/digest';

function post(id: string, category: string, published: string | null, read = false): PostView {
  return {
    feedUrl: 'f',
    id,
    title: id,
    url: null,
    category,
    image: null,
    authors: [],
    words: null,
    published,
    modified: null,
    summary: '',
    firstSeen: '2026-01-01T00:00:00Z',
    read,
  };
}

describe('groupByCategory', () => {
  it('orders categories by their newest post and posts newest first, counting unread per category', () => {
    const groups = groupByCategory([
      post('old-eng', 'Engineering', '2026-03-01T00:00:00Z', true),
      post('career', 'Career', '2026-06-05T00:00:00Z'),
      post('new-eng', 'Engineering', '2026-06-20T00:00:00Z'),
      post('ai', 'AI & Tools', '2026-05-28T00:00:00Z'),
    ]);
    expect(groups.map((g) => g.category)).toEqual(['Engineering', 'Career', 'AI & Tools']);
    expect(groups[0]?.posts.map((p) => p.id)).toEqual(['new-eng', 'old-eng']);
    expect(groups.map((g) => g.unread)).toEqual([1, 1, 1]);
  });

  it('sorts an undated post by when it was first seen', () => {
    const undated = { ...post('undated', 'A', null), firstSeen: '2026-07-01T00:00:00Z' };
    const groups = groupByCategory([post('dated', 'A', '2026-06-01T00:00:00Z'), undated]);
    expect(groups[0]?.posts.map((p) => p.id)).toEqual(['undated', 'dated']);
  });

  it('gives nothing for no posts', () => {
    expect(groupByCategory([])).toEqual([]);
    expect(unreadCount([{ read: true }, { read: false }])).toBe(1);
  });
});
