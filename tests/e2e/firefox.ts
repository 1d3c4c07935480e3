// Launches a Firefox build in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi. Shared by the
// Firefox browser tests. WebDriver cannot open moz-extension:// URLs itself, but pages the extension opens (the
// welcome page on install) are listed by browser.pages() and can be evaluated in and navigated from inside.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, type Browser, type Page } from 'puppeteer-core';

/** The Firefox build (`npm run build:firefox`): its default feed is the bundled sample. */
export const FIREFOX_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3');
/** The Firefox test build (`npm run build:firefox:e2e`): its default feed is on 127.0.0.1 at E2E_FEED_PORT, which it may read. */
export const FIREFOX_E2E_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3-e2e');

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

/** The extension page whose address contains `path`, once the extension has opened one (within 20 s). */
export async function extensionPage(browser: Browser, path: string): Promise<Page> {
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

/** A headless Firefox ESR with a fresh profile and the build in `extensionDir` installed. */
export async function launchFirefox(extensionDir: string): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${extensionDir}: run \`npm run build:firefox\` first.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'digest-firefox-'));
  const browser = await launch({
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
  await browser.installExtension(extensionDir);
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
