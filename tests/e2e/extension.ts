// Launches the built extension in Debian's Chromium with playwright-core. Shared by the browser
// tests and scripts/screenshots.ts, so it uses only erasable TypeScript (Node runs it as is).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');
/** The test build (`npm run build:e2e`): its default feed is E2E_FEED_URL, on this machine. */
export const E2E_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3-e2e');
/** The test feed's port: DIGEST_E2E_PORT (so two checkouts can run browser tests at once), else 47321; the test builds read the same variable. */
export const E2E_FEED_PORT = Number(process.env.DIGEST_E2E_PORT) || 47321;
export const E2E_FEED_URL = `http://127.0.0.1:${E2E_FEED_PORT}/feed.json`;

/** The Chromium binary: CHROME_PATH, else Debian's. Fails loudly (never skips) when it is missing. */
export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. Browser tests need one: install Debian's with ` +
        '`sudo apt-get update && sudo apt-get install -y chromium`, or set CHROME_PATH to a Chromium binary.',
    );
  }
  return path;
}

/** The slice of the worker's `chrome` global the tests read (evaluated inside the browser). */
export interface WorkerGlobals {
  chrome: {
    action: { getBadgeText(details: object): Promise<string>; getTitle(details: object): Promise<string> };
    notifications: { getAll(): Promise<Record<string, boolean>> };
    alarms: {
      create(name: string, info: object): Promise<void>;
      get(name: string): Promise<{ name: string; periodInMinutes?: number } | undefined>;
    };
  };
}

export interface LoadedExtension {
  context: BrowserContext;
  worker: Worker;
  id: string;
  /** Opens one of the extension's pages (popup.html, newtab.html, options.html). */
  openPage(path: string, options?: { colorScheme?: 'light' | 'dark'; width?: number; height?: number }): Promise<Page>;
  /** The toolbar badge's text, read from inside the service worker. */
  badgeText(): Promise<string>;
  /** The toolbar button's tooltip. */
  badgeTitle(): Promise<string>;
  /** Ids of the notifications on screen. */
  notificationIds(): Promise<string[]>;
  /** Lets time pass until every feed's next poll is due, then fires the refresh alarm as the browser would. */
  fireRefreshAlarm(): Promise<void>;
  /** Waits until no refresh holds the worker's refresh lock (the last one has written, or not, and ended). */
  untilRefreshEnded(): Promise<void>;
  /** How many posts the database holds, read in the worker. */
  cachedPostCount(): Promise<number>;
  /** The profile folder, to relaunch the same browser profile. */
  profileDir: string;
  /** Closes the browser; the profile is deleted unless `keepProfile` (or it was passed in). */
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

/**
 * Waits until the page's app has started and its effects (keyboard shortcuts among them) are set up: the
 * kept first frame shows posts before the app is there to answer keys and clicks.
 */
export async function untilAppStarted(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('digest:script').length > 0);
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))),
  );
}

export interface LaunchOptions {
  extensionDir?: string;
  /** Show a window (needs a display); headless by default. */
  headed?: boolean;
  /** Reuse a profile (a relaunch); by default a fresh one is made. */
  profileDir?: string;
  /**
   * The browser's language, e.g. `de`: `--lang` picks the extension's messages (_locales), Playwright's
   * locale the pages' navigator.language. Debian's Chromium ships only en-US UI resources without
   * chromium-l10n, so chrome.i18n.getUILanguage() may still say en-US. Default: Chromium's, en-US.
   */
  locale?: string;
}

