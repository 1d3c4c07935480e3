// RSS and Atom in Firefox ESR (#13): the test build (it may read 127.0.0.1) adds an Atom feed by its blog page and
// an RSS feed by its address; their posts show in the new tab and popup under their categories, decoded, and a
// refresh is a conditional GET. The fuller picture is Chromium's (xml-feeds.test.ts).
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_FEED_PORT } from './extension.ts';
import { extensionPage, FIREFOX_E2E_DIR, launchFirefox } from './firefox.ts';
import { serveXmlBlogs } from './xml-fixtures.ts';

const origin = `http://127.0.0.1:${E2E_FEED_PORT}`;

/** Navigates an extension page to another of its pages, from inside (WebDriver cannot open moz-extension://). */
async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    location.href = to;
  }, path);
  await expect.poll(() => page.evaluate(() => location.pathname).catch(() => ''), { timeout: 20_000 }).toBe(path);
}

/** Adds a feed on the options page by typing its address and clicking Add feed; resolves to the status line. */
async function addFeed(page: Page, address: string, expected: string): Promise<void> {
  await page.waitForSelector('#feed-address');
  await page.locator('#feed-address').fill(address);
  await page.click('.add-feed button[type=submit]');
  await expect
    .poll(() => page.$eval('.add-status', (el) => el.textContent).catch(() => ''), { timeout: 20_000 })
    .toBe(expected);
}

describe('RSS and Atom feeds in Firefox (#13)', () => {
  let server: FeedServer;
  let firefox: Awaited<ReturnType<typeof launchFirefox>> | undefined;
  let statuses: Map<string, number[]>;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    statuses = serveXmlBlogs(server);
    firefox = await launchFirefox(FIREFOX_E2E_DIR);
  });
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('adds both, shows their posts by category, decoded, and polls with If-None-Match', async () => {
    const page = await extensionPage(firefox!.browser, '/options.html');
    await addFeed(page, `${origin}/atomblog/`, 'Added “Atom travels”: 2 posts (Travel 2).');
    await addFeed(page, `${origin}/rss.xml`, 'Added “RSS kitchen”: 2 posts (Food 2).');

    for (const path of ['/newtab.html', '/popup.html']) {
      await go(page, path);
      const read = () =>
        page
          .evaluate(() => ({
            headings: [...document.querySelectorAll('h2.category-title .category-name')].map((el) => el.textContent),
            titles: [...document.querySelectorAll('.post-title a')].map((el) => el.textContent),
          }))
          .catch(() => ({ headings: [], titles: [] }));
      await expect.poll(read, { timeout: 20_000 }).toMatchObject({
        headings: expect.arrayContaining(['Travel', 'Food', 'Engineering']),
        titles: expect.arrayContaining(['Fish & Chips – part 2', 'Soup <for> one', 'Porto & the river']),
      });
    }

    await go(page, '/options.html');
    await page.waitForSelector(`li.feed[data-feed-url="${origin}/rss.xml"] .feed-actions button`);
    await page.click(`li.feed[data-feed-url="${origin}/rss.xml"] .feed-actions button`);
    await expect.poll(() => statuses.get('/rss.xml'), { timeout: 20_000 }).toEqual([200, 304]);
    expect(server.requests.filter((r) => r.path === '/rss.xml').at(-1)?.ifNoneMatch).toBe('"rss-1"');
  });
});
