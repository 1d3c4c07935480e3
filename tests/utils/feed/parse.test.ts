import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ID_LENGTH,
  MAX_ITEMS_PER_FETCH,
  MAX_URL_LENGTH,
  POST_TITLE_MAX,
  hasCredentials,
  htmlToText,
  isoDate,
  languageTag,
  parseFeed,
  safeUrl,
  shorten,
  type FeedInfo,
  type NormalizedPost,
} from '@/utils/feed/parse';
import { sampleFeedText } from '../../fixtures/sample';

function feed(items: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items, ...extra });
}

/** The ids of the posts a feed yields. */
function ids(body: string): string[] {
  const result = parseFeed(body);
  return result.ok ? result.posts.map((p) => p.id) : [];
}

describe('parseFeed', () => {
  it('reads the sample feed: 9 posts in Engineering, AI & Tools and Career', () => {
    const result = parseFeed(sampleFeedText);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.feed.title).toBe('Engineering notes');
    expect(result.feed.homePageUrl).toBe('https://blog.example.com/');
    expect(result.posts).toHaveLength(9);
    expect(result.skipped).toEqual([]);
    const counts = Object.fromEntries(
      ['Engineering', 'AI & Tools', 'Career'].map((c) => [c, result.posts.filter((p) => p.category === c).length]),
    );
    expect(counts).toEqual({ Engineering: 7, 'AI & Tools': 1, Career: 1 });
    expect(result.posts[0]).toMatchObject({
      id: 'fintech-lessons',
      url: 'https://blog.example.com/posts/fintech-lessons',
      published: '2026-06-20T09:00:00.000Z',
    });
  });

  it('names a page that is not JSON, and JSON that is not a feed', () => {
    expect(parseFeed('<!doctype html><form>Log in</form>')).toMatchObject({ ok: false, error: { kind: 'not-json' } });
    expect(parseFeed('{"items": [')).toMatchObject({ ok: false, error: { kind: 'not-json' } });
    expect(parseFeed('[1,2]')).toMatchObject({ ok: false, error: { kind: 'invalid-feed' } });
    expect(parseFeed('{"title":"x"}')).toMatchObject({ ok: false, error: { kind: 'invalid-feed' } });
  });

  it('accepts a byte-order mark', () => {
    expect(parseFeed(`\uFEFF${feed([{ id: 'a', title: 'A' }])}`)).toMatchObject({ ok: true });
  });

  it('coerces numeric ids, falls back to the url, and skips items with neither or with a repeated id', () => {
    const result = parseFeed(
      feed([
        { id: 7, title: 'n' },
        { url: 'https://x.test/a', title: 'u' },
        { title: 'none' },
        { id: 7, title: 'dup' },
        'junk',
      ]),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.posts.map((p) => p.id)).toEqual(['7', 'https://x.test/a']);
    expect(result.skipped.map((s) => s.index)).toEqual([2, 3, 4]);
  });

  it('resolves relative links and drops links that are not http(s)', () => {
    const result = parseFeed(
      feed(
        [
          { id: 'rel', url: '/posts/rel' },
          { id: 'js', url: 'javascript:alert(1)', external_url: 'data:text/html,x' },
        ],
        { feed_url: 'https://blog.test/feed.json' },
      ),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.posts.map((p) => p.url)).toEqual(['https://blog.test/posts/rel', null]);
  });

  it('derives a missing title, strips HTML from content, and uses Uncategorized when there are no tags', () => {
    const result = parseFeed(
      feed([
        {
          id: 'h',
          content_html: '<p onclick="x()">Hello <b>world</b> &amp; <script>alert(1)</script>friends</p>',
          tags: ['  ', 'News'],
        },
        { id: 'u', title: 'U' },
      ]),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.posts[0]).toMatchObject({
      title: 'Hello world & friends',
      summary: 'Hello world & friends',
      category: 'News',
    });
    expect(result.posts[1]?.category).toBe('Uncategorized');
  });

  it('keeps odd dates out: null, never "Invalid Date"', () => {
    const result = parseFeed(feed([{ id: 'd', title: 'D', date_published: 'yesterday-ish', date_modified: 42 }]));
    if (!result.ok) throw new Error('rejected');
    expect(result.posts[0]).toMatchObject({ published: null, modified: null });
  });
});

