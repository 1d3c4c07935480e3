// The XML window (#13): a long feed's newest 1,000 items picked before feedsmith runs must give exactly what the whole
// parse gives, in order or not, dated or not; and the pre-pass must stay linear on hostile input.
import * as fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_ITEMS_PER_FETCH } from '@/utils/feed/parse';
import { parseXmlDocument, rssDate, type XmlParseResult } from '@/utils/feed/xml';
import { newestItemsWindow } from '@/utils/feed/xml-window';

// The whole parse is parseXmlDocument with the window turned off: the mocked module answers null while `whole` is set.
const control = vi.hoisted(() => ({ whole: false, windowed: 0 }));
vi.mock('@/utils/feed/xml-window', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/utils/feed/xml-window')>();
  return {
    ...actual,
    newestItemsWindow: (...args: Parameters<typeof actual.newestItemsWindow>) => {
      if (control.whole) return null;
      const window = actual.newestItemsWindow(...args);
      if (window) control.windowed += 1;
      return window;
    },
  };
});

const NOW = Date.parse('2025-01-01T00:00:00Z');
const FETCHED = 'https://fetched.example.com/feed.xml';

/** The fast path's result and the whole parse's, for one document. */
function both(doc: string): { fast: XmlParseResult; whole: XmlParseResult } {
  control.whole = false;
  const fast = parseXmlDocument(doc, { baseUrl: FETCHED, now: NOW });
  control.whole = true;
  const whole = parseXmlDocument(doc, { baseUrl: FETCHED, now: NOW });
  control.whole = false;
  return { fast, whole };
}

afterEach(() => {
  control.whole = false;
});

type Format = 'rss' | 'atom' | 'rdf';

function wrap(format: Format, items: string[]): string {
  if (format === 'rss') {
    return (
      '<?xml version="1.0" encoding="utf-8"?><!-- a comment --><rss version="2.0" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">' +
      `<channel><title>T</title><link>https://example.com/</link>${items.join('\n')}<description>after</description></channel></rss>`
    );
  }
  if (format === 'atom') {
    return (
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/"><title>T</title>' +
      `<link href="https://example.com/"/>${items.join('\n')}</feed>\n<!-- trailing -->`
    );
  }
  return (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://example.com/"><title>T</title>' +
    `<link>https://example.com/</link></channel>${items.join('')}</rdf:RDF>`
  );
}

/** mulberry32: a small seeded generator, so a 1,200-item feed comes from one fast-check seed. */
function prng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ['GMT', '+0200', '-0530', 'EST', 'Z', 'A', '+05:30', 'PDT'];

/** A date as a feed might write it: RFC 822 in many zones, ISO, date only, unreadable, far ahead. */
function dateText(random: () => number, format: Format, pool: number[]): string | null {
  const roll = random();
  // A few times shared by many items: ties on the 1,000th date.
  const time = random() < 0.3 ? pool[Math.floor(random() * pool.length)]! : NOW - Math.floor(random() * 4e10);
  const date = new Date(time);
  if (roll < 0.12) return null;
  if (roll < 0.16) return random() < 0.5 ? 'yesterday' : 'Jan 5 2024 10:00';
  if (roll < 0.19) return new Date(NOW + 30 * 86_400_000 * (1 + random())).toISOString();
  if (roll < 0.21) return '   ';
  if (format === 'atom' || roll < 0.35) {
    return roll < 0.28 ? date.toISOString() : `${date.toISOString().slice(0, 19)}+02:00`;
  }
  if (roll < 0.4) return date.toISOString().slice(0, 10);
  const zone = ZONES[Math.floor(random() * ZONES.length)]!;
  const text = date.toUTCString().replace('GMT', zone);
  return roll < 0.45 ? `  ${text}\n` : text;
}

