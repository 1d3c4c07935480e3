// `npm run bench:parse`: time to parse and normalise generated 1,000- and 10,000-item JSON Feeds with
// Digest's own parser (the work the worker does on every changed feed). Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import { parseFeed } from '../utils/feed-schema';

const CATEGORIES = ['Engineering', 'AI & Tools', 'Career', 'Security', 'Design'];

/** A realistic feed: HTML content, summaries on half the items, tags, dates, authors. */
function generateFeed(items: number): Uint8Array {
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
      ...(i % 2 === 0 ? { summary: `A short summary of post ${i}.` } : {}),
      content_html: paragraph.repeat(4),
      date_published: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      tags: [CATEGORIES[i % CATEGORIES.length]],
      authors: [{ name: 'Bench Author' }],
    })),
  };
  return new TextEncoder().encode(JSON.stringify(feed));
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

console.log('Parse and normalise a JSON Feed (bytes in, posts out), median of runs after a warm-up:\n');
console.log('items    size      median    min       per item');
for (const items of [1_000, 10_000]) {
  const bytes = generateFeed(items);
  const runs = items >= 10_000 ? 7 : 21;
  parseFeed(bytes);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    const result = parseFeed(bytes);
    times.push(performance.now() - start);
    if (!result.ok || result.posts.length !== items) throw new Error('the generated feed did not parse');
  }
  const mid = median(times);
  console.log(
    `${String(items).padEnd(8)} ${`${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB`.padEnd(9)} ` +
      `${`${mid.toFixed(1)} ms`.padEnd(9)} ${`${Math.min(...times).toFixed(1)} ms`.padEnd(9)} ` +
      `${((mid / items) * 1000).toFixed(1)} µs`,
  );
}
