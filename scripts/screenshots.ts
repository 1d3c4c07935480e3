// Takes the screenshots in docs/screenshots/: the popup and the new tab, light and dark, with the
// sample feed (the README's), with 3 and with 3,000 posts, empty, failing and on first run; and the
// settings page. Run with `npm run screenshots` (it builds the test build first, whose default feed is a
// local server this script plays).
import { mkdirSync } from 'node:fs';
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

async function scenario(name: string, body: () => Promise<void> | void, run: (ext: LoadedExtension) => Promise<void>) {
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
  console.log(`Screenshots written to ${outDir}`);
} finally {
  await server.close();
}
