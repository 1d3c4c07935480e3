import type { CategoryGroup } from '@/utils/digest';
import { PostItem } from './PostItem';

interface Props {
  groups: CategoryGroup[];
  now: number;
}

/** The digest body: one section per category, each with its unread count and posts. */
export function DigestView({ groups, now }: Props) {
  return (
    <div class="digest">
      {groups.map((group) => (
        <section class="category" key={group.category} aria-labelledby={`cat-${slug(group.category)}`}>
          <h2 id={`cat-${slug(group.category)}`} class="category-title">
            <span class="category-name">{group.category}</span>
            {group.unread > 0 && (
              <span class="category-unread" aria-label={`${group.unread} unread`}>
                {group.unread}
              </span>
            )}
          </h2>
          <ul class="posts">
            {group.posts.map((post) => (
              <PostItem key={`${post.feedUrl}\n${post.id}`} post={post} now={now} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
