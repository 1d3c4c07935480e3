import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { markLooked, markPostsRead, openSettings } from '@/components/actions';
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
import type { PageStart } from '@/components/digest-data';
import { useDigest } from '@/components/useDigest';
import { useKeyboard } from '@/components/useKeyboard';
import { feedLabelsOf, useAfterFirstPaint, useClock, useSessionUnread } from '@/components/useSession';
import {
  NO_FILTER,
  filterPosts,
  filterToHash,
  groupByCategory,
  groupPosts,
  isFiltering,
  newSince,
  parseFilterHash,
  searchTexts,
  withoutHidden,
  type DigestFilter,
} from '@/components/post-list';
import { PicturesAllowed } from '@/components/RemoteImage';
import { postKeyString } from '@/utils/post';
import { updatePreferences, type DigestGrouping } from '@/utils/settings';

/** The filter in the URL hash: typing replaces the entry, other changes add one, so Back steps through them. */
function useHashFilter(hash: string): [DigestFilter, (next: DigestFilter, replace: boolean) => void] {
  const [filter, setFilter] = useState(() => parseFilterHash(hash));
  useEffect(() => {
    const onHash = () => setFilter(parseFilterHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const update = (next: DigestFilter, replace: boolean) => {
    setFilter(next);
    const url = `${location.pathname}${location.search}${filterToHash(next)}`;
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
  };
  return [filter, update];
}

/** The new-tab digest: what is new since the last visit, then every category; searchable. */
export function NewTabApp({ start }: { start: PageStart }) {
  const { data, notice } = useDigest(start.data);
  // The visit before this one (this visit is recorded for next time).
  const previousVisit = start.previousVisit;
  const [filter, setFilter] = useHashFilter(start.hash);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => markLooked(), []);
  const now = useClock(start.now);
  const painted = useAfterFirstPaint();
  const session = useSessionUnread(data.posts, data.loaded && !data.fromSnapshot);
  const readHidden = !data.preferences.showReadPosts;
  const effective = { ...filter, unreadOnly: filter.unreadOnly || readHidden };

  const { posts: visible, hiddenByWords } = useMemo(
    () => withoutHidden(data.posts, data.preferences),
    [data.posts, data.preferences],
  );
  const texts = useMemo(() => searchTexts(visible), [visible]);
  const matching = useMemo(
    () =>
      filterPosts(visible, { ...effective, unreadOnly: false }, texts).filter(
        (post) => !effective.unreadOnly || !post.read || session.has(postKeyString(post)),
      ),
    [visible, texts, effective.query, effective.category, effective.unreadOnly, session.size],
  );
  const filtering = isFiltering(filter);
  const fresh = useMemo(
    () => (filtering ? [] : newSince(matching, previousVisit)),
    [matching, previousVisit, filtering],
  );
  const rest = useMemo(() => {
    const freshKeys = new Set(fresh.map(postKeyString));
    return matching.filter((post) => !freshKeys.has(postKeyString(post)));
  }, [matching, fresh]);
  // The address says how to group (a shared or reloaded view); else the reader's last choice.
  const grouping = filter.groupBy ?? data.preferences.digestGrouping;
  const byFeed = grouping === 'feed';
  // By folder only where the reader has folders; otherwise as by category.
  const hasFolders = Object.keys(data.folders).length > 0;
  const byFolder = grouping === 'folder' && hasFolders;
  const groups = useMemo(
    () =>
      byFeed
        ? groupPosts(rest, (post) => post.feedUrl)
        : byFolder
          ? groupPosts(rest, (post) => data.folders[post.feedUrl] ?? '')
          : groupByCategory(rest),
    [rest, byFeed, byFolder, data.folders],
  );
  const categories = useMemo(() => groupByCategory(visible).map((group) => group.key), [visible]);
  const byKey = useMemo(() => new Map(matching.map((post) => [postKeyString(post), post])), [matching]);
  const markShownRead = () => void markPostsRead(matching);
  useKeyboard({ posts: byKey, onSearch: () => search.current?.focus(), onMarkShownRead: markShownRead });

  const ready = data.loaded;
  const feeds = useMemo(() => feedLabelsOf(data.feeds, data.followed), [data.feeds, data.followed]);
  // Grouped by feed, the heading names the feed: its posts need no label (their language stays).
  const postFeeds = useMemo(
    () => (byFeed ? new Map([...feeds].map(([url, label]) => [url, { ...label, name: null, icon: null }])) : feeds),
    [feeds, byFeed],
  );
  const feedName = (url: string) =>
    feeds.get(url)?.name ?? data.feeds.find((feed) => feed.url === url)?.info?.title ?? new URL(url).host;
  const chooseGrouping = (next: DigestGrouping) => {
    setFilter({ ...filter, groupBy: next }, false);
    void updatePreferences({ digestGrouping: next });
  };

  return (
    <PicturesAllowed.Provider value={data.preferences.showPictures}>
      <div class="app newtab">
        <PageHeader data={data} visible={visible} now={now}>
          <RefreshButton label />
          <IconButton label={text.settings} onClick={() => void openSettings()}>
            <SettingsIcon />
          </IconButton>
        </PageHeader>
        <Filters
          filter={effective}
          categories={categories}
          readHidden={readHidden}
          searchRef={search}
          resultCount={filtering ? matching.length : null}
          canMarkRead={matching.some((post) => !post.read)}
          onChange={setFilter}
          onMarkShownRead={markShownRead}
          grouping={byFeed ? 'feed' : byFolder ? 'folder' : 'category'}
          groupings={hasFolders ? ['category', 'feed', 'folder'] : ['category', 'feed']}
          onGroupingChange={chooseGrouping}
        />
        <main>
          <NewPostsAnnouncer keys={data.posts.map(postKeyString)} loaded={data.loaded && !data.fromSnapshot} />
          <ErrorBanners feeds={data.feeds} now={now} cacheError={data.error} notice={notice} />
          <NoPostsState data={data} />
          {ready &&
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
              thumbnails
              limit={!painted ? 5 : filtering ? 200 : 12}
              sections={painted ? undefined : 6}
            />
          )}
          {ready && hiddenByWords > 0 && (
            <p class="hidden-note">
              <button type="button" class="link-button" onClick={() => void openSettings()}>
                {text.hiddenByWords(hiddenByWords)}
              </button>
            </p>
          )}
        </main>
        <FeedHealth feeds={data.feeds} followed={data.followed} now={now} />
      </div>
    </PicturesAllowed.Provider>
  );
}
