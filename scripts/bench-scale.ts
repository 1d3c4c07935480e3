// `npm run bench:scale` (issue #14, "Speed at scale"): Digest with 200 feeds of 500 posts each (100,000
// posts; JSON Feed, RSS and Atom in turn) served from four hosts on 127.0.0.1, next to the same figures for
// one feed of 500 posts measured in the same run, in real Chromium with the test build. Prints figures;
// asserts nothing but that every post arrived and that a refresh answered by 304s writes no post.
//
// The feeds are followed through `followAll`: the OPML import of a file of them, through the options page as a
// reader does it (BENCH_OPTIONS=closed closes the page after the confirm, to compare).
//
// BENCH_FEEDS (default 200) and BENCH_RUNS (default 9) shrink a run while working on the script;
// `npm run bench:scale -- --import-only` runs only the import, min(BENCH_RUNS, 3) times (with BENCH_OPTIONS);
// `npm run bench:scale -- --search-only` follows the feeds and measures only search as you type
// (BENCH_PROFILE=1: and prints where one more keystroke's script went).
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import {
  E2E_EXTENSION_DIR,
  E2E_FEED_PORT,
  E2E_FEED_URL,
  launchExtension,
  type LoadedExtension,
} from '../tests/e2e/extension.ts';
import { generatedFeed } from '../tests/fixtures/generated.ts';
import { FIRST_POST_PROBE } from './first-post-probe.ts';

const FEEDS = Number(process.env.BENCH_FEEDS) || 200;
const POSTS_PER_FEED = 500;
/** The feeds are spread over this many hosts (ports), so requests per host can be read. */
const HOSTS = 4;
const RUNS = Number(process.env.BENCH_RUNS) || 9;
/** Page opens timed per page: each one at 100,000 posts takes seconds. */
const PAGE_RUNS = Math.min(RUNS, 5);
/** The search typed one key at a time, as a reader would. */
const QUERY = 'observability';
const FORMATS = ['json', 'rss', 'atom'] as const;
/** Every feed's posts end at the same moment, so runs repeat. */
const NOW = Date.parse('2026-11-25T12:00:00Z');

// ---------------------------------------------------------------------------------------------------
// The feeds and their servers.

interface ServedFeed {
  index: number;
  url: string;
  port: number;
  format: (typeof FORMATS)[number];
}

function feedsFor(count: number): ServedFeed[] {
  return Array.from({ length: count }, (_, index) => {
    const port = E2E_FEED_PORT + 1 + (index % HOSTS);
    const format = FORMATS[index % FORMATS.length]!;
    return {
      index,
      port,
      format,
      url: `http://127.0.0.1:${port}/blog-${index}/feed.${format === 'json' ? 'json' : 'xml'}`,
    };
  });
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface JsonItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  content_text: string;
  date_published: string;
  tags: string[];
}

