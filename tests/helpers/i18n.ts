// WXT's fake browser has no i18n (getMessage throws "not implemented"). These helpers make it answer
// from the real locale files, the way the browser would from the built _locales/<locale>/messages.json,
// so unit tests see the English (or German) text readers see. No build is needed: the .yml is parsed
// with @wxt-dev/i18n's own build functions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesText, type ParsedMessage } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/** The locales Digest ships. */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

const LOCALES_DIR = resolve(import.meta.dirname, '../../locales');

/** A locale file parsed by @wxt-dev/i18n (keys, plural forms, substitution counts). */
export function parseLocale(locale: Locale): ParsedMessage[] {
  return parseMessagesText(readFileSync(resolve(LOCALES_DIR, `${locale}.yml`), 'utf8'), 'YAML');
}

const cache = new Map<Locale, Map<string, string>>();

/** A locale's messages as the browser holds them: `feeds_add` → text (plurals joined by " | "). */
export function chromeMessages(locale: Locale): Map<string, string> {
  let messages = cache.get(locale);
  if (!messages) {
    // Chrome matches message names case-insensitively.
    const entries = Object.entries(generateChromeMessages(parseLocale(locale)));
    messages = new Map(entries.map(([name, { message }]) => [name.toLowerCase(), message]));
    cache.set(locale, messages);
  }
  return messages;
}

/** browser.i18n.getMessage's rules: $1…$9 are substituted (missing ones become ""), $$ is a "$"; an unknown name gives "". */
export function getMessageFrom(
  messages: Map<string, string>,
  name: string,
  substitutions?: string | (string | number)[],
): string {
  const message = messages.get(name.toLowerCase());
  if (message === undefined) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return message.replace(/\$(\$|[1-9])/g, (_, which: string) =>
    which === '$' ? '$' : String(subs[Number(which) - 1] ?? ''),
  );
}

/** Makes the fake browser speak `locale`, with `uiLanguage` as the browser's UI language (e.g. en-US, de-DE). */
export function useLocale(locale: Locale, uiLanguage: string = locale === 'en' ? 'en-US' : 'de-DE'): void {
  const messages = chromeMessages(locale);
  fakeBrowser.i18n.getMessage = (name: string, substitutions?: string | (string | number)[]) =>
    getMessageFrom(messages, name, substitutions);
  fakeBrowser.i18n.getUILanguage = () => uiLanguage;
}
