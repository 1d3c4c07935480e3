// The options page's per-feed summaries (#14): what one feed's posts add to the figures, and the read of only
// the feeds asked for.
import { describe, expect, it } from 'vitest';
import { readFeedSummaries, recordFailure, saveFetchedPosts, unfollowFeed } from '@/utils/db';
import { summarizePosts } from '@/utils/feed-summary';
import type { NormalizedPost } from '@/utils/feed/parse';
import { follow } from '../helpers/follow';
import { feedInfo, NO_VALIDATORS } from '../helpers/posts';

const info = feedInfo();
const noValidators = NO_VALIDATORS;
const AT = '2026-01-01T00:00:00Z';

function post(id: string, category: string, title = id, summary = ''): NormalizedPost {
  return {
    id,
    title,
    url: null,
    category,
    published: null,
    modified: null,
    summary,
    authors: [],
    words: null,
    image: null,
  };
}

describe('summarizePosts', () => {
  it('counts posts, lists each category once and counts each muted word once per post, the first that matches', () => {
    const posts = [
      post('a', 'Tech', 'Crypto news'),
      post('b', 'Tech', 'Crypto and AI'),
      post('c', 'Life', 'Gardening', 'some ai talk'),
      post('d', 'Life', 'Nothing'),
    ];
    const summary = summarizePosts(posts, ['crypto', 'AI', 'never']);
    expect(summary.posts).toBe(4);
    expect(summary.categories).toEqual(['Tech', 'Life']);
    expect([...summary.hiddenByRule]).toEqual([
      ['crypto', 2],
      ['AI', 1],
      ['never', 0],
    ]);
  });

  it('lists no word when none is muted', () => {
    expect(summarizePosts([post('a', 'Tech')], []).hiddenByRule.size).toBe(0);
  });
});

describe('readFeedSummaries', () => {
  it('summarises only the feeds asked for, with their records, and nothing of a feed not followed', async () => {
    await follow('f', 'g', 'gone');
    await saveFetchedPosts('f', info, [post('a', 'Tech', 'Crypto'), post('b', 'Life')], noValidators, AT);
    await saveFetchedPosts('g', info, [post('a', 'Other', 'Crypto')], noValidators, AT);
    await saveFetchedPosts('gone', info, [post('x', 'Gone')], noValidators, AT);
    await recordFailure('f', { kind: 'http', message: 'HTTP 500' }, '2026-01-02T00:00:00Z');
    await unfollowFeed('gone');

    const summaries = await readFeedSummaries(['f', 'gone', 'f', 'never-followed'], ['crypto']);
    expect(summaries).toHaveLength(1);
    const [f] = summaries;
    expect(f).toMatchObject({ url: 'f', addedAt: AT, posts: 2, categories: ['Tech', 'Life'] });
    expect([...f!.hiddenByRule]).toEqual([['crypto', 1]]);
    expect(f!.state).toMatchObject({ url: 'f', consecutiveFailures: 1, lastError: { kind: 'http' } });
  });

  it('gives a followed feed not fetched yet no posts and no record', async () => {
    await follow('new');
    expect(await readFeedSummaries(['new'], [])).toEqual([
      { url: 'new', addedAt: AT, state: null, posts: 0, categories: [], hiddenByRule: new Map() },
    ]);
  });
});
