// A group's "mark all read" while the page holds only the newest posts (#14): the worker marks every unread
// post of the category (or feed) by the kept counts and the byFeed index, in one transaction. It marks exactly
// what the group would hold with every post in (muted words, hidden categories and the posts shown apart left
// alone), and the kept counts stay equal to a recount.
import * as fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  closeDigestDB,
  listMutedUnreadCounts,
  listUnreadCounts,
  markGroupRead,
  openDigestDB,
  readBadgeCounts,
  readDigest,
  saveFetchedPosts,
  setReadMany,
  type PostKey,
} from '@/utils/db';
import { mutedWordsMatcher } from '@/utils/muted-words';
import { follow } from '../helpers/follow';
import { feedInfo, numberedPost } from '../helpers/posts';

const FEEDS = ['https://a.test/feed.json', 'https://b.test/feed.json'];
const CATEGORIES = ['Engineering', 'Career', ''];
const WORDS = ['rust', 'go'];
const AT = '2026-02-01T00:00:00Z';

/** The kept counts as a recount of the stored posts and marks gives them (of the posts `hiddenBy` hides). */
async function recount(hiddenBy?: readonly string[]) {
  const db = await openDigestDB();
  const [posts, readKeys] = await Promise.all([db.getAll('posts'), db.getAllKeys('reads')]);
  const read = new Set(readKeys.map(([feedUrl, id]) => `${feedUrl}\n${id}`));
  const hides = hiddenBy && mutedWordsMatcher(hiddenBy);
  const counts = new Map<string, number>();
  for (const { feedUrl, id, category, title, summary } of posts) {
    if (read.has(`${feedUrl}\n${id}`) || (hides && hides({ title, summary }) === null)) continue;
    counts.set(`${feedUrl}\n${category}`, (counts.get(`${feedUrl}\n${category}`) ?? 0) + 1);
  }
  return counts;
}
const asMap = (counts: { feedUrl: string; category: string; unread: number }[]) =>
  new Map(counts.map((count) => [`${count.feedUrl}\n${count.category}`, count.unread]));

describe('marking a group read without the page holding its posts', () => {
  it('marks exactly the group’s unread posts and keeps the counts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ feed: fc.nat(1), category: fc.nat(2), word: fc.nat(2), read: fc.boolean() }), {
          maxLength: 40,
        }),
        fc.record({
          category: fc.option(fc.constantFrom(...CATEGORIES)),
          feedUrl: fc.option(fc.constantFrom(...FEEDS)),
          mutedWords: fc.subarray(WORDS),
          hiddenCategories: fc.subarray(CATEGORIES),
        }),
        fc.nat(39),
        async (drawn, group, exceptIndex) => {
          await closeDigestDB();
          globalThis.indexedDB = new IDBFactory();
          await follow(...FEEDS);
          await readBadgeCounts(null, group.mutedWords);
          for (const [feed, url] of FEEDS.entries()) {
            const posts = drawn.flatMap((item, i) =>
              item.feed === feed
                ? [{ ...numberedPost(i, CATEGORIES[item.category]), title: `Post ${i} ${WORDS[item.word] ?? ''}` }]
                : [],
            );
            await saveFetchedPosts(url, feedInfo('T'), posts, { etag: null, lastModified: null }, AT, {
              retention: { maxPostsPerFeed: 100, keepUnreadDays: 0 },
            });
          }
          const readKeys = drawn.flatMap((item, i): PostKey[] => (item.read ? [[FEEDS[item.feed]!, `p${i}`]] : []));
          await setReadMany(readKeys, true, AT);
          const before = await readDigest();
          const hides = mutedWordsMatcher(group.mutedWords);
          const except: PostKey[] = drawn[exceptIndex] ? [[FEEDS[drawn[exceptIndex].feed]!, `p${exceptIndex}`]] : [];
          const expected = before.posts
            .filter(
              (post) =>
                !post.read &&
                (group.category === null || post.category === group.category) &&
                (group.feedUrl === null || post.feedUrl === group.feedUrl) &&
                !group.hiddenCategories.includes(post.category) &&
                hides(post) === null &&
                !except.some(([feedUrl, id]) => feedUrl === post.feedUrl && id === post.id),
            )
            .map((post) => `${post.feedUrl}\n${post.id}`)
            .toSorted();

          const marked = await markGroupRead({ ...group, except }, '2026-03-01T00:00:00Z');
          expect(marked.map(([feedUrl, id]) => `${feedUrl}\n${id}`).toSorted()).toEqual(expected);
          const after = await readDigest();
          for (const post of after.posts) {
            const was = before.posts.find((p) => p.feedUrl === post.feedUrl && p.id === post.id)!;
            expect(post.read).toBe(was.read || expected.includes(`${post.feedUrl}\n${post.id}`));
          }
          expect(asMap(await listUnreadCounts())).toEqual(await recount());
          const muted = await listMutedUnreadCounts();
          expect(asMap(muted.counts)).toEqual(await recount(muted.words));
        },
      ),
      { numRuns: 40 },
    );
  });
});
