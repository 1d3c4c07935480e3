import { describe, expect, it } from 'vitest';
import { parseExport } from '@/entrypoints/background/backup';
import { describeError, describeImportError } from '@/utils/error-text';
import { fetchFeed } from '@/utils/feed/fetch';
import { parseFeed } from '@/utils/feed/parse';
import { readFeed } from '@/utils/feed/read';
import { useLocale } from '../helpers/i18n';

/** A fetch that answers with one status and body. */
function answering(status: number, body = ''): typeof fetch {
  return async () => new Response(body, { status });
}

async function failureOf(fetchImpl: typeof fetch) {
  const outcome = await fetchFeed('https://blog.test/feed.json', { fetchImpl });
  if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${outcome.status}`);
  return outcome.error;
}

describe('describeError', () => {
  it('names the HTTP status the fetcher sets, never one read from the message', async () => {
    const error = await failureOf(answering(503));
    expect(error.status).toBe(503);
    expect(describeError(error)).toBe('The feed server answered HTTP 503.');
    expect(describeError({ kind: 'http', message: 'odd', status: 418 })).toBe('The feed server answered HTTP 418.');
    // An error stored by an older version has no status: its English message is not mined for one.
    expect(describeError({ kind: 'http', message: 'The feed server answered HTTP 500.' })).toBe(
      'The feed server answered with an error.',
    );
  });

  it('gives every named error its own sentence, in English', async () => {
    const notJson = parseFeed('{"title": "cut off');
    const notAFeed = readFeed('<html><body>Log in</body></html>');
    const notXml = readFeed('<rss version="2.0"><channel><title>cut off</title>');
    const invalid = parseFeed('{"title":"x"}');
    if (notJson.ok || invalid.ok || notAFeed.ok || notXml.ok) throw new Error('expected rejections');
    const sentences = [
      describeError(notJson.error),
      describeError(invalid.error),
      describeError({ kind: 'too-large', message: 'The feed is larger than 10 MB.' }),
      describeError({ kind: 'timeout', message: 'The feed did not answer within 20 s.' }),
      describeError({ kind: 'network', message: 'The feed could not be reached (ENOTFOUND).' }),
      describeError({ kind: 'storage', message: 'The local database refused the update (x).' }),
      describeError({ kind: 'invalid-url', message: '' }),
      describeError({ kind: 'already-following', message: '' }),
      describeError({ kind: 'permission', message: '' }, 'https://blog.example.com/feed.json'),
      describeError({ kind: 'settings-invalid', message: 'The value for badgeMode is not valid.' }),
      describeError({ kind: 'settings-too-large', message: 'The muted categories would take 6600 bytes.' }),
      describeError({ kind: 'settings-rate-limited', message: 'MAX_WRITE_OPERATIONS_PER_MINUTE' }),
      describeError({ kind: 'settings-write-failed', message: 'The browser could not save the preferences.' }),
      describeError(notAFeed.error),
      describeError(notXml.error),
    ];
    expect(sentences).toEqual([
      'The address returned broken JSON, not a feed Digest can read (JSON Feed, RSS, Atom or RDF).',
      'The address returned JSON, but not a JSON Feed.',
      'The feed is too large to read.',
      'The feed server took too long to answer.',
      'The feed could not be reached. Check the connection and the address.',
      'The browser refused to store new posts; the posts already here are kept.',
      'Enter a web address that starts with https:// or http://.',
      'You already follow this feed.',
      'Digest needs permission to read blog.example.com.',
      'That setting is not valid; nothing was changed.',
      'Too many muted categories and words to sync between your browsers; nothing was changed. Unmute some to make room.',
      'The browser limits how often settings are saved; nothing was changed. Try again in a minute.',
      'The browser could not save the setting; nothing was changed.',
      'The address returned a web page or another document, not a feed (JSON Feed, RSS, Atom or RDF).',
      'The feed’s XML is broken or cut off.',
    ]);
  });

  it('never shows the English message: an unnamed failure and a permission without its site get sentences too', () => {
    expect(describeError({ kind: 'unknown', message: 'Something specific.' })).toBe('Something went wrong.');
    expect(describeError({ kind: 'permission', message: 'Digest is not allowed to read x.' })).toBe(
      'Digest needs permission to read this site.',
    );
    expect(describeError({ kind: 'credentials', message: 'x' })).toBe(
      'Digest does not store passwords. Remove the “name:password@” part of the address.',
    );
    expect(describeError({ kind: 'settings', message: 'x' })).toBe(
      'The preferences could not be saved; nothing was imported.',
    );
  });

  it('speaks German in a German browser', async () => {
    useLocale('de');
    expect(describeError(await failureOf(answering(500)))).toBe('Der Feed-Server antwortete mit HTTP 500.');
    expect(describeError({ kind: 'permission', message: '' }, 'https://blog.example.com/f')).toBe(
      'Digest braucht die Erlaubnis, blog.example.com zu lesen.',
    );
    expect(describeError({ kind: 'settings-too-large', message: '' })).toBe(
      'Zu viele stummgeschaltete Kategorien und Wörter, um sie zwischen den Browsern zu synchronisieren; nichts wurde geändert. Für einige die Stummschaltung aufheben, um Platz zu schaffen.',
    );
  });
});

describe('describeImportError', () => {
  it('says why a file was not imported, without the parser’s details', () => {
    const notJson = parseExport('nope', '');
    const notExport = parseExport('{"format":"something-else"}', '');
    if (notJson.ok || notExport.ok) throw new Error('expected rejections');
    expect(describeImportError(notJson.error)).toBe('That file is not JSON.');
    expect(describeImportError(notExport.error)).toBe('That file is not a Digest export.');
    useLocale('de');
    expect(describeImportError(notExport.error)).toBe('Diese Datei ist kein Digest-Export.');
  });
});