/** Starts a fresh profile with the built extension loaded and waits for its service worker. */
export async function launchExtension(options: LaunchOptions = {}): Promise<LoadedExtension> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
  }
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'digest-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: false, // the flag below selects Chromium's new headless mode, which runs extensions
    ignoreDefaultArgs: ['--disable-extensions'],
    ...(options.locale ? { locale: options.locale } : {}),
    args: [
      ...(options.headed ? [] : ['--headless=new']),
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // Nothing outside this machine is reachable; fail name lookups at once instead of waiting.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const id = new URL(worker.url()).host;
  return {
    context,
    worker,
    id,
    profileDir: profile,
    async openPage(path, view = {}) {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: view.colorScheme ?? 'light' });
      if (view.width && view.height) await page.setViewportSize({ width: view.width, height: view.height });
      await page.goto(`chrome-extension://${id}/${path}`);
      if (/^(popup|newtab)\.html/.test(path)) await untilAppStarted(page);
      return page;
    },
    badgeText() {
      return worker.evaluate(() => (globalThis as unknown as WorkerGlobals).chrome.action.getBadgeText({}));
    },
    badgeTitle() {
      return worker.evaluate(() => (globalThis as unknown as WorkerGlobals).chrome.action.getTitle({}));
    },
    async notificationIds() {
      return Object.keys(
        await worker.evaluate(() => (globalThis as unknown as WorkerGlobals).chrome.notifications.getAll()),
      );
    },
    async fireRefreshAlarm() {
      await worker.evaluate(async () => {
        // Time passes: every feed's next poll (set by the scheduler after the last poll) is now due.
        await new Promise<void>((done, fail) => {
          const open = indexedDB.open('digest');
          open.addEventListener('error', () => fail(open.error));
          open.addEventListener('success', () => {
            const db = open.result;
            const tx = db.transaction('feeds', 'readwrite');
            const feeds = tx.objectStore('feeds');
            const all = feeds.getAll();
            all.addEventListener('success', () => {
              for (const feed of all.result as { nextPoll?: string | null }[]) {
                feeds.put({ ...feed, nextPoll: new Date(Date.now() - 1000).toISOString() });
              }
            });
            tx.addEventListener('complete', () => {
              db.close();
              done();
            });
            tx.addEventListener('error', () => fail(tx.error));
          });
        });
        await (globalThis as unknown as WorkerGlobals).chrome.alarms.create('digest-refresh', {
          when: Date.now(),
          periodInMinutes: 30,
        });
      });
    },
    async untilRefreshEnded() {
      const deadline = Date.now() + 30_000;
      while (await worker.evaluate(async () => ((await navigator.locks.query()).held ?? []).length > 0)) {
        if (Date.now() > deadline) throw new Error('A refresh still holds the lock after 30 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    cachedPostCount() {
      return worker.evaluate(
        () =>
          new Promise<number>((done, fail) => {
            const open = indexedDB.open('digest');
            // Before the worker has made the database: no posts. Creating an empty one instead would leave
            // this read waiting forever and block the worker's own upgrade (a hang seen under load).
            open.addEventListener('upgradeneeded', () => open.transaction?.abort());
            open.addEventListener('error', () => (open.error?.name === 'AbortError' ? done(0) : fail(open.error)));
            open.addEventListener('success', () => {
              const count = open.result.transaction('posts').objectStore('posts').count();
              count.addEventListener('success', () => {
                open.result.close();
                done(count.result);
              });
            });
          }),
      );
    },
    async close(closeOptions = {}) {
      await context.close();
      if (!closeOptions.keepProfile && !options.profileDir) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until it returns `expected` or the time runs out; returns the last value. */
export async function waitForValue<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/**
 * Fills a just-launched extension's cache with every post of `bodies` (feed windows, oldest first, as
 * `generatedFeedWindows` makes them). The first must be served before the launch (the install fetches
 * it); each next one is served and fetched by a refresh. Returns how many posts the cache then holds.
 */
export async function fillCache(
  ext: LoadedExtension,
  serve: (body: string) => void,
  bodies: string[],
): Promise<number> {
  // The install's fetch may not have started yet: wait for its posts before waiting for the lock.
  await waitForValue(async () => (await ext.cachedPostCount()) > 0, true, 60_000);
  await ext.untilRefreshEnded();
  for (const body of bodies.slice(1)) {
    const expected = (await ext.cachedPostCount()) + (JSON.parse(body) as { items: unknown[] }).items.length;
    serve(body);
    await ext.fireRefreshAlarm();
    // The alarm fires asynchronously: wait for this window's posts, not just for an idle lock.
    await waitForValue(() => ext.cachedPostCount(), expected, 60_000);
    await ext.untilRefreshEnded();
  }
  return ext.cachedPostCount();
}
