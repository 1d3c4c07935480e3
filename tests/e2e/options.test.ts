// The settings page in real Chromium, against feeds served on 127.0.0.1 (the test build may read them).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFeedText } from '../fixtures/sample.ts';
import { jsonWithEtag, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

const designFeed = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Design notes',
  home_page_url: `http://127.0.0.1:${E2E_FEED_PORT}/design/`,
  items: [
    { id: 'd1', url: 'https://design.example/d1', title: 'Grids that breathe', tags: ['Design'] },
    { id: 'd2', url: 'https://design.example/d2', title: 'Type for screens', tags: ['Design'] },
  ],
});

describe('settings', () => {
  let server: FeedServer;
  let ext: LoadedExtension;
  const origin = `http://127.0.0.1:${E2E_FEED_PORT}`;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    server.route(
      '/feed.json',
      jsonWithEtag(
        () => sampleFeedText,
        () => '"sample"',
      ),
    );
    server.route(
      '/design/feed.json',
      jsonWithEtag(
        () => designFeed,
        () => '"design"',
      ),
    );
    server.route('/design/', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><head><link rel="alternate" type="application/feed+json" href="feed.json"></head></html>');
    });
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
  });
  afterAll(async () => {
    await ext?.close();
    await server.close();
  });

  it('opens a welcome page on install showing the default feed at work', async () => {
    await expect.poll(() => ext.context.pages().some((p) => p.url().endsWith('/options.html#welcome'))).toBe(true);
    const welcome = ext.context.pages().find((p) => p.url().endsWith('/options.html#welcome'))!;
    await expect.poll(() => welcome.locator('.welcome-lead').textContent()).toContain('9 posts are waiting');
  });

  it('adds a second feed from its blog page, shows its posts in the popup, then removes it', async () => {
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    const options = await ext.openPage('options.html');
    await options.getByLabel('Add a feed').fill(`${origin}/design/`);
    await options.getByRole('button', { name: 'Add feed' }).click();
    await expect
      .poll(() => options.locator('.add-status').textContent())
      .toBe('Added “Design notes”: 2 posts (Design 2).');
    await expect.poll(() => options.locator('li.feed').count()).toBe(2);
    expect(await waitForValue(() => ext.badgeText(), '11')).toBe('11');

    const popup = await ext.openPage('popup.html');
    await expect.poll(() => popup.locator('h2.category-title .category-name').allTextContents()).toContain('Design');
    await expect.poll(() => popup.locator('li.post').count()).toBe(11);
    // With two feeds, each post names its feed.
    const designPost = popup.locator('section.category', { hasText: 'Design' }).locator('li.post').first();
    expect(await designPost.locator('.post-feed').textContent()).toBe('Design notes');
    const samplePost = popup.locator('li.post[data-post-id="boring-technology"]');
    expect(await samplePost.locator('.post-feed').textContent()).toBe('Engineering notes');

    const design = options.locator('li.feed', { hasText: 'Design notes' });
    await design.getByRole('button', { name: 'Remove Design notes' }).click();
    await design.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => options.locator('li.feed').count()).toBe(1);
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    await expect.poll(() => popup.locator('li.post').count()).toBe(9);
    await popup.close();
    await options.close();
  });

  it('applies a new interval to the alarm and takes a muted category off the badge', async () => {
    const options = await ext.openPage('options.html');
    await options.getByLabel('Check for new posts').selectOption('120');
    await expect
      .poll(() =>
        ext.worker.evaluate(async () => {
          const globals = globalThis as unknown as import('./extension.ts').WorkerGlobals;
          return (await globals.chrome.alarms.get('digest-refresh'))?.periodInMinutes;
        }),
      )
      .toBe(120);
    await options.getByRole('checkbox', { name: 'Engineering' }).check();
    expect(await waitForValue(() => ext.badgeText(), '2')).toBe('2');
    await options.getByRole('checkbox', { name: 'Engineering' }).uncheck();
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    await options.close();
  });

  it('exports everything and imports it back after a reset', async () => {
    const options = await ext.openPage('options.html');
    await options.getByLabel('Check for new posts').selectOption('360');
    // Read one post so the export carries a read mark.
    const popup = await ext.openPage('popup.html');
    await popup.getByRole('link', { name: 'Choose boring technology' }).click();
    expect(await waitForValue(() => ext.badgeText(), '8')).toBe('8');
    await popup.close();

    const downloading = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export everything (JSON)' }).click();
    const file = await (await downloading).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { reads: { id: string }[]; preferences: object };
    expect(exported.reads.map((r) => r.id)).toEqual(['boring-technology']);
    expect(exported.preferences).toMatchObject({ refreshIntervalMinutes: 360 });

    await options.getByRole('button', { name: 'Reset Digest…' }).click();
    await options.getByRole('button', { name: 'Reset Digest', exact: true }).click();
    await expect.poll(() => options.locator('.data-status').textContent()).toContain('Digest was reset');
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    await expect.poll(() => options.getByLabel('Check for new posts').inputValue()).toBe('30');

    await options.getByLabel('Import backup (JSON)…').setInputFiles(file);
    // The default feed is followed again after the reset: the import says so rather than counting it new.
    await expect
      .poll(() => options.locator('.data-status').textContent())
      .toBe('Imported: 0 new feeds, 1 read mark. 1 feed was already followed.');
    expect(await waitForValue(() => ext.badgeText(), '8')).toBe('8');
    await expect.poll(() => options.getByLabel('Check for new posts').inputValue()).toBe('360');
    await options.close();
  });
});
