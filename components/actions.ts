// What the pages ask of the worker (the worker writes; pages read IndexedDB) and of the browser.
import { browser } from 'wxt/browser';
import type { PostView } from '@/utils/db';

// The messaging library loads on first use, not before the first paint.
const messaging = () => import('@/utils/messages');

/** Opens a post in a new tab; the worker marks it read and updates the badge and every page. */
export function openPost(post: PostView): void {
  void messaging().then(({ sendMessage }) => sendMessage('openPost', [post.feedUrl, post.id]));
}

/** Marks one post read or unread. */
export async function setPostRead(post: PostView, read: boolean): Promise<void> {
  const { sendMessage } = await messaging();
  await sendMessage('setRead', { key: [post.feedUrl, post.id], read });
}

/** Marks many posts read (everything shown, or one category) in one write. */
export async function markPostsRead(posts: readonly PostView[]): Promise<void> {
  const keys = posts.filter((post) => !post.read).map((post): [string, string] => [post.feedUrl, post.id]);
  if (keys.length === 0) return;
  const { sendMessage } = await messaging();
  await sendMessage('setReadMany', { keys, read: true });
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
