// `npm run bench:parse`: time to parse and normalise generated 1,000- and 10,000-item JSON Feeds with Digest's own
// parser (the work the worker does on every changed feed), and a 60,000-item feed of lean items (under the 10 MB
// limit) of which Digest reads only the newest MAX_ITEMS_PER_FETCH; then the same items as RSS 2.0 and Atom 1.0,
// read by readFeed, listed newest first and shuffled, next to the JSON Feed of the same items timed in turns with
// them (#13: XML should stay within about 3 × JSON Feed). Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import { parseFeed as feedsmithParse } from 'feedsmith';
import { MAX_ITEMS_PER_FETCH, parseFeed } from '../utils/feed/parse';
import { readFeed } from '../utils/feed/read';

const CATEGORIES = ['Engineering', 'AI & Tools', 'Career', 'Security', 'Design'];

const NOW = Date.now();

/**
 * A realistic feed, newest first (one post an hour up to now): HTML content, summaries on half the items, tags,
 * dates, authors; or lean items (id, link, title, date, tag), as a feed of a whole archive might list them.
 */
function generateFeed(items: number, lean = false, order: readonly number[] = inOrder(items)): Uint8Array {
  const paragraph =
    '<p>Boring technology is a feature: <a href="/x">proven tools</a> &amp; known failure modes let a team ' +
    'spend its <em>innovation tokens</em> where they matter.</p>';
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Bench feed',
    home_page_url: 'https://bench.example.com/',
    feed_url: 'https://bench.example.com/feed.json',
    items: order.map((i) => ({
      id: `post-${i}`,
      url: `/posts/${i}`,
      title: `Post number ${i} about ${CATEGORIES[i % CATEGORIES.length]}`,
      date_published: new Date(NOW - i * 3_600_000).toISOString(),
      tags: [CATEGORIES[i % CATEGORIES.length]],
      ...(lean
        ? {}
        : {
            ...(i % 2 === 0 ? { summary: `A short summary of post ${i}.` } : {}),
            content_html: paragraph.repeat(4),
            authors: [{ name: 'Bench Author' }],
          }),
    })),
  };
  return new TextEncoder().encode(JSON.stringify(feed));
}

/** 0, 1, 2, …: newest first. */
function inOrder(items: number): number[] {
  return Array.from({ length: items }, (_, i) => i);
}

/** The same positions in a fixed pseudo-random order (mulberry32, seeded): a feed not listed newest first. */
function shuffled(items: number): number[] {
  let seed = 13;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = inOrder(items);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

console.log('Parse and normalise a JSON Feed (bytes in, posts out), median of runs after a warm-up, next to the');
console.log('baseline of decoding and JSON.parse alone on the same bytes in the same run:\n');
console.log('items           size      median    min       per item  kept    dropped  JSON.parse  ratio');
for (const [items, lean] of [
  [1_000, false],
  [10_000, false],
  [60_000, true],
] as const) {
  const bytes = generateFeed(items, lean);
  const runs = items >= 10_000 ? 7 : 21;
  const kept = Math.min(items, MAX_ITEMS_PER_FETCH);
  parseFeed(bytes);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    const result = parseFeed(bytes);
    times.push(performance.now() - start);
    if (!result.ok || result.posts.length !== kept || result.overLimit !== items - kept) {
      throw new Error('the generated feed did not parse as expected');
    }
  }
  const mid = median(times);
  // The floor any JSON Feed parser pays: the bytes decoded and parsed, nothing normalised.
  const baseline: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    JSON.parse(new TextDecoder().decode(bytes));
    baseline.push(performance.now() - start);
  }
  const floor = median(baseline);
  console.log(
    `${`${items}${lean ? ' (lean)' : ''}`.padEnd(15)} ${`${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB`.padEnd(9)} ` +
      `${`${mid.toFixed(1)} ms`.padEnd(9)} ${`${Math.min(...times).toFixed(1)} ms`.padEnd(9)} ` +
      `${`${((mid / items) * 1000).toFixed(1)} µs`.padEnd(9)} ${String(kept).padEnd(7)} ${String(items - kept).padEnd(8)} ` +
      `${`${floor.toFixed(1)} ms`.padEnd(11)} ${(mid / floor).toFixed(2)} ×`,
  );
}
console.log(`\nA fetch reads at most the newest ${MAX_ITEMS_PER_FETCH} items; "per item" is per item in the feed.`);

