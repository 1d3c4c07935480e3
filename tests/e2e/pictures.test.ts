// Pictures in real Chromium (#13): an RSS feed served on 127.0.0.1 with media:thumbnail shows its thumbnail in
// the new tab (loaded, not just an element), and its icon beside its name once two feeds are followed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { jsonWithEtag, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { sampleFeedText } from '../fixtures/sample.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';
import { servePhotoBlog } from './picture-fixtures.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical problems on the page (as reading.test.ts checks the pages with one feed). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as { violations: { id: string; impact: string | null }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact})`);
}

/** The image's natural width once it has loaded (0 while loading or when it failed). */
function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate((element) => (element as HTMLImageElement).naturalWidth);
}

/** Whether the gone picture's thumbnail is marked failed, and whether it is hidden. */
function fogThumbnailState(page: Page): Promise<[boolean, string]> {
  return page
    .locator('li.post', { hasText: 'Fog over the breakwater' })
    .locator('img.post-thumb')
    .evaluate((image) => [image.classList.contains('failed'), getComputedStyle(image).visibility]);
}

describe('pictures (#13)', () => {
  let server: FeedServer;
  let ext: LoadedExtension;
  let referers: (string | undefined)[];
  const origin = `http://127.0.0.1:${E2E_FEED_PORT}`;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    server.route(
      '/feed.json',
      jsonWithEtag(() => sampleFeedText),
    );
    referers = servePhotoBlog(server);
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
  });
  afterAll(async () => {
    await ext?.close();
    await server.close();
  });

  it('shows a media:thumbnail in the new tab and the feed’s icon beside its name when two feeds are followed', async () => {
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    const options = await ext.openPage('options.html');
    await options.getByLabel('Add a feed').fill(`${origin}/photos/feed.xml`);
    await options.getByRole('button', { name: 'Add feed' }).click();
    await expect
      .poll(() => options.locator('.add-status').textContent())
      .toBe('Added “Harbour photos”: 3 posts (Photography 3).');
    // The options page's list: two feeds, the photo blog's icon beside its name, loaded.
    const listed = options.locator('li.feed', { hasText: 'Harbour photos' }).locator('.feed-title img.feed-icon-image');
    await expect.poll(() => naturalWidth(listed)).toBe(32);
    await options.close();

    const newtab = await ext.openPage('newtab.html');
    const post = newtab.locator('li.post', { hasText: 'Blue hour at the pier' });
    await post.scrollIntoViewIfNeeded();
    const thumbnail = post.locator('img.post-thumb');
    expect(await thumbnail.getAttribute('src')).toBe(`${origin}/photos/thumb-blue.png`);
    await expect.poll(() => naturalWidth(thumbnail)).toBe(160);
    // Its box is fixed, 4.5 × 3.375 rem (4:3): the picture's own 160 × 120 does not size it.
    const rem = await newtab.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
    const box = await thumbnail.boundingBox();
    expect([box!.width, box!.height]).toEqual([4.5 * rem, 3.375 * rem]);
    // media:content medium="image" too.
    await expect
      .poll(() => naturalWidth(newtab.locator('li.post', { hasText: 'Nets drying' }).locator('img.post-thumb')))
      .toBe(160);
    // The feed's icon beside its name (the sample feed has none: no image, and no empty box, beside its name).
    const icon = post.locator('.post-feed img.feed-icon-image');
    await expect.poll(() => naturalWidth(icon)).toBe(32);
    expect(await post.locator('.post-feed').textContent()).toBe('Harbour photos');
    expect(await newtab.locator('li.post', { hasText: 'fintech' }).locator('img').count()).toBe(0);
    // The feed's language on its text.
    expect(await post.locator('.post-title a').getAttribute('lang')).toBe('en-GB');
    // No picture request carried the extension page's address.
    expect(referers.length).toBeGreaterThanOrEqual(3);
    expect(referers.filter((referer) => referer !== undefined)).toEqual([]);
    await newtab.close();

    // The popup: the icon, but no thumbnails.
    const popup = await ext.openPage('popup.html');
    const popupPost = popup.locator('li.post', { hasText: 'Blue hour at the pier' });
    await expect.poll(() => naturalWidth(popupPost.locator('.post-feed img.feed-icon-image'))).toBe(32);
    expect(await popup.locator('img.post-thumb').count()).toBe(0);
    await popup.close();
  });

  it('leaves a failed picture’s box in place, also when it failed in the kept first frame before the app', async () => {
    const first = await ext.openPage('newtab.html');
    await first.locator('li.post', { hasText: 'Fog over the breakwater' }).scrollIntoViewIfNeeded();
    await expect.poll(() => fogThumbnailState(first)).toEqual([true, 'hidden']);
    await expect.poll(() => first.evaluate(() => localStorage.getItem('digest:firstPaint:newtab') !== null)).toBe(true);
    await first.close();
    // Opened again: the kept frame (its markup, no handlers) is painted first, and its picture fails in it.
    const again = await ext.openPage('newtab.html');
    expect(await again.evaluate(() => performance.getEntriesByName('digest:firstPaint').length)).toBe(1);
    await expect.poll(() => fogThumbnailState(again)).toEqual([true, 'hidden']);
    await again.close();
  });

  it('keeps the pages free of serious accessibility problems with icons and thumbnails, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const path of ['newtab.html', 'options.html']) {
        const page = await ext.openPage(path, { colorScheme });
        await page.locator('img.feed-icon-image').first().waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await page.close();
      }
    }
  });
});
