import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

const sample = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/seed-feed.json'), 'utf8')) as {
  items: unknown[];
};

describe('the built extension in Chromium', () => {
  let ext: LoadedExtension;

  beforeAll(async () => {
    ext = await launchExtension();
    // Stand in for the blog, so a post opened from the digest really loads.
    await ext.context.route('https://blog.example.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>A post</title><h1>A post</h1>' }),
    );
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('fetches the bundled sample feed on install and shows every post as unread on the badge', async () => {
    expect(sample.items).toHaveLength(9);
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
  });

  it('shows the posts grouped by category in the popup, and opening one marks it read', async () => {
    const popup = await ext.openPage('popup.html');
    const headings = popup.locator('h2.category-title .category-name');
    await expect
      .poll(() => headings.allTextContents())
      .toEqual(expect.arrayContaining(['Engineering', 'AI & Tools', 'Career']));
    // Polls: the first paint shows what fills the screen, the rest follows a frame later.
    await expect
      .poll(() => popup.locator('section.category', { hasText: 'Engineering' }).locator('li.post').count())
      .toBe(7);
    expect(await popup.locator('section.category', { hasText: 'Career' }).locator('li.post').count()).toBe(1);
    await expect.poll(() => popup.locator('li.post.unread').count()).toBe(9);

    const postUrl = 'https://blog.example.com/posts/boring-technology';
    await popup.getByRole('link', { name: 'Choose boring technology' }).click();
    await expect.poll(() => ext.context.pages().map((p) => p.url())).toContain(postUrl);

    expect(await waitForValue(() => ext.badgeText(), '8')).toBe('8');
    await expect.poll(() => popup.locator('li.post.unread').count()).toBe(8);
    await expect
      .poll(() => popup.locator('li.post[data-post-id="boring-technology"]').getAttribute('class'))
      .toBe('post');
    await popup.close();
    await ext.context
      .pages()
      .find((p) => p.url() === postUrl)
      ?.close();
  });

  it('replaces the new tab with the full digest', async () => {
    const manifest = JSON.parse(readFileSync(resolve(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      chrome_url_overrides?: { newtab?: string };
    };
    expect(manifest.chrome_url_overrides?.newtab).toBe('newtab.html');

    const page = await ext.context.newPage();
    await page.goto('chrome://newtab/');
    await expect
      .poll(() => page.locator('h2.category-title .category-name').allTextContents())
      .toEqual(expect.arrayContaining(['Engineering', 'AI & Tools', 'Career']));
    expect(await page.locator('h1').textContent()).toBe('Engineering notes');
    await expect.poll(() => page.locator('li.post').count()).toBe(9);
    expect(await page.locator('li.post.unread').count()).toBe(8);
    await page.close();
  });

  it('shows the feed in use on the options page', async () => {
    const page = await ext.openPage('options.html');
    await expect
      .poll(() => page.locator('.feed-urls code').textContent())
      .toBe(`chrome-extension://${ext.id}/sample-feed.json`);
    await page.close();
  });
});
