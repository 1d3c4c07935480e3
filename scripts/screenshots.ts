// Takes the screenshots in docs/screenshots/: the popup and the new tab, light and dark, with the
// sample feed (the README's), with 3 and with 3,000 posts, empty, failing and on first run; and the
// settings page. Run with `npm run screenshots` (it builds the test build first, whose default feed is a
// local server this script plays).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import {
  E2E_EXTENSION_DIR,
  E2E_FEED_PORT,
  fillCache,
  launchExtension,
  waitForValue,
  type LoadedExtension,
} from '../tests/e2e/extension.ts';
import { generatedFeed, generatedFeedWindows } from '../tests/fixtures/generated.ts';
import { sampleFeedText } from '../tests/fixtures/sample.ts';
import { startFeedServer, type FeedHandler } from '../tests/helpers/feed-server.ts';

const outDir = resolve(import.meta.dirname, '../docs/screenshots');
mkdirSync(outDir, { recursive: true });
const server = await startFeedServer(E2E_FEED_PORT);

function serve(body: string, status = 200): void {
  server.route('/feed.json', (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/feed+json' });
    res.end(body);
  });
}

const SCHEMES = ['light', 'dark'] as const;
const windows3000 = generatedFeedWindows(3000, { spacingMinutes: 13 });

/** Blogs an OPML file lists: feeds on this machine, named as a real reader's would be. */
const IMPORTED_BLOGS = [
  ['Engineering', 'Julia’s notes', 'julia'],
  ['Engineering', 'Type systems weekly', 'types'],
  ['Engineering', 'The queue', 'queue'],
  ['Engineering', 'Boring databases', 'databases'],
  ['Design', 'Grids that breathe', 'grids'],
  ['Design', 'Colour & contrast', 'colour'],
  ['Design', 'Small screens', 'screens'],
  ['Cooking', 'Bread every day', 'bread'],
  ['Cooking', 'Soup season', 'soup'],
  ['Cooking', 'Old blog (moved)', 'moved'],
  [null, 'Weekend reads', 'weekend'],
  [null, 'A dead link', 'dead'],
  [null, 'The Slow Web', 'slow'],
] as const;

/** The OPML file of those blogs, with the build's own feed among them (followed already). */
function importFile(): string {
  const origin = `http://127.0.0.1:${E2E_FEED_PORT}`;
  const line = (title: string, slug: string) =>
    `<outline type="rss" text="${title.replace('&', '&amp;')}" xmlUrl="${origin}/${slug}/feed.json" htmlUrl="${origin}/${slug}/"/>`;
  const folders = [...new Set(IMPORTED_BLOGS.flatMap(([folder]) => (folder ? [folder] : [])))];
  return `<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>
${IMPORTED_BLOGS.filter(([folder]) => folder === null)
  .map(([, title, slug]) => line(title, slug))
  .join('\n')}
<outline type="rss" text="Engineering notes" xmlUrl="${origin}/feed.json"/>
${folders
  .map(
    (folder) =>
      `<outline text="${folder}">${IMPORTED_BLOGS.filter(([f]) => f === folder)
        .map(([, title, slug]) => line(title, slug))
        .join('')}</outline>`,
  )
  .join('\n')}
</body></opml>`;
}

/** Serves the imported blogs: most at once, two only once `release` is called, one dead and one broken. */
function serveImportedBlogs(): () => void {
  let release!: () => void;
  const released = new Promise<void>((done) => (release = done));
  // All on one host here, so two at a time (IMPORT_PER_HOST): two held ones stop the bar part-way.
  const late = new Set(['databases', 'colour']);
  for (const [, title, slug] of IMPORTED_BLOGS) {
    server.route(`/${slug}/feed.json`, async (_req, res) => {
      if (late.has(slug)) await released;
      if (slug === 'dead') {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      if (slug === 'moved') {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Old blog</title><item><title>Cut');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title,
          items: [1, 2, 3].map((n) => ({
            id: `${slug}-${n}`,
            title: `${title}, part ${n}`,
            url: `https://${slug}.example/${n}`,
          })),
        }),
      );
    });
  }
  return release;
}

/** A server that never answers: Digest's first run, still fetching. */
const held: FeedHandler = () => new Promise<void>(() => undefined);

async function shoot(ext: LoadedExtension, name: string, options: { popup?: boolean; newtab?: boolean } = {}) {
  for (const scheme of SCHEMES) {
    if (options.popup !== false) {
      const popup = await ext.openPage('popup.html', { colorScheme: scheme, width: 380, height: 560 });
      await popup.locator('.status-line time, .empty, li.post').first().waitFor();
      await popup.screenshot({ path: resolve(outDir, `popup${name}-${scheme}.png`) });
      await popup.close();
    }
    if (options.newtab !== false) {
      const newtab = await ext.openPage('newtab.html', { colorScheme: scheme, width: 1280, height: 860 });
      await newtab.locator('.status-line time, .empty, li.post').first().waitFor();
      await newtab.screenshot({ path: resolve(outDir, `newtab${name}-${scheme}.png`) });
      await newtab.close();
    }
  }
}

// `npm run screenshots -- import` retakes only the scenarios whose name contains one of the words given.
const only = process.argv.slice(2);

async function scenario(name: string, body: () => Promise<void> | void, run: (ext: LoadedExtension) => Promise<void>) {
  if (only.length > 0 && !only.some((word) => name.includes(word))) return;
  await body();
  const ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
  try {
    await run(ext);
    console.log(`✓ ${name}`);
  } finally {
    await ext.close();
  }
}

