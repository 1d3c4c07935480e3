import { useEffect, useRef, useState } from 'preact/hooks';
import type { PostView } from '@/utils/db';
import { postKeyString } from '@/utils/post';

/**
 * Keys of the posts that were unread at some moment while this page was open. A post read from this
 * page stays where it is until the page is opened again, so the list never jumps under the reader.
 */
export function useSessionUnread(posts: readonly PostView[], loaded: boolean): Set<string> {
  const keys = useRef(new Set<string>());
  if (loaded) for (const post of posts) if (!post.read) keys.current.add(postKeyString(post));
  return keys.current;
}

/** Feed names by URL when the reader follows more than one feed (otherwise posts need no label). */
export function feedNamesOf(
  feeds: readonly { url: string; info: { title: string } | null }[],
  followed: readonly string[],
): Map<string, string> | null {
  if (followed.length < 2) return null;
  return new Map(
    followed.map((url) => [url, feeds.find((feed) => feed.url === url)?.info?.title ?? new URL(url).host]),
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
