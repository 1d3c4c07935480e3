// Every word the popup and the new tab show, through the browser's i18n (locales/*.yml, `digest.*`).
// Numbers are formatted by Intl before they go into a message; dates by utils/format.ts.
import { i18n } from '#i18n';
import { categoryLabel, formatNumber } from '@/utils/l10n';

// Getters: a message is looked up when it is shown, not all of them while the page's script loads.
export const text = {
  get appName() {
    return i18n.t('digest.appName');
  },
  unread: (count: number) => i18n.t('digest.unread', count, [formatNumber(count)]),
  get caughtUp() {
    return i18n.t('digest.caughtUp');
  },
  get caughtUpDetail() {
    return i18n.t('digest.caughtUpDetail');
  },
  get refresh() {
    return i18n.t('digest.refresh');
  },
  get refreshing() {
    return i18n.t('digest.refreshing');
  },
  updated: (ago: string) => i18n.t('digest.updatedAgo', [ago]),
  get neverUpdated() {
    return i18n.t('digest.neverUpdated');
  },
  get openDigest() {
    return i18n.t('digest.openDigest');
  },
  get settings() {
    return i18n.t('digest.settings');
  },
  get markAllRead() {
    return i18n.t('digest.markAllRead');
  },
  markRead: (title: string) => i18n.t('digest.markRead', [title]),
  markUnread: (title: string) => i18n.t('digest.markUnread', [title]),
  showRead: (count: number) => i18n.t('digest.showRead', [formatNumber(count)]),
  hiddenByWords: (count: number) => i18n.t('digest.hiddenByWords', count, [formatNumber(count)]),
  get hideRead() {
    return i18n.t('digest.hideRead');
  },
  get fetching() {
    return i18n.t('digest.fetching');
  },
  get fetchingDetail() {
    return i18n.t('digest.fetchingDetail');
  },
  get nothingYet() {
    return i18n.t('digest.nothingYet');
  },
  get nothingYetDetail() {
    return i18n.t('digest.nothingYetDetail');
  },
  get emptyFeed() {
    return i18n.t('digest.emptyFeed');
  },
  get emptyFeedDetail() {
    return i18n.t('digest.emptyFeedDetail');
  },
  get noMatches() {
    return i18n.t('digest.noMatches');
  },
  get noMatchesDetail() {
    return i18n.t('digest.noMatchesDetail');
  },
  get clearFilters() {
    return i18n.t('digest.clearFilters');
  },
  cacheError: (detail: string) => i18n.t('digest.cacheError', [detail]),
  get changeRefused() {
    return i18n.t('digest.changeRefused');
  },
  feedError: (feed: string) => i18n.t('digest.feedError', [feed]),
  lastSuccess: (ago: string) => i18n.t('digest.lastSuccess', [ago]),
  get neverSucceeded() {
    return i18n.t('digest.neverSucceeded');
  },
  get noLink() {
    return i18n.t('digest.noLink');
  },
  get untitled() {
    return i18n.t('digest.untitled');
  },
  readingTime: (minutes: number) => i18n.t('digest.readingTime', minutes, [formatNumber(minutes)]),
  newPosts: (count: number) => i18n.t('digest.newPosts', count, [formatNumber(count)]),
  get newSinceVisit() {
    return i18n.t('digest.newSinceLastVisit');
  },
  get search() {
    return i18n.t('digest.search');
  },
  get searchPlaceholder() {
    return i18n.t('digest.searchPlaceholder');
  },
  get allCategories() {
    return i18n.t('digest.allCategories');
  },
  get category() {
    return i18n.t('digest.category');
  },
  get noFolder() {
    return i18n.t('digest.noFolder');
  },
  get groupBy() {
    return i18n.t('digest.groupBy');
  },
  groupingLabel: (grouping: 'category' | 'feed' | 'folder') => i18n.t(`digest.groupBy_${grouping}`),
  get unreadOnly() {
    return i18n.t('digest.unreadOnly');
  },
  get markVisibleRead() {
    return i18n.t('digest.markShownRead');
  },
  showMore: (count: number) => i18n.t('digest.showMore', count, [formatNumber(count)]),
  /** "Show more" before every post is in (how many more is not known yet). */
  get showMoreAll() {
    return i18n.t('digest.showMoreAll');
  },
  /** "Show read" before every post is in. */
  get showReadAll() {
    return i18n.t('digest.showReadAll');
  },
  get loadingAll() {
    return i18n.t('digest.loadingAll');
  },
  results: (count: number) => i18n.t('digest.results', count, [formatNumber(count)]),
  get feedHealth() {
    return i18n.t('digest.feedHealth');
  },
  lastSuccessAt: (ago: string) => i18n.t('digest.lastSuccessAt', [ago]),
  nextCheckAt: (when: string) => i18n.t('digest.nextCheckAt', [when]),
  get notScheduled() {
    return i18n.t('digest.notScheduled');
  },
  lastErrorAt: (ago: string, problem: string) => i18n.t('digest.lastErrorAt', [ago, problem]),
  get keyboardHelp() {
    return i18n.t('digest.keyboardHelp');
  },
  get popupKeyboardHelp() {
    return i18n.t('digest.popupKeyboardHelp');
  },
  categoryLabel,
};
