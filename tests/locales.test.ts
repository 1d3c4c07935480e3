// The locale files themselves: German has exactly the keys, plural forms and substitutions of English,
// and nothing in either would break the browser's messages.json or @wxt-dev/i18n's plural split.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromeMessages, LOCALES, parseLocale, type Locale } from './helpers/i18n';

/** Each key's shape: kind, plural forms, positional and named substitutions. */
function shapes(locale: Locale): Map<string, string> {
  return new Map(
    parseLocale(locale).map((message) => {
      const forms = message.type === 'plural' ? Object.keys(message.plurals).join(',') : '';
      const shape = `${message.type}[${forms}] $${message.substitutions} {${message.namedSubstitutions.join(',')}}`;
      return [message.key.join('.'), shape];
    }),
  );
}

/** What is wrong with a locale's messages as the browser gets them, one line per problem. */
function problems(locale: Locale): string[] {
  const plural = new Set(
    parseLocale(locale)
      .filter((message) => message.type === 'plural')
      .map((message) => message.key.join('_').toLowerCase()),
  );
  const found: string[] = [];
  for (const [name, message] of chromeMessages(locale)) {
    // Chrome allows only these characters in message names (and matches them case-insensitively).
    if (!/^[a-z0-9_@]+$/.test(name)) found.push(`${name}: bad name`);
    // @wxt-dev/i18n picks a plural form by splitting on " | ": anywhere else one would be misread.
    const forms = message.split(' | ');
    if (forms.some((form) => form.trim() === '')) found.push(`${name}: empty text or form`);
    if (forms.length > 1 && !plural.has(name)) found.push(`${name}: " | " in a message that is not plural`);
    if (forms.length > 3) found.push(`${name}: more than 3 plural forms`);
  }
  return found;
}

describe('locales', () => {
  it('tests every locale file there is', () => {
    const files = readdirSync(resolve(import.meta.dirname, '../locales')).toSorted();
    expect(files).toEqual(LOCALES.map((locale) => `${locale}.yml`).toSorted());
  });

  it('German has exactly the keys of English, with the same plural forms and substitutions', () => {
    const en = shapes('en');
    const de = shapes('de');
    expect([...de.keys()].toSorted()).toEqual([...en.keys()].toSorted());
    for (const [key, shape] of en) expect({ key, shape: de.get(key) }).toEqual({ key, shape });
  });

  it.each(LOCALES)('%s: every message is non-empty and fits messages.json and the plural split', (locale) => {
    expect(problems(locale)).toEqual([]);
    expect(chromeMessages(locale).get('locale')).toBe(locale);
  });

  it.each(LOCALES)('%s: the manifest texts fit the stores (name ≤ 45, description ≤ 132 characters)', (locale) => {
    const messages = chromeMessages(locale);
    expect(messages.get('manifest_name')!.length).toBeLessThanOrEqual(45);
    expect(messages.get('manifest_description')!.length).toBeLessThanOrEqual(132);
    expect(messages.get('manifest_actiontitle')).toBeTruthy();
  });
});
