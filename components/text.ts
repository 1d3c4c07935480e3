// Every word the popup and the new tab show, in one place. Dates and numbers go through Intl.
import { UNCATEGORIZED } from '@/utils/feed-schema';

const number = new Intl.NumberFormat();

/** "1 post", "3 posts": English plurals by Intl's rules. */
function plural(count: number, one: string, other: string): string {
  return new Intl.PluralRules().select(count) === 'one' ? one : other;
}

export const text = {
  appName: 'Digest',
  unread: (count: number) => `${number.format(count)} unread`,
  caughtUp: 'You’re all caught up',
  caughtUpDetail: 'Every post is read. New posts appear here as they are published.',
  refresh: 'Refresh',
  refreshing: 'Refreshing…',
  updated: (ago: string) => `Updated ${ago}`,
  neverUpdated: 'Not updated yet',
  openDigest: 'Open digest',
  settings: 'Settings',
  markAllRead: 'Mark all read',
  markRead: (title: string) => `Mark “${title}” as read`,
  markUnread: (title: string) => `Mark “${title}” as unread`,
  showRead: (count: number) => `Show read (${number.format(count)})`,
  hideRead: 'Hide read',
  readHeading: 'Read',
  fetching: 'Fetching your feed…',
  fetchingDetail: 'Posts appear here in a moment.',
  nothingYet: 'No posts to show yet',
  nothingYetDetail: 'Digest keeps trying on its schedule; the problem is described above.',
  emptyFeed: 'No posts yet',
  emptyFeedDetail: 'The feed has no posts. New ones appear here when they are published.',
  noMatches: 'No posts match',
  noMatchesDetail: 'Try other words, another category, or show read posts too.',
  clearFilters: 'Clear filters',
  cacheError: (detail: string) => `Digest could not read its saved posts (${detail}).`,
  feedError: (feed: string, problem: string) => `Can’t update ${feed}: ${problem}`,
  lastSuccess: (ago: string) => `Last successful update ${ago}. Showing saved posts.`,
  neverSucceeded: 'It has never been updated.',
  noLink: 'No link',
  untitled: 'Untitled post',
  readingTime: (minutes: number) => `${number.format(minutes)} min read`,
  newPosts: (count: number) => `${number.format(count)} new ${plural(count, 'post', 'posts')}`,
  newSinceVisit: 'New since your last visit',
  search: 'Search posts',
  searchPlaceholder: 'Search titles and summaries  ( / )',
  allCategories: 'All categories',
  category: 'Category',
  unreadOnly: 'Unread only',
  markVisibleRead: 'Mark all shown read',
  showMore: (count: number) => `Show ${number.format(count)} more`,
  results: (count: number) => `${number.format(count)} ${plural(count, 'post', 'posts')}`,
  feedHealth: 'Feeds',
  lastSuccessAt: (ago: string) => `last success ${ago}`,
  nextCheckAt: (when: string) => `next check ${when}`,
  notScheduled: 'not polled (expired)',
  lastErrorAt: (kind: string, message: string, ago: string) => `last error ${ago}: ${kind} — ${message}`,
  keyboardHelp: 'Keys: j/k move · o open · m read/unread · / search · Shift+A mark shown read',
  popupKeyboardHelp: 'j/k move · Enter open · m read',
  categoryLabel: (name: string) => (name === UNCATEGORIZED ? 'Uncategorized' : name),
};
