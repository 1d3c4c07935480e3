import { groupByCategory, unreadCount } from '@/utils/digest';
import { DigestView } from './DigestView';
import { useDigest } from './useDigest';

interface Props {
  /** Which page renders it; the stylesheet sizes each. */
  variant: 'popup' | 'newtab';
}

/** A whole digest page: header with the feed's title and unread count, states, and the grouped posts. */
export function DigestApp({ variant }: Props) {
  const { posts, feeds, loaded, error } = useDigest();
  const now = Date.now();
  const title = feeds.length === 1 ? (feeds[0]?.info?.title ?? 'Digest') : 'Digest';
  const unread = unreadCount(posts);
  const lastError = feeds.find((feed) => feed.lastError)?.lastError;
  return (
    <div class={`app ${variant}`}>
      <header class="app-header">
        <h1 class="app-title">{title}</h1>
        <p class="app-unread" aria-live="polite">
          {unread > 0 ? `${unread} unread` : posts.length > 0 ? "You're all caught up" : ''}
        </p>
      </header>
      <main>
        {lastError && (
          <p class="banner error" role="alert">
            {lastError.kind}: {lastError.message}
          </p>
        )}
        {error && (
          <p class="banner error" role="alert">
            The local cache could not be read: {error}
          </p>
        )}
        {loaded && posts.length === 0 && !lastError && <p class="empty">Fetching your feed…</p>}
        <DigestView groups={groupByCategory(posts)} now={now} />
      </main>
    </div>
  );
}
