import type { ComponentChildren } from 'preact';
import type { FeedState } from '@/utils/db';
import { StatusLine } from './Chrome';
import { text } from './text';

interface Props {
  feeds: readonly FeedState[];
  followed: readonly string[];
  unread: number;
  /** Posts in the digest (no unread count or "caught up" before there are any). */
  total: number;
  now: number;
  loaded: boolean;
  /** Buttons on the right: refresh, open digest, settings. */
  children: ComponentChildren;
}

/** The page's title (the feed's, when there is one feed), its unread count and last update, and actions. */
export function PageHeader({ feeds, followed, unread, total, now, loaded, children }: Props) {
  const only = followed.length === 1 ? feeds.find((feed) => feed.url === followed[0]) : undefined;
  const title = only?.info?.title ?? text.appName;
  return (
    <header class="app-header">
      <div class="app-heading">
        <h1 class="app-title">{title}</h1>
        {/* The line keeps its height while loading, so nothing below moves when data arrives. */}
        {loaded ? (
          <StatusLine unread={unread} total={total} feeds={feeds} now={now} />
        ) : (
          <p class="status-line">&nbsp;</p>
        )}
      </div>
      <div class="app-actions">{children}</div>
    </header>
  );
}