// #11: a feed with relative links and no absolute feed_url/home_page_url lost every link.
describe('relative links', () => {
  it('resolve against the address the feed was fetched from when the feed names no absolute base', () => {
    const result = parseFeed(
      feed([
        {
          id: 'a',
          url: 'posts/a',
          image: '/img/a.png',
          external_url: '../elsewhere',
        },
        { id: 'b', external_url: '/ext/b', banner_image: 'banner.png' },
      ]),
      { baseUrl: 'https://blog.test/feeds/main.json' },
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.posts.map(({ url }) => url)).toEqual(['https://blog.test/feeds/posts/a', 'https://blog.test/ext/b']);
    // Pictures too (#13): `image`, else `banner_image`.
    expect(result.posts.map(({ image }) => image)).toEqual([
      'https://blog.test/img/a.png',
      'https://blog.test/feeds/banner.png',
    ]);
  });

  it('take a relative feed_url, then home_page_url, resolved against the fetched address, as the base', () => {
    const items = [{ id: 'a', url: 'a' }];
    const fetched = 'https://cdn.test/x/feed.json';
    const both = parseFeed(feed(items, { feed_url: '/blog/feed.json', home_page_url: '/home/', icon: 'i.png' }), {
      baseUrl: fetched,
    });
    const homeOnly = parseFeed(feed(items, { home_page_url: '/home/', favicon: 'f.ico' }), { baseUrl: fetched });
    if (!both.ok || !homeOnly.ok) throw new Error('rejected');
    expect(both.posts[0]?.url).toBe('https://cdn.test/blog/a');
    expect(both.feed).toEqual({
      title: expect.any(String),
      homePageUrl: 'https://cdn.test/home/',
      icon: 'https://cdn.test/blog/i.png',
      favicon: null,
      language: null,
      expired: false,
    });
    expect(homeOnly.posts[0]?.url).toBe('https://cdn.test/home/a');
    expect(homeOnly.feed).toEqual({
      title: expect.any(String),
      homePageUrl: 'https://cdn.test/home/',
      icon: null,
      favicon: 'https://cdn.test/home/f.ico',
      language: null,
      expired: false,
    });
  });

  it('prefer an absolute feed_url over the fetched address', () => {
    const result = parseFeed(feed([{ id: 'a', url: 'a' }], { feed_url: 'https://blog.test/f/feed.json' }), {
      baseUrl: 'https://mirror.test/feed.json',
    });
    expect(result.ok && result.posts[0]?.url).toBe('https://blog.test/f/a');
  });
});

