import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { markGroupRead, openDigestTab, openSettings, markLooked } from '@/components/actions';
import {
  EmptyState,
  ErrorBanners,
  IconButton,
  NewPostsAnnouncer,
  NoPostsState,
  RefreshButton,
} from '@/components/PageStatus';
import { DigestView } from '@/components/DigestView';
import { OpenIcon, SettingsIcon } from '@/components/icons';
import { PageHeader } from '@/components/PageHeader';
import { text } from '@/components/text';
import { keptUnreadBy, missesUnread, type PageStart } from '@/components/digest-data';
import { useDigest } from '@/components/useDigest';
import { useKeyboard } from '@/components/useKeyboard';
import { feedLabelsOf, useAfterFirstPaint, useClock, useSessionUnread } from '@/components/useSession';
import { groupByCategory, withoutHidden } from '@/components/post-list';
import { PicturesAllowed } from '@/components/RemoteImage';
import { postKeyString } from '@/utils/post';

/** The toolbar popup: unread posts first, grouped; read ones a click away. */
export function PopupApp({ start }: { start: PageStart }) {
  const { data, notice, requestAll, loadingAll } = useDigest(start.data);
  const [showRead, setShowRead] = useState(false);
  useEffect(() => markLooked(), []);
  const now = useClock(start.now);
  const painted = useAfterFirstPaint();
  const session = useSessionUnread(data.posts, data.loaded && !data.fromSnapshot);
  const { posts: visible, hiddenByWords } = useMemo(
    () => withoutHidden(data.posts, data.preferences),
    [data.posts, data.preferences],
  );
  const shown = showRead ? visible : visible.filter((post) => !post.read || session.has(postKeyString(post)));
  const hiddenRead = visible.length - shown.length;
  const byKey = useMemo(() => new Map(shown.map((post) => [postKeyString(post), post])), [shown]);
  useKeyboard({ posts: byKey, arrows: true });
  // Until every post is in (it is read only when asked: seconds at 100,000 posts), groups count by the kept counts.
  const keptByCategory = useMemo(
    () => (data.complete || data.fromSnapshot ? null : keptUnreadBy(data, (count) => count.category)),
    [data],
  );
  const limit = painted ? 25 : 5;
  // A category whose unread posts are older than the first read: the popup shows unread posts, so it asks for
  // all. Judged once, on the first read: after a mark the kept counts lag the page's own marks for a moment.
  const judged = useRef(false);
  useEffect(() => {
    if (judged.current || keptByCategory === null) return;
    judged.current = true;
    if (missesUnread(visible, keptByCategory, (post) => post.category, 25)) requestAll();
  }, [keptByCategory]);

  return (
    <PicturesAllowed.Provider value={data.preferences.showPictures}>
      <div class="app popup">
        <PageHeader data={data} visible={visible} now={now}>
          <RefreshButton />
          <IconButton label={text.openDigest} onClick={() => void openDigestTab(true)}>
            <OpenIcon />
          </IconButton>
          <IconButton label={text.settings} onClick={() => void openSettings(true)}>
            <SettingsIcon />
          </IconButton>
        </PageHeader>
        <main>
          <NewPostsAnnouncer
            keys={data.posts.map(postKeyString)}
            loaded={data.loaded && !data.fromSnapshot}
            whole={data.complete}
          />
          <ErrorBanners feeds={data.feeds} now={now} cacheError={data.error} notice={notice} />
          <NoPostsState data={data} />
          {data.loaded && data.complete && data.posts.length > 0 && shown.length === 0 && (
            <EmptyState title={text.caughtUp} detail={text.caughtUpDetail} />
          )}
          <DigestView
            groups={groupByCategory(shown)}
            now={now}
            feeds={feedLabelsOf(data.feeds, data.followed)}
            limit={limit}
            sections={painted ? undefined : 2}
            whole={data.complete}
            keptUnread={keptByCategory}
            requestAll={requestAll}
            markGroup={(group) =>
              void markGroupRead(
                {
                  category: group.key,
                  feedUrl: null,
                  mutedWords: data.preferences.mutedWords,
                  hiddenCategories: data.preferences.hideMutedCategories ? data.preferences.mutedCategories : [],
                  except: [],
                },
                group.posts,
              )
            }
          />
          {loadingAll && (
            <p class="loading-all" role="status">
              {text.loadingAll}
            </p>
          )}
        </main>
        {data.loaded && data.posts.length > 0 && (
          <footer class="popup-footer">
            {(!data.complete || hiddenRead > 0 || showRead) && (
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  // Read posts are mostly older than the first read: every post is asked for.
                  if (!showRead) requestAll();
                  setShowRead(!showRead);
                }}
              >
                {showRead ? text.hideRead : data.complete ? text.showRead(hiddenRead) : text.showReadAll}
              </button>
            )}
            {data.complete && hiddenByWords > 0 && (
              <button type="button" class="link-button" onClick={() => void openSettings(true)}>
                {text.hiddenByWords(hiddenByWords)}
              </button>
            )}
            <span class="keyboard-help">{text.popupKeyboardHelp}</span>
          </footer>
        )}
      </div>
    </PicturesAllowed.Provider>
  );
}
