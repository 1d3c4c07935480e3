// What the pages ask of the worker (the worker writes; pages read IndexedDB) and of the browser.
import { browser } from 'wxt/browser';
import { changeHere } from '@/utils/changes';
import type { GroupToMark, PostKey, PostView } from '@/utils/db';

// The messaging library loads on first use, not before the first paint.
const messaging = () => import('@/utils/messages');

/** Opens a post in a new tab; the worker marks it read and updates the badge and every page. */
export function openPost(post: PostView): void {
  void messaging().then(({ sendMessage }) => sendMessage('openPost', [post.feedUrl, post.id]));
}

/**
 * Marks posts read or unread optimistically: the page shows it in its next frame, the worker writes it
 * (and tells the other pages), and if the worker refuses, the page undoes it and says so.
 */
async function markRead(keys: PostKey[], read: boolean): Promise<void> {
  changeHere({ kind: 'read', keys, read });
  try {
    const { sendMessage } = await messaging();
    if (keys.length === 1) await sendMessage('setRead', { key: keys[0]!, read });
    else await sendMessage('setReadMany', { keys, read });
  } catch (error) {
    console.warn('Digest could not save a read mark', error);
    changeHere({ kind: 'read', keys, read: !read, refused: true });
  }
}

/** Marks one post read or unread. */
export function setPostRead(post: PostView, read: boolean): Promise<void> {
  return markRead([[post.feedUrl, post.id]], read);
}

/** Marks many posts read (everything shown, or one category) in one write. */
export async function markPostsRead(posts: readonly PostView[]): Promise<void> {
  const keys = posts.filter((post) => !post.read).map((post): PostKey => [post.feedUrl, post.id]);
  if (keys.length > 0) await markRead(keys, true);
}

/**
 * Marks every unread post of a group read, those the page holds (`loaded`, at once) and those it has not read
 * (the worker finds them, and announces every key it marked). Undone if the worker refuses.
 */
export async function markGroupRead(group: GroupToMark, loaded: readonly PostView[]): Promise<void> {
  const keys = loaded.filter((post) => !post.read).map((post): PostKey => [post.feedUrl, post.id]);
  if (keys.length > 0) changeHere({ kind: 'read', keys, read: true });
  try {
    const { sendMessage } = await messaging();
    await sendMessage('markGroupRead', group);
  } catch (error) {
    console.warn('Digest could not save a read mark', error);
    if (keys.length > 0) changeHere({ kind: 'read', keys, read: false, refused: true });
  }
}

/** Asks the worker to refresh every feed now; resolves when it is done, whatever happened. */
export async function refreshAllFeeds(): Promise<void> {
  const { sendMessage } = await messaging();
  await sendMessage('refreshNow', undefined);
}

/** Tells the worker the reader looked (the badge's "new" mode counts from here). */
export function markLooked(): void {
  void messaging()
    .then(({ sendMessage }) => sendMessage('markLooked', undefined))
    .catch(() => undefined);
}

/** Opens the settings page (closing the popup, which would otherwise cover it). */
export async function openSettings(closeWindow = false): Promise<void> {
  await browser.runtime.openOptionsPage();
  if (closeWindow) window.close();
}

/** Opens the full digest in a tab. */
export async function openDigestTab(closeWindow = false): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/newtab.html') });
  if (closeWindow) window.close();
}
