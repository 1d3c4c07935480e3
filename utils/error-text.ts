// The named errors in the reader's language. utils/feed-schema.ts, feed-fetch.ts and schedule.ts keep
// English messages (they also run in the Node CLI, scripts/feed-check.ts, which has no browser i18n);
// wherever an error is shown, its `kind` picks a translated sentence instead.
import { i18n } from '#i18n';
import type { ImportError, ImportSkip } from './messages';
import { formatNumber } from './l10n';

/** Any named error Digest shows: a feed, refresh, storage, add-feed or settings error (an HTTP one may carry its status). */
export interface ShownError {
  kind: string;
  message: string;
  status?: number;
}

/** The HTTP status of an error: its `status`, else the number in its English message (errors stored before `status` existed). */
export function httpStatusOf(error: ShownError): number | null {
  if (error.status !== undefined) return error.status;
  const match = /\b(?:HTTP|answered) (\d{3})\b/.exec(error.message);
  return match ? Number(match[1]) : null;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/**
 * One sentence, in the reader's language, for a named error. `url` is the feed (or address) it concerns,
 * which names the site in a `permission` error. An unknown kind falls back to the error's own message.
 */
export function describeError(error: ShownError, url?: string): string {
  switch (error.kind) {
    case 'network':
      return i18n.t('errors.network');
    case 'timeout':
      return i18n.t('errors.timeout');
    case 'http': {
      const status = httpStatusOf(error);
      return status === null ? i18n.t('errors.http') : i18n.t('errors.httpStatus', [String(status)]);
    }
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
      return host ? i18n.t('errors.permission', [host]) : error.message;
    }
    case 'invalid-url':
      return i18n.t('errors.invalidUrl');
    case 'already-following':
      return i18n.t('errors.alreadyFollowing');
    case 'credentials':
      return i18n.t('errors.credentials');
    case 'settings-invalid':
      return i18n.t('errors.settingsInvalid');
    case 'settings-too-large':
      return i18n.t('errors.settingsTooLarge');
    case 'settings-rate-limited':
      return i18n.t('errors.settingsRateLimited');
    case 'settings-write-failed':
      return i18n.t('errors.settingsWriteFailed');
    default:
      return error.message || i18n.t('errors.unknown');
  }
}

/** Why an import file was refused, in the reader's language. */
export function describeImportError(error: ImportError): string {
  switch (error.kind) {
    case 'not-json':
      return i18n.t('errors.importNotJson');
    case 'storage':
      return i18n.t('errors.importStorage');
    case 'settings':
      return i18n.t('errors.importSettings');
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
