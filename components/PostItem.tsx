import type { PostView } from '@/utils/db';
import { readingMinutes } from '@/components/post-list';
import { postKeyString } from '@/utils/post';
import { absoluteTime, nameList, relativeTime } from '@/utils/format';
import { openPost, setPostRead } from './actions';
import { text } from './text';

interface Props {
  post: PostView;
  now: number;
  /** The feed's name, shown when the reader follows more than one feed. */
  feedName?: string | null;
  /** Whether to name the post's authors: when its feed has several (feedsWithSeveralAuthors). */
  showAuthors?: boolean;
}

/**
 * One post: an unread marker that toggles read state, the title (a link when it has one), summary, date,
 * reading time, authors where its feed has several. Text only: nothing from the feed is ever rendered as HTML.
 */
export function PostItem({ post, now, feedName, showAuthors = false }: Props) {
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
            <a href={post.url} target="_blank" rel="noopener noreferrer" onClick={open}>
              {title}
            </a>
          ) : (
            <span class="post-title-text">
              {title} <span class="no-link">({text.noLink})</span>
            </span>
          )}
        </h3>
        {post.summary && <p class="post-summary">{post.summary}</p>}
        <p class="post-meta">
          {date && (
            <time dateTime={date} title={absoluteTime(date)}>
              {relativeTime(date, now)}
            </time>
          )}
          {minutes !== null && <span>{text.readingTime(minutes)}</span>}
          {authors.length > 0 && <span class="post-authors">{nameList(authors)}</span>}
          {feedName && <span class="post-feed">{feedName}</span>}
        </p>
      </div>
    </li>
  );
}
