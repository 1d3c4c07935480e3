// The options page's data kept by what changed (#14): which feeds a change re-reads, and the figures added up.
import { describe, expect, it, vi } from 'vitest';
import {
  feedsToSummarise,
  keepOptionsData,
  mergeSummaries,
  noteChange,
  nothingPending,
  optionsFigures,
  type OptionsData,
  type OptionsReads,
} from '@/entrypoints/options/options-data';
import type { FeedState, FeedSubscription, FeedSummary } from '@/utils/db';
import { DEFAULT_PREFERENCES, type Preferences } from '@/utils/settings';

const feed = (url: string, addedAt = '2026-01-01T00:00:00Z'): FeedSubscription => ({
  url,
  addedAt,
  title: null,
  folder: null,
  alerts: null,
});

function summary(url: string, posts: number, categories: string[], hits: [string, number][] = []): FeedSummary {
  return {
    url,
    addedAt: '2026-01-01T00:00:00Z',
    state: { url } as FeedState,
    posts,
    categories,
    hiddenByRule: new Map(hits),
  };
}

describe('noteChange', () => {
  it('needs no read for read marks or the import progress, and gathers the feeds of several changes', () => {
    const pending = nothingPending();
    expect(noteChange(pending, { kind: 'read', keys: [['f', 'a']], read: true })).toBe(false);
    expect(noteChange(pending, { kind: 'import' })).toBe(false);
    expect(noteChange(pending, { kind: 'posts', feeds: ['f'] })).toBe(true);
    expect(noteChange(pending, { kind: 'posts', feeds: ['g', 'f'] })).toBe(true);
    expect(pending).toEqual({ feeds: new Set(['f', 'g']), feedList: false, settings: false });
    expect(noteChange(pending, { kind: 'feeds' })).toBe(true);
    expect(noteChange(pending, { kind: 'settings' })).toBe(true);
    expect(pending).toMatchObject({ feedList: true, settings: true });
  });
});

describe('feedsToSummarise', () => {
  const kept = new Map([
    ['a', summary('a', 1, [])],
    ['b', summary('b', 1, [])],
  ]);

  it('reads the feeds a change named and the followed ones not summarised yet, not the others', () => {
    expect(feedsToSummarise([feed('a'), feed('b'), feed('c')], kept, new Set(['b']), false)).toEqual(['b', 'c']);
  });

  it('reads a feed followed again since its summary, and every feed when the muted words changed', () => {
    expect(feedsToSummarise([feed('a', '2026-02-01T00:00:00Z'), feed('b')], kept, new Set(), false)).toEqual(['a']);
    expect(feedsToSummarise([feed('a'), feed('b')], kept, new Set(), true)).toEqual(['a', 'b']);
  });
});

describe('mergeSummaries', () => {
  it('replaces what was read, drops a feed read but gone and any feed no longer followed', () => {
    const kept = new Map([
      ['a', summary('a', 1, [])],
      ['b', summary('b', 1, [])],
      ['c', summary('c', 1, [])],
    ]);
    const merged = mergeSummaries(kept, [feed('a'), feed('b')], ['a', 'b'], [summary('a', 5, [])]);
    expect([...merged.keys()]).toEqual(['a']);
    expect(merged.get('a')?.posts).toBe(5);
  });
});

describe('optionsFigures', () => {
  it('adds up the followed feeds: post counts, categories once, every muted word listed with its hits', () => {
    const kept = new Map([
      ['a', summary('a', 3, ['Tech', 'Life'], [['crypto', 2]])],
      ['b', summary('b', 2, ['Life'], [['crypto', 1]])],
      ['unfollowed', summary('unfollowed', 9, ['Gone'], [['crypto', 9]])],
    ]);
    const figures = optionsFigures([feed('a'), feed('b'), feed('new')], kept, ['crypto', 'ai']);
    expect([...figures.postCounts]).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(figures.categories).toEqual(['Tech', 'Life']);
    expect([...figures.mutedWordCounts]).toEqual([
      ['crypto', 3],
      ['ai', 0],
    ]);
    expect(figures.states.map((state) => state.url)).toEqual(['a', 'b']);
  });
});