/** Text as XML character data. */
function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The same items as generateFeed's, as RSS 2.0 or Atom 1.0 (content HTML in CDATA, as WordPress writes it). */
function generateXmlFeed(items: number, format: 'rss' | 'atom', order: readonly number[] = inOrder(items)): Uint8Array {
  const paragraph =
    '<p>Boring technology is a feature: <a href="/x">proven tools</a> &amp; known failure modes let a team ' +
    'spend its <em>innovation tokens</em> where they matter.</p>';
  const content = `<![CDATA[${paragraph.repeat(4)}]]>`;
  const parts: string[] = [];
  for (const i of order) {
    const category = escape(CATEGORIES[i % CATEGORIES.length]!);
    const title = `Post number ${i} about ${category}`;
    const date = new Date(NOW - i * 3_600_000);
    const summary = i % 2 === 0 ? `A short summary of post ${i}.` : null;
    parts.push(
      format === 'rss'
        ? `<item><guid isPermaLink="false">post-${i}</guid><link>/posts/${i}</link><title>${title}</title>` +
            `<pubDate>${date.toUTCString()}</pubDate><category>${category}</category>` +
            `${summary ? `<description>${summary}</description>` : ''}` +
            `<content:encoded>${content}</content:encoded><dc:creator>Bench Author</dc:creator></item>`
        : `<entry><id>post-${i}</id><link rel="alternate" href="/posts/${i}"/><title>${title}</title>` +
            `<published>${date.toISOString()}</published><updated>${date.toISOString()}</updated>` +
            `<category term="${category}"/>${summary ? `<summary>${summary}</summary>` : ''}` +
            `<content type="html">${content}</content><author><name>Bench Author</name></author></entry>`,
    );
  }
  const xml =
    format === 'rss'
      ? '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" ' +
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench feed</title>' +
        `<link>https://bench.example.com/</link>${parts.join('')}</channel></rss>`
      : '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://bench.example.com/">' +
        `<title>Bench feed</title><link href="https://bench.example.com/"/><id>bench</id>${parts.join('')}</feed>`;
  return new TextEncoder().encode(xml);
}

/** The median time of `runs` calls of `read` on `bytes`, after a warm-up; throws if a run keeps the wrong count. */
function timeRead(bytes: Uint8Array, runs: number, kept: number, read: (body: Uint8Array) => { ok: boolean }): number {
  read(bytes);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    const result = read(bytes) as { ok: boolean; posts?: unknown[] };
    times.push(performance.now() - start);
    if (!result.ok || result.posts?.length !== kept) throw new Error('the generated feed did not parse as expected');
  }
  return median(times);
}

console.log(
  '\nThe same items as RSS 2.0 and Atom 1.0 (readFeed: decode, sniff, feedsmith, normalise), next to JSON Feed:\n',
);
/** One timed call of `read`; throws if it keeps the wrong count. */
function timeOnce(bytes: Uint8Array, kept: number, read: (body: Uint8Array) => { ok: boolean }): number {
  const start = performance.now();
  const result = read(bytes) as { ok: boolean; posts?: unknown[] };
  const elapsed = performance.now() - start;
  if (!result.ok || result.posts?.length !== kept) throw new Error('the generated feed did not parse as expected');
  return elapsed;
}

// The JSON Feed and the XML feeds are timed in turns, round after round (the order rotating), and each ratio is the
// median of the rounds' own ratios: on a shared machine the load then weighs on both sides of each ratio alike.
console.log('format      items    order     size      median    per item  JSON Feed  ratio    feedsmith alone');
for (const items of [1_000, 10_000]) {
  const runs = items >= 10_000 ? 11 : 21;
  const kept = Math.min(items, MAX_ITEMS_PER_FETCH);
  for (const [orderName, order] of [
    ['in order', inOrder(items)],
    ['shuffled', shuffled(items)],
  ] as const) {
    const readers = [
      { name: 'json', bytes: generateFeed(items, false, order), read: (body: Uint8Array) => parseFeed(body) },
      { name: 'rss', bytes: generateXmlFeed(items, 'rss', order), read: (body: Uint8Array) => readFeed(body) },
      { name: 'atom', bytes: generateXmlFeed(items, 'atom', order), read: (body: Uint8Array) => readFeed(body) },
    ];
    const times = readers.map(() => [] as number[]);
    for (const reader of readers) timeOnce(reader.bytes, kept, reader.read);
    for (let round = 0; round < runs; round += 1) {
      for (let k = 0; k < readers.length; k += 1) {
        const index = (round + k) % readers.length;
        const reader = readers[index]!;
        times[index]!.push(timeOnce(reader.bytes, kept, reader.read));
      }
    }
    const json = median(times[0]!);
    for (const [index, format] of [
      [1, 'rss'],
      [2, 'atom'],
    ] as const) {
      const { bytes } = readers[index]!;
      const mid = median(times[index]!);
      const ratio = median(times[index]!.map((time, round) => time / times[0]![round]!));
      // The floor of reading the whole document: the library's parse of the decoded text, nothing normalised.
      const text = new TextDecoder().decode(bytes);
      const floor = timeRead(bytes, 5, kept, () => {
        feedsmithParse(text);
        return { ok: true, posts: Array.from({ length: kept }) };
      });
      console.log(
        `${format.padEnd(11)} ${String(items).padEnd(8)} ${orderName.padEnd(9)} ${`${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB`.padEnd(9)} ` +
          `${`${mid.toFixed(1)} ms`.padEnd(9)} ${`${((mid / items) * 1000).toFixed(1)} µs`.padEnd(9)} ` +
          `${`${json.toFixed(1)} ms`.padEnd(10)} ${`${ratio.toFixed(2)} ×`.padEnd(8)} ${floor.toFixed(1)} ms`,
      );
    }
  }
}
