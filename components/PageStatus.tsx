// The parts around the posts that both pages share: refresh button, status line, error banner, empty states.
import type { ComponentChildren } from 'preact';
import type { DigestData } from './digest-data';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FeedState } from '@/utils/db';
import { describeError } from '@/utils/error-text';
import { absoluteTime, relativeTime } from '@/utils/format';
import { refreshAllFeeds } from './actions';
import { RefreshIcon } from './icons';
import { text } from './text';

/** The most recent successful update of any feed, or null. */
export function lastUpdate(feeds: readonly FeedState[]): string | null {
  let latest: string | null = null;
  for (const feed of feeds) if (feed.lastSuccess && (!latest || feed.lastSuccess > latest)) latest = feed.lastSuccess;
  return latest;
}

/** A refresh button whose busy state always ends, whether the refresh succeeds, fails or the worker dies. */
export function RefreshButton({ label = false }: { label?: boolean }) {
  const [busy, setBusy] = useState(false);
  const refresh = async () => {
    setBusy(true);
    try {
      await refreshAllFeeds();
    } catch (error) {
      console.warn('[digest] refresh failed', error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      class={busy ? 'icon-button busy' : 'icon-button'}
      onClick={() => void refresh()}
      disabled={busy}
      aria-label={busy ? text.refreshing : text.refresh}
      title={busy ? text.refreshing : text.refresh}
    >
      <RefreshIcon />
      {label && <span>{busy ? text.refreshing : text.refresh}</span>}
    </button>
  );
}

/** "12 unread · Updated 5 min ago", quietly; without the count while it is not known yet (`unread` null). */
export function StatusLine({
  unread,
  total,
  feeds,
  now,
}: {
  unread: number | null;
  total: number;
  feeds: readonly FeedState[];
  now: number;
}) {
  const updated = lastUpdate(feeds);
  return (
    <p class="status-line">
      {total > 0 && unread !== null && (
        <>
          <span class="status-unread">{unread > 0 ? text.unread(unread) : text.caughtUp}</span>
          <span aria-hidden="true"> · </span>
        </>
      )}
      {updated ? (
        <time dateTime={updated} title={absoluteTime(updated)}>
          {text.updated(relativeTime(updated, now))}
        </time>
      ) : (
        <span>{text.neverUpdated}</span>
      )}
    </p>
  );
}

/** One banner per failing feed: what went wrong and when it last worked; cached posts stay below. */
export function ErrorBanners({
  feeds,
  now,
  cacheError,
  notice = null,
}: {
  feeds: readonly FeedState[];
  now: number;
  cacheError: string | null;
  /** A change of the reader's the worker refused (and the page undid). */
  notice?: string | null;
}) {
  const failing = feeds.filter((feed) => feed.lastError);
  if (failing.length === 0 && !cacheError && !notice) return null;
  return (
    <div class="banners">
      {notice && (
        <p class="banner error" role="alert">
          {notice}
        </p>
      )}
      {cacheError && (
        <p class="banner error" role="alert">
          {text.cacheError(cacheError)}
        </p>
      )}
      {failing.map((feed) => (
        <p class="banner error" role="alert" key={feed.url}>
          <strong>{text.feedError(feed.info?.title ?? new URL(feed.url).host)}</strong>{' '}
          {describeError(feed.lastError!, feed.url)}{' '}
          {feed.lastSuccess ? text.lastSuccess(relativeTime(feed.lastSuccess, now)) : text.neverSucceeded}
        </p>
      ))}
    </div>
  );
}

/** A calm message in place of posts: first run, an empty feed, all read, no matches. */
export function EmptyState({
  title,
  detail,
  children,
}: {
  title: string;
  detail: string;
  children?: ComponentChildren;
}) {
  return (
    <div class="empty" role="status">
      <p class="empty-title">{title}</p>
      <p class="empty-detail">{detail}</p>
      {children}
    </div>
  );
}

/**
 * Announces posts that arrive while the page is open ("2 new posts") to screen readers, politely.
 * The first load is not announced: the page itself shows it; nor are the older posts that come when the page
 * asks for every post (`whole` turning true).
 */
export function NewPostsAnnouncer({
  keys,
  loaded,
  whole = true,
}: {
  keys: readonly string[];
  loaded: boolean;
  /** Every post is in (DigestData.complete). */
  whole?: boolean;
}) {
  const seen = useRef<Set<string> | null>(null);
  const wasWhole = useRef(whole);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (!loaded) return;
    const restCame = whole && !wasWhole.current;
    wasWhole.current = whole;
    if (seen.current === null || restCame) {
      seen.current = new Set(keys);
      return;
    }
    const fresh = keys.filter((key) => !seen.current!.has(key));
    for (const key of fresh) seen.current.add(key);
    if (fresh.length > 0) setMessage(text.newPosts(fresh.length));
  }, [keys, loaded]);
  return (
    <p class="visually-hidden" aria-live="polite" aria-atomic="true">
      {message}
    </p>
  );
}

/** A button that shows only an icon; its label names it for screen readers and as a tooltip. */
export function IconButton({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: ComponentChildren;
}) {
  return (
    <button type="button" class="icon-button" aria-label={label} title={label} onClick={onClick}>
      {children}
    </button>
  );
}

/** What to show when there are no posts at all: still fetching the first time, failing, or an empty feed. */
export function NoPostsState({ data }: { data: DigestData }) {
  if (!data.loaded || data.posts.length > 0 || data.error) return null;
  if (data.feeds.some((feed) => feed.lastSuccess))
    return <EmptyState title={text.emptyFeed} detail={text.emptyFeedDetail} />;
  if (data.feeds.some((feed) => feed.lastError))
    return <EmptyState title={text.nothingYet} detail={text.nothingYetDetail} />;
  return <EmptyState title={text.fetching} detail={text.fetchingDetail} />;
}
