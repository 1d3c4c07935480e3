// The named errors in the reader's language. Errors keep English messages where they are made (utils/feed
// also runs in the Node CLI, scripts/feed-check.ts, which has no browser i18n) and in logs; wherever one is
// shown, its `kind` and `status` pick a translated sentence, never its message.
import { i18n } from '#i18n';
import type { DigestError } from './errors';
import type { ImportSkip } from './messages';
import { formatNumber } from './l10n';

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/**
 * One sentence, in the reader's language, for a named error, from its kind and status alone. `url` is the
 * feed (or address) it concerns, which names the site in a `permission` error.
 */
export function describeError(error: DigestError, url?: string): string {
  switch (error.kind) {
    case 'network':
      return i18n.t('errors.network');
    case 'timeout':
      return i18n.t('errors.timeout');
    case 'http':
      // An error stored before `status` existed has none: the sentence then names no number.
      return error.status === undefined ? i18n.t('errors.http') : i18n.t('errors.httpStatus', [String(error.status)]);
    case 'too-large':
      return i18n.t('errors.tooLarge');
    case 'not-json':
      return i18n.t('errors.notJson');
    case 'not-xml':
      return i18n.t('errors.notXml');
    case 'not-a-feed':
      return i18n.t('errors.notAFeed');
    case 'invalid-feed':
      return i18n.t('errors.invalidFeed');
    case 'storage':
      return i18n.t('errors.storage');
    case 'permission': {
      const host = url ? hostOf(url) : null;
      return host ? i18n.t('errors.permission', [host]) : i18n.t('errors.permissionThisSite');
    }
    case 'invalid-url':
      return i18n.t('errors.invalidUrl');
    case 'already-following':
      return i18n.t('errors.alreadyFollowing');
    case 'credentials':
      return i18n.t('errors.credentials');
    case 'choose-feed':
      return i18n.t('errors.chooseFeed');
    case 'no-feed-on-page':
      return i18n.t('errors.noFeedOnPage');
    case 'settings-invalid':
      return i18n.t('errors.settingsInvalid');
    case 'settings-too-large':
      return i18n.t('errors.settingsTooLarge');
    case 'settings-rate-limited':
      return i18n.t('errors.settingsRateLimited');
    case 'settings-write-failed':
      return i18n.t('errors.settingsWriteFailed');
    case 'invalid-export':
    case 'settings':
    case 'not-opml':
    case 'invalid-opml':
    case 'import-running':
      return describeImportError(error);
    case 'unknown':
      return i18n.t('errors.unknown');
  }
}

/** Why an import file was refused, in the reader's language. */
export function describeImportError(error: DigestError): string {
  switch (error.kind) {
    case 'not-json':
      return i18n.t('errors.importNotJson');
    case 'storage':
      return i18n.t('errors.importStorage');
    case 'settings':
      return i18n.t('errors.importSettings');
    case 'not-opml':
      return i18n.t('errors.importNotOpml');
    case 'invalid-opml':
      return i18n.t('errors.importInvalidOpml');
    case 'import-running':
      return i18n.t('errors.importRunning');
    default:
      return i18n.t('errors.importInvalid');
  }
}

/** What an import left out, in the reader's language ("2 read marks with an invalid date, …"). */
export function describeImportSkips(skipped: readonly ImportSkip[]): string {
  return skipped
    .map(({ reason, count }) => {
      const n: [string] = [formatNumber(count)];
      switch (reason) {
        case 'invalid-feed-url':
          return i18n.t('data.skippedInvalidFeedUrl', count, n);
        case 'duplicate-feed':
          return i18n.t('data.skippedDuplicateFeed', count, n);
        case 'invalid-read':
          return i18n.t('data.skippedInvalidRead', count, n);
        case 'read-of-feed-not-imported':
          return i18n.t('data.skippedReadOfFeedNotImported', count, n);
        case 'invalid-date':
          return i18n.t('data.skippedInvalidDate', count, n);
        case 'id-too-long':
          return i18n.t('data.skippedIdTooLong', count, n);
      }
    })
    .join(', ');
}