/** One feed's body: generated.ts's realistic posts, as JSON Feed, RSS 2.0 or Atom 1.0 (XML carries the summary, not the text). */
function feedBody(feed: ServedFeed): string {
  const json = JSON.parse(
    generatedFeed(POSTS_PER_FEED, { now: NOW - feed.index * 60_000, idPrefix: `blog-${feed.index}` }),
  ) as { items: JsonItem[] };
  const title = `Blog ${feed.index}`;
  if (feed.format === 'json') return JSON.stringify({ ...json, title, feed_url: feed.url });
  if (feed.format === 'rss') {
    const items = json.items.map(
      (item) =>
        `<item><title>${escapeXml(item.title)}</title><link>${item.url}</link><guid isPermaLink="false">${item.id}</guid>` +
        `<pubDate>${new Date(item.date_published).toUTCString()}</pubDate><category>${escapeXml(item.tags[0]!)}</category>` +
        `<description>${escapeXml(item.summary)}</description></item>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title><link>https://blog.example.com/</link><description>d</description>${items.join('')}</channel></rss>`;
  }
  const entries = json.items.map(
    (item) =>
      `<entry><title>${escapeXml(item.title)}</title><link href="${item.url}"/><id>${item.id}</id>` +
      `<updated>${item.date_published}</updated><category term="${escapeXml(item.tags[0]!)}"/>` +
      `<summary>${escapeXml(item.summary)}</summary></entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title><link href="https://blog.example.com/"/><id>urn:blog-${feed.index}</id><updated>${new Date(NOW).toISOString()}</updated>${entries.join('')}</feed>`;
}

/** Requests a host answered, by status. */
type HostCounts = Map<number, { ok: number; notModified: number; other: number }>;

/**
 * Serves the feeds (bodies made on request, an ETag each, 304 to a matching If-None-Match) on their hosts,
 * and the test build's default feed, empty, on E2E_FEED_PORT; counts requests per host.
 */
async function serveFeeds(feeds: readonly ServedFeed[]): Promise<{ counts: HostCounts; close(): Promise<void> }> {
  const counts: HostCounts = new Map();
  const byPath = new Map(feeds.map((feed) => [`${feed.port}${new URL(feed.url).pathname}`, feed]));
  const servers: Server[] = [];
  for (let port = E2E_FEED_PORT; port <= E2E_FEED_PORT + HOSTS; port += 1) {
    counts.set(port, { ok: 0, notModified: 0, other: 0 });
    const server = createServer((req, res) => {
      const count = counts.get(port)!;
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (port === E2E_FEED_PORT && path === '/feed.json') {
        count.ok += 1;
        res.writeHead(200, { 'Content-Type': 'application/feed+json' });
        res.end(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Default', items: [] }));
        return;
      }
      const feed = byPath.get(`${port}${path}`);
      if (!feed) {
        count.other += 1;
        res.writeHead(404).end();
        return;
      }
      const etag = `"blog-${feed.index}-v1"`;
      if (req.headers['if-none-match'] === etag) {
        count.notModified += 1;
        res.writeHead(304, { ETag: etag }).end();
        return;
      }
      count.ok += 1;
      const type = feed.format === 'json' ? 'application/feed+json' : `application/${feed.format}+xml`;
      res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8`, ETag: etag });
      res.end(feedBody(feed));
    });
    await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
    servers.push(server);
  }
  return {
    counts,
    close: () =>
      Promise.all(servers.map((server) => new Promise<void>((closed) => server.close(() => closed())))).then(() => {}),
  };
}

function resetCounts(counts: HostCounts): void {
  for (const count of counts.values()) Object.assign(count, { ok: 0, notModified: 0, other: 0 });
}

// ---------------------------------------------------------------------------------------------------
// Talking to the worker, as a page does.

/** Sends one message of the worker's protocol (utils/messages.ts, @webext-core/messaging's shape) from `page`. */
async function send<T>(page: Page, type: string, data?: unknown): Promise<T> {
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  const reply = (await page.evaluate(`new Promise((done, fail) => chrome.runtime.sendMessage(
    { id: Math.floor(Math.random() * 1e9), type: ${JSON.stringify(type)}, data: ${JSON.stringify(data ?? null)}, timestamp: Date.now() },
    (response) => chrome.runtime.lastError ? fail(new Error(chrome.runtime.lastError.message)) : done(response)))`)) as {
    res?: T;
    err?: { message?: string };
  };
  if (reply.err) throw new Error(`${type}: ${reply.err.message ?? JSON.stringify(reply.err)}`);
  return reply.res as T;
}

/** Folders of the OPML file: feed i goes in FOLDERS[i % 5], the fifth in none (top level). */
const FOLDERS = ['Engineering blogs', 'Friends', 'News & more', 'Work'] as const;

/** The OPML file a reader would import: every feed, in a few folders (and some in none), as another reader exports. */
function opmlOf(feeds: readonly ServedFeed[]): string {
  const outline = (feed: ServedFeed) =>
    `<outline type="rss" text="Blog ${feed.index}" title="Blog ${feed.index}" xmlUrl="${feed.url}" htmlUrl="https://blog.example.com/${feed.index}/"/>`;
  const inFolder = (folder: number) => feeds.filter((feed) => feed.index % 5 === folder);
  const folders = FOLDERS.map((name, folder) =>
    inFolder(folder).length
      ? `<outline text="${escapeXml(name)}" title="${escapeXml(name)}">${inFolder(folder).map(outline).join('')}</outline>`
      : '',
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>Bench feeds</title></head><body>${folders.join('')}${inFolder(4).map(outline).join('')}</body></opml>\n`;
}

/** What the import through the options page took. */
interface Followed {
  /** The file set on the input to the preview shown. */
  previewMs: number;
  /** performance.now() in the options page at each progress step (feeds checked: 1, 2, …), from the confirm click. */
  steps: number[];
  /** The options page's reads of every post (a getAll of the posts store) while the import ran: their durations. */
  pageFullReads: number[];
  /** Its reads of one feed's posts (the `byFeed` index, readFeedSummaries) meanwhile: how many posts each gave. */
  pageFeedReads: number[];
}

/**
 * In the options page: records the time of each progress step, times its getAll() of the posts store (every
 * post) and counts its reads of one feed's posts by the byFeed index, with the posts each gave (the page
 * re-reads the feeds a change names: a quick profile of what an open page costs the import).
 */
const OPTIONS_PROBE = `(() => {
  const probe = (window.benchImport = { steps: [], start: 0, fullReads: [], feedReads: [] });
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (...args) {
    const request = getAll.apply(this, args);
    if (this.name === 'posts' && args.length === 0) {
      const t = performance.now();
      request.addEventListener('success', () => probe.fullReads.push(performance.now() - t));
    }
    return request;
  };
  const indexGetAll = IDBIndex.prototype.getAll;
  IDBIndex.prototype.getAll = function (...args) {
    const request = indexGetAll.apply(this, args);
    if (this.objectStore.name === 'posts') {
      request.addEventListener('success', () => probe.feedReads.push(request.result.length));
    }
    return request;
  };
  let seen = 0;
  new MutationObserver(() => {
    const bar = document.querySelector('[role="progressbar"]');
    const now = Number(bar?.getAttribute('aria-valuenow') ?? 0);
    while (probe.start && seen < now) { seen += 1; probe.steps[seen - 1] = performance.now() - probe.start; }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
})();`;

/**
 * Follows every feed through the OPML import, as a reader does (#14): an OPML file of the feeds in a few folders,
 * set on the options page's "Import OPML…" input, the preview confirmed, then the worker validates and follows them
 * (five at a time, two per host) while the page shows progress, until it reports "Import finished". The test build
 * may fetch http://127.0.0.1/*, so no permission prompt appears. With BENCH_OPTIONS=closed the page is closed
 * after the confirm (the import goes on in the worker) and the stored job is polled instead: the comparison for
 * what an open options page costs.
 */
async function followAll(ext: LoadedExtension, feeds: readonly ServedFeed[]): Promise<Followed> {
  const file = join(tmpdir(), `digest-bench-${process.pid}-${feeds.length}.opml`);
  writeFileSync(file, opmlOf(feeds));
  const options = await ext.context.newPage();
  await options.addInitScript(OPTIONS_PROBE);
  await options.goto(`chrome-extension://${ext.id}/options.html`);
  await options.getByLabel('Import OPML…').waitFor({ state: 'attached' });
  const previewStart = performance.now();
  await options.getByLabel('Import OPML…').setInputFiles(file);
  const confirm = options.getByRole('button', { name: `Import ${feeds.length} feed${feeds.length === 1 ? '' : 's'}` });
  await confirm.waitFor({ timeout: 60_000 });
  const previewMs = performance.now() - previewStart;
  const preview = await options.locator('.opml-preview').textContent();
  if (!preview?.includes(`${feeds.length} new feed`)) throw new Error(`The preview says: ${preview}`);
  await options.evaluate('window.benchImport.start = performance.now()');
  await confirm.click();
  const closed = process.env.BENCH_OPTIONS === 'closed';
  if (closed) {
    await options.waitForSelector('.opml-job');
    await options.close();
    for (;;) {
      const state = await inDatabase<string | undefined>(
        ext,
        `${request("db.transaction('imports').objectStore('imports').getAll()")}.then((jobs) => jobs[0]?.state)`,
      );
      if (state !== 'running') break;
      await new Promise((wait) => setTimeout(wait, 250));
    }
    return { previewMs, steps: [], pageFullReads: [], pageFeedReads: [] };
  }
  await options.waitForFunction(() => document.querySelector('.opml-job h3')?.textContent === 'Import finished', null, {
    timeout: 1_800_000,
    polling: 250,
  });
  const counts = await options.locator('.opml-counts').textContent();
  const plural = feeds.length === 1 ? 'feed' : 'feeds';
  if (counts !== `${feeds.length} of ${feeds.length} ${plural} checked · ${feeds.length} added`)
    throw new Error(`The import reports: ${counts}`);
  const probe = (await options.evaluate('window.benchImport')) as {
    steps: number[];
    fullReads: number[];
    feedReads: number[];
  };
  await options.close();
  return { previewMs, steps: probe.steps, pageFullReads: probe.fullReads, pageFeedReads: probe.feedReads };
}

async function workerEval<T>(ext: LoadedExtension, source: string): Promise<T> {
  return (await ext.worker.evaluate(source)) as T;
}

/** Runs `source` (a promise expression over `db`, the raw `digest` database) in the worker. */
function inDatabase<T>(ext: LoadedExtension, source: string): Promise<T> {
  return workerEval<T>(
    ext,
    `new Promise((done, fail) => { const open = indexedDB.open('digest'); open.onerror = () => fail(open.error);
      open.onsuccess = () => { const db = open.result; Promise.resolve(${source}).then((v) => { db.close(); done(v); }, fail); }; })`,
  );
}

const request = (expression: string) =>
  `new Promise((ok, ko) => { const r = ${expression}; r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); })`;

// ---------------------------------------------------------------------------------------------------
// Memory: the JS heap after a garbage collection, over CDP (the worker through the browser's session).

async function heapOfPage(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function heapOfWorker(ext: LoadedExtension): Promise<number> {
  const browser = ext.context.browser();
  if (!browser) throw new Error('No browser to open a CDP session on');
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(ext.id));
    if (!target) throw new Error('The service worker is not running');
    const { sessionId } = await session.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let next = 0;
    const call = (method: string) =>
      new Promise<Record<string, unknown>>((done) => {
        const id = (next += 1);
        const listener = (event: { sessionId: string; message: string }) => {
          const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown> };
          if (event.sessionId !== sessionId || message.id !== id) return;
          session.off('Target.receivedMessageFromTarget', listener);
          done(message.result ?? {});
        };
        session.on('Target.receivedMessageFromTarget', listener);
        void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    await session.send('Target.detachFromTarget', { sessionId });
    return usage.usedSize as number;
  } finally {
    await session.detach();
  }
}

// ---------------------------------------------------------------------------------------------------
// Pages opened again (bench-pages' measure: the first post painted, by paint and Element Timing).

interface Opened {
  painted: number;
  /** IndexedDB's first answer rendered: the newest posts (digest:data). */
  data: number;
  /**
   * Every post in (digest:complete): the first answer when it held them all, else the later read's; NaN when
   * the page did not read them (it reads the rest only when the reader asks, #14).
   */
  complete: number;
}

/** Opens a page `runs` times after one open that keeps its frame; the first post painted and IndexedDB's answer in. */
async function timeReopen(
  ext: LoadedExtension,
  path: string,
  runs: number,
): Promise<{ opens: Opened[]; heap: number }> {
  const opens: Opened[] = [];
  let heap = 0;
  for (let run = 0; run <= runs; run += 1) {
    const page = await ext.context.newPage();
    await page.addInitScript(FIRST_POST_PROBE);
    await page.goto(`chrome-extension://${ext.id}/${path}`);
    await page.waitForFunction(() => performance.getEntriesByName('digest:data').length > 0, null, {
      timeout: 120_000,
    });
    await page.waitForFunction(
      () => {
        const probe = window as unknown as {
          digestFirstPost?: number;
          digestFirstPaint?: number;
          digestPostPainted?: number;
        };
        if (probe.digestFirstPost === undefined || probe.digestFirstPaint === undefined) return false;
        return probe.digestFirstPost <= probe.digestFirstPaint || probe.digestPostPainted !== undefined;
      },
      null,
      { timeout: 120_000 },
    );
    // The page may ask for every post by itself (a group whose unread posts are older than the first read):
    // then it shows "Loading all posts…" until they are in; the heap is taken after.
    await page.waitForTimeout(500);
    await page.waitForFunction(() => document.querySelector('.loading-all') === null, null, { timeout: 120_000 });
    const timing = (await page.evaluate(`({
      painted: window.digestFirstPost <= window.digestFirstPaint ? window.digestFirstPaint : window.digestPostPainted,
      data: performance.getEntriesByName('digest:data')[0].startTime,
      complete: performance.getEntriesByName('digest:complete')[0]?.startTime ?? NaN,
    })`)) as Opened;
    // Let the page keep its first frame for the next open, as it does when idle.
    await page.evaluate(
      'new Promise((done) => setTimeout(() => requestIdleCallback(() => done(), { timeout: 3000 }), 50))',
    );
    if (run > 0) opens.push(timing); // the first open keeps the frame the others paint
    if (run === runs) heap = await heapOfPage(await ext.context.newCDPSession(page));
    await page.close();
  }
  return { opens, heap };
}

// ---------------------------------------------------------------------------------------------------
// Search as you type in the new tab: the script each keystroke costs (CDP ScriptDuration) and Event
// Timing's keydown-to-next-paint for keystrokes over 16 ms.

/** A keystroke's steps replayed alone: the search texts once, then per query prefix the filter, keys and groups. */
interface SearchParts {
  posts: number;
  textsMs: number;
  filter: number[];
  keys: number[];
  groups: number[];
}

interface SearchFigures {
  /** All script per keystroke: its own task and the results' task that follows it. */
  script: number[];
  /** Keydown to next paint (Event Timing), for keystrokes over 16 ms. */
  slowEvents: number[];
  /** The input event's own processing (the keystroke's script and render), for keystrokes over 16 ms to next paint. */
  inputScript: number[];
  /** Keydown to the frame after the results last changed on the page, for keys that changed them. */
  toResults: number[];
  /** Keydown to the frame after the results first changed (the first slice of them), for keys that changed them. */
  toFirstResults: number[];
  /** Tasks over 50 ms while typing (Long Tasks API), in ms. */
  longTasks: number[];
  /** Every post in (after the first key asked for them) to the search index whole, ms; NaN when no such mark. */
  indexMs: number;
  /**
   * The first key of a search (which asks for every post, #14) to every post in (`digest:complete`), ms; NaN
   * when every post was in at the open (a cache the first read holds whole).
   */
  loadMs: number;
  results: string;
  parts: SearchParts;
}

async function timeSearch(ext: LoadedExtension): Promise<SearchFigures> {
  const page = await ext.context.newPage();
  await page.addInitScript(`window.slowKeys = []; window.inputScript = []; new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'keydown') window.slowKeys.push(entry.duration);
      if (entry.name === 'input') window.inputScript.push(entry.processingEnd - entry.processingStart);
    }
  }).observe({ type: 'event', durationThreshold: 16 });
  window.longTasks = []; window.typing = false;
  new PerformanceObserver((list) => {
    if (window.typing) for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  window.keyAt = 0; window.resultsAt = 0; window.firstResultsAt = 0;
  addEventListener('keydown', (event) => { window.keyAt = event.timeStamp; window.resultsAt = 0; window.firstResultsAt = 0; }, true);
  addEventListener('DOMContentLoaded', () => new MutationObserver(() => {
    if (window.keyAt) requestAnimationFrame(() => {
      window.resultsAt = performance.now();
      if (!window.firstResultsAt) window.firstResultsAt = window.resultsAt;
    });
  }).observe(document.body, { childList: true, subtree: true, characterData: true }));`);
  await page.goto(`chrome-extension://${ext.id}/newtab.html`);
  await page.waitForFunction(() => performance.getEntriesByName('digest:data').length > 0, null, {
    timeout: 120_000,
  });
  await page.waitForTimeout(1500); // the page's idle work (keeping its frame, loading the other app) is done
  // The page reads only the newest posts; a search asks for every post (#14). The first key does, the
  // figures below are of typing once they are in (the input cleared again), as before.
  await page.focus('input[type="search"]');
  await page.keyboard.press(QUERY[0]!);
  await page.waitForFunction(() => performance.getEntriesByName('digest:complete').length > 0, null, {
    timeout: 120_000,
  });
  const sinceKey =
    ((await page.evaluate(`performance.getEntriesByName('digest:complete')[0].startTime`)) as number) -
    ((await page.evaluate('window.keyAt')) as number);
  const loadMs = sinceKey < 0 ? NaN : sinceKey;
  await page.keyboard.press('Backspace');
  await page.waitForTimeout(1500);
  // Those two keys are not the typing measured below.
  await page.evaluate('window.slowKeys = []; window.inputScript = []');
  // The search index is filled in idle slices after the data: type once it is whole, and say how long it took.
  // (A page opened over its kept frame indexes the frame's posts first: only a mark after the data counts.)
  const indexMs = (await page
    .waitForFunction(
      () => {
        const data = performance.getEntriesByName('digest:complete')[0]!.startTime;
        return performance.getEntriesByName('digest:search-index').some((mark) => mark.startTime > data);
      },
      null,
      { timeout: 60_000 },
    )
    .then(() =>
      page.evaluate(
        `performance.getEntriesByName('digest:search-index').at(-1).startTime - performance.getEntriesByName('digest:complete')[0].startTime`,
      ),
    )
    .catch(() => NaN)) as number;
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const scriptSeconds = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')!.value;
  await page.focus('input[type="search"]');
  const script: number[] = [];
  const toResults: number[] = [];
  const toFirstResults: number[] = [];
  await page.evaluate('window.typing = true');
  for (const key of QUERY) {
    const before = await scriptSeconds();
    await page.keyboard.press(key);
    // Two frames, then until nothing has changed on the page for 150 ms (the results come a task later).
    await page.evaluate(`new Promise((done) => {
      const tick = () => performance.now() - Math.max(window.keyAt, window.resultsAt) >= 150 ? done() : setTimeout(tick, 10);
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(tick, 20)));
    })`);
    script.push(((await scriptSeconds()) - before) * 1000);
    const [keyAt, resultsAt, firstResultsAt] = (await page.evaluate(
      '[window.keyAt, window.resultsAt, window.firstResultsAt]',
    )) as [number, number, number];
    if (resultsAt > keyAt) toResults.push(resultsAt - keyAt);
    if (firstResultsAt > keyAt) toFirstResults.push(firstResultsAt - keyAt);
  }
  await page.evaluate('window.typing = false');
  const longTasks = (await page.evaluate('window.longTasks')) as number[];
  const slowEvents = (await page.evaluate('window.slowKeys')) as number[];
  const inputScript = (await page.evaluate('window.inputScript')) as number[];
  if (process.env.BENCH_PROFILE) {
    // One more keystroke profiled: the functions with the most self time (where a keystroke still goes).
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(600);
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const f = byId.get(id)!.callFrame;
      const name = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
    });
    console.log(
      [...self]
        .toSorted((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([n, t]) => `${t.toFixed(1)} ms ${n}`)
        .join('\n'),
    );
  }
  // Where a keystroke's time goes: the same steps as components/post-list.ts and the new tab, replayed on
  // the same posts in this page (a copy, not the app's own objects), each timed alone per query prefix.
  const parts = (await page.evaluate(`new Promise((done, fail) => {
    const open = indexedDB.open('digest'); open.onerror = () => fail(open.error);
    open.onsuccess = () => { const read = open.result.transaction('posts').objectStore('posts').getAll();
      read.onsuccess = () => { open.result.close(); const posts = read.result;
        let t = performance.now(); const texts = posts.map((p) => (p.title + '\\n' + p.summary).toLocaleLowerCase());
        const textsMs = performance.now() - t; const filter = [], keys = [], groups = [];
        for (let n = 1; n <= ${JSON.stringify(QUERY)}.length; n += 1) {
          const words = ${JSON.stringify(QUERY)}.slice(0, n).split(/\\s+/).filter(Boolean);
          t = performance.now(); const out = [];
          for (let i = 0; i < posts.length; i += 1) if (words.every((w) => texts[i].includes(w))) out.push(posts[i]);
          filter.push(performance.now() - t);
          t = performance.now(); const byKey = new Map(out.map((p) => [p.feedUrl + '\\n' + p.id, p])); keys.push(performance.now() - t);
          t = performance.now(); const byCategory = new Map();
          for (const p of out) (byCategory.get(p.category) ?? byCategory.set(p.category, []).get(p.category)).push(p);
          for (const list of byCategory.values()) list.sort((a, b) => (b.published ?? b.firstSeen).localeCompare(a.published ?? a.firstSeen));
          groups.push(performance.now() - t + byKey.size * 0);
        }
        done({ posts: posts.length, textsMs, filter, keys, groups });
      };
      read.onerror = () => fail(read.error); };
  })`)) as SearchParts;
  const results = (await page.evaluate(
    `document.querySelector('[role="status"], .result-count')?.textContent ?? String(document.querySelectorAll('li.post').length) + ' shown'`,
  )) as string;
  await page.close();
  return { script, slowEvents, inputScript, toResults, toFirstResults, longTasks, indexMs, loadMs, results, parts };
}

// ---------------------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

interface Figures {
  posts: number;
  followMs: number;
  followRequests: string;
  badgeBeforeMs: number;
  badgeNowMs: number;
  bareWriteMs: number;
  settleMs: number;
  slowestWriteWhileSettling: number;
  followed: Followed;
  markParts: Record<string, number>;
  markUnreadMode: MarkTimes;
  markMuted: MarkTimes;
  markMutedWord: MarkTimes;
  /** A muted word set → the badge set (the one recount of the posts it hides). */
  mutedWordSetMs: number;
  markNewMode: MarkTimes;
  markNewModeAllNew: MarkTimes;
  markAtEnd: MarkTimes;
  markManyMs: number;
  badgeTexts: string;
  popup: { opens: Opened[]; heap: number };
  newtab: { opens: Opened[]; heap: number };
  search: SearchFigures;
  refreshMs: number;
  refreshRequests: string;
  refreshPostWrites: number;
  refreshStoreWrites: string;
  workerHeap: number;
}

function describeCounts(counts: HostCounts): string {
  return [...counts]
    .filter(([, c]) => c.ok + c.notModified + c.other > 0)
    .map(
      ([port, c]) =>
        `:${port} ${c.ok + c.notModified + c.other} (${c.ok} × 200, ${c.notModified} × 304${c.other ? `, ${c.other} other` : ''})`,
    )
    .join('; ');
}

/**
 * In the worker: stamps each setRead message's arrival and the next badge text set after it, and likewise
 * each change of the preferences (`settingsSet`).
 */
const BADGE_PROBE = `(() => {
  const probe = (globalThis.benchBadge = { arrived: 0, set: [], changed: 0, settingsSet: [] });
  chrome.runtime.onMessage.addListener((message) => { if (message && message.type === 'setRead') probe.arrived = performance.now(); });
  chrome.storage.onChanged.addListener((changes, area) => { if (area === 'sync' && changes.preferences) probe.changed = performance.now(); });
  const setBadgeText = chrome.action.setBadgeText;
  chrome.action.setBadgeText = function (...args) {
    if (probe.arrived) { probe.set.push(performance.now() - probe.arrived); probe.arrived = 0; }
    if (probe.changed) { probe.settingsSet.push(performance.now() - probe.changed); probe.changed = 0; }
    return setBadgeText.apply(this, args);
  };
})()`;

/** The first badge set after a preferences change since `settingsSet` was emptied, waited for (ms). */
async function settingsToBadge(ext: LoadedExtension): Promise<number> {
  for (let waited = 0; waited < 120_000; waited += 100) {
    const first = await workerEval<number | null>(ext, 'globalThis.benchBadge.settingsSet[0] ?? null');
    if (first !== null) return first;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the badge was not set after the preferences changed');
}

interface MarkTimes {
  /** In the worker: the setRead message's arrival to the badge text set. */
  worker: number[];
  /** In the page: the message sent to its answer (the worker answers after setting the badge). */
  roundTrip: number[];
}

/** Marks `runs` posts read one at a time through the setRead message, as a page does. */
async function timeMarks(ext: LoadedExtension, page: Page, keys: [string, string][], runs: number): Promise<MarkTimes> {
  const roundTrip: number[] = [];
  await workerEval(ext, 'globalThis.benchBadge.set = []');
  for (let run = 0; run < runs; run += 1) {
    const key = keys.shift();
    if (!key) break;
    const start = performance.now();
    await send(page, 'setRead', { key, read: true });
    roundTrip.push(performance.now() - start);
  }
  return { worker: await workerEval<number[]>(ext, 'globalThis.benchBadge.set'), roundTrip };
}

async function setPreferences(page: Page, change: Record<string, unknown>): Promise<void> {
  await page.evaluate(`(async () => {
    const { preferences = {} } = await chrome.storage.sync.get('preferences');
    await chrome.storage.sync.set({ preferences: { ...preferences, ...${JSON.stringify(change)} } });
  })()`);
  await page.waitForTimeout(300); // the worker redraws the badge on the change
}

function measure(feeds: readonly ServedFeed[]): Promise<Figures> {
  // The install follows and fetches the build's default feed (served empty); it is removed first. The install
  // also opens the welcome page (the options page); it is closed, and followAll opens the options page to
  // import the feeds, and keeps it open until the import has finished, as a reader would (unless
  // BENCH_OPTIONS=closed); then closes it, so the figures after are the worker's own.
  return withFreshExtension(feeds, async (ext, messenger, served) => {
    resetCounts(served.counts);

    const followStart = performance.now();
    const followed = await followAll(ext, feeds);
    const followMs = performance.now() - followStart;
    const followRequests = describeCounts(served.counts);
    const posts = await expectAllCached(ext, feeds);

    // What a badge update cost before the kept counts: reading every post and mark (the old readDigest).
    const before: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      before.push(
        await inDatabase<number>(
          ext,
          `(async () => { const t = performance.now(); const tx = db.transaction(['subscriptions', 'posts', 'reads', 'feeds']);
            await Promise.all([${request("tx.objectStore('subscriptions').getAll()")}, ${request("tx.objectStore('posts').getAll()")},
              ${request("tx.objectStore('reads').getAllKeys()")}, ${request("tx.objectStore('feeds').getAll()")}]);
            return performance.now() - t; })()`,
        ),
      );
    }

    // Unread posts to mark, spread over the feeds.
    const keys = await inDatabase<[string, string][]>(
      ext,
      `(async () => { const all = await ${request("db.transaction('posts').objectStore('posts').getAllKeys()")};
        return Array.from({ length: ${RUNS * 6} }, (_, i) => all[Math.floor((i * all.length) / ${RUNS * 6})]); })()`,
    );
    // What a badge update reads now: the followed feeds, their records and the kept counts.
    const now: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      now.push(
        await inDatabase<number>(
          ext,
          `(async () => { const t = performance.now(); const tx = db.transaction(['subscriptions', 'feeds', 'unreadCounts']);
            await Promise.all([${request("tx.objectStore('subscriptions').getAllKeys()")}, ${request("tx.objectStore('feeds').getAll()")},
              ${request("tx.objectStore('unreadCounts').getAll()")}]);
            return performance.now() - t; })()`,
        ),
      );
    }
    // The floor under any mark: one bare read-write transaction writing one mark (removed again after).
    // Right after a large import the database still compacts what it wrote and a write can stall for
    // seconds: wait (up to 3 minutes) until five in a row take under 20 ms, and say how long that took.
    const bareWriteOnce = () =>
      inDatabase<number>(
        ext,
        `(async () => { const t = performance.now(); const tx = db.transaction('reads', 'readwrite');
          tx.objectStore('reads').put({ feedUrl: 'bench', id: 'bench', readAt: new Date().toISOString() });
          await new Promise((done) => { tx.oncomplete = done; }); const took = performance.now() - t;
          const undo = db.transaction('reads', 'readwrite'); undo.objectStore('reads').delete(['bench', 'bench']);
          await new Promise((done) => { undo.oncomplete = done; }); return took; })()`,
      );
    const settleStart = performance.now();
    const bareWrite: number[] = [];
    const slowestWhileSettling: number[] = [];
    while (performance.now() - settleStart < 180_000) {
      const took = await bareWriteOnce();
      slowestWhileSettling.push(took);
      bareWrite.push(took);
      if (took >= 20) bareWrite.length = 0;
      if (bareWrite.length >= 5) break;
      await new Promise((wait) => setTimeout(wait, 200));
    }
    const settleMs = performance.now() - settleStart;
    const badgeTexts: string[] = [await ext.badgeText()];
    // A mark's parts, each timed alone in the worker with the raw API (medians of 5).
    const markParts: Record<string, number> = {};
    const key = JSON.stringify(keys.at(-1));
    for (const [label, body] of Object.entries({
      'the mark transaction': `const tx = db.transaction(['subscriptions', 'reads', 'posts', 'unreadCounts'], 'readwrite');
        const [, , post] = await Promise.all([${request("tx.objectStore('subscriptions').getAllKeys()")},
          ${request(`tx.objectStore('reads').getKey(${key})`)}, ${request(`tx.objectStore('posts').get(${key})`)}]);
        const count = await ${request(`tx.objectStore('unreadCounts').get([${key}[0], post.category])`)};
        tx.objectStore('unreadCounts').put(count);
        await new Promise((done) => { tx.oncomplete = done; });`,
      'settings (storage.sync, storage.local)': `await Promise.all([chrome.storage.sync.get('preferences'), chrome.storage.local.get('lastLookAt')]);`,
      'badge counts, "unread" mode': `const tx = db.transaction(['subscriptions', 'feeds', 'unreadCounts']);
        await Promise.all([${request("tx.objectStore('subscriptions').getAllKeys()")}, ${request("tx.objectStore('feeds').getAll()")},
          ${request("tx.objectStore('unreadCounts').getAll()")}]);`,
      '"new" mode: the keys of up to 1,000 new posts': `const index = db.transaction('posts').objectStore('posts').index('byFirstSeen');
        await ${request('index.getAllKeys(IDBKeyRange.lowerBound(new Date().toISOString(), true), 1000)')};`,
      '(counting both sides instead)': `const index = db.transaction('posts').objectStore('posts').index('byFirstSeen');
        const since = new Date().toISOString();
        await Promise.all([${request('index.count(IDBKeyRange.lowerBound(since, true))')}, ${request('index.count(IDBKeyRange.upperBound(since))')}]);`,
      'badge text, colour and title set': `await Promise.all([chrome.action.setBadgeText({ text: '999+' }), chrome.action.setBadgeBackgroundColor({ color: '#3b5bdb' }), chrome.action.setTitle({ title: 't' })]);`,
    })) {
      const runs: number[] = [];
      for (let run = 0; run < 5; run += 1) {
        runs.push(
          await inDatabase<number>(
            ext,
            `(async () => { const t = performance.now(); ${body} return performance.now() - t; })()`,
          ),
        );
      }
      markParts[label] = median(runs);
    }
    await workerEval(ext, BADGE_PROBE);
    const markUnreadMode = await timeMarks(ext, messenger, keys, RUNS);
    badgeTexts.push(await ext.badgeText());
    await setPreferences(messenger, { mutedCategories: ['Engineering'] });
    const markMuted = await timeMarks(ext, messenger, keys, RUNS);
    badgeTexts.push(await ext.badgeText());
    // One muted word: the badge counts the posts it hides once, when it is set (readBadgeCounts), then
    // keeps that count with the others.
    await setPreferences(messenger, { mutedCategories: [] });
    await workerEval(ext, 'globalThis.benchBadge.settingsSet = []');
    await setPreferences(messenger, { mutedWords: [QUERY] });
    const mutedWordSetMs = await settingsToBadge(ext);
    const markMutedWord = await timeMarks(ext, messenger, keys, RUNS);
    badgeTexts.push(await ext.badgeText());
    await setPreferences(messenger, { mutedWords: [] });
    await setPreferences(messenger, { mutedCategories: [], badgeMode: 'new' });
    await send(messenger, 'markLooked');
    const markNewMode = await timeMarks(ext, messenger, keys, RUNS);
    badgeTexts.push(await ext.badgeText());
    // The worst case of "new" mode: the last look was before every post arrived (all of them are new).
    await messenger.evaluate(`chrome.storage.local.set({ lastLookAt: '2000-01-01T00:00:00.000Z' })`);
    const markNewModeAllNew = await timeMarks(ext, messenger, keys, RUNS);
    badgeTexts.push(await ext.badgeText());
    await setPreferences(messenger, { badgeMode: 'unread' });

    const popup = await timeReopen(ext, 'popup.html', PAGE_RUNS);
    const newtab = await timeReopen(ext, 'newtab.html', PAGE_RUNS);
    const search = await timeSearch(ext);

    // A full refresh where every feed answers 304: count the stores' writes in the worker meanwhile.
    await workerEval(
      ext,
      `(() => { const writes = (globalThis.benchWrites = {}); for (const method of ['put', 'add', 'delete', 'clear']) {
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (...args) { writes[this.name + '.' + method] = (writes[this.name + '.' + method] ?? 0) + 1; return original.apply(this, args); };
      } })()`,
    );
    resetCounts(served.counts);
    const refreshStart = performance.now();
    const report = await send<{ feeds: number; failed: number; added: number }>(messenger, 'refreshNow');
    const refreshMs = performance.now() - refreshStart;
    if (report.failed > 0 || report.added > 0) throw new Error(`The 304 refresh reported ${JSON.stringify(report)}`);
    const writes = await workerEval<Record<string, number>>(ext, 'globalThis.benchWrites');
    const refreshPostWrites = Object.entries(writes)
      .filter(([name]) => /^(posts|reads|notified|unreadCounts|mutedUnreadCounts|mutedCountsFor)\./.test(name))
      .reduce((sum, [, n]) => sum + n, 0);

    // "Mark all read" for one feed: its 500 posts in one setReadMany (one transaction, one badge update).
    const feedKeys = await inDatabase<[string, string][]>(
      ext,
      request(
        `db.transaction('posts').objectStore('posts').getAllKeys(IDBKeyRange.bound([${JSON.stringify(feeds.at(-1)!.url)}], [${JSON.stringify(feeds.at(-1)!.url)}, []]))`,
      ),
    );
    const markManyStart = performance.now();
    await send(messenger, 'setReadMany', { keys: feedKeys, read: true });
    const markManyMs = performance.now() - markManyStart;
    // The marks again, minutes after the follows (the pages, the search and the refresh ran meanwhile).
    const markAtEnd = await timeMarks(ext, messenger, keys, RUNS);
    const workerHeap = await heapOfWorker(ext);
    return {
      posts,
      followMs,
      followRequests,
      badgeBeforeMs: median(before),
      badgeNowMs: median(now),
      bareWriteMs: median(bareWrite),
      settleMs,
      slowestWriteWhileSettling: Math.max(...slowestWhileSettling),
      followed,
      markParts,
      markUnreadMode,
      markMuted,
      markMutedWord,
      mutedWordSetMs,
      markNewMode,
      markNewModeAllNew,
      markAtEnd,
      markManyMs,
      badgeTexts: badgeTexts.join(' → '),
      popup,
      newtab,
      search,
      refreshMs,
      refreshRequests: describeCounts(served.counts),
      refreshPostWrites,
      refreshStoreWrites: Object.entries(writes)
        .map(([name, n]) => `${name} ${n}`)
        .join(', '),
      workerHeap,
    };
  });
}

/**
 * Serves the feeds, starts Chromium with the test build, removes the build's default feed and closes every
 * page but a blank one; runs `body` with them, then closes everything.
 */
async function withFreshExtension<T>(
  feeds: readonly ServedFeed[],
  body: (ext: LoadedExtension, messenger: Page, served: { counts: HostCounts }) => Promise<T>,
): Promise<T> {
  const served = await serveFeeds(feeds);
  const ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
  try {
    await ext.untilRefreshEnded();
    const messenger = await ext.context.newPage();
    await messenger.goto(`chrome-extension://${ext.id}/blank.html`);
    await send(messenger, 'removeFeed', E2E_FEED_URL);
    for (const page of ext.context.pages()) if (page !== messenger) await page.close();
    return await body(ext, messenger, served);
  } finally {
    await ext.close();
    await served.close();
  }
}

/** The number of cached posts; fails the run unless it is every post of these feeds. */
async function expectAllCached(ext: LoadedExtension, feeds: readonly ServedFeed[]): Promise<number> {
  const posts = await ext.cachedPostCount();
  if (posts !== feeds.length * POSTS_PER_FEED)
    throw new Error(`The cache holds ${posts} posts, not ${feeds.length * POSTS_PER_FEED}`);
  return posts;
}

/** `--search-only`: follows the feeds, then only the search figures (a few minutes instead of the whole run). */
function measureSearch(feeds: readonly ServedFeed[]): Promise<{ posts: number; search: SearchFigures }> {
  return withFreshExtension(feeds, async (ext, messenger) => {
    await followAll(ext, feeds);
    await expectAllCached(ext, feeds);
    await messenger.waitForTimeout(3000); // the worker's writes after the follows settle
    return { posts: feeds.length * POSTS_PER_FEED, search: await timeSearch(ext) };
  });
}

/** `--import-only`: only the OPML import (a couple of minutes), to compare the options page open and closed. */
function measureImport(feeds: readonly ServedFeed[]): Promise<{ followMs: number; followed: Followed }> {
  return withFreshExtension(feeds, async (ext) => {
    const start = performance.now();
    const followed = await followAll(ext, feeds);
    const followMs = performance.now() - start;
    await expectAllCached(ext, feeds);
    return { followMs, followed };
  });
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
const row = (label: string, small: string, large: string, note = '') =>
  console.log(`${label.padEnd(62)}${small.padEnd(26)}${large.padEnd(26)}${note}`);

const list = (values: number[]) => values.map((v) => v.toFixed(1)).join(', ');

/** The search rows, for the whole run and for `--search-only`. */
function printSearch(one: { posts: number; search: SearchFigures }, many: { posts: number; search: SearchFigures }) {
  const worstKey = (f: { search: SearchFigures }) => Math.max(...f.search.script);
  row(
    'search, script per keystroke (median / worst)',
    `${ms(median(one.search.script))} / ${ms(worstKey(one))}`,
    `${ms(median(many.search.script))} / ${ms(worstKey(many))}`,
    `goal ≤ 16 ms: ${worstKey(many) <= 16 ? 'met' : 'NOT met'}`,
  );
  row(
    '  keystrokes over 16 ms to next paint',
    `${one.search.slowEvents.length} of ${QUERY.length}`,
    `${many.search.slowEvents.length} of ${QUERY.length}`,
    many.search.slowEvents.length ? `worst ${ms(Math.max(...many.search.slowEvents))}` : '',
  );
  row(
    '  input event processing (median / worst)',
    `${ms(median(one.search.inputScript))} / ${ms(Math.max(...one.search.inputScript))}`,
    `${ms(median(many.search.inputScript))} / ${ms(Math.max(...many.search.inputScript))}`,
    `of the keys over 16 ms to next paint: ${one.search.inputScript.length} / ${many.search.inputScript.length}`,
  );
  const worstResults = (f: { search: SearchFigures }) => Math.max(...f.search.toResults);
  row(
    '  keydown to results painted (median / worst)',
    `${ms(median(one.search.toResults))} / ${ms(worstResults(one))}`,
    `${ms(median(many.search.toResults))} / ${ms(worstResults(many))}`,
    `keys that changed the results: ${one.search.toResults.length} / ${many.search.toResults.length}`,
  );
  const worstFirst = (f: { search: SearchFigures }) => Math.max(...f.search.toFirstResults);
  row(
    '  keydown to first results painted (median / worst)',
    `${ms(median(one.search.toFirstResults))} / ${ms(worstFirst(one))}`,
    `${ms(median(many.search.toFirstResults))} / ${ms(worstFirst(many))}`,
    'the first slice of posts a group',
  );
  const longest = (f: { search: SearchFigures }) =>
    f.search.longTasks.length ? `${f.search.longTasks.length}, longest ${ms(Math.max(...f.search.longTasks))}` : '0';
  row('  tasks over 50 ms while typing', longest(one), longest(many));
  row(
    '  first key to every post in (a search asks for them)',
    Number.isNaN(one.search.loadMs) ? 'in at the open' : ms(one.search.loadMs),
    Number.isNaN(many.search.loadMs) ? 'in at the open' : ms(many.search.loadMs),
    '',
  );
  row(
    '  search index whole, after every post is in',
    ms(one.search.indexMs),
    ms(many.search.indexMs),
    'typing starts after it',
  );
  console.log(
    `  script per keystroke, ${FEEDS} feeds ("${QUERY}" one key at a time): ${many.search.script.map((v) => v.toFixed(0)).join(', ')} ms`,
  );
  console.log(
    `  keydown to results painted, ${FEEDS} feeds: ${many.search.toResults.map((v) => v.toFixed(0)).join(', ')} ms` +
      ` (first slice: ${many.search.toFirstResults.map((v) => v.toFixed(0)).join(', ')} ms)`,
  );
  console.log(`  tasks over 50 ms while typing, ${FEEDS} feeds: ${list(many.search.longTasks)} ms`);
  for (const [label, f] of [
    ['1 feed', one],
    [`${FEEDS} feeds`, many],
  ] as const) {
    const { parts } = f.search;
    console.log(
      `  replayed on ${parts.posts} posts, ${label}: texts once ${ms(parts.textsMs)}; per key filter ${list(parts.filter)} ms;` +
        ` keys ${list(parts.keys)} ms; groups ${list(parts.groups)} ms`,
    );
  }
  console.log(`  results shown, 1 feed: ${one.search.results}; ${FEEDS} feeds: ${many.search.results}`);
}

const started = performance.now();
const all = feedsFor(FEEDS);
if (process.argv.includes('--search-only')) {
  const one = await measureSearch(all.slice(0, 1));
  const many = await measureSearch(all);
  console.log(`\nSearch as you type (headless Chromium, "${QUERY}" typed one key at a time):\n`);
  row('', `1 feed (${one.posts} posts)`, `${FEEDS} feeds (${many.posts} posts)`, 'ratio / goal');
  printSearch(one, many);
  console.log(`\nThe run took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  process.exit(0);
}
if (process.argv.includes('--import-only')) {
  const state = process.env.BENCH_OPTIONS === 'closed' ? 'closed after the confirm' : 'open';
  console.log(`\nOPML import of ${FEEDS} feeds (headless Chromium), options page ${state}:\n`);
  for (let run = 0; run < Math.min(RUNS, 3); run += 1) {
    const { followMs, followed } = await measureImport(all);
    const steps = followed.steps;
    const mean = (from: number, to: number) => (steps[to - 1]! - (from > 0 ? steps[from - 1]! : 0)) / (to - from);
    const full = followed.pageFullReads;
    console.log(
      `  run ${run + 1}: ${(followMs / 1000).toFixed(1)} s` +
        (steps.length >= 40
          ? `; per feed checked, first 20 ${ms(mean(0, 20))}, last 20 ${ms(mean(steps.length - 20, steps.length))}`
          : '') +
        (process.env.BENCH_OPTIONS === 'closed'
          ? ''
          : `; page's reads of every post: ${full.length} (${ms(full.reduce((a, b) => a + b, 0))} in all)` +
            `, of one feed's posts: ${followed.pageFeedReads.length} (${followed.pageFeedReads.reduce((a, b) => a + b, 0)} posts)`),
    );
  }
  console.log(`\nThe run took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  process.exit(0);
}
const one = await measure(all.slice(0, 1));
const many = await measure(all);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)} ×`;
const med = (values: readonly number[]) => median(values);

console.log(
  `\nSpeed at scale (headless Chromium, medians; ${RUNS} marks, ${PAGE_RUNS} page opens, "${QUERY}" typed):\n`,
);
row('', `1 feed (${one.posts} posts)`, `${FEEDS} feeds (${many.posts} posts)`, 'ratio / goal');
const optionsState = process.env.BENCH_OPTIONS === 'closed' ? 'closed after the confirm' : 'open';
row(
  `follow every feed (OPML import, options page ${optionsState}; wall time)`,
  ms(one.followMs),
  ms(many.followMs),
  ratio(many.followMs, one.followMs),
);
row('  … file set to preview shown', ms(one.followed.previewMs), ms(many.followed.previewMs), '');
console.log(`  requests per host, 1 feed:   ${one.followRequests}`);
console.log(`  requests per host, ${FEEDS} feeds: ${many.followRequests}`);
row(
  'badge read before: every post and mark',
  ms(one.badgeBeforeMs),
  ms(many.badgeBeforeMs),
  ratio(many.badgeBeforeMs, one.badgeBeforeMs),
);
row(
  'badge read now: feeds and kept counts',
  ms(one.badgeNowMs),
  ms(many.badgeNowMs),
  ratio(many.badgeNowMs, one.badgeNowMs),
);
/** Mean time per feed checked over `count` progress steps at the start or the end (five run at once). */
const stepsPer = (steps: number[], count: number, atEnd: boolean) => {
  if (steps.length === 0) return NaN;
  const n = Math.min(count, steps.length);
  return atEnd ? (steps.at(-1)! - (steps.at(-n - 1) ?? 0)) / n : steps[n - 1]! / n;
};
if (many.followed.steps.length > 0) {
  row(
    '  confirm to each feed checked, first 20 (mean)',
    ms(stepsPer(one.followed.steps, 20, false)),
    ms(stepsPer(many.followed.steps, 20, false)),
    `last 20: ${ms(stepsPer(many.followed.steps, 20, true))}`,
  );
  const reads = (f: Figures) => f.followed.pageFullReads;
  row(
    "  options page's reads of every post meanwhile",
    `${reads(one).length}, ${ms(reads(one).reduce((a, b) => a + b, 0))} in all`,
    `${reads(many).length}, ${ms(reads(many).reduce((a, b) => a + b, 0))} in all`,
    reads(many).length ? `longest ${ms(Math.max(...reads(many)))}` : '',
  );
  const feedReads = (f: Figures) => f.followed.pageFeedReads;
  const postsRead = (f: Figures) => feedReads(f).reduce((a, b) => a + b, 0);
  row(
    "  … and its reads of one feed's posts",
    `${feedReads(one).length} (${postsRead(one)} posts)`,
    `${feedReads(many).length} (${postsRead(many)} posts)`,
  );
}
row(
  'database settled after the follows (writes < 20 ms)',
  ms(one.settleMs),
  ms(many.settleMs),
  `slowest bare write meanwhile: ${ms(one.slowestWriteWhileSettling)} / ${ms(many.slowestWriteWhileSettling)}`,
);
for (const [label, part] of Object.entries(many.markParts)) {
  row(`  a mark's part: ${label}`, ms(one.markParts[label]!), ms(part), ratio(part, one.markParts[label]!));
}
row(
  'one bare read-write transaction (a mark)',
  ms(one.bareWriteMs),
  ms(many.bareWriteMs),
  ratio(many.bareWriteMs, one.bareWriteMs),
);
const range = (values: number[]) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
for (const [label, key] of [
  ['mark one read → badge set (in the worker)', 'markUnreadMode'],
  ['  … with a muted category', 'markMuted'],
  ['  … with one muted word', 'markMutedWord'],
  ['  … "new" mode, looked just now', 'markNewMode'],
  ['  … "new" mode, every post new (worst)', 'markNewModeAllNew'],
  ['  … "unread" mode again, at the end of the run', 'markAtEnd'],
] as const) {
  const a = med(one[key].worker);
  const b = med(many[key].worker);
  row(
    label,
    `${ms(a)} (${range(one[key].worker)})`,
    `${ms(b)} (${range(many[key].worker)})`,
    `${ratio(b, a)}; goal ≤ 50 ms: ${b <= 50 ? 'met' : 'NOT met'}`,
  );
  const c = med(one[key].roundTrip);
  const d = med(many[key].roundTrip);
  row('    page: message to answer', ms(c), ms(d), ratio(d, c));
  if (key === 'markMutedWord') {
    const [e, f] = [one.mutedWordSetMs, many.mutedWordSetMs];
    row('    the word set → badge set (its one recount)', ms(e), ms(f), ratio(f, e));
  }
}
row(
  "mark one feed's 500 posts read at once (page)",
  ms(one.markManyMs),
  ms(many.markManyMs),
  ratio(many.markManyMs, one.markManyMs),
);
console.log(`  badge text through the marks, 1 feed: ${one.badgeTexts}; ${FEEDS} feeds: ${many.badgeTexts}`);
for (const [label, key] of [
  ['popup opened again: first post painted', 'popup'],
  ['new tab opened again: first post painted', 'newtab'],
] as const) {
  const a = med(one[key].opens.map((o) => o.painted));
  const b = med(many[key].opens.map((o) => o.painted));
  row(label, ms(a), ms(b), `${ratio(b, a)}; goal ≈ 1 ×: ${b <= a * 1.2 ? 'met' : 'NOT met'}`);
  const c = med(one[key].opens.map((o) => o.data));
  const d = med(many[key].opens.map((o) => o.data));
  row('  … IndexedDB answer rendered (digest:data)', ms(c), ms(d), ratio(d, c));
  const e = med(one[key].opens.map((o) => o.complete));
  const f = med(many[key].opens.map((o) => o.complete));
  // The rest is read only when the reader asks (#14): at 100,000 posts an open does not read it.
  const read = (value: number) => (Number.isNaN(value) ? 'not read' : ms(value));
  row('  … every post in (digest:complete)', read(e), read(f), Number.isNaN(f) ? '' : ratio(f, e));
}
printSearch(one, many);
row(
  'full refresh, every feed 304 (wall time)',
  ms(one.refreshMs),
  ms(many.refreshMs),
  ratio(many.refreshMs, one.refreshMs),
);
console.log(`  requests per host, 1 feed:   ${one.refreshRequests}`);
console.log(`  requests per host, ${FEEDS} feeds: ${many.refreshRequests}`);
row(
  '  writes to posts, marks, ledger, counts',
  String(one.refreshPostWrites),
  String(many.refreshPostWrites),
  many.refreshPostWrites === 0 && one.refreshPostWrites === 0 ? 'zero: met' : 'NOT zero',
);
console.log(`  every write, ${FEEDS} feeds: ${many.refreshStoreWrites}`);
row(
  'JS heap after GC: worker',
  mb(one.workerHeap),
  mb(many.workerHeap),
  `goal < 50 MB: ${many.workerHeap < 50 * 1024 * 1024 ? 'met' : 'NOT met'}`,
);
row('  popup', mb(one.popup.heap), mb(many.popup.heap), ratio(many.popup.heap, one.popup.heap));
row('  new tab', mb(one.newtab.heap), mb(many.newtab.heap), ratio(many.newtab.heap, one.newtab.heap));
console.log(`\nThe whole run took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
