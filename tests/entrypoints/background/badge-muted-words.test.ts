// The badge with muted words (#14): kept counts of the unread posts the words hide, so marking a post reads no
// other post; recounted once when the words change; quiet feeds, "new" mode and muted categories as without words.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshBadge } from '@/entrypoints/background/badge';
import { markPost } from '@/entrypoints/background/handlers';
import {
  listMutedUnreadCounts,
  listPosts,
  readBadgeCounts,
  saveFetchedPosts,
  setFeedAlerts,
  setRead,
} from '@/utils/db';
import { updatePreferences } from '@/utils/settings';
import { follow } from '../../helpers/follow';
import { feedInfo, numberedPost } from '../../helpers/posts';
import { installWithSample } from '../../helpers/install';

const badge = () => fakeBrowser.action.getBadgeText({});
const info = feedInfo('T');

const install = installWithSample;

/** Every bulk read (getAll, getAllKeys, cursor) of the posts store or its indexes from here on. */
function watchPostReads(): string[] {
  const reads: string[] = [];
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    for (const method of ['getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count'] as const) {
      const original = proto[method] as (...args: unknown[]) => unknown;
      vi.spyOn(proto, method).mockImplementation(function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
        const store = 'objectStore' in this ? this.objectStore.name : this.name;
        if (store === 'posts') reads.push(`${this.name}.${method}`);
        return original.apply(this, args);
      } as never);
    }
  }
  return reads;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the badge with a muted word', () => {
  it('reads no post when a post is marked read (only the marked one), after one recount when the word is set', async () => {
    await install();
    await updatePreferences({ mutedWords: ['boring'] });
    // "Choose boring technology" is one of the sample feed's 9 posts: counted once, when the word arrives.
    expect((await refreshBadge()).text).toBe('8');
    const shown = (await listPosts()).find((post) => !/boring/iu.test(post.title))!;
    const reads = watchPostReads();
    await markPost([shown.feedUrl, shown.id], true);
    expect(await badge()).toBe('7');
    await markPost([shown.feedUrl, shown.id], false);
    expect(await badge()).toBe('8');
    expect(reads).toEqual([]);
  });

  it('is recounted when the words change, and not for the same words written otherwise', async () => {
    await install();
    const boring = (await listPosts()).find((post) => /boring/iu.test(post.title))!;
    await updatePreferences({ mutedWords: ['boring'] });
    expect((await refreshBadge()).text).toBe('8');
    expect(await listMutedUnreadCounts()).toMatchObject({ words: ['boring'], counts: [{ unread: 1 }] });
    // Another word hides nothing here: the count goes back to every unread post.
    await updatePreferences({ mutedWords: ['blockchain'] });
    expect((await refreshBadge()).text).toBe('9');
    expect(await listMutedUnreadCounts()).toEqual({ words: ['blockchain'], counts: [] });
    // Read, the muted post is no longer counted as hidden; unread again, it is.
    await updatePreferences({ mutedWords: ['boring', 'blockchain'] });
    await setRead([boring.feedUrl, boring.id], true, '2026-11-24T01:00:00Z');
    expect((await refreshBadge()).text).toBe('8');
    expect((await listMutedUnreadCounts()).counts).toEqual([]);
    await setRead([boring.feedUrl, boring.id], false, '2026-11-24T02:00:00Z');
    expect((await refreshBadge()).text).toBe('8');
    expect((await listMutedUnreadCounts()).counts).toMatchObject([{ unread: 1 }]);
    // The same words in another order and spacing hide the same posts: no post is read again.
    await updatePreferences({ mutedWords: [' blockchain ', 'boring'] });
    const reads = watchPostReads();
    expect((await refreshBadge()).text).toBe('8');
    expect(reads).toEqual([]);
    // No words: nothing hidden.
    await updatePreferences({ mutedWords: [] });
    expect((await refreshBadge()).text).toBe('9');
    expect(await listMutedUnreadCounts()).toEqual({ words: [], counts: [] });
  });

  it('counts a write made for the old words correctly once the new ones are asked for', async () => {
    const url = 'https://a.test/feed.json';
    await follow(url);
    const save = (titles: string[], at: string) =>
      saveFetchedPosts(
        url,
        info,
        titles.map((title, i) => ({ ...numberedPost(i), title })),
        { etag: null, lastModified: null },
        at,
      );
    await save(['Rust news', 'Go news', 'Rust and Go'], '2026-02-01T00:00:00Z');
    expect((await readBadgeCounts(null, ['rust'])).unreadByCategory).toEqual(new Map([['C', 1]]));
    // The word changed, but this refresh's write was counted for the words the counts were kept for.
    await save(['Go news', 'Rust news', 'Zig news'], '2026-02-02T00:00:00Z');
    expect((await listMutedUnreadCounts()).words).toEqual(['rust']);
    expect((await readBadgeCounts(null, ['go'])).unreadByCategory).toEqual(new Map([['C', 2]]));
    expect((await readBadgeCounts(null, ['rust'])).unreadByCategory).toEqual(new Map([['C', 2]]));
  });
});

describe('quiet feeds and muted words together', () => {
  const loud = 'https://loud.test/feed.json';
  const quiet = 'https://quiet.test/feed.json';

  it('leave out a quiet feed’s posts and every post the words hide, in both badge modes', async () => {
    await follow(loud, quiet);
    const titles = ['Crypto winter', 'Queues at scale', 'CRYPTO again', 'Cryptography basics'];
    for (const [url, at] of [
      [loud, '2026-02-01T00:00:00Z'],
      [quiet, '2026-02-01T00:00:00Z'],
    ] as const) {
      await saveFetchedPosts(
        url,
        info,
        titles.map((title, i) => ({ ...numberedPost(i, i % 2 === 0 ? 'Finance' : 'Engineering'), title })),
        { etag: null, lastModified: null },
        at,
      );
    }
    await setFeedAlerts(quiet, 'quiet');
    // "crypto" hides the loud feed's two crypto posts (whole words: not "Cryptography"), and the quiet feed counts not.
    expect((await readBadgeCounts(null, ['crypto'])).unreadByCategory).toEqual(new Map([['Engineering', 2]]));
    // A post arriving after the last look, in the loud feed: counted in "new" mode unless the word hides it.
    await saveFetchedPosts(
      loud,
      info,
      [
        { ...numberedPost(10, 'Finance'), title: 'Crypto crash' },
        { ...numberedPost(11, 'Finance'), title: 'Budgets' },
      ],
      { etag: null, lastModified: null },
      '2026-02-03T00:00:00Z',
    );
    expect((await readBadgeCounts('2026-02-02T00:00:00Z', ['crypto'])).unreadByCategory).toEqual(
      new Map([['Finance', 1]]),
    );
    // The quiet feed back to loud: its posts count again, those the word hides still not.
    await setFeedAlerts(quiet, null);
    expect((await readBadgeCounts(null, ['crypto'])).unreadByCategory).toEqual(
      new Map([
        ['Engineering', 4],
        ['Finance', 1],
      ]),
    );
  });
});