// #11: a 9.7 MB feed of 700,000 tiny items was accepted whole.
describe('items per fetch', () => {
  const HOUR = 3_600_000;
  const START = Date.UTC(2026, 0, 1);

  it('keeps the newest MAX_ITEMS_PER_FETCH by date_published, in document order, and counts the rest', () => {
    expect(MAX_ITEMS_PER_FETCH).toBe(1000);
    // 1,200 dated items in a shuffled order (7 and 1,200 are coprime), then 100 undated ones.
    const hours = Array.from({ length: 1200 }, (_, i) => (i * 7) % 1200);
    const items = [
      ...hours.map((h) => ({ id: `h${h}`, date_published: new Date(START + h * HOUR).toISOString() })),
      ...Array.from({ length: 100 }, (_, i) => ({ id: `undated-${i}` })),
    ];
    const result = parseFeed(feed(items), { now: START + 2000 * HOUR });
    if (!result.ok) throw new Error('rejected');
    expect(result.overLimit).toBe(300);
    expect(result.skipped).toEqual([]);
    expect(result.posts).toHaveLength(1000);
    expect(new Set(result.posts.map((p) => p.id))).toEqual(new Set(hours.filter((h) => h >= 200).map((h) => `h${h}`)));
    expect(result.posts.map((p) => p.id)).toEqual(hours.filter((h) => h >= 200).map((h) => `h${h}`));
  });

  it('ranks undated items (and dates too far ahead) after dated ones, in document order', () => {
    const items = [
      ...Array.from({ length: 600 }, (_, i) => ({ id: `undated-${i}` })),
      { id: 'future', date_published: '2999-01-01T00:00:00Z' },
      ...Array.from({ length: 900 }, (_, i) => ({
        id: `dated-${i}`,
        date_published: new Date(START + i * HOUR).toISOString(),
      })),
    ];
    const result = parseFeed(feed(items), { now: START + 2000 * HOUR });
    if (!result.ok) throw new Error('rejected');
    expect(result.overLimit).toBe(501);
    expect(result.posts.map((p) => p.id)).toEqual([
      ...Array.from({ length: 100 }, (_, i) => `undated-${i}`),
      ...Array.from({ length: 900 }, (_, i) => `dated-${i}`),
    ]);
  });

  it('keeps the first MAX_ITEMS_PER_FETCH of an undated feed', () => {
    const result = parseFeed(feed(Array.from({ length: 1001 }, (_, i) => ({ id: `${i}` }))));
    expect(result.ok && [result.posts.length, result.posts.at(-1)?.id, result.overLimit]).toEqual([1000, '999', 1]);
  });

  it('reads 700,000 tiny items (9.7 MB) as 1,000 posts, without a skipped entry per dropped item', () => {
    const items = Array.from({ length: 700_000 }, (_, i) => ({ id: i.toString(36) }));
    const body = new TextEncoder().encode(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items }));
    expect(body.byteLength).toBeLessThan(10 * 1024 * 1024);
    const result = parseFeed(body);
    if (!result.ok) throw new Error(result.error.message);
    expect([result.posts.length, result.overLimit, result.skipped.length]).toEqual([1000, 699_000, 0]);
  });
});

// #11: a 1 MB id was stored and used as a key; a 1 MB link was stored.
describe('field sizes', () => {
  it('replace an id over MAX_ID_LENGTH by a stable hash of it, and keep shorter ids as they are', () => {
    const long = `${'x'.repeat(MAX_ID_LENGTH)}-a`;
    const other = `${'x'.repeat(MAX_ID_LENGTH)}-b`;
    const exact = 'y'.repeat(MAX_ID_LENGTH);
    const first = ids(feed([{ id: long }, { id: other }, { id: exact }, { id: 'z'.repeat(1024 * 1024) }]));
    expect(first.map((id) => id.length <= MAX_ID_LENGTH)).toEqual([true, true, true, true]);
    expect(first[0]).toMatch(/^hash:[0-9a-f]{28}$/);
    expect(first[0]).not.toBe(first[1]);
    expect(first[2]).toBe(exact);
    // The same id gives the same key on every fetch.
    expect(ids(feed([{ id: long }]))).toEqual([first[0]]);
  });

  it('treat a link over MAX_URL_LENGTH as missing, and hash an id taken from it', () => {
    const longUrl = `https://blog.test/${'p'.repeat(MAX_URL_LENGTH)}`;
    expect(safeUrl(longUrl)).toBeNull();
    expect(safeUrl(`https://blog.test/${'p'.repeat(MAX_URL_LENGTH - 100)}`)).not.toBeNull();
    const result = parseFeed(feed([{ url: longUrl, external_url: longUrl, title: 'T' }]));
    if (!result.ok) throw new Error('rejected');
    expect(result.posts[0]).toMatchObject({ url: null, title: 'T' });
    expect(result.posts[0]?.id).toMatch(/^hash:/);
  });

  it('cap every stored string', () => {
    const huge = 'word '.repeat(100_000);
    const result = parseFeed(
      feed(
        [
          {
            id: 'big',
            title: huge,
            summary: huge,
            tags: [huge],
            authors: Array.from({ length: 50 }, (_, i) => ({ name: `${i} ${huge}` })),
          },
          { id: 'url-title', url: `https://blog.test/${'p'.repeat(1000)}` },
        ],
        { title: huge, language: `en-${'x'.repeat(100)}` },
      ),
    );
    if (!result.ok) throw new Error('rejected');
    const [big, urlTitle] = result.posts;
    expect(result.feed.title.length).toBeLessThanOrEqual(80);
    expect(result.feed.language).toBeNull();
    expect(big?.title.length).toBeLessThanOrEqual(POST_TITLE_MAX);
    expect(big?.summary.length).toBeLessThanOrEqual(300);
    expect(big?.category.length).toBeLessThanOrEqual(80);
    expect(big?.authors.length).toBeLessThanOrEqual(20);
    expect(Math.max(...(big?.authors ?? []).map((name) => name.length))).toBeLessThanOrEqual(80);
    expect(urlTitle?.title.length).toBeLessThanOrEqual(POST_TITLE_MAX);
  });
});

