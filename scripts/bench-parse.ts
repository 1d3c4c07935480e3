// `npm run bench:parse`: time to parse and normalise generated 1,000- and 10,000-item JSON Feeds with Digest's own
// parser (the work the worker does on every changed feed), and a 60,000-item feed of lean items (under the 10 MB
// limit) of which Digest reads only the newest MAX_ITEMS_PER_FETCH. Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import { MAX_ITEMS_PER_FETCH, parseFeed } from '../utils/feed/parse';

const CATEGORIES = ['Engineering', 'AI & Tools', 'Career', 'Security', 'Design'];

const NOW = Date.now();

/**
 * A realistic feed, newest first (one post an hour up to now): HTML content, summaries on half the items, tags,
 * dates, authors; or lean items (id, link, title, date, tag), as a feed of a whole archive might list them.
 */
function generateFeed(items: number, lean = false): Uint8Array {
  const paragraph =
    '<p>Boring technology is a feature: <a href="/x">proven tools</a> &amp; known failure modes let a team ' +
    'spend its <em>innovation tokens</em> where they matter.</p>';
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Bench feed',
    home_page_url: 'https://bench.example.com/',
    feed_url: 'https://bench.example.com/feed.json',
    items: Array.from({ length: items }, (_, i) => ({
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
