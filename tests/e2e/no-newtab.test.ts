// A publisher's build without the new-tab override (WXT_NEWTAB=false, `npm run build:e2e:no-newtab`): the
// browser keeps its own new tab, and the popup still opens the full digest as a tab of its own (#14).
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFeedText } from '../fixtures/sample.ts';
import { jsonWithEtag, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

const NO_NEWTAB_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3-e2e-no-newtab');

/** The manifest's page overrides, read in the running extension. */
async function overrides(ext: LoadedExtension): Promise<unknown> {
  return ext.worker.evaluate(() => {
    type Runtime = { runtime: { getManifest(): { chrome_url_overrides?: unknown } } };
    return (globalThis as unknown as { chrome: Runtime }).chrome.runtime.getManifest().chrome_url_overrides ?? null;
  });
}

describe('a build without the new-tab override', () => {
  let server: FeedServer;
  let ext: LoadedExtension;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    server.route(
      '/feed.json',
      jsonWithEtag(() => sampleFeedText),
    );
  });
  afterAll(async () => {
    await ext?.close();
    await server.close();
  });

  it('leaves the browser its new tab, and the popup opens the full digest in a tab', async () => {
    // The usual build takes the new tab: the comparison shows the flag is what changes it.
    const usual = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    expect(await overrides(usual)).toEqual({ newtab: 'newtab.html' });
    await usual.close();

    ext = await launchExtension({ extensionDir: NO_NEWTAB_DIR });
    expect(await overrides(ext)).toBeNull();
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    const popup = await ext.openPage('popup.html');
    const opened = ext.context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Open digest' }).click();
    const digest = await opened;
    expect(digest.url()).toBe(`chrome-extension://${ext.id}/newtab.html`);
    await expect.poll(() => digest.locator('.post').count()).toBe(9);
  });
});
