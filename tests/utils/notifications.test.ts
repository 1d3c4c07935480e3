import { describe, expect, it } from 'vitest';
import type { StoredPost } from '@/utils/db';
import { planNotification, postKeyFromNotificationId, postNotificationId } from '@/utils/notifications';

function post(id: string, category: string): StoredPost {
  return {
    feedUrl: 'https://b.test/feed.json',
    id,
    title: `Title ${id}`,
    url: null,
    category,
    image: null,
    authors: [],
    words: null,
    published: null,
    modified: null,
    summary: '',
    firstSeen: '',
  };
}

describe('planNotification', () => {
  it('shows nothing for no new posts', () => {
    expect(planNotification([])).toEqual({ kind: 'none' });
  });

  it('shows one post by title and category, with an id derived from the post', () => {
    const plan = planNotification([post('a', 'Career')]);
    expect(plan).toMatchObject({ kind: 'post', title: 'Title a', message: 'Career' });
    expect(plan.kind === 'post' && postKeyFromNotificationId(plan.id)).toEqual(['https://b.test/feed.json', 'a']);
  });

  it('sums several up by category, largest first', () => {
    const plan = planNotification([
      post('a', 'Engineering'),
      post('b', 'Career'),
      post('c', 'Engineering'),
      post('d', 'Engineering'),
    ]);
    expect(plan).toMatchObject({ kind: 'summary', message: '4 new posts — 3 in Engineering, 1 in Career' });
  });

  it('leaves muted categories out', () => {
    expect(planNotification([post('a', 'Career'), post('b', 'Engineering')], ['Career'])).toMatchObject({
      kind: 'post',
      title: 'Title b',
    });
    expect(planNotification([post('a', 'Career')], ['Career'])).toEqual({ kind: 'none' });
  });

  it('round-trips ids with odd characters and rejects foreign ids', () => {
    const key: [string, string] = ['https://x.test/f?a=1', 'id with "quotes" and :colons'];
    expect(postKeyFromNotificationId(postNotificationId(key))).toEqual(key);
    expect(postKeyFromNotificationId('something-else')).toBeNull();
    expect(postKeyFromNotificationId('digest-post:{broken')).toBeNull();
  });
});
