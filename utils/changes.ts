// The one change channel from the worker to the pages (and the options page): after each write the worker
// says what changed, so a page patches what it shows instead of re-reading everything (#12). A
// BroadcastChannel reaches every extension page from a Chromium service worker and a Firefox event page.
import type { PostKey } from './db';

const CHANNEL = 'digest-changes';

/** What changed. */
export type Change =
  /** Read marks: these posts are now read (or unread). `refused`: a page's own mark the worker refused, undone. */
  | { kind: 'read'; keys: PostKey[]; read: boolean; refused?: boolean }
  /** These feeds' posts or polling records changed (a fetch, a failure). */
  | { kind: 'posts'; feeds: string[] }
  /** The followed feeds changed (followed, unfollowed, imported, reset): read everything again. */
  | { kind: 'feeds' }
  /** The preferences changed. */
  | { kind: 'settings' }
  /** The OPML import's progress changed (#14): only a page showing it reads it again (readImportJob). */
  | { kind: 'import' };

// Listeners in this context: a page's own optimistic changes reach them at once, without the channel.
const here = new Set<(change: Change) => void>();

/** Tells every open page (and the worker) what changed. */
export function announceChange(change: Change): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(change);
  channel.close();
}

/** Tells this context's listeners only, in this task (a page's optimistic change, or its undoing). */
export function changeHere(change: Change): void {
  for (const listener of here) listener(change);
}

/** Calls `listener` with each change another context announces, or this one makes here; returns the unsubscribe. */
export function onChange(listener: (change: Change) => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.addEventListener('message', (event: MessageEvent<Change>) => listener(event.data));
  here.add(listener);
  return () => {
    here.delete(listener);
    channel.close();
  };
}