// #11: a link with "user:password@" must never be stored, opened or followed.
describe('credentials in links', () => {
  it('make safeUrl refuse a link with a user name or password', () => {
    expect(safeUrl('https://user:secret@blog.test/feed.json')).toBeNull();
    expect(safeUrl('https://user@blog.test/')).toBeNull();
    expect(safeUrl('https://:secret@blog.test/')).toBeNull();
    expect(safeUrl('https://blog.test/@someone')).toBe('https://blog.test/@someone');
  });

  it('are named by hasCredentials, with or without a scheme', () => {
    expect(hasCredentials('https://user:secret@blog.test/feed.json')).toBe(true);
    expect(hasCredentials(' http://user@blog.test ')).toBe(true);
    expect(hasCredentials('user:secret@blog.test/feed.json')).toBe(true);
    expect(hasCredentials('user:secret@blog.test/?next=https://x.test/')).toBe(true);
    expect(hasCredentials('https://blog.test/@someone')).toBe(false);
    expect(hasCredentials('blog.test/feed.json')).toBe(false);
    expect(hasCredentials('not a url at all')).toBe(false);
  });

  it('leave post and home links with credentials out, and never pass a base’s on', () => {
    const result = parseFeed(
      feed(
        [
          { id: 'a', url: 'https://u:p@blog.test/a', image: 'https://u:p@blog.test/a.png' },
          { id: 'b', url: '/b', external_url: 'https://u:p@elsewhere.test/' },
        ],
        { home_page_url: 'https://u:p@blog.test/', icon: 'https://u:p@blog.test/i.png' },
      ),
      { baseUrl: 'https://reader:pw@blog.test/feed.json' },
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.feed).toMatchObject({ homePageUrl: null });
    expect(result.feed.icon).toBeNull();
    expect(result.posts.map(({ url }) => url)).toEqual([null, 'https://blog.test/b']);
    expect(result.posts.map(({ image }) => image)).toEqual([null, null]);
  });
});

