import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { markGroupRead, markLooked, markPostsRead, openSettings } from '@/components/actions';
import {
  EmptyState,
  ErrorBanners,
  IconButton,
  NewPostsAnnouncer,
  NoPostsState,
  RefreshButton,
} from '@/components/PageStatus';
import { DigestView } from '@/components/DigestView';
import { FeedHealth } from '@/components/FeedHealth';
import { Filters } from '@/components/Filters';
import { SettingsIcon } from '@/components/icons';
import { PageHeader } from '@/components/PageHeader';
import { PostItem } from '@/components/PostItem';
import { text } from '@/components/text';
import { keptUnreadBy, missesUnread, type PageStart } from '@/components/digest-data';
import { useDigest } from '@/components/useDigest';
import { useKeyboard } from '@/components/useKeyboard';
import { feedLabelsOf, useAfterFirstPaint, useClock, useSessionUnread } from '@/components/useSession';
import {
  NO_FILTER,
  filterToHash,
  groupSortedPosts,
  isFiltering,
  feedsWithSeveralAuthors,
  lazyPostsByKey,
  narrowsQuery,
  newSinceSorted,
  parseFilterHash,
  sortNewestFirst,
  withoutHidden,
  type DigestFilter,
  type PostGroup,
} from '@/components/post-list';
import { PicturesAllowed } from '@/components/RemoteImage';
import { createSearchIndex, indexSlice, indexedMatchingIndices, type SearchIndex } from '@/components/search-index';
import type { PostKey, PostView } from '@/utils/db';
import { postKeyString } from '@/utils/post';
import { updatePreferences, type DigestGrouping } from '@/utils/settings';

/**
 * The filter in the URL hash: typing replaces the entry, other changes add one, so Back steps through them.
 * A key's address is written a task later (the last of quick keys only): replaceState took 3–7 ms of the
 * key's own event at 100,000 posts.
 */
function useHashFilter(hash: string): [DigestFilter, (next: DigestFilter, replace: boolean) => void] {
  const [filter, setFilter] = useState(() => parseFilterHash(hash));
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; url: string } | null>(null);
  const writePending = () => {
    if (!pending.current) return;
    clearTimeout(pending.current.timer);
    history.replaceState(null, '', pending.current.url);
    pending.current = null;
  };
  useEffect(() => {
    const onHash = () => setFilter(parseFilterHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
      writePending();
    };
  }, []);
  const update = (next: DigestFilter, replace: boolean) => {
    setFilter(next);
    const url = `${location.pathname}${location.search}${filterToHash(next)}`;
    if (replace) {
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = { timer: setTimeout(writePending, 0), url };
    } else {
      // The typed query's entry first, so Back returns to it.
      writePending();
      history.pushState(null, '', url);
    }
  };
  return [filter, update];
}

/**
 * The query the results show: the typed one, a task after the last key (stale runs dropped), so a
 * keystroke's own script stays small at 100,000 posts.
 */
function useSettledQuery(query: string): string {
  const [settled, setSettled] = useState(query);
  useEffect(() => {
    if (query === settled) return;
    const timer = setTimeout(() => setSettled(query), 0);
    return () => clearTimeout(timer);
  }, [query]);
  return settled;
}

/** The search index over the sorted posts, filled in idle slices after each data change (exact while it fills). */
function useSearchIndex(sorted: readonly PostView[]): SearchIndex {
  const index = useMemo(() => createSearchIndex(sorted), [sorted]);
  useEffect(() => {
    let cancel = () => {};
    const fill = (deadline?: IdleDeadline) => {
      // At most 8 ms at a time: a key pressed meanwhile waits for the slice.
      const until = performance.now() + 8;
      const timeLeft = () => Math.min(deadline?.timeRemaining() ?? 8, until - performance.now());
      if (!indexSlice(index, timeLeft)) schedule();
      // `npm run bench:scale` reads when the index is whole.
      else performance.mark('digest:search-index');
    };
    const schedule = () => {
      if (typeof requestIdleCallback === 'function') {
        const handle = requestIdleCallback(fill);
        cancel = () => cancelIdleCallback(handle);
      } else {
        const timer = setTimeout(fill, 0);
        cancel = () => clearTimeout(timer);
      }
    };
    schedule();
    return () => cancel();
  }, [index]);
  return index;
}

/** Posts a group shows while searching: the first slice with the results, then more a task at a time. */
const SEARCH_LIMIT = 200;
const SEARCH_FIRST_SLICE = 20;
const SEARCH_SLICE = 20;

