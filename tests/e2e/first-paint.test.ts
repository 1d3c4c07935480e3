// The kept first frame in real Chromium: a page opened again shows its posts before its app has loaded,
// the same posts the app then renders over; a frame of an older digest is inert until the app has corrected
// it; a tampered one runs nothing.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleFeedText } from '../fixtures/sample.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import {
  E2E_EXTENSION_DIR,
  E2E_FEED_PORT,
  launchExtension,
  untilAppStarted,
  waitForValue,
  type LoadedExtension,
} from './extension.ts';

// Runs before the page's scripts: the post titles on screen when the first post appears, and whether the
// app had started by then.
const FIRST_POSTS_PROBE = `(() => {
  const look = () => {
    if (window.firstPosts || !document.querySelector('li.post')) return;
    window.firstPosts = {
      titles: [...document.querySelectorAll('li.post .post-title')].map((title) => title.textContent),
      unread: document.querySelectorAll('li.post.unread').length,
      appStarted: performance.getEntriesByName('digest:script').length > 0,
    };
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
})();`;

interface FirstPosts {
  titles: string[];
  unread: number;
  appStarted: boolean;
}

/** Opens a page with the probe and returns what its first posts were, once its app has started. */
async function openWithProbe(ext: LoadedExtension, path: string): Promise<{ page: Page; first: FirstPosts }> {
  const page = await ext.context.newPage();
  await page.addInitScript(FIRST_POSTS_PROBE);
  await page.goto(`chrome-extension://${ext.id}/${path}`);
  await untilAppStarted(page);
  await page.waitForFunction(() => performance.getEntriesByName('digest:data').length > 0);
  const first = (await page.evaluate('window.firstPosts')) as FirstPosts;
  return { page, first };
}

/** The post titles the app shows. */
function titles(page: Page): Promise<string[]> {
  return page.locator('li.post .post-title').allTextContents();
}