/** Reads that answer from `posts` (feed → categories of its posts) and record what was asked. */
function fakeReads(feeds: FeedSubscription[], posts: Map<string, string[]>, preferences: Preferences) {
  const asked: string[][] = [];
  const reads: OptionsReads = {
    subscriptions: vi.fn<OptionsReads['subscriptions']>(async () => [...feeds]),
    folderAlerts: vi.fn<OptionsReads['folderAlerts']>(async () => new Map()),
    preferences: vi.fn<OptionsReads['preferences']>(async () => ({ ...preferences })),
    nextCheck: vi.fn<OptionsReads['nextCheck']>(async () => null),
    summaries: vi.fn<OptionsReads['summaries']>(async (urls: readonly string[], words: readonly string[]) => {
      asked.push([...urls]);
      return urls
        .filter((url) => feeds.some((f) => f.url === url))
        .map((url) =>
          summary(
            url,
            posts.get(url)?.length ?? 0,
            [...new Set(posts.get(url))],
            words.map((word) => [word, posts.get(url)?.filter((category) => category === word).length ?? 0]),
          ),
        );
    }),
  };
  return { reads, asked };
}

/** A keeper over fake reads, after its first read. */
async function openPage(feeds: FeedSubscription[], posts: Map<string, string[]>, preferences = DEFAULT_PREFERENCES) {
  const shown: OptionsData[] = [];
  const fake = fakeReads(feeds, posts, preferences);
  const keeper = keepOptionsData((data) => shown.push(data), fake.reads);
  await vi.waitFor(() => expect(shown).toHaveLength(1));
  return { ...fake, shown, keeper, last: () => shown.at(-1)! };
}

describe('keepOptionsData', () => {
  it('re-reads only the feeds a change names, and nothing for read marks', async () => {
    const posts = new Map([
      ['a', ['Tech']],
      ['b', ['Life']],
    ]);
    const page = await openPage([feed('a'), feed('b')], posts);
    expect(page.asked).toEqual([['a', 'b']]);

    posts.set('a', ['Tech', 'Science']);
    page.keeper.note({ kind: 'read', keys: [['a', '1']], read: true });
    page.keeper.note({ kind: 'posts', feeds: ['a'] });
    await vi.waitFor(() => expect(page.shown).toHaveLength(2));
    expect(page.asked).toEqual([['a', 'b'], ['a']]);
    expect(page.reads.subscriptions).toHaveBeenCalledTimes(1);
    expect([...page.last().postCounts]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(page.last().categories).toEqual(['Tech', 'Science', 'Life']);
    page.keeper.stop();
  });

  it('on a feeds change reads only the feeds it has not summarised, and drops the unfollowed', async () => {
    const feeds = [feed('a'), feed('b')];
    const page = await openPage(feeds, new Map([['c', ['New']]]));
    feeds.splice(0, 1, feed('c'));
    page.keeper.note({ kind: 'feeds' });
    await vi.waitFor(() => expect(page.shown).toHaveLength(2));
    expect(page.asked).toEqual([['a', 'b'], ['c']]);
    expect(page.last().feeds.map((f) => f.url)).toEqual(['c', 'b']);
    expect([...page.last().postCounts.keys()]).toEqual(['c', 'b']);
    expect(page.last().categories).toEqual(['New']);
    page.keeper.stop();
  });

  it('re-reads every feed when the muted words change, and none for another preference', async () => {
    const preferences = { ...DEFAULT_PREFERENCES };
    const posts = new Map([
      ['a', ['x', 'y']],
      ['b', ['x']],
    ]);
    const page = await openPage([feed('a'), feed('b')], posts, preferences);
    preferences.showPictures = !preferences.showPictures;
    page.keeper.note({ kind: 'settings' });
    await vi.waitFor(() => expect(page.shown).toHaveLength(2));
    expect(page.asked).toEqual([['a', 'b']]);

    preferences.mutedWords = ['x'];
    page.keeper.note({ kind: 'settings' });
    await vi.waitFor(() => expect(page.shown).toHaveLength(3));
    expect(page.asked).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect([...page.last().mutedWordCounts]).toEqual([['x', 2]]);
    page.keeper.stop();
  });

  it('handles a burst of changes arriving during a read with one more read', async () => {
    const page = await openPage([feed('a'), feed('b'), feed('c')], new Map());
    page.keeper.note({ kind: 'posts', feeds: ['a'] });
    page.keeper.note({ kind: 'posts', feeds: ['b'] });
    page.keeper.note({ kind: 'posts', feeds: ['a'] });
    await vi.waitFor(() => expect(page.shown).toHaveLength(2));
    await new Promise((wait) => setTimeout(wait, 20));
    expect(page.asked).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b'],
    ]);
    page.keeper.stop();
  });
});
