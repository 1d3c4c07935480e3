import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import type { PostKey, StoredPost } from '@/utils/db';
import { categoryLabel, formatNumber } from '@/utils/l10n';
import { withoutMutedWords } from '@/utils/muted-words';

const POST_PREFIX = 'digest-post:';
/** The one summary notification; a newer summary replaces an older one. */
export const SUMMARY_NOTIFICATION_ID = 'digest-summary';

/** What to show for a batch of new posts: nothing, one post, or one summary. */
export type NotificationPlan =
  | { kind: 'none' }
  | { kind: 'post'; id: string; title: string; message: string }
  | { kind: 'summary'; id: string; title: string; message: string };

/** A notification id derived from the post it announces, so the same post never gets two. */
export function postNotificationId([feedUrl, id]: PostKey): string {
  return `${POST_PREFIX}${JSON.stringify([feedUrl, id])}`;
}

/** The post a notification id names, or null for the summary or a foreign id. */
export function postKeyFromNotificationId(notificationId: string): PostKey | null {
  if (!notificationId.startsWith(POST_PREFIX)) return null;
  try {
    const key: unknown = JSON.parse(notificationId.slice(POST_PREFIX.length));
    return Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string')
      ? [key[0] as string, key[1] as string]
      : null;
  } catch {
    return null;
  }
}

/** Decides the notification for new posts: muted categories and posts muted words hide are left out; one post or a summary. */
export function planNotification(
  posts: readonly StoredPost[],
  muted: readonly string[] = [],
  mutedWords: readonly string[] = [],
): NotificationPlan {
  const shown = withoutMutedWords(posts, mutedWords).kept.filter((post) => !muted.includes(post.category));
  const [only] = shown;
  if (!only) return { kind: 'none' };
  if (shown.length === 1) {
    const id = postNotificationId([only.feedUrl, only.id]);
    return { kind: 'post', id, title: only.title, message: categoryLabel(only.category) };
  }
  const perCategory = new Map<string, number>();
  for (const post of shown) perCategory.set(post.category, (perCategory.get(post.category) ?? 0) + 1);
  const parts = [...perCategory]
    .toSorted((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([category, count]) => i18n.t('notifications.inCategory', [formatNumber(count), categoryLabel(category)]));
  const title = i18n.t('notifications.newPosts', shown.length, [formatNumber(shown.length)]);
  return {
    kind: 'summary',
    id: SUMMARY_NOTIFICATION_ID,
    title,
    message: i18n.t('notifications.summary', [title, parts.join(', ')]),
  };
}

/** Shows a planned notification. */
export async function showNotification(plan: NotificationPlan): Promise<void> {
  if (plan.kind === 'none') return;
  console.info(`[digest] notification ${plan.id}: ${plan.title} — ${plan.message}`);
  await browser.notifications.create(plan.id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: plan.title,
    message: plan.message,
  });
}
