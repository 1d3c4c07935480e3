// The OPML import and export (#14) in real Chromium, against feeds served on 127.0.0.1: five feeds, one dead, one
// followed already; the worker validates them, the page shows progress and the result; export then import round-trips.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import {
  E2E_EXTENSION_DIR,
  E2E_FEED_PORT,
  E2E_FEED_URL,
  launchExtension,
  waitForValue,
  type LoadedExtension,
} from './extension.ts';
import { RSS_FEED, serveXmlBlogs, withEtag } from './xml-fixtures.ts';

const origin = `http://127.0.0.1:${E2E_FEED_PORT}`;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (as reading.test.ts does) and returns its serious and critical problems. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as { violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[]; passes: unknown[] };
  if (result.passes.length < 10) throw new Error('axe-core did not check the page');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const designFeed = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Design notes',
  home_page_url: `${origin}/design/`,
  items: [
    { id: 'd1', url: 'https://design.example/d1', title: 'Grids that breathe', tags: ['Design'] },
    { id: 'd2', url: 'https://design.example/d2', title: 'Type for screens', tags: ['Design'] },
  ],
});

/** The file another reader exported: Feedly's shape, two folders, the build's own feed among them. */
const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Jane subscriptions in feedly Cloud</title></head>
  <body>
    <outline text="Reading" title="Reading">
      <outline type="rss" text="Design notes" title="Design notes" xmlUrl="${origin}/design/feed.json" htmlUrl="${origin}/design/"/>
      <outline type="rss" text="RSS kitchen" title="RSS kitchen" xmlUrl="${origin}/rss.xml" htmlUrl="https://kitchen.example/"/>
    </outline>
    <outline text="Travel &amp; more" title="Travel &amp; more">
      <outline type="rss" text="Atom travels" title="Atom travels" xmlUrl="${origin}/atomblog/atom.xml"/>
      <outline type="rss" text="A dead blog" title="A dead blog" xmlUrl="${origin}/dead/feed.xml"/>
    </outline>
    <outline type="rss" text="Engineering notes" title="Engineering notes" xmlUrl="${E2E_FEED_URL}"/>
  </body>
