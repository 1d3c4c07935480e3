import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getFeedState, listPosts } from '@/utils/db';
import { refreshFeed } from '@/utils/refresh';
import { sampleFeedWith, sampleFetch } from '../fixtures/sample';

const quota = vi.hoisted(() => ({ full: false }));

// Simulates a browser out of disk space: the one write a refresh makes is refused.
vi.mock('@/utils/db', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/utils/db')>();
  return {
    ...original,
    saveFetchedPosts: (...args: Parameters<typeof original.saveFetchedPosts>) =>
      quota.full
        ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
        : original.saveFetchedPosts(...args),
  };
});

describe('refreshFeed when the database refuses a write', () => {
  beforeEach(() => {
    quota.full = false;
    // The manifest grants the default feed's site; the fake browser has no permissions of its own.
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => true);
  });

  it('names the error "storage", records it, and keeps the cached posts', async () => {
    await refreshFeed('https://blog.example.com/feed.json', { fetchImpl: sampleFetch() });
    expect(await listPosts()).toHaveLength(9);

    quota.full = true;
    const result = await refreshFeed('https://blog.example.com/feed.json', {
      fetchImpl: sampleFetch(sampleFeedWith([{ id: 'n', title: 'N', tag: 'Career' }])),
    });
    expect(result).toMatchObject({ status: 'failed', error: { kind: 'storage' } });
    expect(result.status === 'failed' && result.error.message).toContain('no room left');
    expect(await listPosts()).toHaveLength(9);
    expect((await getFeedState('https://blog.example.com/feed.json')).lastError?.kind).toBe('storage');
  });
});
