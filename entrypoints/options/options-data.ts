// The options page's data, kept up to date by what changed (#14). It used to read every post (readDigest) on
// every change to count posts per feed, list categories and count what each muted word hides: during an OPML
// import of 200 feeds that was dozens of reads of the whole cache, each one holding up the import's writes.
// Now it keeps one summary per feed and re-reads only the feeds a change names (or that it has not summarised);
// every post again only when the muted words change.
import { browser } from 'wxt/browser';
import type { Change } from '@/utils/changes';
import {
  listSubscriptions,
  readFeedSummaries,
  readFolderAlerts,
  type FeedAlerts,
  type FeedState,
  type FeedSubscription,
  type FeedSummary,
} from '@/utils/db';
import { readPreferences, type Preferences } from '@/utils/settings';

/** Everything the options page shows that comes from the database, the preferences and the alarm. */
export interface OptionsData {
  feeds: FeedSubscription[];
  folderAlerts: Map<string, FeedAlerts>;
  states: FeedState[];
  postCounts: Map<string, number>;
  categories: string[];
  /** How many cached posts each muted word hides. */
  mutedWordCounts: Map<string, number>;
  preferences: Preferences;
  nextCheck: number | null;
}

/** What has changed since the page last read: what its next pass reads again. */
export interface Pending {
  /** Feeds whose posts or records changed. */
  feeds: Set<string>;
  /** The followed feeds or their folders changed. */
  feedList: boolean;
  settings: boolean;
}

/** Nothing pending. */
export function nothingPending(): Pending {
  return { feeds: new Set(), feedList: false, settings: false };
}

/** Adds a change to what is pending; false when it needs no read (nothing the page shows depends on read marks). */
export function noteChange(pending: Pending, change: Change): boolean {
  switch (change.kind) {
    case 'posts':
      for (const url of change.feeds) pending.feeds.add(url);
      return change.feeds.length > 0;
    case 'feeds':
      pending.feedList = true;
      return true;
    case 'settings':
      pending.settings = true;
      return true;
    // Read marks change no figure shown here; the import's progress is read by its own section.
    case 'read':
    case 'import':
      return false;
  }
}

/** Whether anything is pending. */
export function isPending(pending: Pending): boolean {
  return pending.feedList || pending.settings || pending.feeds.size > 0;
}

/**
 * The feeds to summarise: those a change named, the followed ones not summarised yet (or followed again since),
 * and every followed feed when the muted words changed (their hits need the posts' text again).
 */
export function feedsToSummarise(
  followed: readonly FeedSubscription[],
  summaries: ReadonlyMap<string, FeedSummary>,
  changed: ReadonlySet<string>,
  mutedWordsChanged: boolean,
): string[] {
  const urls = new Set(changed);
  for (const feed of followed) {
    if (mutedWordsChanged || summaries.get(feed.url)?.addedAt !== feed.addedAt) urls.add(feed.url);
  }
  return [...urls];
}

/**
 * The summaries after a read of `asked`: those read replace the old ones, a feed asked for that gave nothing
 * (unfollowed) is dropped, and so is any feed no longer followed.
 */
export function mergeSummaries(
  summaries: ReadonlyMap<string, FeedSummary>,
  followed: readonly FeedSubscription[],
  asked: readonly string[],
  read: readonly FeedSummary[],
): Map<string, FeedSummary> {
  const next = new Map(summaries);
  for (const url of asked) next.delete(url);
  for (const summary of read) next.set(summary.url, summary);
  const isFollowed = new Set(followed.map((feed) => feed.url));
  for (const url of next.keys()) if (!isFollowed.has(url)) next.delete(url);
  return next;
}