/** Content that must never split an item: CDATA and comments holding end tags, a processing instruction. */
function body(random: () => number, format: Format): string {
  const roll = random();
  const end = format === 'atom' ? '</entry>' : '</item>';
  const start = format === 'atom' ? '<entry>' : '<item>';
  if (format === 'atom') {
    if (roll < 0.3) return `<content type="html"><![CDATA[<p>${end}${start} x]]></content>`;
    if (roll < 0.4) return `<!-- ${end} --><summary>s &amp; t</summary>`;
    if (roll < 0.5) return '<?pi data?><summary type="html">&lt;b&gt;bold&lt;/b&gt;</summary>';
    return '<summary>plain</summary>';
  }
  if (roll < 0.3) return `<description><![CDATA[<p>${end}${start} x]]></description>`;
  if (roll < 0.4) return `<!-- ${end} --><description>a &lt;b&gt;</description>`;
  if (roll < 0.45 && format === 'rss') return '<content:encoded><![CDATA[<p>full</p>]]></content:encoded>';
  if (roll < 0.5) return '<?pi data?><description>d</description>';
  return '<description>plain</description>';
}

/** One generated item; `odd` puts in the rare shapes that send the window back to the whole parse. */
function item(random: () => number, format: Format, i: number, pool: number[], odd: boolean): string {
  const date = dateText(random, format, pool);
  // Repeated ids (skipped as duplicates) and items with no id and no link (skipped).
  const id = random() < 0.03 ? 'dup' : `p${i}`;
  const noId = random() < 0.02;
  const title = random() < 0.05 ? '' : `<title>Post ${i} &amp; more</title>`;
  const plainTitle = `<title>Post ${i}</title>`;
  const extra = body(random, format);
  const rare = odd ? random() : 1;
  if (format === 'atom') {
    const dated = date === null ? '' : random() < 0.6 ? `<published>${date}</published>` : `<updated>${date}</updated>`;
    const alsoUpdated =
      random() < 0.2 && date !== null ? `<updated>${new Date(NOW - 1e9).toISOString()}</updated>` : '';
    if (rare < 0.002) return '<entry></entry>';
    if (rare < 0.004) return `<entry><id>${id}</id><published><![CDATA[${date ?? ''}]]></published></entry>`;
    if (rare < 0.006) return `<entry><title type="xhtml">Post ${i}</title>${dated}</entry>`;
    const atomTitle = !noId && random() < 0.2 ? `<title type="text">Post ${i}</title>` : plainTitle;
    return `<entry>${noId ? '' : `<id>${id}</id>`}${atomTitle}${dated}${alsoUpdated}${extra}<link href="/p/${i}"/></entry>`;
  }
  const guid = noId ? '' : `<guid isPermaLink="false">${id}</guid>`;
  const link = noId ? '' : `<link>https://example.com/p/${i}</link>`;
  const dateElement =
    date === null
      ? ''
      : format === 'rss' && random() < 0.7
        ? `<pubDate>${date}</pubDate>${random() < 0.1 ? `<dc:date>${new Date(NOW - 5e9).toISOString()}</dc:date>` : ''}`
        : `<dc:date>${date}</dc:date>`;
  const about = format === 'rdf' ? ` rdf:about="https://example.com/p/${i}"` : '';
  if (rare < 0.002) return `<item${about}></item>`;
  if (rare < 0.004) return `<item${about}>${'<x>'.repeat(120)}${'</x>'.repeat(120)}${plainTitle}</item>`;
  if (rare < 0.006) return `<item${about}><constructor>1</constructor>${plainTitle}</item>`;
  if (rare < 0.008) return `<item${about}><pubDate>&#32;</pubDate>${title || plainTitle}</item>`;
  return `<item${about}>${guid}${link}${random() < 0.5 ? title || plainTitle : plainTitle}${dateElement}${extra}</item>`;
}

/** A whole generated feed: more than 1,000 items, shuffled or in order. */
function feed(format: Format, seed: number, count: number, inOrder: boolean, odd: boolean): string {
  const random = prng(seed);
  const pool = Array.from({ length: 4 }, () => NOW - Math.floor(random() * 4e10));
  const items = Array.from({ length: count }, (_, i) => item(random, format, i, pool, odd));
  if (!inOrder) {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
  }
  return wrap(format, items);
}

