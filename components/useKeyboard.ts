import { useEffect, useRef } from 'preact/hooks';
import type { PostView } from '@/utils/db';
import { stepIndex } from '@/components/post-list';
import { openPost, setPostRead } from './actions';

interface KeyboardOptions {
  /** Posts on the page by their `data-post-key`. */
  posts: Pick<Map<string, PostView>, 'get'>;
  /** Arrow keys move too (the popup); in the new tab they keep scrolling the page. */
  arrows?: boolean;
  /** `/`: focus the search box. */
  onSearch?: () => void;
  /** Shift+A: mark everything shown read. */
  onMarkShownRead?: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/**
 * Reader shortcuts: j/k (and arrows in the popup) move between posts, Enter or o opens, m toggles read,
 * `/` searches, Shift+A marks everything shown read. The current post is the focused one, so the
 * browser's focus ring shows where you are and Tab keeps working as usual.
 */
export function useKeyboard({ posts, arrows = false, onSearch, onMarkShownRead }: KeyboardOptions): void {
  const latest = useRef({ posts, onSearch, onMarkShownRead });
  latest.current = { posts, onSearch, onMarkShownRead };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTyping(event.target)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      const items = [...document.querySelectorAll<HTMLElement>('li.post')];
      const active = document.activeElement instanceof HTMLElement ? document.activeElement.closest('li.post') : null;
      const current = active instanceof HTMLElement ? items.indexOf(active) : -1;
      const post = active instanceof HTMLElement ? latest.current.posts.get(active.dataset.postKey ?? '') : undefined;
      const move = (delta: 1 | -1) => {
        const next = items[stepIndex(current, delta, items.length)];
        next?.focus();
        next?.scrollIntoView({ block: 'nearest' });
      };
      const key = event.key;
      if (key === 'j' || (arrows && key === 'ArrowDown')) move(1);
      else if (key === 'k' || (arrows && key === 'ArrowUp')) move(-1);
      else if (key === '/' && latest.current.onSearch) latest.current.onSearch();
      else if (key === 'A' && event.shiftKey && latest.current.onMarkShownRead) latest.current.onMarkShownRead();
      else if (post && (key === 'o' || (key === 'Enter' && event.target === active))) openPost(post);
      else if (post && key === 'm') void setPostRead(post, !post.read);
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [arrows]);
}
