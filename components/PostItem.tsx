import type { PostView } from '@/utils/db';
import { absoluteTime, relativeTime } from '@/utils/format';
import { sendMessage } from '@/utils/messages';

interface Props {
  post: PostView;
  now: number;
}

/** One post: title (a link when it has one), summary, date, and an unread marker. Text only. */
export function PostItem({ post, now }: Props) {
  const open = (event: MouseEvent) => {
    event.preventDefault();
    void sendMessage('openPost', [post.feedUrl, post.id]);
  };
  const date = post.published ?? post.modified;
  return (
    <li class={post.read ? 'post' : 'post unread'} data-post-id={post.id}>
      <h3 class="post-title">
        {!post.read && <span class="unread-dot" role="img" aria-label="Unread" />}
        {post.url ? (
          <a href={post.url} target="_blank" rel="noopener noreferrer" onClick={open}>
            {post.title}
          </a>
        ) : (
          <span>{post.title}</span>
        )}
      </h3>
      {post.summary && <p class="post-summary">{post.summary}</p>}
      {date && (
        <time class="post-date" dateTime={date} title={absoluteTime(date)}>
          {relativeTime(date, now)}
        </time>
      )}
    </li>
  );
}
