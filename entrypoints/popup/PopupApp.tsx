import { useEffect, useMemo, useState } from 'preact/hooks';
import { openDigestTab, openSettings, markLooked } from '@/components/actions';
import { EmptyState, ErrorBanners, NewPostsAnnouncer, RefreshButton } from '@/components/Chrome';
import { DigestView } from '@/components/DigestView';
import { OpenIcon, SettingsIcon } from '@/components/icons';
import { PageHeader } from '@/components/PageHeader';
import { text } from '@/components/text';
import { useDigest } from '@/components/useDigest';
import { useKeyboard } from '@/components/useKeyboard';
import { feedNamesOf, useSessionUnread } from '@/components/useSession';
import { groupByCategory, postKeyString, unreadCount, withoutHidden } from '@/utils/digest';

/** The toolbar popup: unread posts first, grouped; read ones a click away. */
export function PopupApp() {
  const data = useDigest();
  const [showRead, setShowRead] = useState(false);
  useEffect(markLooked, []);
  const now = Date.now();
  const session = useSessionUnread(data.posts, data.loaded && !data.fromSnapshot);
  const visible = useMemo(() => withoutHidden(data.posts, data.preferences), [data.posts, data.preferences]);
  const shown = showRead ? visible : visible.filter((post) => !post.read || session.has(postKeyString(post)));
  const hiddenRead = visible.length - shown.length;
  const byKey = useMemo(() => new Map(shown.map((post) => [postKeyString(post), post])), [shown]);
  useKeyboard({ posts: byKey, arrows: true });
  const unread = unreadCount(visible);
  const everSucceeded = data.feeds.some((feed) => feed.lastSuccess);
  const failing = data.feeds.some((feed) => feed.lastError);

  return (
    <div class="app popup">
      <PageHeader
        feeds={data.feeds}
        followed={data.followed}
        unread={unread}
        total={visible.length}
        now={now}
        loaded={data.loaded}
      >
        <RefreshButton />
        <button
          type="button"
          class="icon-button"
          aria-label={text.openDigest}
          title={text.openDigest}
          onClick={() => void openDigestTab(true)}
        >
          <OpenIcon />
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label={text.settings}
          title={text.settings}
          onClick={() => void openSettings(true)}
        >
          <SettingsIcon />
        </button>
      </PageHeader>
      <main>
        <NewPostsAnnouncer keys={data.posts.map(postKeyString)} loaded={data.loaded && !data.fromSnapshot} />
        <ErrorBanners feeds={data.feeds} now={now} cacheError={data.error} />
        {data.loaded && data.posts.length === 0 && !everSucceeded && !failing && !data.error && (
          <EmptyState title={text.fetching} detail={text.fetchingDetail} />
        )}
        {data.loaded && data.posts.length === 0 && !everSucceeded && failing && (
          <EmptyState title={text.nothingYet} detail={text.nothingYetDetail} />
        )}
        {data.loaded && data.posts.length === 0 && everSucceeded && (
          <EmptyState title={text.emptyFeed} detail={text.emptyFeedDetail} />
        )}
        {data.loaded && visible.length > 0 && shown.length === 0 && (
          <EmptyState title={text.caughtUp} detail={text.caughtUpDetail} />
        )}
        <DigestView
          groups={groupByCategory(shown)}
          now={now}
          feedNames={feedNamesOf(data.feeds, data.followed)}
          limit={25}
        />
      </main>
      {data.loaded && visible.length > 0 && (
        <footer class="popup-footer">
          {(hiddenRead > 0 || showRead) && (
            <button type="button" class="link-button" onClick={() => setShowRead(!showRead)}>
              {showRead ? text.hideRead : text.showRead(hiddenRead)}
            </button>
          )}
          <span class="keyboard-help">{text.popupKeyboardHelp}</span>
        </footer>
      )}
    </div>
  );
}
