// The reading experience in real Chromium: the popup and the new tab against a live feed server.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generatedFeed } from '../fixtures/generated.ts';
import { sampleFeedText } from '../fixtures/sample.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
  passes: unknown[];
}

/** Runs axe-core in the page (evaluate runs outside the page's CSP) and returns serious and critical problems. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as AxeResult;
  if (result.passes.length < 10) throw new Error('axe-core did not check the page');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

describe('reading in the popup and the new tab', () => {
  let server: FeedServer;
  let ext: LoadedExtension;
  let status = 200;
  let body = sampleFeedText;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    server.route('/feed.json', (_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/feed+json' });
      res.end(status === 200 ? body : 'unavailable');
    });
  });
  beforeEach(async () => {
    status = 200;
    body = sampleFeedText;
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    const badge = await waitForValue(() => ext.badgeText(), '9');
    if (badge !== '9') throw new Error(`The sample feed did not arrive: badge "${badge}"`);
  });
  afterEach(() => ext.close());
  afterAll(() => server.close());

  it('marks a post read from the popup; the new tab and the badge follow at once', async () => {
    const newtab = await ext.openPage('newtab.html');
    await expect.poll(() => newtab.locator('li.post.unread').count()).toBe(9);
    const popup = await ext.openPage('popup.html');
    await popup.getByRole('button', { name: 'Mark “Choose boring technology” as read' }).click();
    await expect.poll(() => newtab.locator('li.post.unread').count()).toBe(8);
    expect(await newtab.locator('li.post[data-post-id="boring-technology"]').getAttribute('class')).toBe('post');
    expect(await waitForValue(() => ext.badgeText(), '8')).toBe('8');
    // Read posts stay in place in the popup that read them, then hide behind "Show read" next time.
    expect(await popup.locator('li.post').count()).toBe(9);
    const next = await ext.openPage('popup.html');
    await expect.poll(() => next.locator('li.post').count()).toBe(8);
    await next.getByRole('button', { name: 'Show read (1)' }).click();
    await expect.poll(() => next.locator('li.post').count()).toBe(9);

    // Marked unread again, and a whole category read.
    await next.getByRole('button', { name: 'Mark “Choose boring technology” as unread' }).click();
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    await newtab
      .locator('section.category', { hasText: 'Engineering' })
      .getByRole('button', { name: /Mark all read/ })
      .click();
    expect(await waitForValue(() => ext.badgeText(), '2')).toBe('2');
  });

  it('searches as you type, filters by category and unread, and keeps the filter in the URL across reloads', async () => {
    const page = await ext.openPage('newtab.html');
    await expect.poll(() => page.locator('li.post').count()).toBe(9);
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('boring');
    await expect.poll(() => page.locator('li.post').count()).toBe(1);
    expect(await page.locator('.filter-results').textContent()).toContain('1 post');
    expect(page.url()).toContain('#q=boring');
    await page.reload();
    await expect.poll(() => page.locator('li.post').count()).toBe(1);
    expect(await page.getByRole('searchbox', { name: 'Search posts' }).inputValue()).toBe('boring');

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => page.locator('li.post').count()).toBe(9);
    await page.getByRole('combobox', { name: 'Category' }).selectOption('Career');
    await expect.poll(() => page.locator('li.post').count()).toBe(1);
    await page.goBack();
    await expect.poll(() => page.locator('li.post').count()).toBe(9);

    await page.getByRole('searchbox', { name: 'Search posts' }).fill('no such words anywhere');
    await expect.poll(() => page.locator('.empty-title').textContent()).toBe('No posts match');
  });

  it('is operable by keyboard: / searches, j/k move, m toggles read, Shift+A marks what is shown read', async () => {
    const page = await ext.openPage('newtab.html');
    await expect.poll(() => page.locator('li.post').count()).toBe(9);
    await page.keyboard.press('j');
    const first = page.locator('li.post').first();
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('m');
    await expect.poll(() => first.getAttribute('class')).toBe('post');
    expect(await waitForValue(() => ext.badgeText(), '8')).toBe('8');
    await page.keyboard.press('m');
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');

    await page.keyboard.press('/');
    const search = page.getByRole('searchbox', { name: 'Search posts' });
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('go');
    // The results follow the query a task after the last key: Shift+A marks what is shown then.
    await expect.poll(() => page.locator('li.post').count()).toBeLessThan(9);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+A');
    await expect.poll(() => ext.badgeText()).not.toBe('9');
    const shown = await page.locator('li.post').count();
    expect(await ext.badgeText()).toBe(String(9 - shown));

    // The popup: arrows move, m toggles.
    const popup = await ext.openPage('popup.html');
    await expect.poll(() => popup.locator('li.post').count()).toBeGreaterThan(0);
    await popup.keyboard.press('ArrowDown');
    expect(
      await popup
        .locator('li.post')
        .first()
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
  });

  it('names a failing feed and its last success in a banner, and keeps showing the cached posts', async () => {
    status = 500;
    await ext.fireRefreshAlarm();
    expect(await waitForValue(() => ext.badgeText(), '9!')).toBe('9!');
    for (const path of ['popup.html', 'newtab.html']) {
      const page = await ext.openPage(path);
      const banner = page.locator('.banner.error');
      await expect.poll(() => banner.textContent()).toContain('Can’t update Engineering notes.');
      expect(await banner.textContent()).toContain('The feed server answered HTTP 500.');
      expect(await banner.textContent()).toMatch(/Last successful update .* Showing saved posts\./);
      await expect.poll(() => page.locator('li.post').count()).toBe(9);
      await page.close();
    }
  });

  it('follows the system theme from the first paint, with no serious accessibility problems (axe-core)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const path of ['popup.html', 'newtab.html']) {
        const page = await ext.openPage(path, { colorScheme });
        await page.locator('li.post').first().waitFor();
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
        expect(
          colorScheme === 'dark' ? r + g + b < 150 : r + g + b > 600,
          `${path} ${colorScheme}: ${background}`,
        ).toBe(true);
        expect(await seriousViolations(page), `${path} ${colorScheme}`).toEqual([]);
        await page.close();
      }
    }
    // The stylesheet is linked in the head, so the colours apply before any script runs.
    const page = await ext.openPage('newtab.html', { colorScheme: 'dark' });
    expect(await page.evaluate(() => document.head.querySelector('link[rel=stylesheet]') !== null)).toBe(true);
  });

  it('shows what is new since the last visit, and each feed’s health in the footer', async () => {
    const first = await ext.openPage('newtab.html');
    await expect.poll(() => first.locator('li.post').count()).toBe(9);
    expect(await first.locator('.new-since').count()).toBe(0);
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    body = generatedFeed(2, { newestMinutesAgo: 0, spacingMinutes: 0, idPrefix: 'fresh' }).replace(
      /"items":\[/,
      `"items":[${JSON.stringify(JSON.parse(sampleFeedText).items).slice(1, -1)},`,
    );
    // The two generated posts are dated now, after that visit.
    await ext.fireRefreshAlarm();
    expect(await waitForValue(() => ext.badgeText(), '11')).toBe('11');
    const second = await ext.openPage('newtab.html');
    await expect.poll(() => second.locator('.new-since li.post').count()).toBe(2);
    expect(await second.locator('.new-since h2').textContent()).toBe('New since your last visit');
    await expect.poll(() => second.locator('li.post').count()).toBe(11);
    const health = await second.locator('.health-list li').textContent();
    expect(health).toContain('Engineering notes');
    expect(health).toMatch(/last success .*next check in \d+ minutes/);
  });
});
