import { describe, expect, it } from 'vitest';
import type { StoredPost } from '@/utils/db';
import { UNCATEGORIZED } from '@/utils/feed/parse';
import {
  planNotification,
  postKeyFromNotificationId,
  postNotificationId,
} from '@/entrypoints/background/notifications';
import { useLocale } from '../../helpers/i18n';
import { postView } from '../../helpers/posts';

function post(id: string, category: string): StoredPost {
  const { read: _read, ...stored } = postView(id, {
    feedUrl: 'https://b.test/feed.json',
    title: `Title ${id}`,
    category,
  });
  return stored;
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

  it('speaks German in a German browser, "Uncategorized" included', () => {
    useLocale('de');
    const many = Array.from({ length: 1200 }, (_, i) => post(`p${i}`, i < 1000 ? 'Engineering' : UNCATEGORIZED));
    expect(planNotification(many)).toMatchObject({
      kind: 'summary',
      title: '1.200 neue Beiträge',
      message: '1.200 neue Beiträge – 1.000 in Engineering, 200 in Ohne Kategorie',
    });
    expect(planNotification([post('a', UNCATEGORIZED)])).toMatchObject({ kind: 'post', message: 'Ohne Kategorie' });
  });

  it('leaves muted categories out', () => {
    expect(planNotification([post('a', 'Career'), post('b', 'Engineering')], ['Career'])).toMatchObject({
      kind: 'post',
      title: 'Title b',
    });
    expect(planNotification([post('a', 'Career')], ['Career'])).toEqual({ kind: 'none' });
  });

  it('never announces a post muted words hide', () => {
    const crypto = { ...post('a', 'Career'), title: 'Crypto jobs' };
    expect(planNotification([crypto, post('b', 'Engineering')], [], ['crypto'])).toMatchObject({
      kind: 'post',
      title: 'Title b',
    });
    expect(planNotification([crypto], [], ['CRYPTO'])).toEqual({ kind: 'none' });
  });

  it('round-trips ids with odd characters and rejects foreign ids', () => {
    const key: [string, string] = ['https://x.test/f?a=1', 'id with "quotes" and :colons'];
    expect(postKeyFromNotificationId(postNotificationId(key))).toEqual(key);
    expect(postKeyFromNotificationId('something-else')).toBeNull();
    expect(postKeyFromNotificationId('digest-post:{broken')).toBeNull();
  });
});