describe('the kept first frame', () => {
  let server: FeedServer;
  let ext: LoadedExtension;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(sampleFeedText);
    });
  });
  beforeEach(async () => {
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    const badge = await waitForValue(() => ext.badgeText(), '9');
    if (badge !== '9') throw new Error(`The sample feed did not arrive: badge "${badge}"`);
  });
  afterEach(() => ext.close());
  afterAll(() => server.close());

  it('shows the posts before the app has loaded when a page opens again, the same ones the app renders', async () => {
    for (const path of ['newtab.html', 'popup.html']) {
      // The first open has no frame kept: its posts come from the app. It keeps its frame when idle.
      const opened = await openWithProbe(ext, path);
      expect(opened.first.appStarted).toBe(true);
      const key = `digest:firstPaint:${path.replace('.html', '')}`;
      await expect.poll(() => opened.page.evaluate((k) => localStorage.getItem(k) !== null, key)).toBe(true);
      await opened.page.close();

      const again = await openWithProbe(ext, path);
      expect(again.first.appStarted).toBe(false);
      expect(again.first.titles.length).toBeGreaterThan(3);
      expect(again.first.unread).toBe(again.first.titles.length);
      // The app shows the frame's posts, from the same first one (it then adds more to each category).
      const shown = await titles(again.page);
      expect(shown).toEqual(expect.arrayContaining(again.first.titles));
      expect(shown[0]).toBe(again.first.titles[0]);
      await again.page.close();
    }
  });

  it('paints a frame of an older digest inert, and the app has corrected it before the page is live: a post read in the new tab is gone from the popup', async () => {
    // The first open keeps its frame when idle (waited for, as above: a page closed at once may not get to it).
    const first = await openWithProbe(ext, 'popup.html');
    await expect
      .poll(() => first.page.evaluate(() => localStorage.getItem('digest:firstPaint:popup') !== null))
      .toBe(true);
    await first.page.close();
    const kept = await openWithProbe(ext, 'popup.html');
    expect(kept.first.appStarted).toBe(false);
    expect(kept.first.titles).toContain('Choose boring technology');
    await kept.page.close();

    // The new tab marks the post read and keeps its snapshot (not the popup's frame).
    const newtab = await ext.openPage('newtab.html');
    await newtab.getByRole('button', { name: 'Mark “Choose boring technology” as read' }).click();
    expect(await waitForValue(() => ext.badgeText(), '8')).toBe('8');
    await expect
      .poll(() => newtab.evaluate(() => localStorage.getItem('digest:snapshot')?.includes('"read":true') ?? false))
      .toBe(true);
    await newtab.close();

    // The popup paints its older frame, inert; the moment it is live, the post is gone.
    const popup = await ext.context.newPage();
    await popup.addInitScript(`(() => {
      const look = () => {
        const app = document.getElementById('app');
        if (!app || window.frameSeen) return;
        window.frameSeen = { inert: app.inert, titles: [...app.querySelectorAll('li.post .post-title')].map((t) => t.textContent) };
        new MutationObserver(() => {
          if (app.inert || window.liveSeen) return;
          window.liveSeen = [...app.querySelectorAll('li.post .post-title')].map((t) => t.textContent);
        }).observe(app, { attributes: true, attributeFilter: ['inert'] });
      };
      new MutationObserver(() => document.querySelector('li.post') && look()).observe(document, { childList: true, subtree: true });
    })();`);
    await popup.goto(`chrome-extension://${ext.id}/popup.html`);
    await untilAppStarted(popup);
    const seen = (await popup.evaluate('({ frame: window.frameSeen, live: window.liveSeen })')) as {
      frame: { inert: boolean; titles: string[] };
      live: string[];
    };
    expect(seen.frame.inert).toBe(true);
    expect(seen.frame.titles).toContain('Choose boring technology');
    expect(seen.live.length).toBeGreaterThan(3);
    expect(seen.live).not.toContain('Choose boring technology');
    expect(await titles(popup)).not.toContain('Choose boring technology');
  });

  it('runs nothing from a tampered frame (the CSP forbids inline scripts and handlers), and the app takes over', async () => {
    const page = await ext.openPage('newtab.html');
    // Once the page has kept its own frame, the tampered one replaces its markup.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('digest:firstPaint:newtab') !== null)).toBe(true);
    await page.evaluate(() => {
      const kept = localStorage.getItem('digest:firstPaint:newtab')!;
      // The build's line stays: only the markup is tampered with.
      const build = kept.slice(0, kept.indexOf('\n') + 1);
      const html =
        '<script>window.ran = "script"</script><img src="x" onerror="window.ran = \'img\'">' +
        '<ul class="posts"><li class="post unread" onclick="window.ran = \'click\'"><h3 class="post-title">' +
        '<a href="javascript:window.ran=\'link\'">Tampered</a></h3></li></ul>';
      localStorage.setItem('digest:firstPaint:newtab', build + html);
    });
    await page.close();
    const reopened = await openWithProbe(ext, 'newtab.html');
    expect(reopened.first.titles).toEqual(['Tampered']);
    expect(reopened.first.appStarted).toBe(false);
    const ran = await reopened.page.evaluate(() => (window as unknown as { ran?: string }).ran ?? null);
    expect(ran).toBeNull();
    // The app took over with the real digest, live (no longer inert).
    await expect.poll(() => reopened.page.locator('li.post').count()).toBeGreaterThan(1);
    expect(await titles(reopened.page)).not.toContain('Tampered');
    expect(await reopened.page.evaluate(() => document.getElementById('app')!.inert)).toBe(false);
  });

  it('reuses the kept frame: the first post on screen is the element the app keeps, inert until then', async () => {
    const first = await ext.openPage('popup.html');
    // The popup keeps its frame once it has loaded and is idle.
    await expect.poll(() => first.evaluate(() => localStorage.getItem('digest:firstPaint:popup') !== null)).toBe(true);
    await first.close();
    const page = await ext.context.newPage();
    // Runs before the page's scripts: remembers the first post element of the kept frame and whether #app was inert.
    await page.addInitScript(`new MutationObserver((_, observer) => {
      const post = document.querySelector('li.post');
      if (!post) return;
      window.keptPost = post;
      window.keptInert = document.getElementById('app').inert;
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });`);
    await page.goto(`chrome-extension://${ext.id}/popup.html`);
    await untilAppStarted(page);
    expect(await page.evaluate('window.keptInert')).toBe(true);
    expect(await page.evaluate(`window.keptPost === document.querySelector('li.post')`)).toBe(true);
    expect(await page.evaluate(() => document.getElementById('app')!.inert)).toBe(false);
    // Live: the reused post's read toggle works.
    await page.locator('li.post .read-toggle').first().click();
    expect(await waitForValue(() => ext.badgeText(), '8')).toBe('8');
  });
});