try {
  // The README's: the sample feed, two posts read, two arriving after a first visit of the new tab.
  await scenario(
    'sample',
    () => serve(sampleFeedText),
    async (ext) => {
      await waitForValue(() => ext.badgeText(), '9');
      const first = await ext.openPage('newtab.html');
      await first.locator('li.post').first().waitFor();
      await first.getByRole('button', { name: /Mark “Choose boring technology” as read/ }).click();
      await first.getByRole('button', { name: /Mark “What fintech taught me about engineering” as read/ }).click();
      await first.close();
      const fresh = JSON.parse(sampleFeedText) as { items: Record<string, unknown>[] };
      const now = Date.now();
      fresh.items.unshift(
        {
          id: 'fresh-1',
          url: 'https://blog.example.com/posts/fresh-1',
          title: 'Idempotency keys, a year later',
          summary: 'What a year of retries taught us about designing APIs that are safe to call twice.',
          content_text: 'word '.repeat(1400),
          date_published: new Date(now - 500).toISOString(),
          tags: ['Engineering'],
        },
        {
          id: 'fresh-2',
          url: 'https://blog.example.com/posts/fresh-2',
          title: 'Writing the design doc nobody asked for',
          summary: 'A short design doc saved us a quarter. Here is the template we use now.',
          content_text: 'word '.repeat(900),
          date_published: new Date(now - 1000).toISOString(),
          tags: ['Career'],
        },
      );
      serve(JSON.stringify(fresh));
      await ext.fireRefreshAlarm();
      await waitForValue(() => ext.badgeText(), '9');
      await shoot(ext, '');
    },
  );

  await scenario(
    '3 posts',
    () => serve(generatedFeed(3)),
    async (ext) => {
      await waitForValue(() => ext.badgeText(), '3');
      await shoot(ext, '-3');
    },
  );

  await scenario(
    '3,000 posts',
    () => serve(windows3000[0]!),
    async (ext) => {
      // A fetch reads at most 1,000 items: the cache fills as the feed's window moves (#11).
      await fillCache(ext, serve, windows3000);
      await waitForValue(() => ext.badgeText(), '999+', 30_000);
      await shoot(ext, '-3000');
    },
  );

  await scenario(
    'empty feed',
    () => serve(generatedFeed(0)),
    async (ext) => {
      const page = await ext.openPage('popup.html');
      await page.locator('.empty').waitFor();
      await page.close();
      await shoot(ext, '-empty');
    },
  );

  await scenario(
    'failing feed',
    () => serve(sampleFeedText),
    async (ext) => {
      await waitForValue(() => ext.badgeText(), '9');
      serve('<!doctype html><title>Sign in to the hotel Wi-Fi</title>', 200);
      await ext.fireRefreshAlarm();
      await waitForValue(() => ext.badgeText(), '9!');
      await shoot(ext, '-error');
    },
  );

  await scenario(
    'first run',
    () => server.route('/feed.json', held),
    async (ext) => {
      await shoot(ext, '-fetching', { newtab: false });
    },
  );

  await scenario(
    'settings',
    () => serve(sampleFeedText),
    async (ext) => {
      await waitForValue(() => ext.badgeText(), '9');
      for (const scheme of SCHEMES) {
        const options = await ext.openPage('options.html', { colorScheme: scheme, width: 1000, height: 1100 });
        await options.locator('li.feed').first().waitFor();
        await options.screenshot({ path: resolve(outDir, `options-${scheme}.png`), fullPage: true });
        await options.close();
      }
    },
  );
  // An OPML import (#14): in progress (some feeds still answering), then its result, light and dark.
  await scenario(
    'OPML import',
    () => serve(sampleFeedText),
    async (ext) => {
      await waitForValue(() => ext.badgeText(), '9');
      const release = serveImportedBlogs();
      const file = resolve(mkdtempSync(resolve(tmpdir(), 'digest-screenshot-')), 'my-feeds.opml');
      writeFileSync(file, importFile());
      const pages = await Promise.all(
        SCHEMES.map((scheme) => ext.openPage('options.html', { colorScheme: scheme, width: 1000, height: 1100 })),
      );
      // The preview each page shows for the file; the dark page's is cancelled, the light page's confirmed.
      for (const [i, scheme] of SCHEMES.entries()) {
        await pages[i]!.getByLabel('Import OPML…').setInputFiles(file);
        await pages[i]!.locator('.opml-preview').waitFor();
        await pages[i]!.locator('section[aria-labelledby="data-heading"]').screenshot({
          path: resolve(outDir, `options-import-preview-${scheme}.png`),
        });
      }
      const [first, second] = pages;
      await second!.getByRole('button', { name: 'Cancel' }).click();
      await first!.getByRole('button', { name: /^Import \d+ feeds$/ }).click();
      // Every feed but the held ones is checked: the bar stops part-way until they answer.
      for (const page of pages) {
        await page.locator('.opml-counts', { hasText: /^8 of 14 feeds checked/ }).waitFor({ timeout: 30_000 });
      }
      for (const [i, scheme] of SCHEMES.entries()) {
        await pages[i]!.locator('section[aria-labelledby="data-heading"]').screenshot({
          path: resolve(outDir, `options-import-progress-${scheme}.png`),
        });
      }
      release();
      for (const page of pages) await page.locator('.opml-job.finished').waitFor({ timeout: 30_000 });
      for (const [i, scheme] of SCHEMES.entries()) {
        await pages[i]!.screenshot({ path: resolve(outDir, `options-import-result-${scheme}.png`), fullPage: true });
      }
    },
  );
  console.log(`Screenshots written to ${outDir}`);
} finally {
  await server.close();
}
