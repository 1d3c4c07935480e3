// The badge with a muted word (#14) in real Chromium: counted from the kept counts of the posts the words hide,
// following marks, right after a browser restart, and recounted when the words change.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleFeedText } from '../fixtures/sample.ts';
import { jsonWithEtag, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

/** Sets muted words as the options page stores them (storage.sync), from an extension page. */
async function muteWords(page: Page, words: string[]): Promise<void> {
  await page.evaluate(
    `(async () => {
      const { preferences = {} } = await chrome.storage.sync.get('preferences');
      await chrome.storage.sync.set({ preferences: { ...preferences, mutedWords: ${JSON.stringify(words)} } });
    })()`,
  );
}

describe('the badge with a muted word', () => {
  let server: FeedServer;
  let ext: LoadedExtension | undefined;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    server.route(
      '/feed.json',
      jsonWithEtag(() => sampleFeedText),
    );
  });
  afterEach(async () => {
    await ext?.close();
    ext = undefined;
  });
  afterAll(async () => {
    await server.close();
  });

  it('leaves out the posts the word hides, follows marks, and stays right across a restart and a change', async () => {
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    expect(await waitForValue(() => ext!.badgeText(), '9')).toBe('9');
    const page = await ext.openPage('blank.html');
    // "Choose boring technology" is one of the sample feed's 9 posts.
    await muteWords(page, ['boring']);
    expect(await waitForValue(() => ext!.badgeText(), '8')).toBe('8');
    // A post the word does not hide, read from the popup: one fewer.
    const popup = await ext.openPage('popup.html');
    await popup.getByRole('link', { name: 'The job that ran for a week' }).click();
    expect(await waitForValue(() => ext!.badgeText(), '7')).toBe('7');

    // Restarted with the word still set: the same count (the kept counts and the words they were counted for).
    const profileDir = ext.profileDir;
    await ext.close({ keepProfile: true });
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR, profileDir });
    expect(await waitForValue(() => ext!.badgeText(), '7')).toBe('7');
    const again = await ext.openPage('blank.html');
    // One more word, which hides "An event-first indexer for Avalanche"; then one hiding only the read post.
    await muteWords(again, ['boring', 'Avalanche']);
    expect(await waitForValue(() => ext!.badgeText(), '6')).toBe('6');
    await muteWords(again, ['week']);
    expect(await waitForValue(() => ext!.badgeText(), '8')).toBe('8');
    await muteWords(again, []);
    expect(await waitForValue(() => ext!.badgeText(), '8')).toBe('8');
  });
});