/** The figures shown, added up over the followed feeds' summaries: every muted word listed, 0 included. */
export function optionsFigures(
  followed: readonly FeedSubscription[],
  summaries: ReadonlyMap<string, FeedSummary>,
  mutedWords: readonly string[],
): Pick<OptionsData, 'states' | 'postCounts' | 'categories' | 'mutedWordCounts'> {
  const states: FeedState[] = [];
  const postCounts = new Map<string, number>();
  const categories = new Set<string>();
  const mutedWordCounts = new Map(mutedWords.map((word) => [word, 0]));
  for (const feed of followed) {
    const summary = summaries.get(feed.url);
    if (!summary) continue;
    if (summary.state) states.push(summary.state);
    postCounts.set(feed.url, summary.posts);
    for (const category of summary.categories) categories.add(category);
    for (const [word, hidden] of summary.hiddenByRule) {
      if (mutedWordCounts.has(word)) mutedWordCounts.set(word, mutedWordCounts.get(word)! + hidden);
    }
  }
  return { states, postCounts, categories: [...categories], mutedWordCounts };
}

const sameWords = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((word, index) => word === b[index]);

/** The reads the page makes (the browser's by default; a test counts them). */
export interface OptionsReads {
  subscriptions(): Promise<FeedSubscription[]>;
  folderAlerts(): Promise<Map<string, FeedAlerts>>;
  summaries(urls: readonly string[], mutedWords: readonly string[]): Promise<FeedSummary[]>;
  preferences(): Promise<Preferences>;
  nextCheck(): Promise<number | null>;
}

const browserReads: OptionsReads = {
  subscriptions: listSubscriptions,
  folderAlerts: readFolderAlerts,
  summaries: readFeedSummaries,
  preferences: readPreferences,
  nextCheck: async () => (await browser.alarms.get('digest-refresh'))?.scheduledTime ?? null,
};

/** A page's kept data: tell it each change; stop it when the page goes. */
export interface OptionsDataKeeper {
  note(change: Change): void;
  stop(): void;
}

/**
 * Reads the page's data, then keeps it up to date: each change marks what it touched, and one pass at a time
 * reads only that and calls `show` with the whole data. Changes arriving while a pass reads are handled
 * together by the next pass (a burst of them costs one read, not one each). No wait before a pass: the
 * import already announces feeds at most every 2 s, and a page that lags behind the import's "finished" by a
 * gathering delay would show a feed list that is not final yet.
 */
export function keepOptionsData(
  show: (data: OptionsData) => void,
  reads: OptionsReads = browserReads,
): OptionsDataKeeper {
  let pending: Pending = { ...nothingPending(), feedList: true, settings: true };
  let known: Omit<OptionsData, 'states' | 'postCounts' | 'categories' | 'mutedWordCounts'> | null = null;
  let summaries = new Map<string, FeedSummary>();
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function pass(): Promise<void> {
    const now = pending;
    pending = nothingPending();
    const [feeds, folderAlerts, preferences, nextCheck] = await Promise.all([
      known && !now.feedList ? known.feeds : reads.subscriptions(),
      known && !now.feedList ? known.folderAlerts : reads.folderAlerts(),
      known && !now.settings ? known.preferences : reads.preferences(),
      reads.nextCheck(),
    ]);
    const mutedWordsChanged = !known || !sameWords(known.preferences.mutedWords, preferences.mutedWords);
    const asked = feedsToSummarise(feeds, summaries, now.feeds, mutedWordsChanged);
    const read = asked.length > 0 ? await reads.summaries(asked, preferences.mutedWords) : [];
    if (stopped) return;
    summaries = mergeSummaries(summaries, feeds, asked, read);
    known = { feeds, folderAlerts, preferences, nextCheck };
    show({ ...known, ...optionsFigures(feeds, summaries, preferences.mutedWords) });
  }

  function run(): void {
    timer = undefined;
    if (running || stopped) return;
    running = true;
    pass()
      .catch((error: unknown) => {
        // Read everything again at the next change rather than show figures that may have missed one.
        console.error('[digest] the settings page could not read its data', error);
        known = null;
        summaries = new Map();
      })
      .finally(() => {
        running = false;
        if (isPending(pending) && !stopped) timer ??= setTimeout(run);
      });
  }

  run();
  return {
    note(change) {
      if (!noteChange(pending, change) || running || stopped) return;
      timer ??= setTimeout(run);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
