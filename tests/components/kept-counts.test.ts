// While a page holds only the newest posts (#14), its groups and header count by the kept counts: they must
// say what counting every post would, muted categories and muted words included.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptUnreadBy, keptUnreadCount, missesUnread } from '@/components/digest-data';
import { groupByCategory, withoutHidden } from '@/components/post-list';
import type { PostView, UnreadCount } from '@/utils/db';
import { countedMutedWords, mutedWordsMatcher } from '@/utils/muted-words';
import { DEFAULT_PREFERENCES } from '@/utils/settings';
import { postView } from '../helpers/posts';

const FEEDS = ['https://a.test/feed', 'https://b.test/feed', 'https://c.test/feed'];
const CATEGORIES = ['Eng', 'Ops', 'Design'];
const WORDS = ['crypto', 'launch', 'rust async'];

/** One more unread post of its feed and category in `counts`. */
function addUnread(counts: Map<string, UnreadCount>, post: PostView) {
  const key = `${post.feedUrl}\n${post.category}`;
  const count = counts.get(key) ?? { feedUrl: post.feedUrl, category: post.category, unread: 0 };
  counts.set(key, { ...count, unread: count.unread + 1 });
}

/** The counts that are not 0. */
const nonZero = (counts: Map<string, number>) => new Map([...counts].filter(([, n]) => n !== 0));
const byCategory = (post: PostView) => post.category;

/** The kept counts of these posts as the database keeps them: unread per feed and category, and those words hide. */
function keptOf(posts: readonly PostView[], words: readonly string[]) {
  const hides = mutedWordsMatcher(countedMutedWords(words));
  const unread = new Map<string, UnreadCount>();
  const muted = new Map<string, UnreadCount>();
  for (const post of posts) {
    if (post.read) continue;
    addUnread(unread, post);
    if (hides(post) !== null) addUnread(muted, post);
  }
  return {
    keptUnread: [...unread.values()],
    keptMuted: { words: countedMutedWords(words), counts: [...muted.values()] },
  };
}

const postArb = fc.record({
  feed: fc.constantFrom(...FEEDS),
  category: fc.constantFrom(...CATEGORIES),
  read: fc.boolean(),
  title: fc.subarray(['Notes on', 'crypto', 'the launch', 'rust  async', 'RUST async', 'Design docs']),
});

describe('counting by the kept counts', () => {
  it('gives each category and the header what counting every post gives', () => {
    fc.assert(
      fc.property(
        fc.array(postArb, { maxLength: 60 }),
        fc.subarray(FEEDS, { minLength: 1 }),
        fc.subarray(CATEGORIES),
        fc.boolean(),
        fc.subarray([...WORDS, '  Launch ']),
        (drawn, followed, mutedCategories, hideMutedCategories, mutedWords) => {
          const posts = drawn.map((p, i) =>
            postView(`p${i}`, { feedUrl: p.feed, category: p.category, read: p.read, title: p.title.join(' ') }),
          );
          const preferences = { ...DEFAULT_PREFERENCES, mutedCategories, hideMutedCategories, mutedWords };
          // The page's count with every post: the followed feeds' posts, less what it hides.
          const every = withoutHidden(
            posts.filter((post) => followed.includes(post.feedUrl)),
            preferences,
          ).posts;
          const counted = new Map(groupByCategory(every).map((group) => [group.key, group.unread]));
          const data = { ...keptOf(posts, mutedWords), followed, preferences };
          const kept = keptUnreadBy(data, (count) => count.category)!;
          expect(nonZero(kept)).toEqual(nonZero(counted));
          expect(keptUnreadCount(data)).toBe(every.filter((post) => !post.read).length);
          const byFeed = keptUnreadBy(data, (count) => count.feedUrl)!;
          for (const url of followed) {
            const unread = every.filter((post) => post.feedUrl === url && !post.read).length;
            expect(byFeed.get(url) ?? 0).toBe(unread);
          }
        },
      ),
    );
  });

  it('says nothing when the muted-word counts were counted for other words, or none were read', () => {
    const posts = [postView('1', { feedUrl: FEEDS[0], category: 'Eng', title: 'crypto' })];
    const preferences = { ...DEFAULT_PREFERENCES, mutedWords: ['crypto'] };
    const stale = { ...keptOf(posts, ['launch']), followed: FEEDS, preferences };
    expect(keptUnreadBy(stale, (count) => count.category)).toBeNull();
    expect(keptUnreadCount(stale)).toBeNull();
    expect(keptUnreadCount({ followed: FEEDS, preferences: DEFAULT_PREFERENCES })).toBeNull();
    expect(keptUnreadCount({ ...keptOf(posts, ['crypto']), followed: FEEDS, preferences })).toBe(0);
  });

  it('tells when a group has unread posts the page has not loaded and would show', () => {
    const loaded = [postView('1', { category: 'Eng' }), postView('2', { category: 'Eng', read: true })];
    expect(missesUnread(loaded, new Map([['Eng', 1]]), byCategory, 25)).toBe(false);
    // More unread in the cache than loaded, and fewer loaded than the page shows of a group.
    expect(missesUnread(loaded, new Map([['Eng', 3]]), byCategory, 25)).toBe(true);
    expect(missesUnread(loaded, new Map([['Eng', 3]]), byCategory, 1)).toBe(false);
    // A category none of whose posts is loaded.
    expect(missesUnread(loaded, new Map([['Ops', 1]]), byCategory, 25)).toBe(true);
  });
});
