// The OPML import in Firefox ESR (#14): the event page validates the file's feeds and the options page shows the
// result. The fuller picture is Chromium's (opml.test.ts).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_FEED_PORT, E2E_FEED_URL } from './extension.ts';
import { extensionPage, FIREFOX_E2E_DIR, launchFirefox } from './firefox.ts';
import { serveXmlBlogs } from './xml-fixtures.ts';

const origin = `http://127.0.0.1:${E2E_FEED_PORT}`;

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><body>
  <outline text="Reading">
    <outline type="rss" text="RSS kitchen" xmlUrl="${origin}/rss.xml"/>
    <outline type="rss" text="Atom travels" xmlUrl="${origin}/atomblog/atom.xml"/>
  </outline>
  <outline type="rss" text="A dead blog" xmlUrl="${origin}/dead/feed.xml"/>
  <outline type="rss" text="Engineering notes" xmlUrl="${E2E_FEED_URL}"/>
</body></opml>
`;

describe('OPML import in Firefox (#14)', () => {
  let server: FeedServer;
  let firefox: Awaited<ReturnType<typeof launchFirefox>> | undefined;
  const file = join(tmpdir(), `digest-firefox-${process.pid}.opml`);

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    serveXmlBlogs(server);
    writeFileSync(file, OPML);
    firefox = await launchFirefox(FIREFOX_E2E_DIR);
  });
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('adds the good feeds in their folder, names the dead one’s error, reports the followed one', async () => {
    const page = await extensionPage(firefox!.browser, '/options.html');
    const text = (selector: string) => page.$eval(selector, (el) => el.textContent).catch(() => '');
    await page.waitForSelector('input[accept*="opml"]');
    const input = await page.$('input[accept*="opml"]');
    await input!.uploadFile(file);
    await expect
      .poll(() => text('.opml-preview'), { timeout: 20_000 })
      .toContain('3 new feeds to add, 1 already followed.');
    await page.click('.opml-preview button.primary');
    await expect.poll(() => text('.opml-job h3'), { timeout: 30_000 }).toBe('Import finished');
    expect(await text('.opml-counts')).toBe('4 of 4 feeds checked · 2 added · 1 already followed · 1 failed');
    expect(await text('.opml-entries.failed .entry-error')).toBe('The feed server answered HTTP 404.');
    await expect
      .poll(() => page.$$eval('section.folder .feed-title', (all) => all.map((el) => el.textContent)), {
        timeout: 20_000,
      })
      .toEqual(['RSS kitchen', 'Atom travels']);
  });
});
