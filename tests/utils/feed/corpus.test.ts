// The fixture corpus in tests/fixtures/feeds/: one file per rule of ingestion, hostile feeds included.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed, type NormalizedPost } from '@/utils/feed/parse';

const DIR = resolve(import.meta.dirname, '../../fixtures/feeds');

function parse(name: string) {
  return parseFeed(readFileSync(join(DIR, name)));
}

function accepted(name: string) {
  const result = parse(name);
  if (!result.ok) throw new Error(`${name} was rejected: ${result.error.kind}`);
  return result;
}

function byId(posts: NormalizedPost[], id: string): NormalizedPost {
  const post = posts.find((p) => p.id === id);
  if (!post) throw new Error(`no post ${id}`);
  return post;
}

describe('the fixture corpus', () => {
  it('rejects whole feeds with a named error kind', () => {
    const kinds = Object.fromEntries(
      [
        'login-page.html',
        'truncated.json',
        'empty-body.json',
        'no-items.json',
        'items-not-array.json',
        'array.json',
        'string.json',
      ].map((name) => {
        const result = parse(name);
        return [name, result.ok ? 'accepted' : result.error.kind];
      }),
    );
    expect(kinds).toEqual({
      'login-page.html': 'not-json',
      'truncated.json': 'not-json',
      'empty-body.json': 'not-json',
      'no-items.json': 'invalid-feed',
      'items-not-array.json': 'invalid-feed',
      'array.json': 'invalid-feed',
      'string.json': 'invalid-feed',
    });
    const login = parse('login-page.html');
    expect(!login.ok && login.error.message).toMatch(/HTML page/);
  });

  it('reads the bundled sample feed', () => {
    const { feed, posts } = accepted('sample.json');
    expect(feed).toEqual({
      title: 'Engineering notes',
      homePageUrl: expect.any(String),
      icon: null,
      favicon: null,
      language: 'en',
      expired: false,
    });
    expect(posts).toHaveLength(9);
  });

  it('reads JSON Feed 1.0 `author` and 1.1 `authors`, the feed’s icon, favicon and language, a post’s image', () => {
    expect(accepted('jsonfeed-1.0-author.json').posts[0]?.authors).toEqual(['Ada Lovelace']);
    const full = accepted('jsonfeed-1.1-full.json');
    expect(full.feed).toEqual({
      title: 'Full',
      homePageUrl: 'https://full.example.com/',
      icon: 'https://full.example.com/icon-512.png',
      favicon: 'https://full.example.com/favicon-64.png',
      language: 'en-GB',
      expired: false,
    });
    expect(byId(full.posts, 'full')).toMatchObject({
      authors: ['Grace Hopper', 'Ada Lovelace'],
      category: 'Engineering',
      summary: 'A post with every field.',
      words: 6,
      modified: '2026-01-03T00:00:00.000Z',
    });
    // `image` before `banner_image`; relative ones against feed_url.
    expect(byId(full.posts, 'full').image).toBe('https://full.example.com/img/full.png');
    expect(byId(full.posts, 'banner').image).toBe('https://full.example.com/banner-only.png');
  });

  it('accepts a UTF-8 byte-order mark in bytes', () => {
    expect(accepted('bom.json').posts[0]?.title).toBe('Café after a BOM');
  });

  it('coerces numeric ids, falls back to the url, skips items with neither and repeated ids, with reasons', () => {
    const { posts, skipped } = accepted('ids.json');
    expect(posts.map((p) => p.id)).toEqual([
      '42',
      'https://ids.example.com/no-id',
      'https://ids.example.com/blank-id',
      '1.5',
    ]);
    expect(skipped).toEqual([
      { index: 2, reason: 'no id and no url' },
      { index: 3, reason: 'duplicate id "42"' },
      { index: 6, reason: 'no id and no url' },
    ]);
  });

  it('skips items that are not objects and keeps the good ones', () => {
    const { posts, skipped } = accepted('bad-items.json');
    expect(posts.map((p) => p.id)).toEqual(['good']);
    expect(skipped.map((s) => s.index)).toEqual([0, 1, 2, 3, 5]);
    expect(new Set(skipped.map((s) => s.reason))).toEqual(new Set(['not an object']));
  });

  it('derives a missing title from the summary or text, cut at a word boundary', () => {
    const { posts } = accepted('missing-titles.json');
    const title = byId(posts, 'from-summary').title;
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(80);
    expect(title).toBe('A summary long enough to be cut at a word boundary when it becomes the title…');
    expect(byId(posts, 'from-text').title).toBe('Short text body.');
    expect(byId(posts, 'from-html').title).toBe('Only HTML content & an entity.');
    expect(byId(posts, 'from-url').title).toBe('https://untitled.example.com/only-a-link');
    expect(byId(posts, 'nothing').title).toBe('Untitled post');
  });

  it('turns content_html into plain text (tags, style bodies, entities); plain-text fields stay as written', () => {
    const { posts } = accepted('html-content.json');
    expect(byId(posts, 'entities')).toMatchObject({
      // A title is plain text in JSON Feed: an entity in it is what the publisher wrote (#11).
      title: 'Fish &amp; chips &lt;3',
      summary: 'Heading Café é 😀 spaced out After style',
    });
    expect(byId(posts, 'prose').summary).toBe('If a < b and b > c, nothing is a tag here.');
    const long = byId(posts, 'long');
    expect(long.summary.length).toBeLessThanOrEqual(300);
    expect(long.summary).toMatch(/word\d+…$/);
    expect(long.words).toBe(400);
  });

  it('resolves relative links against feed_url, else home_page_url, and keeps only http(s)', () => {
    const { posts } = accepted('relative-links.json');
    expect(Object.fromEntries(posts.map((p) => [p.id, p.url]))).toEqual({
      rel: 'https://feeds.example.com/blog/posts/rel',
      root: 'https://feeds.example.com/root',
      ext: 'https://elsewhere.example.org/article',
      proto: 'https://cdn.example.net/x',
      ftp: null,
    });
    expect(accepted('relative-links-home.json').posts[0]?.url).toBe('https://home.example.com/blog/posts/rel');
  });

  it('reads dates as ISO 8601 UTC (UTC when no zone is given), and odd or future ones as null', () => {
    const { posts, futureDated } = accepted('odd-dates.json');
    expect(Object.fromEntries(posts.map((p) => [p.id, p.published]))).toEqual({
      offset: '2026-05-01T06:30:00.000Z',
      'date-only': '2026-05-01T00:00:00.000Z',
      rfc2822: '2026-05-01T12:00:00.000Z',
      garbage: null,
      number: null,
      'invalid-day': null,
      'year-one': null,
      'far-future': null,
      'no-zone': '2026-05-01T12:00:00.000Z',
      future: null,
      empty: null,
    });
    expect(futureDated).toBe(1);
    expect(byId(posts, 'garbage').modified).toBeNull();
  });

  it('takes the first non-empty trimmed tag as the category, a single string tag too', () => {
    const { posts } = accepted('tags.json');
    expect(Object.fromEntries(posts.map((p) => [p.id, p.category]))).toEqual({
      first: 'Engineering',
      string: 'AI & Tools',
      'blank-first': 'Career',
      none: 'Uncategorized',
      empty: 'Uncategorized',
      junk: 'Uncategorized',
    });
  });

  it('keeps ids, categories and authors named after JavaScript’s own properties', () => {
    const { posts } = accepted('js-names.json');
    expect(posts.map((p) => [p.id, p.category])).toEqual([
      ['constructor', 'constructor'],
      ['toString', 'toString'],
      ['__proto__', '__proto__'],
      ['hasOwnProperty', 'hasOwnProperty'],
    ]);
    expect(byId(posts, 'hasOwnProperty').authors).toEqual(['__proto__']);
  });

  // #11: NUL, ESC, DEL, C1 controls and bidi overrides reached titles, categories and authors.
  it('strips control characters and bidi embeddings, overrides and isolates from every stored string', () => {
    const { feed, posts } = accepted('control-chars.json');
    expect(feed.title).toBe('Control\u200f [2J[31mchars[0m');
    // "en" and a NUL: the NUL goes, as from every string, and what is left is a language.
    expect(feed.language).toBe('en');
    expect(posts).toMatchObject([
      {
        id: 'ctlid',
        title: 'Tab here, new line, NUL, DEL, NEL, override evil, isolate x',
        summary: 'Erase [2K line',
        category: 'Tag',
        authors: ['Ada]0;title'],
      },
      // HTML maps the references &#128; and &#x9b; to Windows-1252's € and ›, not to C1 controls.
      { id: 'html', summary: 'Escape [31m and reversed € C1 ›' },
    ]);
  });

  it('reads the newest 1,000 items of a longer feed and counts the rest', () => {
    const { posts, overLimit, skipped } = accepted('too-many-items.json');
    expect([posts.length, posts[0]?.id, posts.at(-1)?.id, overLimit, skipped]).toEqual([
      1000,
      'item-5',
      'item-1004',
      5,
      [],
    ]);
  });

  it('reads `expired` and an empty items list as usable feeds', () => {
    expect(accepted('expired.json').feed.expired).toBe(true);
    expect(accepted('empty-items.json').posts).toEqual([]);
  });

  it('keeps no script link from a hostile feed, no markup from its HTML, and its plain text as text', () => {
    const { feed, posts } = accepted('hostile.json');
    // A javascript: icon, a data: favicon, a "<script>" language and a javascript: image are all dropped.
    expect(feed).toEqual({
      title: expect.any(String),
      homePageUrl: null,
      icon: null,
      favicon: null,
      language: null,
      expired: false,
    });
    expect(posts.map((p) => p.url)).toEqual(posts.map(() => null));
    expect(posts.map((p) => p.image)).toEqual(posts.map(() => null));
    // Plain-text fields are shown as text (never as HTML), so markup in them is harmless and stays as written (#11).
    expect(feed.title).toBe("<script>alert('feed title')</script>Hostile <img src=x onerror=alert(1)>");
    expect(byId(posts, "<script>alert('id')</script>")).toMatchObject({
      title: "<img src=x onerror=alert('title')>Clickbait<script>alert(2)</script>",
      category: '<b onmouseover=alert(10)>Engineering</b>',
      authors: ['<script>alert(11)</script>Mallory'],
      words: 1,
    });
    expect(byId(posts, 'unclosed')).toMatchObject({
      title: 'Unclosed <script>alert(1)',
      summary: '<!-- a comment that never ends',
    });
    // What comes from content_html is text: no tag, script body, noscript body or comment survives.
    expect(byId(posts, 'html-only')).toMatchObject({ title: 'Body text', summary: 'Body text', words: 2 });
  });

  it('has a test for every fixture', () => {
    const source = readFileSync(import.meta.filename, 'utf8');
    // Files only: the XML fixtures (xml/, real/) have their own tests (xml.test.ts, real-feeds.test.ts).
    const files = readdirSync(DIR, { withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.map((entry) => entry.name).filter((name) => !source.includes(`'${name}'`))).toEqual([]);
  });
});
