import type { VNode } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PostView } from '@/utils/db';
import { feedsWithSeveralAuthors, type PostGroup } from '@/components/post-list';
import { postKeyString } from '@/utils/post';
import { markPostsRead } from './actions';
import { PostItem } from './PostItem';
import { text } from './text';
import type { FeedLabel } from './useSession';

interface Props {
  groups: PostGroup[];
  /** A group's heading (by default its key is a category). */
  groupName?: (key: string) => string;
  now: number;
  /** Each followed feed's name, icon and language by URL (feedLabelsOf). */
  feeds: Map<string, FeedLabel>;
  /** The feeds whose posts name several authors (feedsWithSeveralAuthors); by default, of these groups' posts. */
  severalAuthors?: Set<string>;
  /** Whether posts show their pictures (the new tab). */
  thumbnails?: boolean;
  /** Posts shown per category before "Show more" (keeps 3,000 posts fast and calm). */
  limit: number;
  /** Prefix for heading ids, so two views on one page stay unique. */
  idPrefix?: string;
  /**
   * Only the first categories, and no "Show more" yet: a first frame needs only what fills the screen, and
   * a button it showed would vanish under the posts that come a frame later.
   */
  sections?: number;
  /**
   * The groups hold every post (default): false while the page has only the newest, so a group's count is the
   * kept one (`keptUnread`), and "mark all read" and "Show more" ask for every post first (#14).
   */
  whole?: boolean;
  /** Each group's unread count from the kept counts, by group key, while not `whole` (null: not known). */
  keptUnread?: ReadonlyMap<string, number> | null;
  /** Asks the page for every post (useDigest's `requestAll`). */
  requestAll?: () => void;
  /**
   * A group's "mark all read" while not `whole`: the worker marks its posts the page has not read too
   * (actions.markGroupRead). Without it, the page asks for every post first, then marks.
   */
  markGroup?: (group: PostGroup) => void;
}

/** The digest body: one section per group (category, feed or folder) with its unread count, "mark all read", and its posts. */
export function DigestView({
  groups,
  groupName = text.categoryLabel,
  now,
  feeds,
  severalAuthors: givenSeveralAuthors,
  thumbnails = false,
  limit,
  idPrefix = 'cat',
  sections,
  whole = true,
  keptUnread = null,
  requestAll = () => {},
  markGroup,
}: Props) {
  const severalAuthors = useMemo(
    () => givenSeveralAuthors ?? feedsWithSeveralAuthors(groups.flatMap((group) => group.posts)),
    [groups, givenSeveralAuthors],
  );
  return (
    <div class="digest">
      {groups.slice(0, sections).map((group) => (
        <CategorySection
          key={group.key}
          group={group}
          name={groupName(group.key)}
          now={now}
          feeds={feeds}
          thumbnails={thumbnails}
          severalAuthors={severalAuthors}
          limit={limit}
          idPrefix={idPrefix}
          showMore={sections === undefined}
          whole={whole}
          unread={whole ? group.unread : keptUnread?.get(group.key)}
          requestAll={requestAll}
          markGroup={markGroup}
        />
      ))}
    </div>
  );
}

function CategorySection({
  group,
  now,
  feeds,
  thumbnails,
  severalAuthors,
  limit,
  idPrefix,
  showMore,
  whole,
  unread,
  requestAll,
  markGroup,
  name,
}: Omit<Props, 'groups' | 'sections' | 'groupName' | 'severalAuthors' | 'keptUnread'> & {
  group: PostGroup;
  name: string;
  severalAuthors: Set<string>;
  showMore: boolean;
  whole: boolean;
  /** The group's unread count, with every post (undefined: not known yet). */
  unread: number | undefined;
  requestAll: () => void;
}) {
  const [expanded, setExpanded] = useState(false);
  // "Mark all read" pressed before every post was in: done once they are, over the whole group.
  const [markWhenWhole, setMarkWhenWhole] = useState(false);
  useEffect(() => {
    if (!markWhenWhole || !whole) return;
    setMarkWhenWhole(false);
    void markPostsRead(group.posts);
  }, [markWhenWhole, whole, group]);
  const markAll = () => {
    if (whole) void markPostsRead(group.posts);
    else if (markGroup) markGroup(group);
    else {
      setMarkWhenWhole(true);
      requestAll();
    }
  };
  const id = `${idPrefix}-${slug(group.key)}`;
  const shown = expanded ? group.posts : group.posts.slice(0, limit);
  const hidden = group.posts.length - shown.length;
  // Each post's element kept while the group and its props are unchanged: a search's results shown a slice
  // more at a time then render only the new posts, not again every one shown.
  const items = useMemo(() => new Map<PostView, VNode>(), [group, now, feeds, thumbnails, severalAuthors]);
  return (
    <section class="category" aria-labelledby={id}>
      <div class="category-header">
        <h2 id={id} class="category-title">
          <span class="category-name">{name}</span>
          {unread !== undefined && unread > 0 && (
            <span class="category-unread" aria-label={text.unread(unread)}>
              {unread}
            </span>
          )}
        </h2>
        {unread !== undefined && unread > 0 && (
          <button type="button" class="link-button category-mark" onClick={markAll} disabled={markWhenWhole}>
            {text.markAllRead}
            <span class="visually-hidden"> ({name})</span>
          </button>
        )}
      </div>
      <ul class="posts">
        {shown.map((post) => {
          let item = items.get(post);
          if (!item) {
            item = (
              <PostItem
                key={postKeyString(post)}
                post={post}
                now={now}
                feed={feeds.get(post.feedUrl)}
                thumbnail={thumbnails}
                showAuthors={severalAuthors.has(post.feedUrl)}
              />
            );
            items.set(post, item);
          }
          return item;
        })}
      </ul>
      {showMore && whole && hidden > 0 && (
        <button type="button" class="link-button show-more" onClick={() => setExpanded(true)}>
          {text.showMore(hidden)}
        </button>
      )}
      {/* Before every post is in, how many more is not known: the rest is asked for, then shown. */}
      {showMore && !whole && !expanded && (hidden > 0 || (unread ?? 0) > shown.length) && (
        <button
          type="button"
          class="link-button show-more"
          onClick={() => {
            setExpanded(true);
            requestAll();
          }}
        >
          {text.showMoreAll}
        </button>
      )}
    </section>
  );
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