// #11: a date without a zone was read in the machine's zone; one far ahead pushed a post to the top for days.
describe('dates', () => {
  const NOW = Date.parse('2026-06-01T12:00:00Z');

  it('run off UTC in the unit tests (vitest.config.ts), so a date read in local time shows', () => {
    expect(new Date(2022, 6, 26, 13).getTimezoneOffset()).not.toBe(0);
  });

  it('read a date and time without a zone as UTC', () => {
    expect(isoDate('2022-07-26 13:01:01')).toBe('2022-07-26T13:01:01.000Z');
    expect(isoDate('2022-07-26T13:01:01')).toBe('2022-07-26T13:01:01.000Z');
    expect(isoDate('2022-07-26T13:01')).toBe('2022-07-26T13:01:00.000Z');
    expect(isoDate('2022-07-26T13:01:01.250')).toBe('2022-07-26T13:01:01.250Z');
    expect(isoDate('Tue, 26 Jul 2022 13:01:01')).toBe('2022-07-26T13:01:01.000Z');
    expect(isoDate('26 Jul 2022')).toBe('2022-07-26T00:00:00.000Z');
    expect(isoDate('2022-07-26')).toBe('2022-07-26T00:00:00.000Z');
    // A zone, when given, is used.
    expect(isoDate('2022-07-26T13:01:01+02:00')).toBe('2022-07-26T11:01:01.000Z');
    expect(isoDate('2022-07-26 13:01:01z')).toBe('2022-07-26T13:01:01.000Z');
    expect(isoDate('Tue, 26 Jul 2022 13:01:01 -0500')).toBe('2022-07-26T18:01:01.000Z');
    expect(isoDate('Tue, 26 Jul 2022 13:01:01 EST')).toBe('2022-07-26T18:01:01.000Z');
  });

  it('do not trust a date more than 48 hours after the fetch, and count those items', () => {
    const result = parseFeed(
      feed([
        { id: 'soon', date_published: '2026-06-03T11:00:00Z' },
        { id: 'ahead', date_published: '2026-06-03T13:00:00Z', date_modified: '2026-06-01T00:00:00Z' },
        { id: 'edited-ahead', date_published: '2026-05-01T00:00:00Z', date_modified: '2027-01-01T00:00:00Z' },
        { id: 'past', date_published: '2026-05-31T00:00:00Z' },
      ]),
      { now: NOW },
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.posts.map(({ id, published, modified }) => ({ id, published, modified }))).toEqual([
      { id: 'soon', published: '2026-06-03T11:00:00.000Z', modified: null },
      { id: 'ahead', published: null, modified: '2026-06-01T00:00:00.000Z' },
      { id: 'edited-ahead', published: '2026-05-01T00:00:00.000Z', modified: null },
      { id: 'past', published: '2026-05-31T00:00:00.000Z', modified: null },
    ]);
    expect(result.futureDated).toBe(2);
  });
});

// #11: JSON Feed's title, summary, content_text, tag and author names are plain text; only content_html is HTML.
describe('plain-text fields stay as written', () => {
  it('keeps "<" and "&" in plain-text fields, decoding nothing', () => {
    const result = parseFeed(
      feed(
        [
          {
            id: 'rust',
            title: 'Vec<String> in Rust',
            summary: 'Use   Vec<T> &amp; friends',
            tags: ['<i>Typen</i>'],
            authors: [{ name: 'Ada <ada@example.com>' }],
          },
          { id: 'de', title: 'Die Rückkehr von <i> und <b>', content_text: 'a <b> c &lt; d' },
          { id: 'script', title: '<script type="x">not a tag</script>' },
        ],
        { title: 'C<T> & co' },
      ),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.feed.title).toBe('C<T> & co');
    expect(
      result.posts.map(({ id, title, summary, category, authors }) => ({ id, title, summary, category, authors })),
    ).toEqual([
      {
        id: 'rust',
        title: 'Vec<String> in Rust',
        summary: 'Use Vec<T> &amp; friends',
        category: '<i>Typen</i>',
        authors: ['Ada <ada@example.com>'],
      },
      {
        id: 'de',
        title: 'Die Rückkehr von <i> und <b>',
        summary: 'a <b> c &lt; d',
        category: 'Uncategorized',
        authors: [],
      },
      {
        id: 'script',
        title: '<script type="x">not a tag</script>',
        summary: '',
        category: 'Uncategorized',
        authors: [],
      },
    ]);
  });

  it('turns content_html into text: inline tags add no space, block tags separate words', () => {
    expect(htmlToText('iOS <b>11</b>. Roma')).toBe('iOS 11. Roma');
    expect(htmlToText('<p>One</p><p>Two</p><ul><li>a</li><li>b</li></ul>x<br>y<hr>z')).toBe('One Two a b x y z');
    expect(htmlToText('<h2>Title</h2><table><tr><td>1</td><td>2</td></tr></table><blockquote>q</blockquote>')).toBe(
      'Title 1 2 q',
    );
    expect(
      htmlToText('a<script>x</p>y</script>b<style>p{}</style>c<template>t</template>d<noscript>n</noscript>e'),
    ).toBe('abcde');
    expect(htmlToText('before<!-- hidden -->after &amp; &#x1F600; caf&eacute;')).toBe('beforeafter & 😀 café');
    expect(htmlToText('If a < b and b > c')).toBe('If a < b and b > c');
    const post = parseFeed(feed([{ id: 'h', content_html: '<p>Built for <em>iOS</em> <b>11</b>.</p>' }]));
    expect(post.ok && post.posts[0]?.summary).toBe('Built for iOS 11.');
  });
});

