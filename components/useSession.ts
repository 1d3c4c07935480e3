import { useEffect, useRef, useState } from 'preact/hooks';
import type { PostView } from '@/utils/db';
import type { FeedInfo } from '@/utils/feed/parse';
import { postKeyString } from '@/utils/post';
import { feedIconUrl } from './RemoteImage';

/**
 * Keys of the posts that were unread at some moment while this page was open. A post read from this
 * page stays where it is until the page is opened again, so the list never jumps under the reader.
 */
export function useSessionUnread(posts: readonly PostView[], loaded: boolean): Set<string> {
  const keys = useRef(new Set<string>());
  // Only when the posts change: every render (each keystroke of a search) would key 100,000 posts.
  const added = useRef<readonly PostView[] | null>(null);
  if (loaded && added.current !== posts) {
    added.current = posts;
    for (const post of posts) if (!post.read) keys.current.add(postKeyString(post));
  }
  return keys.current;
}

/** What a post shows of its feed. */
export interface FeedLabel {
  /** The feed's name, or null when only one feed is followed (its posts need no label then). */
  name: string | null;
  /** Its icon beside the name (only with a name), http(s). */
  icon: string | null;
  /** Its language, the `lang` of its posts' text. */
  language: string | null;
}

/** Each followed feed's label by URL: name and icon when the reader follows more than one, language always. */
export function feedLabelsOf(
  feeds: readonly { url: string; info: Pick<FeedInfo, 'title' | 'icon' | 'favicon' | 'language'> | null }[],
  followed: readonly string[],
): Map<string, FeedLabel> {
  const several = followed.length > 1;
  return new Map(
    followed.map((url) => {
      const info = feeds.find((feed) => feed.url === url)?.info ?? null;
      return [
        url,
        {
          name: several ? (info?.title ?? new URL(url).host) : null,
          icon: several ? feedIconUrl(info) : null,
          language: info?.language ?? null,
        },
      ];
    }),
  );
}

/**
 * False for the first paint, true right after it: pages first render only what fills the screen,
 * then the rest, so the first post appears sooner with thousands cached.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // Two frames: the first paint has happened once the second begins.
    let second = 0;
    const first = requestAnimationFrame(() => (second = requestAnimationFrame(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, []);
  return painted;
}

/** The clock a page renders with: its start's for the first render (a kept frame's own when writing one), then now. */
export function useClock(start: number): number {
  const first = useRef(true);
  useEffect(() => {
    first.current = false;
  }, []);
  return first.current ? start : Date.now();
}
