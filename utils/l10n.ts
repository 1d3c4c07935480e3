// Localisation helpers shared by the pages and the worker: which locale formats dates and numbers, and
// how stored values that are really words (the "Uncategorized" category) are shown.
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { UNCATEGORIZED } from './categories';

function uiLanguage(): string {
  try {
    return browser.i18n.getUILanguage();
  } catch {
    // Not every context has the i18n API (unit tests); the page's language is the same setting.
    return globalThis.navigator?.language ?? '';
  }
}

/**
 * The locale for Intl: the browser's UI language (with its region, e.g. en-GB) when the messages shown
 * are in that language, else the messages' own language — a French browser gets the English messages
 * with English dates, never a sentence mixing two languages.
 */
export function displayLocale(): string {
  const messages = i18n.t('locale') || 'en';
  const ui = uiLanguage().replace('_', '-');
  return ui.split('-')[0]?.toLowerCase() === messages ? ui : messages;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count or other number, grouped the reader's way ("1,234" / "1.234"). */
export function formatNumber(value: number): string {
  const locale = displayLocale();
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(value);
}

/**
 * A category's name as shown: the parser stores posts without a category under the English constant
 * UNCATEGORIZED (the stored value, muted-category lists included, stays as it is); it is shown translated.
 */
export function categoryLabel(name: string): string {
  return name === UNCATEGORIZED ? i18n.t('digest.uncategorized') : name;
}
