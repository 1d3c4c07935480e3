import { beforeEach, describe, expect, it } from 'vitest';
import {
  getFeedState,
  listFeedStates,
  listPosts,
  readFeeds,
  recordFailure,
  recordNotModified,
  saveFetchedPosts,
  setRead,
  unfollowFeed,
} from '@/utils/db';
import type { NormalizedPost } from '@/utils/feed/parse';
import { follow } from '../helpers/follow';
import { NO_VALIDATORS, feedInfo, undatedPost } from '../helpers/posts';

const info = feedInfo();
const noValidators = NO_VALIDATORS;

function post(id: string, title = id): NormalizedPost {
  return undatedPost(id, { title });
}

beforeEach(() => follow('f'));

describe('the post cache', () => {
  it('reports new ids, keeps when a post was first seen, and never un-reads a post on re-fetch', async () => {
    const first = await saveFetchedPosts('f', info, [post('a'), post('b')], noValidators, '2026-01-01T00:00:00Z');
    expect(first.added.map((p) => p.id)).toEqual(['a', 'b']);
    await setRead(['f', 'a'], true, '2026-01-02T00:00:00Z');

    const added = await saveFetchedPosts(
      'f',
      info,
      [post('a', 'A edited'), post('c')],
      { etag: '"v2"', lastModified: null },
      '2026-01-03T00:00:00Z',
    );
    expect(added.added.map((p) => p.id)).toEqual(['c']);

    const posts = await listPosts();
    const byId = Object.fromEntries(posts.map((p) => [p.id, p]));
    expect(byId.a).toMatchObject({ title: 'A edited', read: true, firstSeen: '2026-01-01T00:00:00Z' });
    // A post that left the feed stays readable in the cache.
    expect(byId.b).toMatchObject({ read: false });
    expect(byId.c).toMatchObject({ read: false, firstSeen: '2026-01-03T00:00:00Z' });
    expect((await getFeedState('f')).validators.etag).toBe('"v2"');
  });

  it('records failures without touching cached posts, and a success clears them', async () => {
    await saveFetchedPosts('f', info, [post('a')], noValidators, '2026-01-01T00:00:00Z');
    await recordFailure('f', { kind: 'http', message: 'HTTP 500' }, '2026-01-02T00:00:00Z');
    const failed = await recordFailure('f', { kind: 'timeout', message: 'slow' }, '2026-01-03T00:00:00Z');
    expect(failed).toMatchObject({
      consecutiveFailures: 2,
      lastError: { kind: 'timeout' },
      lastSuccess: '2026-01-01T00:00:00Z',
    });
    expect(await listPosts()).toHaveLength(1);
    await saveFetchedPosts('f', info, [post('a')], noValidators, '2026-01-04T00:00:00Z');
    expect(await getFeedState('f')).toMatchObject({ consecutiveFailures: 0, lastError: null });
  });

  it('marks a post unread again', async () => {
    await saveFetchedPosts('f', info, [post('a')], noValidators, '2026-01-01T00:00:00Z');
    await setRead(['f', 'a'], true, '2026-01-02T00:00:00Z');
    await setRead(['f', 'a'], false, '2026-01-03T00:00:00Z');
    expect((await listPosts())[0]?.read).toBe(false);
  });
});

describe('readFeeds', () => {
  it("reads only the given feeds' posts with their read marks and records, and nothing of an unfollowed feed", async () => {
    await follow('g', 'gone');
    await saveFetchedPosts('f', info, [post('a'), post('b')], noValidators, '2026-01-01T00:00:00Z');
    await saveFetchedPosts('g', info, [post('a')], noValidators, '2026-01-01T00:00:00Z');
    await saveFetchedPosts('gone', info, [post('x')], noValidators, '2026-01-01T00:00:00Z');
    await setRead(['f', 'b'], true, '2026-01-02T00:00:00Z');
    await setRead(['g', 'a'], true, '2026-01-02T00:00:00Z');
    await unfollowFeed('gone');
    const read = await readFeeds(['f', 'gone', 'f']);
    expect(read.followed).toEqual(['f']);
    expect(read.posts.map((p) => [p.feedUrl, p.id, p.read])).toEqual([
      ['f', 'a', false],
      ['f', 'b', true],
    ]);
    expect(read.feeds.map((feed) => feed.url)).toEqual(['f']);
  });
});

const dated = (id: string, day: number): NormalizedPost => ({
  ...post(id),
  published: `2026-01-${String(day).padStart(2, '0')}T00:00:00Z`,
});

describe('retention', () => {
  const small = { retention: { maxPostsPerFeed: 2, keepUnreadDays: 30 } };

  it('keeps the newest posts per feed and drops the read ones past the limit that left the feed', async () => {
    await saveFetchedPosts('f', info, [dated('old', 1), dated('mid', 2)], noValidators, '2026-01-02T00:00:00Z');
    await setRead(['f', 'old'], true, '2026-01-03T00:00:00Z');
    const result = await saveFetchedPosts('f', info, [dated('new', 3)], noValidators, '2026-01-03T00:00:00Z', small);
    expect(result.pruned).toBe(1);
    expect((await listPosts()).map((p) => p.id).toSorted()).toEqual(['mid', 'new']);
  });

  it('never prunes a post still in the feed, and a pruned post that comes back is read, not new (#11)', async () => {
    const three = [dated('new', 3), dated('mid', 2), dated('old', 1)];
    await saveFetchedPosts('f', info, three, noValidators, '2026-01-03T00:00:00Z', small);
    await setRead(['f', 'old'], true, '2026-01-04T00:00:00Z');
    // Still in the fetch: kept, although past the limit and read.
    expect((await saveFetchedPosts('f', info, three, noValidators, '2026-01-05T00:00:00Z', small)).pruned).toBe(0);
    // Gone from the feed: pruned; then the feed lists it again.
    await saveFetchedPosts('f', info, three.slice(0, 2), noValidators, '2026-01-06T00:00:00Z', small);
    expect((await listPosts()).map((p) => p.id)).not.toContain('old');
    const back = await saveFetchedPosts('f', info, three, noValidators, '2026-01-07T00:00:00Z', small);
    expect(back.added).toEqual([]);
    expect((await listPosts()).find((p) => p.id === 'old')).toMatchObject({
      read: true,
      firstSeen: '2026-01-03T00:00:00Z',
    });
  });
});

describe('a feed no longer followed', () => {
  it('gets nothing written: no posts, no failure, no 304, no read mark', async () => {
    await saveFetchedPosts('f', info, [post('a')], noValidators, '2026-01-01T00:00:00Z');
    await unfollowFeed('f');
    expect(await saveFetchedPosts('f', info, [post('a')], noValidators, '2026-01-02T00:00:00Z')).toEqual({
      followed: false,
      added: [],
      pruned: 0,
    });
    expect(await recordFailure('f', { kind: 'http', message: 'HTTP 500' }, '2026-01-02T00:00:00Z')).toBeNull();
    await recordNotModified('f', '2026-01-02T00:00:00Z');
    await setRead(['f', 'a'], true, '2026-01-02T00:00:00Z');
    expect(await listPosts()).toEqual([]);
    expect(await listFeedStates()).toEqual([]);
    await follow('f');
    expect(await listPosts()).toEqual([]);
    expect(await getFeedState('f')).toMatchObject({ lastAttempt: null });
  });
});