/**
 * How many posts a group shows while searching, for these results: the first slice in the results' own
 * task, then a slice more per task up to SEARCH_LIMIT, so no task renders 200 posts a group (1,200 posts
 * at once at 100,000). New results start again from the first slice; a stale growth is dropped.
 */
function useGrowingLimit(results: unknown, searching: boolean): number {
  const [grown, setGrown] = useState<{ results: unknown; limit: number }>({ results, limit: SEARCH_FIRST_SLICE });
  const limit = grown.results === results ? grown.limit : SEARCH_FIRST_SLICE;
  useEffect(() => {
    if (!searching || limit >= SEARCH_LIMIT) return;
    const timer = setTimeout(() => setGrown({ results, limit: Math.min(SEARCH_LIMIT, limit + SEARCH_SLICE) }), 0);
    return () => clearTimeout(timer);
  }, [results, limit, searching]);
  return limit;
}

/** The new-tab digest: what is new since the last visit, then every category; searchable. */
export function NewTabApp({ start }: { start: PageStart }) {
  const { data, notice, requestAll, loadingAll } = useDigest(start.data);
  // The visit before this one (this visit is recorded for next time).
  const previousVisit = start.previousVisit;
  const [filter, setFilter] = useHashFilter(start.hash);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => markLooked(), []);
  const clock = useClock(start.now);
  const painted = useAfterFirstPaint();
  // The time the page renders with changes with the data or the minute (relative times say minutes), not on
  // every render: a new one each keystroke re-rendered every post shown and the footer's 200 feeds.
  const minute = Math.floor(clock / 60_000);
  const now = useMemo(() => clock, [data, painted, minute]);
  const session = useSessionUnread(data.posts, data.loaded && !data.fromSnapshot);
  const readHidden = !data.preferences.showReadPosts;
  const effective = { ...filter, unreadOnly: filter.unreadOnly || readHidden };

  const { posts: visible, hiddenByWords } = useMemo(
    () => withoutHidden(data.posts, data.preferences),
    [data.posts, data.preferences],
  );
  // Sorted newest first once per data change: filtering keeps the order, so no keystroke sorts.
  const sorted = useMemo(() => sortNewestFirst(visible), [visible]);
  const searchIndex = useSearchIndex(sorted);
  // The input shows each key at once; the results follow a task later, and only for the latest query.
  const shownQuery = useSettledQuery(effective.query);
  const narrowing = useRef<{
    sorted: PostView[];
    query: string;
    category: string | null;
    indices: number[];
    unreadOnly: boolean;
    sessionSize: number;
    matching: PostView[];
  } | null>(null);
  /** The posts at these indices of `sorted` that "unread only" keeps (read this visit: kept). */
  const postsShown = (indices: readonly number[]): PostView[] => {
    const out: PostView[] = [];
    for (const index of indices) {
      const post = sorted[index]!;
      if (!effective.unreadOnly || !post.read || session.has(postKeyString(post))) out.push(post);
    }
    return out;
  };
  const matching = useMemo(() => {
    const textFilter = { ...effective, query: shownQuery, unreadOnly: false };
    const last = narrowing.current;
    // Typing on narrows the last matches: filter those instead of every post.
    const narrows =
      last !== null &&
      last.sorted === sorted &&
      last.category === effective.category &&
      narrowsQuery(last.query, shownQuery);
    const indices = indexedMatchingIndices(textFilter, searchIndex, narrows ? last.indices : undefined);
    // Narrowed to the same posts (a subset of the same size): the same array, so nothing re-renders.
    if (
      narrows &&
      indices.length === last.indices.length &&
      last.unreadOnly === effective.unreadOnly &&
      last.sessionSize === session.size
    ) {
      last.query = shownQuery;
      return last.matching;
    }
    const out = postsShown(indices);
    narrowing.current = {
      sorted,
      query: shownQuery,
      category: effective.category,
      indices,
      unreadOnly: effective.unreadOnly,
      sessionSize: session.size,
      matching: out,
    };
    return out;
  }, [sorted, searchIndex, shownQuery, effective.category, effective.unreadOnly, session.size]);
  const filtering = isFiltering({ ...filter, query: shownQuery });
  const fresh = useMemo(
    () => (filtering ? [] : newSinceSorted(matching, previousVisit)),
    [matching, previousVisit, filtering],
  );
  // The new posts are the sorted list's first ones.
  const rest = useMemo(() => (fresh.length === 0 ? matching : matching.slice(fresh.length)), [matching, fresh]);
  // The address says how to group (a shared or reloaded view); else the reader's last choice.
  const grouping = filter.groupBy ?? data.preferences.digestGrouping;
  const byFeed = grouping === 'feed';
  // By folder only where the reader has folders; otherwise as by category.
  const hasFolders = Object.keys(data.folders).length > 0;
  const byFolder = grouping === 'folder' && hasFolders;
  const groups = useMemo(
    () =>
      byFeed
        ? groupSortedPosts(rest, (post) => post.feedUrl)
        : byFolder
          ? groupSortedPosts(rest, (post) => data.folders[post.feedUrl] ?? '')
          : groupSortedPosts(rest, (post) => post.category),
    [rest, byFeed, byFolder, data.folders],
  );
  const categories = useMemo(
    () => groupSortedPosts(sorted, (post) => post.category).map((group) => group.key),
    [sorted],
  );
  // Which feeds name several authors, once per data change over every post shown unfiltered: over the
  // results, it walked every match per key (100,000 on the first letter), and authors came and went as a
  // search narrowed.
  const severalAuthors = useMemo(() => feedsWithSeveralAuthors(sorted), [sorted]);
  const searchLimit = useGrowingLimit(groups, filtering && painted);
  const limit = !painted ? 5 : filtering ? searchLimit : 12;
  // Until every post is in (read only when asked: seconds at 100,000 posts), groups count by the kept counts;
  // by folder, the page asks for every post.
  const keptByGroup = useMemo(
    () =>
      data.complete || data.fromSnapshot || byFolder
        ? null
        : keptUnreadBy(data, byFeed ? (count) => count.feedUrl : (count) => count.category),
    [data, byFeed, byFolder],
  );
  // What a filter, a search or folders show depends on every post.
  const needsAll = filtering || byFolder;
  useEffect(() => {
    if (needsAll) requestAll();
  }, [needsAll]);
  // So does a group whose unread posts are older than the first read (it would be missing). Judged once per
  // grouping, on the first read: after a mark the kept counts lag the page's own marks for a moment.
  const judged = useRef<boolean | null>(null);
  useEffect(() => {
    if (judged.current === byFeed || keptByGroup === null) return;
    judged.current = byFeed;
    const keyOf = byFeed ? (post: PostView) => post.feedUrl : (post: PostView) => post.category;
    if (missesUnread(visible, keptByGroup, keyOf, 12)) requestAll();
  }, [keptByGroup, byFeed]);
  // A filter's results wait for every post: shown from the newest alone they would be wrong.
  const waitingForAll = !data.complete && (filtering || byFolder);
  const canMarkRead = useMemo(() => matching.some((post) => !post.read), [matching]);
  // Keyed only when a shortcut looks a post up, not on every keystroke.
  const byKey = useMemo(() => lazyPostsByKey(matching), [matching]);
  // Only once every post is in: before, "shown" would leave out the posts still loading.
  // Shift+A right after a key marks what the typed query shows, not the results of the query before it,
  // which are still on screen until the results' task runs.
  const markPending = useRef(false);
  const markShownRead = () => {
    if (!data.complete) {
      // Done once every post is in, over what is shown then.
      markPending.current = true;
      requestAll();
      return;
    }
    const shown =
      shownQuery === effective.query
        ? matching
        : postsShown(indexedMatchingIndices({ ...effective, unreadOnly: false }, searchIndex));
    void markPostsRead(shown);
  };
  useKeyboard({ posts: byKey, onSearch: () => search.current?.focus(), onMarkShownRead: markShownRead });
  useEffect(() => {
    if (!markPending.current || !data.complete) return;
    markPending.current = false;
    markShownRead();
  }, [data.complete, matching]);

  // Once per data change: a new array each render would re-run the announcer over every post per keystroke.
  const postKeys = useMemo(() => data.posts.map(postKeyString), [data.posts]);
  const ready = data.loaded;
  const feeds = useMemo(() => feedLabelsOf(data.feeds, data.followed), [data.feeds, data.followed]);
  // Grouped by feed, the heading names the feed: its posts need no label (their language stays).
  const postFeeds = useMemo(
    () => (byFeed ? new Map([...feeds].map(([url, label]) => [url, { ...label, name: null, icon: null }])) : feeds),
    [feeds, byFeed],
  );
  const feedName = (url: string) =>
    feeds.get(url)?.name ?? data.feeds.find((feed) => feed.url === url)?.info?.title ?? new URL(url).host;
  // A group's "mark all read" before every post is in: the worker marks what the page has not read. The posts
  // "New since your last visit" shows apart are not the group's.
  const markGroup = useMemo(() => {
    const { mutedWords, hideMutedCategories, mutedCategories } = data.preferences;
    const except = fresh.map((post): PostKey => [post.feedUrl, post.id]);
    return (group: PostGroup) =>
      void markGroupRead(
        {
          category: byFeed ? null : group.key,
          feedUrl: byFeed ? group.key : null,
          mutedWords,
          hiddenCategories: hideMutedCategories ? mutedCategories : [],
          except,
        },
        group.posts,
      );
  }, [data.preferences, fresh, byFeed]);
  const chooseGrouping = (next: DigestGrouping) => {
    requestAll();
    setFilter({ ...filter, groupBy: next }, false);
    void updatePreferences({ digestGrouping: next });
  };

  // The results as one element, kept while they are unchanged: a keystroke re-renders the page for the
  // input, and without this would re-render every post shown (up to 200 a group while searching).
  const results = useMemo(
    () => (
      <>
        {ready && fresh.length > 0 && (
          <section class="new-since" aria-labelledby="new-since-title">
            <h2 id="new-since-title" class="section-title">
              {text.newSinceVisit}
            </h2>
            <ul class="posts">
              {fresh.map((post) => (
                <PostItem key={postKeyString(post)} post={post} now={now} feed={feeds.get(post.feedUrl)} thumbnail />
              ))}
            </ul>
          </section>
        )}
        {ready && (
          <DigestView
            groups={groups}
            groupName={byFeed ? feedName : byFolder ? (folder: string) => folder || text.noFolder : undefined}
            now={now}
            feeds={postFeeds}
            severalAuthors={severalAuthors}
            thumbnails
            limit={limit}
            sections={painted ? undefined : 6}
            whole={data.complete}
            keptUnread={keptByGroup}
            requestAll={requestAll}
            markGroup={byFolder ? undefined : markGroup}
          />
        )}
      </>
    ),
    [
      ready,
      fresh,
      groups,
      byFeed,
      byFolder,
      feeds,
      data.feeds,
      now,
      postFeeds,
      severalAuthors,
      painted,
      filtering,
      limit,
      data.complete,
      keptByGroup,
      markGroup,
    ],
  );

  // The page around the results, kept while its own inputs are unchanged, so a keystroke renders only the
  // filters (at 100,000 posts the footer alone lists 200 feeds with their times).
  const header = useMemo(
    () => (
      <PageHeader data={data} visible={visible} now={now}>
        <RefreshButton label />
        <IconButton label={text.settings} onClick={() => void openSettings()}>
          <SettingsIcon />
        </IconButton>
      </PageHeader>
    ),
    [data, visible, now],
  );
  const statusAbove = useMemo(
    () => (
      <>
        <NewPostsAnnouncer keys={postKeys} loaded={data.loaded && !data.fromSnapshot} whole={data.complete} />
        <ErrorBanners feeds={data.feeds} now={now} cacheError={data.error} notice={notice} />
        <NoPostsState data={data} />
      </>
    ),
    [postKeys, data, now, notice],
  );
  const footer = useMemo(
    () => <FeedHealth feeds={data.feeds} followed={data.followed} now={now} />,
    [data.feeds, data.followed, now],
  );

  return (
    <PicturesAllowed.Provider value={data.preferences.showPictures}>
      <div class="app newtab">
        {header}
        <Filters
          filter={effective}
          categories={categories}
          readHidden={readHidden}
          searchRef={search}
          resultCount={filtering && data.complete ? matching.length : null}
          canMarkRead={canMarkRead && !waitingForAll}
          onChange={setFilter}
          onMarkShownRead={markShownRead}
          grouping={byFeed ? 'feed' : byFolder ? 'folder' : 'category'}
          groupings={hasFolders ? ['category', 'feed', 'folder'] : ['category', 'feed']}
          onGroupingChange={chooseGrouping}
        />
        <main>
          {statusAbove}
          {ready &&
            data.complete &&
            data.posts.length > 0 &&
            matching.length === 0 &&
            (filtering ? (
              <EmptyState title={text.noMatches} detail={text.noMatchesDetail}>
                <button type="button" class="link-button" onClick={() => setFilter(NO_FILTER, false)}>
                  {text.clearFilters}
                </button>
              </EmptyState>
            ) : (
              <EmptyState title={text.caughtUp} detail={text.caughtUpDetail} />
            ))}
          {waitingForAll || !ready ? null : results}
          {ready && (loadingAll || waitingForAll) && (
            <p class="loading-all" role="status">
              {text.loadingAll}
            </p>
          )}
          {ready && data.complete && hiddenByWords > 0 && (
            <p class="hidden-note">
              <button type="button" class="link-button" onClick={() => void openSettings()}>
                {text.hiddenByWords(hiddenByWords)}
              </button>
            </p>
          )}
        </main>
        {footer}
      </div>
    </PicturesAllowed.Provider>
  );
}
