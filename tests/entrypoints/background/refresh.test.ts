import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getFeedState, listPosts } from '@/utils/db';
import { refreshFeed } from '@/entrypoints/background/refresh';
import { isDue } from '@/utils/feed/schedule';
import { sampleFeedText, sampleFeedWith, sampleFetch } from '../../fixtures/sample';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server';
import { follow } from '../../helpers/follow';

const quota = vi.hoisted(() => ({ full: false, postWrites: 0 }));

// Simulates a browser out of disk space: the one write a refresh makes is refused.
vi.mock('@/utils/db', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/utils/db')>();
  return {
    ...original,
    saveFetchedPosts: (...args: Parameters<typeof original.saveFetchedPosts>) => {
      quota.postWrites += 1;
      return quota.full
        ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
        : original.saveFetchedPosts(...args);
    },
  };
});

describe('refreshFeed when the database refuses a write', () => {
  beforeEach(() => {
    quota.full = false;
    // The manifest grants the default feed's site; the fake browser has no permissions of its own.
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => true);
    return follow('https://blog.example.com/feed.json');
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

function minutesUntil(iso: string | null): number {
  return (Date.parse(iso ?? 'x') - Date.now()) / 60_000;
}

describe('refreshFeed against a real server', () => {
  let server: FeedServer;
  let url: string;
  let answer: { status: number; body: string; headers: Record<string, string> };

  beforeEach(async () => {
    quota.full = false;
    quota.postWrites = 0;
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => true);
    server = await startFeedServer();
    url = `${server.origin}/feed.json`;
    await follow(url);
    answer = { status: 200, body: sampleFeedText, headers: { ETag: '"v1"' } };
    server.route('/feed.json', (req, res) => {
      const etag = answer.headers.ETag;
      if (answer.status === 200 && etag && req.headers['if-none-match'] === etag) {
        res.writeHead(304, answer.headers);
        res.end();
        return;
      }
      res.writeHead(answer.status, { 'Content-Type': 'application/feed+json', ...answer.headers });
      res.end(answer.body);
    });
    return () => server.close();
  });

  it('records the next poll; a 304 writes no posts; a broken body keeps the old validators and the cache', async () => {
    expect(await refreshFeed(url, { intervalMinutes: 30 })).toMatchObject({ status: 'updated' });
    let state = await getFeedState(url);
    expect(state.validators.etag).toBe('"v1"');
    expect(minutesUntil(state.nextPoll)).toBeGreaterThan(26);
    expect(minutesUntil(state.nextPoll)).toBeLessThan(34);
    expect(quota.postWrites).toBe(1);

    expect(await refreshFeed(url, { intervalMinutes: 30 })).toMatchObject({ status: 'not-modified' });
    expect(quota.postWrites).toBe(1);
    expect(server.requests.at(-1)?.ifNoneMatch).toBe('"v1"');

    answer = { status: 200, body: '{"items": [', headers: { ETag: '"v2"' } };
    expect(await refreshFeed(url, { intervalMinutes: 30 })).toMatchObject({
      status: 'failed',
      error: { kind: 'not-json' },
    });
    state = await getFeedState(url);
    expect(state.validators.etag).toBe('"v1"');
    expect(state).toMatchObject({ consecutiveFailures: 1, lastError: { kind: 'not-json' } });
    expect(await listPosts()).toHaveLength(9);
    expect(quota.postWrites).toBe(1);
  });

  it('waits as long as a 429’s Retry-After asks, and backs off further on repeated failures', async () => {
    answer = { status: 429, body: 'slow down', headers: { 'Retry-After': '7200' } };
    await refreshFeed(url, { intervalMinutes: 30 });
    expect(minutesUntil((await getFeedState(url)).nextPoll)).toBeGreaterThanOrEqual(119);

    answer = { status: 500, body: 'oops', headers: {} };
    const failures = [];
    for (let i = 0; i < 3; i += 1) {
      await refreshFeed(url, { intervalMinutes: 30 });
      failures.push(await getFeedState(url));
    }
    expect(failures.map((s) => s.consecutiveFailures)).toEqual([2, 3, 4]);
    // Backoff with jitter: the fourth failure waits at least half of 8 intervals.
    expect(minutesUntil(failures[2]!.nextPoll)).toBeGreaterThanOrEqual(119);
  });

  it('stops scheduling a feed marked expired', async () => {
    const expired = JSON.parse(sampleFeedText) as Record<string, unknown>;
    answer = { status: 200, body: JSON.stringify({ ...expired, expired: true }), headers: {} };
    expect(await refreshFeed(url, { intervalMinutes: 30 })).toMatchObject({ status: 'updated' });
    const state = await getFeedState(url);
    expect(state.nextPoll).toBeNull();
    expect(isDue(state, Date.now() + 7 * 24 * 60 * 60_000, 30)).toBe(false);
  });
});