</opml>
`;

describe('OPML import and export', () => {
  let server: FeedServer;
  let ext: LoadedExtension;
  const file = join(tmpdir(), `digest-import-${process.pid}.opml`);

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    serveXmlBlogs(server);
    server.route('/design/feed.json', withEtag(designFeed, 'application/feed+json', '"design"'));
    writeFileSync(file, OPML);
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
  });
  afterAll(async () => {
    await ext?.close();
    await server.close();
  });

  it('imports 5 feeds: 3 added in their folders, the dead one failed with its error, the followed one reported', async () => {
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    const options = await ext.openPage('options.html');
    await options.getByLabel('Import OPML…').setInputFiles(file);
    await expect
      .poll(() => options.locator('.opml-preview').textContent())
      .toContain(`digest-import-${process.pid}.opml: 4 new feeds to add, 1 already followed.`);
    await options.getByRole('button', { name: 'Import 4 feeds' }).click();

    const bar = options.getByRole('progressbar');
    await expect.poll(() => options.locator('.opml-job h3').textContent(), { timeout: 30_000 }).toBe('Import finished');
    expect(await bar.getAttribute('aria-valuenow')).toBe('5');
    expect(await bar.getAttribute('aria-valuemax')).toBe('5');
    expect(await options.locator('.opml-counts').textContent()).toBe(
      '5 of 5 feeds checked · 3 added · 1 already followed · 1 failed',
    );
    const failed = options.locator('.opml-entries.failed li');
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toContain('A dead blog');
    expect(await failed.locator('.entry-error').textContent()).toBe('The feed server answered HTTP 404.');
    // The result, its lists opened, and the folders: no serious accessibility problem, light or dark.
    await options
      .locator('.opml-entries summary')
      .evaluateAll((all) => all.forEach((s) => s.parentElement!.setAttribute('open', '')));
    expect(await seriousViolations(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'light' });

    // The feed list: the build's feed at the top, the imported ones in their folders under the file's names.
    await expect.poll(() => options.locator('li.feed').count()).toBe(4);
    expect(await options.locator('.folder-name').allTextContents()).toEqual(['Reading', 'Travel & more']);
    const reading = options.getByRole('region', { name: 'Reading' });
    expect(await reading.locator('.feed-title').allTextContents()).toEqual(['Design notes', 'RSS kitchen']);

    // Their posts are in the digest, unread, and none was announced as new.
    expect(await waitForValue(() => ext.badgeText(), '15')).toBe('15');
    const popup = await ext.openPage('popup.html');
    await expect.poll(() => popup.locator('li.post').count()).toBe(15);
    await popup.close();
    expect(await ext.notificationIds()).toEqual([]);

    // The dead blog comes back: Retry failed adds it.
    server.route(
      '/dead/feed.xml',
      withEtag(RSS_FEED.replace('RSS kitchen', 'Risen blog'), 'application/rss+xml', '"r"'),
    );
    await options.getByRole('button', { name: 'Retry failed' }).click();
    await expect
      .poll(() => options.locator('.opml-counts').textContent(), { timeout: 30_000 })
      .toBe('5 of 5 feeds checked · 4 added · 1 already followed');
    await expect.poll(() => options.locator('li.feed').count()).toBe(5);
    await options.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => options.locator('.opml-job').count()).toBe(0);
    await options.close();
  });

  it('moves a feed to another folder and renames a folder, with the keyboard', async () => {
    const options = await ext.openPage('options.html');
    await options.getByLabel('Folder of Atom travels').selectOption({ label: 'Reading' });
    const reading = options.getByRole('region', { name: 'Reading' });
    await expect.poll(() => reading.locator('li.feed').count()).toBe(3);
    await options.getByRole('button', { name: 'Rename folder Reading' }).click();
    await options.getByLabel('Folder name').fill('Blogs');
    await options.keyboard.press('Enter');
    await expect.poll(() => options.locator('.folder-name').allTextContents()).toEqual(['Blogs', 'Travel & more']);
    await options.getByLabel('Folder of Atom travels').selectOption({ label: 'Travel & more' });
    await options.getByRole('button', { name: 'Rename folder Blogs' }).click();
    await options.getByLabel('Folder name').fill('Reading');
    await options.keyboard.press('Enter');
    await expect.poll(() => options.locator('.folder-name').allTextContents()).toEqual(['Reading', 'Travel & more']);
    await options.close();
  });

  it('groups the new tab by folder; a quiet folder leaves the badge, and a feed’s own setting wins', async () => {
    const before = Number(await ext.badgeText());
    const newtab = await ext.openPage('newtab.html');
    await newtab.locator('li.post').first().waitFor();
    await newtab.locator('.filter-grouping select').selectOption('folder');
    await expect
      .poll(() => newtab.locator('h2 .category-name').allTextContents())
      .toEqual(expect.arrayContaining(['Reading', 'Travel & more', 'Not in a folder']));
    const readingSection = newtab.locator('section.category', {
      has: newtab.locator('.category-name', { hasText: /^Reading$/ }),
    });
    const inReading = await readingSection.locator('li.post').count();
    expect(inReading).toBeGreaterThan(2);
    expect(newtab.url()).toContain('#group=folder');

    const options = await ext.openPage('options.html');
    await options.getByLabel('How the feeds in Reading arrive').selectOption('quiet');
    expect(await waitForValue(() => ext.badgeText(), String(before - inReading))).toBe(String(before - inReading));
    // Design notes (2 posts) says otherwise: counted again.
    await options.getByLabel('How Design notes arrives').selectOption('notify');
    expect(await waitForValue(() => ext.badgeText(), String(before - inReading + 2))).toBe(
      String(before - inReading + 2),
    );
    // Still in the digest: quiet means not counted, never hidden.
    await newtab.reload();
    await expect.poll(() => readingSection.locator('li.post').count()).toBe(inReading);
    // Back as it was.
    await options.getByLabel('How Design notes arrives').selectOption('folder');
    await options.getByLabel('How the feeds in Reading arrive').selectOption('notify');
    expect(await waitForValue(() => ext.badgeText(), String(before))).toBe(String(before));
    await options.close();
    await newtab.close();
  });

  it('exports folders, names and pages, and an export imported after a reset round-trips exactly', async () => {
    const options = await ext.openPage('options.html');
    const exportOpml = async () => {
      const downloading = options.waitForEvent('download');
      await options.getByRole('button', { name: 'Export feed list (OPML)' }).click();
      const text = readFileSync((await (await downloading).path())!, 'utf8');
      return text.replace(/<dateCreated>.*<\/dateCreated>/, '');
    };
    const exported = await exportOpml();
    expect(exported).toContain(`<outline text="Reading" title="Reading">`);
    expect(exported).toContain(`<outline text="Travel &#38; more" title="Travel &#38; more">`);
    expect(exported).toContain(
      `text="Design notes" title="Design notes" xmlUrl="${origin}/design/feed.json" htmlUrl="${origin}/design/"`,
    );
    const exportFile = join(tmpdir(), `digest-export-${process.pid}.opml`);
    writeFileSync(exportFile, exported);

    await options.getByRole('button', { name: 'Reset Digest…' }).click();
    await options.getByRole('button', { name: 'Reset Digest', exact: true }).click();
    await expect.poll(() => options.locator('li.feed').count()).toBe(1);
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');

    await options.getByLabel('Import OPML…').setInputFiles(exportFile);
    await options.getByRole('button', { name: 'Import 4 feeds' }).click();
    await expect.poll(() => options.locator('.opml-job h3').textContent(), { timeout: 30_000 }).toBe('Import finished');
    expect(await options.locator('.opml-counts').textContent()).toBe(
      '5 of 5 feeds checked · 4 added · 1 already followed',
    );
    await expect.poll(() => options.locator('li.feed').count()).toBe(5);
    expect(await exportOpml()).toBe(exported);
    await options.close();
  });

  it('goes on with the page closed, and resumes after the browser stopped the worker mid-import', async () => {
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    const blog = (slug: string, held: boolean) => {
      server.route(`/${slug}/feed.json`, async (_req, res) => {
        if (held) await released;
        res.writeHead(200, { 'Content-Type': 'application/feed+json' });
        res.end(
          JSON.stringify({
            version: 'https://jsonfeed.org/version/1.1',
            title: slug,
            items: [{ id: `${slug}-1`, title: `${slug} post`, url: `https://${slug}.example/1` }],
          }),
        );
      });
      return `<outline type="rss" text="${slug}" xmlUrl="${origin}/${slug}/feed.json"/>`;
    };
    const resumeFile = join(tmpdir(), `digest-resume-${process.pid}.opml`);
    writeFileSync(
      resumeFile,
      `<opml version="2.0"><body><outline text="Later">${[
        blog('quick1', false),
        blog('quick2', false),
        blog('held1', true),
        blog('held2', true),
      ].join('')}</outline></body></opml>`,
    );
    const options = await ext.openPage('options.html');
    await options.getByLabel('Import OPML…').setInputFiles(resumeFile);
    await options.getByRole('button', { name: 'Import 4 feeds' }).click();
    await expect.poll(() => options.locator('.opml-counts').textContent()).toMatch(/^2 of 4 feeds checked · 2 added/);
    await options.close();

    // The worker is stopped while two fetches are in flight (Chrome stops an idle one after 30 s; here at once).
    const helper = await ext.context.newPage();
    const cdp = await ext.context.newCDPSession(helper);
    const versions: { versionId: string; scriptURL: string; runningStatus: string }[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (event) => versions.push(...event.versions));
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => versions.some((v) => v.scriptURL.endsWith('/background.js'))).toBe(true);
    const { versionId } = versions.find((v) => v.scriptURL.endsWith('/background.js'))!;
    await cdp.send('ServiceWorker.stopWorker', { versionId });
    await expect.poll(() => versions.filter((v) => v.versionId === versionId).at(-1)?.runningStatus).toBe('stopped');
    await helper.close();
    release();

    // A page opening wakes the worker; the stored job goes on from where it was and finishes.
    const again = await ext.openPage('options.html');
    await expect
      .poll(() => again.locator('.opml-counts').textContent(), { timeout: 30_000 })
      .toBe('4 of 4 feeds checked · 4 added');
    // The last entry is written a moment before the job is marked finished.
    await expect.poll(() => again.locator('.opml-job h3').textContent()).toBe('Import finished');
    const later = again.getByRole('region', { name: 'Later' });
    expect(await later.locator('.feed-title').allTextContents()).toEqual(['quick1', 'quick2', 'held1', 'held2']);
    await again.close();
  });
});