describe('text helpers', () => {
  it('shortens at a word boundary', () => {
    expect(shorten('one two three four', 12)).toBe('one two…');
    expect(shorten('short', 12)).toBe('short');
  });
  it('decodes entities and drops tags', () => {
    expect(htmlToText('a&lt;b&gt; &#169; &#x41; <i>c</i>')).toBe('a<b> © A c');
  });
  it('allows only http(s) urls', () => {
    expect(safeUrl('https://a.test/x')).toBe('https://a.test/x');
    expect(safeUrl('JavaScript:alert(1)')).toBeNull();
    expect(safeUrl('x', null)).toBeNull();
  });
  it('normalises dates to ISO UTC', () => {
    expect(isoDate('2026-06-20T11:00:00+02:00')).toBe('2026-06-20T09:00:00.000Z');
    expect(isoDate('')).toBeNull();
  });
});

function assertFeedNormalized(info: FeedInfo) {
  const pictures = [info.icon, info.favicon].filter((link) => link !== null);
  expect(pictures.filter((link) => !/^https?:$/.test(new URL(link).protocol))).toEqual([]);
  // A language is null or a canonical BCP 47 tag.
  expect(info.language === null || Intl.getCanonicalLocales(info.language)[0] === info.language).toBe(true);
}

// Property-based: whatever arrives, the parser returns (never throws), and what it accepts is well formed.
describe('parseFeed on arbitrary input', () => {
  const ISO = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
  // What no stored string may hold (#11): C0 controls, DEL, C1 controls, bidi embeddings, overrides and isolates.
  // Tab and newlines are whitespace: collapsed in text, kept inside ids (keys are kept as written).
  // oxlint-disable-next-line no-control-regex
  const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const TEXT_CONTROLS = /[\t\n\v\f\r]/;

  function assertNormalized(post: NormalizedPost) {
    expect(typeof post.id).toBe('string');
    expect(post.id.length).toBeGreaterThan(0);
    expect(post.title.trim().length).toBeGreaterThan(0);
    expect(post.category.trim().length).toBeGreaterThan(0);
    const links = [post.url, post.image].filter((link) => link !== null);
    expect(links.filter((link) => !/^https?:$/.test(new URL(link).protocol))).toEqual([]);
    const dates = [post.published, post.modified].filter((date) => date !== null);
    expect(dates.filter((date) => !ISO.test(date))).toEqual([]);
    expect(typeof post.summary).toBe('string');
    expect(post.summary.length).toBeLessThanOrEqual(300);
    const shown = [post.title, post.summary, post.category, ...post.authors];
    expect([post.id, ...shown].filter((value) => CONTROLS.test(value))).toEqual([]);
    expect(shown.filter((value) => TEXT_CONTROLS.test(value))).toEqual([]);
  }

  // Values shaped like feed fields, hostile strings and odd types included, to reach past the first checks.
  const fieldValue = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      'javascript:alert(1)',
      ' https://ok.example/x ',
      '/relative',
      'data:text/html,<script>x</script>',
      '<img src=x onerror=alert(1)>',
      '2026-02-30T10:00:00Z',
      'Fri, 01 May 2026 12:00:00 GMT',
      '',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  );
  const item = fc.oneof(
    fc.record(
      {
        id: fieldValue,
        url: fieldValue,
        external_url: fieldValue,
        title: fieldValue,
        summary: fieldValue,
        content_text: fieldValue,
        content_html: fieldValue,
        date_published: fieldValue,
        date_modified: fieldValue,
        tags: fieldValue,
        image: fieldValue,
        banner_image: fieldValue,
        authors: fieldValue,
        author: fieldValue,
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  );
  const feedLike = fc.record(
    {
      version: fieldValue,
      title: fieldValue,
      home_page_url: fieldValue,
      feed_url: fieldValue,
      icon: fieldValue,
      favicon: fieldValue,
      language: fieldValue,
      expired: fieldValue,
      items: fc.oneof(fc.array(item, { maxLength: 8 }), fieldValue),
    },
    { requiredKeys: [] },
  );

  it('never throws on arbitrary JSON, and every accepted post is normalised', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), feedLike), (value) => {
        const result = parseFeed(JSON.stringify(value) ?? '');
        const posts = result.ok ? result.posts : [];
        posts.forEach(assertNormalized);
        if (result.ok) assertFeedNormalized(result.feed);
        expect(new Set(posts.map((p) => p.id)).size).toBe(posts.length);
        expect(['accepted', 'not-json', 'invalid-feed']).toContain(result.ok ? 'accepted' : result.error.kind);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary bytes or text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ unit: 'binary', maxLength: 2000 })),
        (body) => {
          const result = parseFeed(body);
          expect(typeof result.ok).toBe('boolean');
          (result.ok ? result.posts : []).forEach(assertNormalized);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects bytes over the limit as too-large', () => {
    expect(parseFeed(new Uint8Array(2048), { maxBytes: 1024 })).toMatchObject({
      ok: false,
      error: { kind: 'too-large' },
    });
  });
});

