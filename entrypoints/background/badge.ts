import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { readBadgeCounts, type FeedState, type PostView } from '@/utils/db';
import { describeError } from '@/utils/error-text';
import { categoryLabel, displayLocale, formatNumber } from '@/utils/l10n';
import { mutedWordsMatcher } from '@/utils/muted-words';
import { readLastLook, readPreferences } from '@/utils/settings';

export const BADGE_COLOR = '#3b5bdb';
export const BADGE_ERROR_COLOR = '#c92a2a';

/** What the toolbar button shows. */
export interface BadgeState {
  text: string;
  color: string;
  title: string;
}

/** Badge text for an unread count: empty at zero, capped at "999+". */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 999 ? '999+' : String(unread);
}

function formatTime(iso: string | null, locale: string): string {
  if (!iso) return i18n.t('badge.never');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));
}

/**
 * The badge for a set of posts and feeds: the unread count (muted categories and words left out), and an error
 * look — red, with a "!" — while any feed's last refresh failed; the tooltip names the error, the
 * last successful update and the unread posts per category.
 */
export function badgeState(
  posts: readonly Pick<PostView, 'read' | 'category' | 'firstSeen' | 'title' | 'summary'>[],
  feeds: readonly FeedState[],
  options: {
    muted?: readonly string[];
    mutedWords?: readonly string[];
    newSince?: string | null;
    locale?: string;
  } = {},
): BadgeState {
  const { newSince = null, mutedWords = [], ...rest } = options;
  const hiddenByWords = mutedWordsMatcher(mutedWords);
  const unreadByCategory = new Map<string, number>();
  for (const post of posts) {
    // A post muted words hide is in no page, so it is not counted either.
    if (post.read || hiddenByWords(post) !== null) continue;
    // In "new" mode only posts that arrived after the reader last looked count.
    if (newSince && post.firstSeen <= newSince) continue;
    unreadByCategory.set(post.category, (unreadByCategory.get(post.category) ?? 0) + 1);
  }
  return badgeStateFromCounts(unreadByCategory, feeds, rest);
}

/**
 * The badge for unread counts per category (as `readBadgeCounts` keeps them, so no post is read) and the
 * feeds' records: what `badgeState` shows for the posts those counts were taken from.
 */
export function badgeStateFromCounts(
  unreadByCategory: ReadonlyMap<string, number>,
  feeds: readonly FeedState[],
  options: { muted?: readonly string[]; locale?: string } = {},
): BadgeState {
  const { muted = [], locale = displayLocale() } = options;
  const perCategory = new Map(
    [...unreadByCategory].filter(([category, count]) => count > 0 && !muted.includes(category)),
  );
  const unread = [...perCategory.values()].reduce((a, b) => a + b, 0);
  const lastSuccess =
    feeds
      .map((feed) => feed.lastSuccess)
      .filter((at): at is string => at !== null)
      .toSorted()
      .at(-1) ?? null;
  const failing = feeds.filter((feed) => feed.consecutiveFailures > 0 && feed.lastError);
  const lines = [unread > 0 ? i18n.t('badge.unread', unread, [formatNumber(unread)]) : i18n.t('badge.caughtUp')];
  if (perCategory.size > 0) {
    lines.push(
      [...perCategory]
        .toSorted((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([category, count]) => i18n.t('badge.categoryCount', [categoryLabel(category), formatNumber(count)]))
        .join(' · '),
    );
  }
  for (const feed of failing) {
    const name = feed.info?.title ?? feed.url;
    if (feed.lastError) lines.push(i18n.t('badge.cannotRefresh', [name, describeError(feed.lastError, feed.url)]));
  }
  lines.push(i18n.t('badge.lastUpdated', [formatTime(lastSuccess, locale)]));
  if (failing.length === 0) return { text: badgeText(unread), color: BADGE_COLOR, title: lines.join('\n') };
  const text = unread === 0 ? '!' : unread > 999 ? '999+' : `${unread}!`;
  return { text, color: BADGE_ERROR_COLOR, title: lines.join('\n') };
}

/** The toolbar button API: `action` in MV3, `browserAction` in Firefox MV2 builds. */
export function toolbarButton() {
  return browser.action ?? browser.browserAction;
}

/**
 * Recomputes the badge from the database and settings and shows it; returns what it showed. It reads the
 * kept counts, never every post ("new" mode reads only the posts that arrived since the last look), except once
 * after the muted words changed, to recount the posts they hide.
 */
export async function refreshBadge(): Promise<BadgeState> {
  const [preferences, lastLook] = await Promise.all([readPreferences(), readLastLook()]);
  const newSince = preferences.badgeMode === 'new' ? lastLook : null;
  // Only followed feeds' counts and records, quiet ones (#14) and posts muted words hide left out of the counts.
  const { unreadByCategory, feeds } = await readBadgeCounts(newSince, preferences.mutedWords);
  const state = badgeStateFromCounts(unreadByCategory, feeds, { muted: preferences.mutedCategories });
  const button = toolbarButton();
  await Promise.all([
    button.setBadgeText({ text: state.text }),
    button.setBadgeBackgroundColor({ color: state.color }),
    button.setTitle({ title: state.title }),
  ]);
  return state;
}