describe('newestItemsWindow', () => {
  it('gives exactly the whole parse for generated RSS, Atom and RDF feeds, in order or shuffled', () => {
    control.windowed = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<Format>('rss', 'atom', 'rdf'),
        fc.integer(),
        fc.integer({ min: MAX_ITEMS_PER_FETCH - 5, max: MAX_ITEMS_PER_FETCH + 400 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
        (format, seed, count, inOrder, odd) => {
          runs += 1;
          const { fast, whole } = both(feed(format, seed, count, inOrder, odd));
          expect(fast).toEqual(whole);
        },
      ),
      { numRuns: 40 },
    );
    // Not vacuous: the window answered for many documents (rare shapes, in a quarter of them, send the rest to the
    // whole parse).
    expect(control.windowed).toBeGreaterThan(runs / 4);
  }, 120_000);

  it('gives exactly the whole parse with arbitrary text in titles, dates and CDATA', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 20 }).map((s) => s.replace(/[<&]/g, '')),
      fc.constantFrom('&amp;', '<![CDATA[</item></entry>]]>', '<!-- </item> -->', ' ', ''),
    );
    fc.assert(
      fc.property(
        fc.constantFrom<Format>('rss', 'atom', 'rdf'),
        fc.array(fc.tuple(fc.nat(1100), text, text), { minLength: 1, maxLength: 8 }),
        fc.integer(),
        (format, specials, seed) => {
          const random = prng(seed);
          const items = Array.from({ length: 1_050 }, (_, i) => item(random, format, i, [NOW - 1e9], false));
          for (const [at, title, date] of specials) {
            const name = format === 'atom' ? 'entry' : 'item';
            const dateName = format === 'atom' ? 'updated' : format === 'rss' ? 'pubDate' : 'dc:date';
            items.splice(
              at,
              0,
              `<${name}><title>${title}</title><${dateName}>${date}</${dateName}><description>${title}</description></${name}>`,
            );
          }
          const { fast, whole } = both(wrap(format, items));
          expect(fast).toEqual(whole);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('keeps the newest 1,000 of a shuffled feed and names skipped items by their place in the whole list', () => {
    const items = Array.from({ length: 1_500 }, (_, i) => {
      const id = i === 700 || i === 1_400 ? 'same' : `p${i}`;
      return `<item><guid>${id}</guid><title>${i}</title><pubDate>${new Date(NOW - ((i * 7919) % 1_500) * 60_000).toUTCString()}</pubDate><description><![CDATA[</item>]]></description></item>`;
    });
    const { fast, whole } = both(wrap('rss', items));
    expect(fast).toEqual(whole);
    if (!fast.ok) throw new Error('expected a feed');
    // p700 and p1400 share an id: the later one, when both are kept, is skipped under its index in the whole list.
    expect(fast.posts.length + fast.skipped.length).toBe(MAX_ITEMS_PER_FETCH);
    expect(fast.skipped.every((s) => s.index === 1_400)).toBe(true);
    expect(fast.overLimit).toBe(500);
    expect(control.windowed).toBeGreaterThan(0);
  });

  it('reads dates the normaliser does not (the old newest-first shortcut did) as undated, as the whole parse does', () => {
    // 1,000 items with a date Date.parse reads but the normaliser does not, listed first, then 500 older ones truly
    // dated: the whole parse keeps the 500 dated and the first 500 undated; the newest-first shortcut (the order
    // looked right to Date.parse) kept the first 1,000.
    const items = [
      ...Array.from({ length: 1_000 }, (_, i) => `<item><guid>u${i}</guid><pubDate>Jan 5 2024 10:00</pubDate></item>`),
      ...Array.from(
        { length: 500 },
        (_, i) =>
          `<item><guid>d${i}</guid><pubDate>${new Date(Date.UTC(2023, 5, 1) - i * 60_000).toUTCString()}</pubDate></item>`,
      ),
    ];
    const { fast, whole } = both(wrap('rss', items));
    expect(fast).toEqual(whole);
    if (!fast.ok) throw new Error('expected a feed');
    expect(fast.posts.filter((p) => p.id.startsWith('d'))).toHaveLength(500);
  });

  it('works on the first MAX_XML_ITEMS of a longer shuffled feed, counting every item beyond 1,000', () => {
    const items = Array.from(
      { length: 10_300 },
      (_, i) =>
        `<entry><id>e${i}</id><title>t</title><updated>${new Date(NOW - ((i * 7919) % 10_300) * 60_000).toISOString()}</updated></entry>`,
    );
    const { fast, whole } = both(wrap('atom', items));
    expect(fast).toEqual(whole);
    expect(fast).toMatchObject({ ok: true, overLimit: 10_300 - MAX_ITEMS_PER_FETCH });
  });

  it('leaves a feed to the whole parse when an item it would drop is too deep or misnamed', () => {
    const items = Array.from({ length: 1_200 }, (_, i) => `<item><guid>p${i}</guid><title>t</title></item>`);
    items[1_100] = `<item><title>deep</title>${'<x>'.repeat(150)}${'</x>'.repeat(150)}</item>`;
    const deep = wrap('rss', items);
    expect(newestItemsWindow(deep, 'rss', { now: NOW, rssDate })).toBeNull();
    expect(both(deep).fast).toMatchObject({ ok: false, error: { kind: 'not-xml' } });
    items[1_100] = '<item><title>t</title><Constructor>x</Constructor></item>';
    expect(newestItemsWindow(wrap('rss', items), 'rss', { now: NOW, rssDate })).toBeNull();
  });

  it('does linear work on pathological input', () => {
    // Unterminated and piled-up constructs that a careless scanner re-reads: each is scanned once.
    const n = 200_000;
    const ITEMS = '<item><title>t</title></item>'.repeat(1_100);
    const cases = [
      `<rss><channel>${'<item><title>t</title><description>'.repeat(n / 40)}`,
      `<rss><channel>${'<item a="'.repeat(n / 10)}`,
      `<rss><channel>${'<item><![CDATA['.repeat(n / 15)}</channel></rss>`,
      `<rss><channel>${ITEMS}${'<x>'.repeat(n / 3)}</channel></rss>`,
      `<rss><channel>${ITEMS}${'<'.repeat(n)}</channel></rss>`,
      `<rss><channel>${ITEMS}${'<item><title>'.repeat(n / 13)}</channel></rss>`,
      `<rss><channel>${'<item><title>t</title></item>'.repeat(n / 28)}${'<!--'.repeat(n / 4)}</channel></rss>`,
      `<feed xmlns="http://www.w3.org/2005/Atom">${`<entry><id>1</id><x ${'a="1" '.repeat(50)}/></entry>`.repeat(1_100)}</feed>`,
    ];
    // oxlint-disable-next-line typescript/unbound-method -- called below with its receiver
    const { indexOf, charCodeAt } = String.prototype;
    for (const doc of cases) {
      // Characters looked at: what each indexOf passes over, and each charCodeAt.
      let work = 0;
      const indexOfSpy = vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (
        this: string,
        search: string,
        from = 0,
      ) {
        const found = indexOf.call(this, search, from);
        work += (found < 0 ? this.length : found + search.length) - from;
        return found;
      });
      const charCodeAtSpy = vi.spyOn(String.prototype, 'charCodeAt').mockImplementation(function (
        this: string,
        at: number,
      ) {
        work += 1;
        return charCodeAt.call(this, at);
      });
      try {
        newestItemsWindow(doc, doc.startsWith('<feed') ? 'feed' : 'rss', { now: NOW, rssDate });
      } finally {
        indexOfSpy.mockRestore();
        charCodeAtSpy.mockRestore();
      }
      // Linear: a few looks per character, whatever the document piles up.
      expect(work).toBeLessThanOrEqual(4 * doc.length);
    }
  });
});
