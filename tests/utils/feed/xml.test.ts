// RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) read through readFeed (#13): every mapping rule, encodings, hostile documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ITEMS_PER_FETCH, type NormalizedPost } from '@/utils/feed/parse';
import { readFeed, sniffBody, type ReadOptions, type ReadResult } from '@/utils/feed/read';
import { MAX_XML_ITEMS, readProlog, rssDate } from '@/utils/feed/xml';

const DIR = join(import.meta.dirname, '../../fixtures/feeds/xml');
const NOW = Date.parse('2025-01-01T00:00:00Z');
const FETCHED = 'https://fetched.example.com/feeds/feed.xml';

function read(name: string, options: ReadOptions = {}): ReadResult {
  return readFeed(readFileSync(join(DIR, name)), { baseUrl: FETCHED, now: NOW, ...options });
}

function ok(result: ReadResult) {
  if (!result.ok) throw new Error(`expected a feed, got ${result.error.kind}: ${result.error.message}`);
  return result;
}

function post(result: ReadResult, id: string): NormalizedPost {
  const found = ok(result).posts.find((p) => p.id === id);
  if (!found) throw new Error(`no post ${id}`);
  return found;
}

describe('RSS 2.0', () => {
  const result = read('rss2-full.xml');

  it('reads the channel: title as text, home page, <image> against the channel link, language', () => {
    expect(ok(result).format).toBe('rss');
    expect(ok(result).feed).toEqual({
      title: 'Fish & Chips <Weekly>',
      homePageUrl: 'https://rss.example.com/',
      icon: 'https://rss.example.com/logo.png',
      favicon: null,
      language: 'en-GB',
      expired: false,
    });
  });

  it('uses guid as the id, link (resolved against the channel link) as the url, description as summary', () => {
    expect(post(result, 'tag:rss.example.com,2024:1')).toEqual({
      id: 'tag:rss.example.com,2024:1',
      // Plain text, its entities decoded once by the XML: written as in the feed, not read as HTML.
      title: 'Vec<String> & friends',
      url: 'https://rss.example.com/posts/1',
      category: 'Rust',
      // EST is UTC-5.
      published: '2003-06-10T09:00:00.000Z',
      modified: null,
      summary: 'The summary.',
      authors: ['Jane Doe'],
      // content:encoded is the full text, script dropped.
      words: 4,
      image: 'https://cdn.example.com/thumb.jpg',
    });
  });

  it('reads a picture from media:thumbnail, image media:content, an image enclosure or itunes:image', () => {
    expect(ok(result).posts.map((p) => [p.url, p.image])).toEqual([
      ['https://rss.example.com/posts/1', 'https://cdn.example.com/thumb.jpg'],
      // The video media:content is no picture; the one with medium="image" is.
      ['https://rss.example.com/posts/2', 'https://cdn.example.com/picture.png'],
      // The audio enclosure is passed over for the image one.
      ['https://rss.example.com/posts/3', 'https://cdn.example.com/cover.jpg'],
      ['https://rss.example.com/posts/4', 'https://cdn.example.com/itunes.jpg'],
      ['https://rss.example.com/posts/5', null],
      ['https://rss.example.com/posts/7', null],
    ]);
  });

  it('takes a permalink guid as the url, CDATA titles as text, dc:subject and author names', () => {
    const second = post(result, 'https://rss.example.com/posts/2');
    expect(second.url).toBe('https://rss.example.com/posts/2');
    expect(second.title).toBe('CDATA <title> & raw');
    expect(second.summary).toBe('Only a description here');
    expect(second.category).toBe('Subject Only');
    expect(second.authors).toEqual(['Bob Smith']);
    // A two-digit year (RFC 822).
    expect(second.published).toBe('2002-10-02T13:00:00.000Z');
    expect(post(result, 'https://rss.example.com/posts/7').url).toBe('https://rss.example.com/posts/7');
  });

  it('reads dc:date and odd zones; a bad date is null', () => {
    const third = post(result, 'https://rss.example.com/posts/3');
    expect(third.published).toBe('2024-03-01T09:00:00.000Z');
    const fourth = post(result, 'https://rss.example.com/posts/4');
    expect(fourth.published).toBe('2024-03-03T03:35:00.000Z');
    expect(post(result, 'https://rss.example.com/posts/5').published).toBe('2024-03-04T09:05:00.000Z');
    expect(post(result, 'https://rss.example.com/posts/7').published).toBeNull();
  });

  it('skips an item with neither guid nor link, by its index', () => {
    expect(ok(result).skipped).toEqual([{ index: 5, reason: 'no id and no url' }]);
    expect(ok(result).posts).toHaveLength(6);
  });

  it('accepts the RSS 0.91 Netscape DOCTYPE (its DTD is never fetched)', () => {
    const old = ok(read('rss091-netscape.xml'));
    expect(old.feed.title).toBe('Old school');
    expect(old.posts.map((p) => p.url)).toEqual(['http://old.example.com/1']);
  });
});

