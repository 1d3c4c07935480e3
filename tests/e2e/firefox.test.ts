// The Firefox build in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi.
// WebDriver cannot open moz-extension:// URLs itself, but pages the extension opens (the welcome
// page on install) are listed by browser.pages() and can be evaluated in and navigated from inside.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIREFOX_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3');

function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(path)) {
    throw new Error(
      `No Firefox at ${path}. The Firefox test needs one: install Debian's with ` +
        '`sudo apt-get update && sudo apt-get install -y firefox-esr`, or set FIREFOX_PATH.',
    );
  }
  return path;
}

async function extensionPage(browser: Browser, path: string): Promise<Page> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    // page.url() can lag behind a navigation the extension made; ask the page itself.
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && href.includes(path)) return page;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No extension page ${path} opened within 20 s`);
}

describe('Digest in Firefox', () => {
  let browser: Browser;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(join(FIREFOX_DIR, 'manifest.json'))) {
      throw new Error(`No Firefox build at ${FIREFOX_DIR}: run \`npm run build:firefox\` first.`);
    }
    profile = mkdtempSync(join(tmpdir(), 'digest-firefox-'));
    browser = await launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: true,
      userDataDir: profile,
      extraPrefsFirefox: {
        // No traffic beyond this machine: updates, telemetry and the like stay off.
        'app.update.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'extensions.getAddons.cache.enabled': false,
        'network.dns.disableIPv6': true,
      },
    });
    await browser.installExtension(FIREFOX_DIR);
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
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
});