/** A JSON Feed of these items and feed fields, parsed as fetched from blog.test. */
function parsed(items: unknown[], extra: Record<string, unknown> = {}) {
  const result = parseFeed(feed(items, extra), { baseUrl: 'https://blog.test/feed.json' });
  if (!result.ok) throw new Error('rejected');
  return result;
}

// #13: JSON Feed's pictures and language, by the same rules as every link.
describe('pictures and language', () => {
  it('takes `image`, else `banner_image`, the first usable one', () => {
    const { posts } = parsed([
      { id: 'both', image: 'https://i.test/image.png', banner_image: 'https://i.test/banner.png' },
      { id: 'banner', banner_image: 'banner.png' },
      { id: 'script', image: 'javascript:alert(1)', banner_image: 'https://i.test/banner.png' },
      { id: 'data', image: 'data:image/png;base64,AAAA' },
      { id: 'odd', image: 42, banner_image: { url: 'https://i.test/x.png' } },
      { id: 'none' },
    ]);
    expect(posts.map(({ id, image }) => [id, image])).toEqual([
      ['both', 'https://i.test/image.png'],
      ['banner', 'https://blog.test/banner.png'],
      ['script', 'https://i.test/banner.png'],
      ['data', null],
      ['odd', null],
      ['none', null],
    ]);
  });

  it('keeps the feed’s icon and favicon apart, and drops a hostile, huge or credentialed one', () => {
    expect(parsed([], { icon: '/icon.png', favicon: 'https://i.test/fav.ico' }).feed).toMatchObject({
      icon: 'https://blog.test/icon.png',
      favicon: 'https://i.test/fav.ico',
    });
    expect(
      parsed([], { icon: `https://i.test/${'x'.repeat(MAX_URL_LENGTH)}`, favicon: 'vbscript:msgbox(1)' }).feed,
    ).toMatchObject({ icon: null, favicon: null });
    expect(parsed([], { icon: 'https://u:p@i.test/i.png', favicon: 'file:///etc/passwd' }).feed).toMatchObject({
      icon: null,
      favicon: null,
    });
  });

  it('removes control characters and bidi marks from a picture’s address', () => {
    expect(parsed([{ id: 'a', image: 'https://i.test/\u0000a\u202e\u009b.png' }]).posts[0]?.image).toBe(
      'https://i.test/a.png',
    );
  });

  it.each([
    ['en', 'en'],
    ['en-gb', 'en-GB'],
    ['sr_Latn_RS', 'sr-Latn-RS'],
    ['', null],
    ['english', null],
    ['e', null],
    ['en--us', null],
    ['<b>en</b>', null],
    [42, null],
    [`de-${'a1b2c3d4-'.repeat(10)}x`, null],
  ])('reads the language %j as %j', (language, expected) => {
    expect(parsed([], { language }).feed.language).toBe(expected);
    expect(languageTag(language)).toBe(expected);
  });
});