describe('RFC 822 dates', () => {
  it.each([
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 PDT', '2003-06-10T11:00:00.000Z'],
    ['10 Jun 2003 04:00 +0200', '2003-06-10T02:00:00.000Z'],
    ['Tue, 10 June 2003 04:00:00 CEST', '2003-06-10T02:00:00.000Z'],
    ['Tue, 10 Jun 03 04:00:00 UT', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003', '2003-06-10T00:00:00.000Z'],
  ])('%s', (value, iso) => {
    expect(rssDate(value)).toBe(iso);
  });

  it('passes anything else on for the normaliser to judge', () => {
    expect(rssDate('2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00Z');
    expect(rssDate('Tue, 10 Jun 2003 04:00:00 XYZ')).toBe('Tue, 10 Jun 2003 04:00:00 XYZ');
    expect(rssDate('  ')).toBeUndefined();
  });
});

describe('Atom 1.0', () => {
  const result = read('atom-full.xml');

  it('reads the feed: an html title as text, the alternate link, icon and logo against xml:base, xml:lang', () => {
    expect(ok(result).format).toBe('atom');
    expect(ok(result).feed).toEqual({
      title: 'Atom & Friends',
      homePageUrl: 'https://atom.example.org/blog/',
      // Atom's icon is the small one (a favicon), its logo the larger picture.
      icon: 'https://atom.example.org/logo.png',
      favicon: 'https://atom.example.org/blog/favicon.ico',
      language: 'de-DE',
      expired: false,
    });
  });

  it('reads an entry: text title as text, xml:base of feed and entry, html summary, xhtml content, term', () => {
    expect(post(result, 'tag:atom.example.org,2024:1')).toEqual({
      id: 'tag:atom.example.org,2024:1',
      title: 'Plain <b> stays',
      url: 'https://atom.example.org/blog/2024/first.html',
      category: 'term-only',
      published: '2024-01-01T10:00:00.000Z',
      modified: '2024-01-03T00:00:00.000Z',
      summary: 'Summary html',
      authors: ['Entry Author'],
      words: 3,
      // An image enclosure, against the entry's xml:base.
      image: 'https://atom.example.org/blog/2024/first.png',
    });
  });

  it('falls back: published to updated, the feed author, a link without rel, label before term, text content', () => {
    const second = post(result, 'tag:atom.example.org,2024:2');
    expect(second.title).toBe('XHTML title');
    expect(second.url).toBe('https://other.example.net/two');
    expect(second.published).toBe('2024-01-04T00:00:00.000Z');
    expect(second.category).toBe('Labelled');
    expect(second.summary).toBe('Just text <not html>');
    expect(second.authors).toEqual(['Feed Author']);
    // media:thumbnail against the feed's xml:base (the entry has none of its own).
    expect(second.image).toBe('https://atom.example.org/blog/thumbs/two.jpg');
    expect(post(result, 'https://atom.example.org/three').url).toBe('https://atom.example.org/three');
  });
});

describe('RSS 1.0 (RDF)', () => {
  it('uses rdf:about as the id, description as HTML, dc:date, dc:subject, dc:creator', () => {
    const result = ok(read('rdf.xml'));
    expect(result.format).toBe('rdf');
    expect(result.feed).toMatchObject({
      title: 'RDF Site',
      homePageUrl: 'https://rdf.example.net/',
      icon: 'https://rdf.example.net/logo.gif',
      language: 'fr',
    });
    expect(result.posts).toEqual([
      expect.objectContaining({
        id: 'https://rdf.example.net/1',
        title: 'Premier',
        summary: 'Un & deux',
        category: 'Nouvelles',
        authors: ['Marie'],
        published: '2003-12-13T18:30:02.000Z',
      }),
      expect.objectContaining({ id: 'https://rdf.example.net/2', url: 'https://rdf.example.net/2' }),
    ]);
  });
});

describe('hostile fields', () => {
  const result = ok(read('hostile-fields.xml'));

  it('keeps plain-text fields as text and HTML fields without scripts, styles or handlers', () => {
    expect(result.feed.title).toBe('<script>alert(1)</script>Evil');
    const evil = post(result, 'evil-1');
    expect(evil.title).toBe('<img src=x onerror=alert(1)>Title');
    expect(evil.summary).toBe('Click');
    expect(evil.category).toBe('<b onmouseover="alert(7)">cat</b>');
  });

  it('drops javascript:, data: and credentialed links; strips control and bidi characters', () => {
    expect(result.feed).toMatchObject({ homePageUrl: null, icon: null, favicon: null, language: null });
    // A javascript: thumbnail and a data: enclosure: no picture at all.
    expect(post(result, 'evil-1')).toMatchObject({ url: null, image: null });
    const second = post(result, 'evil-2');
    expect(second.url).toBeNull();
    expect(second.title).toBe('Credentials and control characters[31m');
  });
});

describe('hostile Atom fields', () => {
  const result = ok(read('atom-hostile.xml'));

  it('reads html and xhtml constructs into text without scripts, styles, noscript or handlers', () => {
    expect(result.feed.title).toBe('Evil feed');
    expect(post(result, 'evil-atom-1')).toMatchObject({ title: 'Entry', summary: 'Hover', words: 2 });
    // Plain text stays as written (rendered as text).
    expect(post(result, 'evil-atom-1')).toMatchObject({
      category: '<script>alert(11)</script>',
      authors: ['<b>Mallory</b>'],
    });
  });

  it('drops javascript: and data: links, and ignores a javascript: xml:base', () => {
    expect(result.feed).toMatchObject({ homePageUrl: null, icon: null, favicon: null });
    expect(post(result, 'evil-atom-1')).toMatchObject({ url: null, image: null });
    expect(post(result, 'evil-atom-2').url).toBe('https://fetched.example.com/safe');
  });
});

describe('named errors', () => {
  it.each([
    ['billion-laughs.xml', 'not-a-feed'],
    ['external-entity.xml', 'not-a-feed'],
    ['external-dtd.xml', 'not-a-feed'],
    ['cut-off.xml', 'not-xml'],
    ['mismatched.xml', 'not-xml'],
    ['not-a-feed.xml', 'not-a-feed'],
  ])('%s is %s, quickly', (name, kind) => {
    const start = performance.now();
    const result = read(name);
    expect(performance.now() - start).toBeLessThan(200);
    expect(result).toMatchObject({ ok: false, error: { kind }, format: null });
    // No entity reached any text: nothing was expanded, nothing read from the disk.
    expect(JSON.stringify(result)).not.toMatch(/lollol|root:/);
  });

  it('names an HTML page not-a-feed, whatever its content type says', () => {
    const page = readFileSync(join(import.meta.dirname, '../../fixtures/feeds/login-page.html'));
    expect(readFeed(page, { contentType: 'application/rss+xml' })).toMatchObject({ error: { kind: 'not-a-feed' } });
    expect(readFeed('<!DOCTYPE html><html><body>x</body></html>')).toMatchObject({ error: { kind: 'not-a-feed' } });
    expect(readFeed('<head><title>Wi-Fi</title></head><body><form></form>')).toMatchObject({
      error: { kind: 'not-a-feed' },
    });
    expect(readFeed('<html><body><rss version="2.0"></rss></body></html>')).toMatchObject({
      error: { kind: 'not-a-feed' },
    });
  });

  it('keeps not-json for broken JSON and invalid-feed for JSON that is no feed', () => {
    expect(readFeed('{"items": [')).toMatchObject({ error: { kind: 'not-json' } });
    expect(readFeed('{"title": "x"}')).toMatchObject({ error: { kind: 'invalid-feed' } });
    expect(readFeed('')).toMatchObject({ error: { kind: 'not-json' } });
  });

  it('rejects a 100,000-deep document as not-xml without running out of stack', () => {
    const deep = `<rss version="2.0"><channel>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</channel></rss>`;
    const start = performance.now();
    expect(readFeed(deep)).toMatchObject({ ok: false, error: { kind: 'not-xml' } });
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('reads a 5 MB text node, keeping a capped summary', () => {
    const huge = `<rss version="2.0"><channel><title>Big</title><item><guid>1</guid><description>${'word '.repeat(
      1_000_000,
    )}</description></item></channel></rss>`;
    const result = ok(readFeed(huge));
    expect(result.posts[0]!.summary.length).toBeLessThanOrEqual(300);
    expect(result.posts[0]!.words).toBe(1_000_000);
  });

  it('refuses a body over the byte limit before decoding it', () => {
    const bytes = new TextEncoder().encode('<rss version="2.0"><channel></channel></rss>');
    expect(readFeed(bytes, { maxBytes: 10 })).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });
});

describe('readProlog', () => {
  it('finds the root past declarations and comments, and refuses entity declarations', () => {
    expect(readProlog('<?xml version="1.0"?><!-- c --><?xml-stylesheet href="x"?>\n<rss>')).toEqual({
      root: 'rss',
      refusal: null,
    });
    expect(readProlog('<!DOCTYPE feed [<!ENTITY a "b">]><feed/>').refusal?.kind).toBe('not-a-feed');
    expect(readProlog('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd"><html>').root).toBe('html');
    expect(readProlog('plain text').root).toBeNull();
  });
});

/** A one-channel RSS document with a title and an XML declaration. */
const rss = (title: string, declaration = '<?xml version="1.0"?>') =>
  `${declaration}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;

describe('encodings', () => {
  it('reads windows-1252 named by the XML declaration', () => {
    expect(ok(read('windows-1252.xml'))).toMatchObject({
      feed: { title: 'Café “quoted” €' },
      posts: [{ title: 'Naïve résumé' }],
      encoding: 'windows-1252',
      encodingSource: 'xml-declaration',
    });
  });

  it('reads ISO-8859-1 named only by the Content-Type charset', () => {
    const result = ok(read('latin1-by-content-type.xml', { contentType: 'text/html; charset=ISO-8859-1' }));
    expect(result.feed.title).toBe('Grüße');
    expect(result.encodingSource).toBe('content-type');
    // Without the charset the bytes are read as UTF-8 (replacement characters, not an exception).
    expect(ok(read('latin1-by-content-type.xml')).feed.title).toBe('Gr\uFFFD\uFFFDe');
  });

  it('reads UTF-16 by its byte-order mark, both byte orders', () => {
    const text = rss('Ünïcödé ✓');
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      le.set([code & 0xff, code >> 8], 2 + i * 2);
      be.set([code >> 8, code & 0xff], 2 + i * 2);
    }
    expect(ok(readFeed(le))).toMatchObject({
      feed: { title: 'Ünïcödé ✓' },
      encoding: 'utf-16le',
      encodingSource: 'bom',
    });
    expect(ok(readFeed(be))).toMatchObject({ feed: { title: 'Ünïcödé ✓' }, encoding: 'utf-16be' });
  });

  it('ranks the BOM over the declaration over the Content-Type', () => {
    const utf8 = new TextEncoder().encode(rss('Ü', '<?xml version="1.0" encoding="ISO-8859-1"?>'));
    const withBom = new Uint8Array(utf8.length + 3);
    withBom.set([0xef, 0xbb, 0xbf]);
    withBom.set(utf8, 3);
    expect(ok(readFeed(withBom, { contentType: 'text/xml; charset=utf-16' }))).toMatchObject({
      feed: { title: 'Ü' },
      encodingSource: 'bom',
    });
    const latin = new TextEncoder().encode(rss('x', '<?xml version="1.0" encoding="ISO-8859-1"?>'));
    expect(ok(readFeed(latin, { contentType: 'text/xml; charset=utf-8' })).encodingSource).toBe('xml-declaration');
    // An unknown label falls through to the next source.
    const unknown = new TextEncoder().encode(rss('Ü', '<?xml version="1.0" encoding="x-klingon"?>'));
    expect(ok(readFeed(unknown, { contentType: 'text/xml; charset=utf-8' }))).toMatchObject({
      feed: { title: 'Ü' },
      encodingSource: 'content-type',
    });
  });

  it('tells the format from the body, never the content type', () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [] });
    expect(readFeed(new TextEncoder().encode(json), { contentType: 'text/html' }).format).toBe('json');
    expect(readFeed(new TextEncoder().encode(rss('R')), { contentType: 'application/json' }).format).toBe('rss');
    expect(sniffBody('  \n<feed')).toBe('xml');
    expect(sniffBody('\n[1]')).toBe('json');
    expect(sniffBody('hello')).toBe('other');
  });
});

/** An RSS item with a guid, a pubDate and a title. */
function rssItem(i: number, time: number): string {
  return `<item><guid>p${i}</guid><pubDate>${new Date(time).toUTCString()}</pubDate><title>${i}</title></item>`;
}

describe('limits', () => {
  it('hands at most MAX_XML_ITEMS items to the parser, counting the rest as over the limit', () => {
    const entries = Array.from(
      { length: MAX_XML_ITEMS + 500 },
      (_, i) => `<entry><id>e${i}</id><updated>${new Date(NOW - i * 60_000).toISOString()}</updated></entry>`,
    ).join('');
    const result = ok(
      readFeed(
        `<a:feed xmlns:a="http://www.w3.org/2005/Atom">${entries.replaceAll('<', '<a:').replaceAll('<a:/', '</a:')}</a:feed>`,
        { now: NOW },
      ),
    );
    expect(result.posts).toHaveLength(MAX_ITEMS_PER_FETCH);
    expect(result.overLimit).toBe(MAX_XML_ITEMS + 500 - MAX_ITEMS_PER_FETCH);
    expect(result.posts[0]!.id).toBe('e0');
  });

  it('reads the newest 1,000 of a longer RSS feed and counts the rest', () => {
    const items = Array.from(
      { length: 1_200 },
      (_, i) =>
        `<item><guid>p${i}</guid><pubDate>${new Date(NOW - i * 60_000).toUTCString()}</pubDate><title>${i}</title></item>`,
    ).join('');
    const result = ok(
      readFeed(`<rss version="2.0"><channel><title>Long</title>${items}</channel></rss>`, { now: NOW }),
    );
    expect(result.posts).toHaveLength(MAX_ITEMS_PER_FETCH);
    expect(result.overLimit).toBe(200);
    expect(result.posts.at(-1)!.id).toBe('p999');
  });

  it('still finds the newest 1,000 when a long feed is not in order: a newer item late in the list is kept', () => {
    const items = Array.from({ length: 1_200 }, (_, i) =>
      // p1100 is the newest of all, listed late; in a newest-first reading it would fall past the first 1,000.
      rssItem(i, i === 1_100 ? NOW - 1_000 : NOW - (i + 1) * 60_000),
    ).join('');
    const result = ok(
      readFeed(`<rss version="2.0"><channel><title>Mixed</title>${items}</channel></rss>`, { now: NOW }),
    );
    expect(result.posts).toHaveLength(MAX_ITEMS_PER_FETCH);
    expect(result.posts.map((p) => p.id)).toContain('p1100');
    expect(result.posts.map((p) => p.id)).not.toContain('p999');
    expect(result.overLimit).toBe(200);
  });
});

describe('properties', () => {
  // oxlint-disable-next-line no-control-regex
  const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

  /** The reasons a post is not normalised (empty when it is). */
  function problems(p: NormalizedPost): string[] {
    const out: string[] = [];
    if (p.id.length === 0 || p.title.trim().length === 0) out.push('empty id or title');
    for (const link of [p.url]) if (link !== null && !/^https?:$/.test(new URL(link).protocol)) out.push(link);
    for (const date of [p.published, p.modified]) if (date !== null && !ISO.test(date)) out.push(date);
    if (p.summary.length > 300) out.push('long summary');
    if ([p.id, p.title, p.summary, p.category, ...p.authors].some((v) => CONTROLS.test(v))) out.push('controls');
    return out;
  }

  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      '&amp;',
      '&lt;b&gt;',
      '<![CDATA[<b>x</b>]]>',
      'javascript:alert(1)',
      '/rel',
      '\u202e\u001b',
      '&#0;',
    ),
  );
  const field = fc.tuple(
    fc.constantFrom(
      'title',
      'link',
      'guid',
      'description',
      'pubDate',
      'category',
      'dc:date',
      'content:encoded',
      'id',
      'summary',
      'updated',
      'published',
    ),
    text,
  );
  const element = fc
    .array(field, { maxLength: 6 })
    .map((fields) => fields.map(([name, value]) => `<${name}>${value}</${name}>`).join(''));
  const document = fc
    .tuple(fc.constantFrom('rss', 'atom', 'rdf'), text, fc.array(element, { maxLength: 5 }))
    .map(([format, title, items]) =>
      format === 'rss'
        ? `<rss version="2.0"><channel><title>${title}</title>${items.map((i) => `<item>${i}</item>`).join('')}</channel></rss>`
        : format === 'atom'
          ? `<feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title>${items.map((i) => `<entry>${i}</entry>`).join('')}</feed>`
          : `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>${title}</title></channel>${items.map((i) => `<item>${i}</item>`).join('')}</rdf:RDF>`,
    );

  it('never throws on arbitrary strings and bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.uint8Array({ maxLength: 500 })),
        (body) => {
          const result = readFeed(body);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on XML-ish documents, and every accepted post is normalised', () => {
    fc.assert(
      fc.property(document, fc.boolean(), (doc, cut) => {
        const body = cut ? doc.slice(0, Math.floor(doc.length / 2)) : doc;
        const result = readFeed(body, { baseUrl: FETCHED, now: NOW });
        expect(result.ok ? result.posts.flatMap(problems) : []).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

const MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"';

function rssDoc(items: string, channel = ''): ReadResult {
  return readFeed(
    `<rss version="2.0" ${MEDIA}><channel><title>T</title><link>https://site.test/blog/</link>${channel}${items}</channel></rss>`,
    { baseUrl: FETCHED, now: NOW },
  );
}

function atomDoc(entries: string, feed = '', attributes = ''): ReadResult {
  return readFeed(
    `<feed xmlns="http://www.w3.org/2005/Atom" ${MEDIA} ${attributes}><title>A</title><id>a</id>${feed}${entries}</feed>`,
    { baseUrl: FETCHED, now: NOW },
  );
}

const item = (inner: string) => `<item><guid>1</guid><title>I</title>${inner}</item>`;
const imageOf = (result: ReadResult) => ok(result).posts[0]?.image;

// #13: pictures and language, each source, its precedence and the same rules as every link.
describe('pictures and language', () => {
  it('prefers a thumbnail to media:content, media:content to an enclosure, an enclosure to itunes:image', () => {
    const all =
      '<itunes:image href="https://i.test/itunes.png"/>' +
      '<enclosure url="https://i.test/enclosure.png" type="image/png" length="1"/>' +
      '<media:content url="https://i.test/content.png" medium="image"/>' +
      '<media:thumbnail url="https://i.test/thumb.png"/>';
    expect(imageOf(rssDoc(item(all)))).toBe('https://i.test/thumb.png');
    expect(imageOf(rssDoc(item(all.replace(/<media:thumbnail[^>]*>/, ''))))).toBe('https://i.test/content.png');
    expect(imageOf(rssDoc(item(all.replace(/<media:[^>]*>/g, ''))))).toBe('https://i.test/enclosure.png');
    expect(imageOf(rssDoc(item('<itunes:image href="https://i.test/itunes.png"/>')))).toBe('https://i.test/itunes.png');
  });

  it('reads a media:group’s thumbnail and content, and media:content by an image/* type alone', () => {
    expect(
      imageOf(rssDoc(item('<media:group><media:thumbnail url="https://i.test/group-thumb.png"/></media:group>'))),
    ).toBe('https://i.test/group-thumb.png');
    expect(
      imageOf(
        rssDoc(item('<media:group><media:content url="https://i.test/g.webp" type="image/webp"/></media:group>')),
      ),
    ).toBe('https://i.test/g.webp');
    expect(imageOf(rssDoc(item('<media:content url="https://i.test/t.jpg" type="IMAGE/JPEG"/>')))).toBe(
      'https://i.test/t.jpg',
    );
    // Neither medium="image" nor an image type: a video, a document, an untyped file are no picture.
    expect(
      imageOf(
        rssDoc(
          item(
            '<media:content url="https://i.test/v.mp4" medium="video"/><media:content url="https://i.test/x.jpg"/>' +
              '<enclosure url="https://i.test/a.pdf" type="application/pdf" length="1"/>',
          ),
        ),
      ),
    ).toBeNull();
  });

  it('passes over a hostile or unreadable candidate for the next usable one', () => {
    const result = rssDoc(
      item(
        '<media:thumbnail url="javascript:alert(1)"/><media:thumbnail url="data:image/png;base64,AAAA"/>' +
          '<media:content url="https://u:p@i.test/c.png" medium="image"/>' +
          '<enclosure url="https://i.test/fine.png" type="image/png" length="1"/>',
      ),
    );
    expect(imageOf(result)).toBe('https://i.test/fine.png');
  });

  it('resolves a relative picture against the channel link (RSS) or the entry’s xml:base (Atom)', () => {
    expect(imageOf(rssDoc(item('<media:thumbnail url="img/1.png"/>')))).toBe('https://site.test/blog/img/1.png');
    expect(imageOf(rssDoc(item('<media:thumbnail url="/1.png"/>')))).toBe('https://site.test/1.png');
    const entry =
      '<entry xml:base="posts/"><id>e</id><title>E</title><updated>2024-01-01T00:00:00Z</updated>' +
      '<media:thumbnail url="e.png"/></entry>';
    expect(imageOf(atomDoc(entry, '', 'xml:base="https://a.test/blog/"'))).toBe('https://a.test/blog/posts/e.png');
    // No xml:base at all: the address the feed was fetched from.
    expect(imageOf(atomDoc(entry))).toBe('https://fetched.example.com/feeds/posts/e.png');
  });

  it('reads an Atom entry’s media:content and a feed-level itunes:image as the icon when there is no logo', () => {
    const entry =
      '<entry><id>e</id><title>E</title><updated>2024-01-01T00:00:00Z</updated>' +
      '<media:content url="https://a.test/c.png" medium="image"/></entry>';
    expect(imageOf(atomDoc(entry))).toBe('https://a.test/c.png');
    expect(ok(rssDoc(item(''), '<itunes:image href="https://i.test/show.png"/>')).feed.icon).toBe(
      'https://i.test/show.png',
    );
    // The channel's <image> comes first.
    expect(
      ok(rssDoc(item(''), '<image><url>logo.png</url></image><itunes:image href="https://i.test/show.png"/>')).feed
        .icon,
    ).toBe('https://site.test/blog/logo.png');
  });

  it('keeps no picture over MAX_URL_LENGTH and removes control characters from one', () => {
    const huge = `https://i.test/${'a'.repeat(100_000)}.png`;
    expect(imageOf(rssDoc(item(`<media:thumbnail url="${huge}"/>`)))).toBeNull();
    expect(ok(rssDoc(item(''), `<image><url>${huge}</url></image>`)).feed.icon).toBeNull();
    // A NUL and a bidi override (as character references) inside the address.
    expect(imageOf(rssDoc(item('<media:thumbnail url="https://i.test/&#x202e;a&#x7f;.png"/>')))).toBe(
      'https://i.test/a.png',
    );
  });

  it.each([
    ['en-us', 'en-US'],
    ['EN', 'en'],
    ['pt_BR', 'pt-BR'],
    [' zh-Hant-TW ', 'zh-Hant-TW'],
    ['English', null],
    ['<script>', null],
    ['x-klingon', null],
    ['en-', null],
    [`en-${'x'.repeat(100)}`, null],
    ['de-DE-1996-1996', null],
  ])('reads the language %j as %j', (language, expected) => {
    expect(ok(rssDoc(item(''), `<language>${language}</language>`)).feed.language).toBe(expected);
    expect(ok(atomDoc('', '', `xml:lang="${language}"`)).feed.language).toBe(expected);
  });
});
