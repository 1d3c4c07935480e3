// RSS and Atom feeds in real Chromium (#13): an Atom feed added by its blog page (a relative href), an RSS feed by
// its address, a page offering several feeds; posts grouped by category, entities decoded, conditional GET.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';
import { serveXmlBlogs } from './xml-fixtures.ts';

describe('RSS and Atom feeds (#13)', () => {
  let server: FeedServer;
  let ext: LoadedExtension;
  const origin = `http://127.0.0.1:${E2E_FEED_PORT}`;
  let answers: Map<string, number[]>;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    answers = serveXmlBlogs(server);
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
  });
  afterAll(async () => {
    await ext?.close();
    await server.close();
  });

  it('adds an Atom feed by its blog page and an RSS feed by its address; the digest groups their posts', async () => {
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    const options = await ext.openPage('options.html');
    await options.getByLabel('Add a feed').fill(`${origin}/atomblog/`);
    await options.getByRole('button', { name: 'Add feed' }).click();
    await expect
      .poll(() => options.locator('.add-status').textContent())
      .toBe('Added “Atom travels”: 2 posts (Travel 2).');
    await options.getByLabel('Add a feed').fill(`${origin}/rss.xml`);
    await options.getByRole('button', { name: 'Add feed' }).click();
    await expect
      .poll(() => options.locator('.add-status').textContent())
      .toBe('Added “RSS kitchen”: 2 posts (Food 2).');
    await expect.poll(() => options.locator('li.feed').count()).toBe(3);
    expect(await options.locator('li.feed code.feed-url').allTextContents()).toEqual(
      expect.arrayContaining([`${origin}/atomblog/atom.xml`, `${origin}/rss.xml`]),
    );
    expect(await waitForValue(() => ext.badgeText(), '13')).toBe('13');
    await options.close();

    for (const path of ['popup.html', 'newtab.html']) {
      const page = await ext.openPage(path);
      await expect
        .poll(() => page.locator('h2.category-title .category-name').allTextContents())
        .toEqual(expect.arrayContaining(['Travel', 'Food', 'Engineering']));
      const food = page.locator('section.category', { hasText: 'Food' });
      await expect
        .poll(() => food.locator('.post-title a').allTextContents())
        .toEqual(expect.arrayContaining(['Fish & Chips – part 2', 'Soup <for> one']));
      const travel = page.locator('section.category', { hasText: 'Travel' });
      await expect
        .poll(() => travel.locator('.post-title a').allTextContents())
        .toEqual(expect.arrayContaining(['Lisbon by tram', 'Porto & the river']));
      expect(await food.locator('.post-feed').first().textContent()).toBe('RSS kitchen');
      await page.close();
    }
  });

  it('polls them with conditional GET: the next refresh sends If-None-Match and gets 304', async () => {
    await ext.fireRefreshAlarm();
    await expect.poll(() => answers.get('/rss.xml')?.length ?? 0).toBeGreaterThanOrEqual(2);
    await expect.poll(() => answers.get('/atomblog/atom.xml')?.length ?? 0).toBeGreaterThanOrEqual(2);
    await ext.untilRefreshEnded();
    const rss = server.requests.filter((r) => r.path === '/rss.xml');
    expect(rss[0]?.ifNoneMatch).toBeUndefined();
    expect(rss.at(-1)?.ifNoneMatch).toBe('"rss-1"');
    expect(answers.get('/rss.xml')).toEqual([200, 304]);
    expect(server.requests.filter((r) => r.path === '/atomblog/atom.xml').at(-1)?.ifNoneMatch).toBe('"atom-1"');
    expect(answers.get('/atomblog/atom.xml')).toEqual([200, 304]);
    // A 304 keeps the posts as they were.
    expect(await ext.badgeText()).toBe('13');
  });

  it('lets the reader pick among a page’s feeds, JSON Feed preselected', async () => {
    const options = await ext.openPage('options.html');
    await options.getByLabel('Add a feed').fill(`${origin}/two/`);
    await options.getByRole('button', { name: 'Add feed' }).click();
    const choices = options.locator('fieldset.feed-choices');
    await expect.poll(() => choices.locator('input[type=radio]').count()).toBe(3);
    expect(await options.locator('.add-status').textContent()).toBe(
      'This page offers several feeds. Pick the one to follow.',
    );
    expect(await choices.locator('input[type=radio]:checked').getAttribute('value')).toBe(`${origin}/two/feed.json`);
    expect(await choices.locator('.feed-choice-title').allTextContents()).toEqual([
      'Two » Feed',
      'Two » Comments Feed',
      'Two » JSON Feed',
    ]);
    await choices.getByRole('button', { name: 'Add', exact: true }).click();
    await expect
      .poll(() => options.locator('.add-status').textContent())
      .toBe('Added “Two (JSON)”: 1 post (Design 1).');
    await expect.poll(() => options.locator('fieldset.feed-choices').count()).toBe(0);

    // A page whose one feed fails: the error names that feed, not the page.
    await options.getByLabel('Add a feed').fill(`${origin}/gone/`);
    await options.getByRole('button', { name: 'Add feed' }).click();
    await expect
      .poll(() => options.locator('.add-status').textContent())
      .toBe(`The feed server answered HTTP 404. The page names this feed: ${origin}/gone/atom.xml.`);
    await options.close();
  });
});
