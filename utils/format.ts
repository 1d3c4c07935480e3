import { displayLocale } from './l10n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

// Building an Intl formatter costs far more than using one, and a page formats a date per post.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return format;
}

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format)
    dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' })));
  return format;
}

/** "3 hours ago", "2 days ago", localised with Intl (the display locale by default); "this minute" under a minute; "" for no date. */
export function relativeTime(iso: string | null, now: number, locale: string = displayLocale()): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return '';
  const diff = time - now;
  const format = relativeFormat(locale);
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

/** Names as one localised list ("Grace Hopper and Ada Lovelace", "Grace Hopper und Ada Lovelace"). */
export function nameList(names: readonly string[], locale: string = displayLocale()): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
}

/** A full, localised date and time for tooltips (the display locale by default). */
export function absoluteTime(iso: string | null, locale: string = displayLocale()): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isFinite(time) ? dateFormat(locale).format(time) : '';
}
