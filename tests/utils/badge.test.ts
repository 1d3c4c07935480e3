import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeText, refreshBadge } from '@/utils/badge';
import { saveFetchedPosts, setRead } from '@/utils/db';
import { parseFeed } from '@/utils/feed-schema';
import { sampleFeedText } from '../fixtures/sample';

describe('badgeText', () => {
  it('is empty at zero, the count up to 999, then 999+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(9)).toBe('9');
    expect(badgeText(999)).toBe('999');
    expect(badgeText(1000)).toBe('999+');
  });
});

describe('refreshBadge', () => {
  it('shows the unread count from the database, and goes down when a post is read', async () => {
    const parsed = parseFeed(sampleFeedText);
    if (!parsed.ok) throw new Error('sample rejected');
    await saveFetchedPosts(
      'feed',
      parsed.feed,
      parsed.posts,
      { etag: null, lastModified: null },
      '2026-11-24T00:00:00Z',
    );
    expect(await refreshBadge()).toBe(9);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
    await setRead(['feed', 'fintech-lessons'], true, '2026-11-24T01:00:00Z');
    await refreshBadge();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('8');
  });
});
