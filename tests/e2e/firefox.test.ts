// The Firefox build in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi (tests/e2e/firefox.ts).
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionPage, FIREFOX_DIR, launchFirefox } from './firefox.ts';

describe('Digest in Firefox', () => {
  let browser: Browser;
  let firefox: Awaited<ReturnType<typeof launchFirefox>> | undefined;

  beforeAll(async () => {
    firefox = await launchFirefox(FIREFOX_DIR);
    browser = firefox.browser;
  });
  afterAll(async () => {
    await firefox?.close();
  });

  it('fetches the sample feed on install, stores it, sets the badge and shows the grouped digest', async () => {
    const welcome = await extensionPage(browser, '/options.html');
    const badge = await welcome.waitForFunction(
      async () => {
        const text = await (
          globalThis as unknown as { browser: { action: { getBadgeText(d: object): Promise<string> } } }
        ).browser.action.getBadgeText({});
        return text === '9' ? text : false;
      },
      { timeout: 20_000, polling: 200 },
    );
    expect(await badge.jsonValue()).toBe('9');
    await welcome.waitForSelector('.welcome-lead');
    expect(await welcome.$eval('.welcome-lead', (el) => el.textContent)).toContain('9 posts are waiting');

    // Navigate from inside the extension's own page to the new-tab digest.
    await welcome.evaluate(() => {
      location.href = '/newtab.html';
    });
    const readDigest = () =>
      welcome
        .evaluate(() => ({
          path: location.pathname,
          headings: [...document.querySelectorAll('h2.category-title .category-name')].map((el) => el.textContent),
          posts: document.querySelectorAll('li.post').length,
        }))
        .catch(() => null); // the page may be between documents
    await expect.poll(readDigest, { timeout: 20_000 }).toMatchObject({ path: '/newtab.html', posts: 9 });
    expect((await readDigest())?.headings).toEqual(expect.arrayContaining(['Engineering', 'AI & Tools', 'Career']));

    // Opened again, the new tab paints its kept first frame before its app (Firefox runs the classic script too).
    await expect
      .poll(() => welcome.evaluate(() => localStorage.getItem('digest:firstPaint:newtab') !== null).catch(() => false))
      .toBe(true);
    await welcome.evaluate(() => location.reload());
    const keptFrame = () =>
      welcome
        .evaluate(() => ({
          keptFramePainted: performance.getEntriesByName('digest:firstPaint').length === 1,
          posts: document.querySelectorAll('li.post').length,
        }))
        .catch(() => null);
    await expect.poll(keptFrame, { timeout: 20_000 }).toMatchObject({ keptFramePainted: true, posts: 9 });
  });

  it('leaves the posts muted words hide off the badge, from the counts kept in Firefox’s IndexedDB (#14)', async () => {
    // The page the test above left open (the welcome page, navigated to the new tab).
    const page = await extensionPage(browser, '/newtab.html');
    type Ext = {
      browser: {
        action: { getBadgeText(d: object): Promise<string> };
        storage: { sync: { get(k: string): Promise<Record<string, object>>; set(v: object): Promise<void> } };
      };
    };
    const badgeAfterMuting = async (words: string[], expected: string) => {
      await page.evaluate(async (mutedWords) => {
        const { storage } = (globalThis as unknown as Ext).browser;
        const { preferences = {} } = await storage.sync.get('preferences');
        await storage.sync.set({ preferences: { ...preferences, mutedWords } });
      }, words);
      const badge = await page.waitForFunction(
        async (want) => {
          const text = await (globalThis as unknown as Ext).browser.action.getBadgeText({});
          return text === want ? text : false;
        },
        { timeout: 20_000, polling: 200 },
        expected,
      );
      return badge.jsonValue();
    };
    // "Choose boring technology" is one of the sample feed's 9 posts; "Avalanche" is in one more.
    expect(await badgeAfterMuting(['boring'], '8')).toBe('8');
    expect(await badgeAfterMuting(['boring', 'Avalanche'], '7')).toBe('7');
    expect(await badgeAfterMuting([], '9')).toBe('9');
  });
});
