// `npm run bench:pages`: how fast the popup and the new tab show their first post from the cache, with
// 500 and 3,000 cached posts, next to a static extension page (blank.html, in the test build only) in
// the same browser; and how much JavaScript each page ships (gzip). Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue } from '../tests/e2e/extension.ts';
import { generatedFeed } from '../tests/fixtures/generated.ts';
import { startFeedServer } from '../tests/helpers/feed-server.ts';

const RUNS = 15;
const PAGES = ['blank.html', 'blank-module.html', 'popup.html', 'newtab.html'] as const;

// Runs before the page's own scripts: records when the first post enters the document.
const FIRST_POST_PROBE = `(() => {
  const mark = () => { if (!window.digestFirstPost && document.querySelector('li.post')) window.digestFirstPost = performance.now(); };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', mark);
})();`;

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds from the start of navigation to the first post, and to the page's own marks. */
async function timeToFirstPost(page: Page, url: string): Promise<{ post: number; script: number; data: number }> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { digestFirstPost?: number }).digestFirstPost !== undefined);
  // The first post may come from the snapshot; wait for IndexedDB's answer too (pages with a script).
  if (!url.includes('/blank')) {
    await page.waitForFunction(() => performance.getEntriesByName('digest:data').length > 0);
  }
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  return page.evaluate(`({
    post: window.digestFirstPost,
    script: performance.getEntriesByName('digest:script')[0]?.startTime ?? 0,
    data: performance.getEntriesByName('digest:data')[0]?.startTime ?? 0,
  })`);
}

/** Chunks a chunk imports, statically or with `import()`, by file name (all live in chunks/). */
function chunkImports(dir: string, file: string): string[] {
  const source = readFileSync(resolve(dir, file), 'utf8');
  return [...new Set([...source.matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)].map((m) => `chunks/${m[1]!}`))];
}

/** The JavaScript a page loads before its first paint (entry and preloads) and in all (with lazy chunks), gzipped bytes. */
function shippedJs(dir: string, html: string): { initial: number; total: number } {
  const source = readFileSync(resolve(dir, html), 'utf8');
  const initial = [...source.matchAll(/(?:src|href)="\/(chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const all = new Set(initial);
  for (const file of all) for (const next of chunkImports(dir, file)) all.add(next);
  const size = (files: Iterable<string>) =>
    [...files].reduce((sum, file) => sum + gzipSync(readFileSync(resolve(dir, file))).byteLength, 0);
  return { initial: size(initial), total: size(all) };
}

const server = await startFeedServer(E2E_FEED_PORT);
const results: Record<number, Record<string, number>> = {};
const breakdown: string[] = [];
try {
  for (const posts of [500, 3000]) {
    const body = generatedFeed(posts, { spacingMinutes: 13 });
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(body);
    });
    const ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    try {
      await waitForValue(() => ext.badgeText(), posts > 999 ? '999+' : String(posts), 60_000);
      await ext.context.addInitScript(FIRST_POST_PROBE);
      const times: Record<string, number[]> = {};
      const phases: Record<string, { script: number[]; data: number[] }> = {};
      // Interleaved rounds, so a slow moment of the machine hits every page alike.
      for (let run = 0; run <= RUNS; run += 1) {
        for (const path of PAGES) {
          const page = await ext.context.newPage();
          const ms = await timeToFirstPost(page, `chrome-extension://${ext.id}/${path}`);
          await page.close();
          if (run === 0) continue; // run 0 warms the caches
          (times[path] ??= []).push(ms.post);
          const phase = (phases[path] ??= { script: [], data: [] });
          phase.script.push(ms.script);
          phase.data.push(ms.data);
        }
      }
      results[posts] = Object.fromEntries(PAGES.map((path) => [path, median(times[path]!)]));
      for (const path of ['popup.html', 'newtab.html']) {
        breakdown.push(
          `  ${String(posts).padEnd(5)} ${path.padEnd(12)} script starts ${median(phases[path]!.script).toFixed(0)} ms, ` +
            `IndexedDB data in ${median(phases[path]!.data).toFixed(0)} ms, first post ${median(times[path]!).toFixed(0)} ms`,
        );
      }
    } finally {
      await ext.close();
    }
  }
} finally {
  await server.close();
}

console.log(`Time from navigation to the first rendered post (median of ${RUNS}, headless Chromium):\n`);
console.log('cached posts   blank page   blank + module script   popup               new tab');
for (const [posts, row] of Object.entries(results)) {
  const blank = row['blank.html']!;
  const cell = (path: string, width = 20) =>
    `${row[path]!.toFixed(0)} ms (${(row[path]! / blank).toFixed(2)} ×)`.padEnd(width);
  console.log(
    `${posts.padEnd(14)} ${`${blank.toFixed(0)} ms`.padEnd(12)} ${cell('blank-module.html', 24)}` +
      `${cell('popup.html')}${cell('newtab.html')}`,
  );
}
const at500 = results[500]!;
const worst = Math.max(at500['popup.html']!, at500['newtab.html']!) / at500['blank.html']!;
console.log(
  `\nTarget at 500 posts: at most 1.2 × the blank page — ${worst <= 1.2 ? 'met' : 'NOT met'} (${worst.toFixed(2)} ×)`,
);

console.log('\nWhere the time goes (medians, from the start of navigation):');
for (const line of breakdown) console.log(line);

console.log('\nJavaScript each page ships (gzip): before the first paint / in all, with the chunks it loads later');
for (const path of ['popup.html', 'newtab.html', 'options.html']) {
  const { initial, total } = shippedJs(E2E_EXTENSION_DIR, path);
  console.log(
    `  ${path.padEnd(13)} ${kb(initial).padStart(8)} / ${kb(total).padStart(8)}${total < 30 * 1024 ? '' : '  (over the 30 KB target)'}`,
  );
}
