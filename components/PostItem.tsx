import type { PostView } from '@/utils/db';
import { readingMinutes } from '@/components/post-list';
import { postKeyString } from '@/utils/post';
import { absoluteTime, nameList, relativeTime } from '@/utils/format';
import { openPost, setPostRead } from './actions';
import { FeedIcon, RemoteImage } from './RemoteImage';
import { text } from './text';
import type { FeedLabel } from './useSession';

interface Props {
  post: PostView;
  now: number;
  /** What the post shows of its feed: name and icon (when several are followed), and its language. */
  feed?: FeedLabel;
  /** Whether to show the post's picture as a thumbnail (the new tab's lists; the popup is too narrow). */
  thumbnail?: boolean;
  /** Whether to name the post's authors: when its feed has several (feedsWithSeveralAuthors). */
  showAuthors?: boolean;
}

/**
 * One post: an unread marker that toggles read state, the title (a link when it has one), summary, date,
 * reading time, authors where its feed has several, its feed's icon and name, and in the new tab its picture.
 * Text only: nothing from the feed is ever rendered as HTML; its pictures are http(s) `src`s and nothing else.
 */
export function PostItem({ post, now, feed, showAuthors = false, thumbnail = false }: Props) {
  const open = (event: MouseEvent) => {
    // Let the worker open it: it marks the post read and keeps the badge and every page in step.
    event.preventDefault();
    openPost(post);
  };
  const date = post.published ?? post.modified;
  // `?? []`: a page's snapshot kept by an older version may hold posts stored before authors existed.
  const authors = showAuthors ? (post.authors ?? []) : [];
  const minutes = readingMinutes(post.words);
  const title = post.title || text.untitled;
  const toggleLabel = post.read ? text.markUnread(title) : text.markRead(title);
  // The feed's language on its own text, so a screen reader pronounces it right (#13); never on Digest's words.
  const lang = feed?.language ?? undefined;
  // `?? null`: a snapshot kept by an older version holds posts stored before pictures were.
  const image = thumbnail ? (post.image ?? null) : null;
  return (
    <li
      class={post.read ? 'post' : 'post unread'}
      data-post-id={post.id}
      data-post-key={postKeyString(post)}
      tabIndex={-1}
    >
      <button
        type="button"
        class="read-toggle"
        aria-label={toggleLabel}
        title={toggleLabel}
        onClick={() => void setPostRead(post, !post.read)}
      >
        <span class={post.read ? 'read-mark' : 'unread-dot'} />
      </button>
      <div class="post-body">
        {/* elementtiming: `npm run bench:pages` reads when the first post title is painted. */}
        <h3 class="post-title" elementtiming="post">
          {post.url ? (
            <a
              href={post.url}
              target="_blank"
              rel="noopener noreferrer"
              onClick={open}
              lang={post.title ? lang : undefined}
            >
              {title}
            </a>
          ) : (
            <span class="post-title-text">
              <span lang={post.title ? lang : undefined}>{title}</span> <span class="no-link">({text.noLink})</span>
            </span>
          )}
        </h3>
        {post.summary && (
          <p class="post-summary" lang={lang}>
            {post.summary}
          </p>
        )}
        <p class="post-meta">
          {date && (
            <time dateTime={date} title={absoluteTime(date)}>
              {relativeTime(date, now)}
            </time>
          )}
          {minutes !== null && <span>{text.readingTime(minutes)}</span>}
          {authors.length > 0 && <span class="post-authors">{nameList(authors)}</span>}
          {feed?.name && (
            <span class="post-feed">
              <FeedIcon name={feed.name} src={feed.icon} />
              <span lang={lang}>{feed.name}</span>
            </span>
          )}
        </p>
      </div>
      {image && <RemoteImage class="post-thumb" src={image} />}
    </li>
  );
}
