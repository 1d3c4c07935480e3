// Sync (#15) in real Chromium with two profiles: what profile A writes to storage.sync is carried to profile B as
// the sync service would (A's chrome.storage.sync.get(null), set into B's), and B's new tab, badge and feed list
// follow: a feed A followed, a post A read, then A's removal of that feed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleFeedText } from '../fixtures/sample.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

interface SyncGlobals {
  chrome: {
    storage: {
      sync: { get(keys: null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
      local: { get(key: string): Promise<Record<string, unknown>> };
    };
  };
}

const secondFeed = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Second blog',
  items: [
    {
      id: 'second-1',
      title: 'A second blog’s first post',
      content_text: 'One.',
      date_published: '2026-06-01T09:00:00Z',
      tags: ['Travel'],
    },
    {
      id: 'second-2',
      title: 'A second blog’s second post',
      content_text: 'Two.',
      date_published: '2026-06-02T09:00:00Z',
      tags: ['Travel'],
    },
  ],
});

/** The worker's last flush report (storage.local 'syncStatus'). */
function syncStatus(ext: LoadedExtension): Promise<{ feeds: number; marks: number } | undefined> {
  return ext.worker.evaluate(
    async () =>
      (await (globalThis as unknown as SyncGlobals).chrome.storage.local.get('syncStatus')).syncStatus as
        { feeds: number; marks: number } | undefined,
  );
}

/** The sync service: A's synced storage, as it is now, arrives in B's. */
async function carry(from: LoadedExtension, to: LoadedExtension): Promise<void> {
  const items = await from.worker.evaluate(() => (globalThis as unknown as SyncGlobals).chrome.storage.sync.get(null));
  await to.worker.evaluate((values) => (globalThis as unknown as SyncGlobals).chrome.storage.sync.set(values), items);
}

describe('sync between two Chromium profiles', () => {
  let server: FeedServer;
  let a: LoadedExtension | null = null;
  let b: LoadedExtension | null = null;

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(sampleFeedText);
    });
    server.route('/second.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(secondFeed);
    });
  });
  afterEach(async () => {
    await a?.close();
    await b?.close();
  });
  afterAll(() => server.close());

  it('a feed followed and a post read in A reach B’s feed list, new tab and badge; A’s removal follows', async () => {
    a = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    b = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    expect(await waitForValue(() => a!.badgeText(), '9')).toBe('9');
    expect(await waitForValue(() => b!.badgeText(), '9')).toBe('9');
    const second = `${server.origin}/second.json`;

    // A follows a second feed and reads a post.
    const optionsA = await a.openPage('options.html');
    await optionsA.getByLabel('Add a feed').fill(second);
    await optionsA.getByRole('button', { name: 'Add feed' }).click();
    await expect.poll(() => optionsA.locator(`[data-feed-url="${second}"]`).count()).toBe(1);
    const popupA = await a.openPage('popup.html');
    await popupA.getByRole('button', { name: 'Mark “Choose boring technology” as read' }).click();
    expect(await waitForValue(() => a!.badgeText(), '10')).toBe('10');
    // Written to A's synced storage after the quiet time (5 s).
    await expect.poll(() => syncStatus(a!), { timeout: 20_000 }).toMatchObject({ feeds: 2, marks: 1 });
    await expect.poll(() => optionsA.locator('.sync-usage').getAttribute('data-bytes')).not.toBeNull();
    const usage = await optionsA.locator('.sync-usage').textContent();
    console.info(`[sync e2e] A's options page: ${usage}`);

    await carry(a, b);
    const newtabB = await b.openPage('newtab.html');
    await expect.poll(() => newtabB.locator(`li.post[data-post-id="second-1"]`).count()).toBe(1);
    await expect
      .poll(() => newtabB.locator('li.post[data-post-id="boring-technology"]').getAttribute('class'))
      .toBe('post');
    expect(await waitForValue(() => b!.badgeText(), '10')).toBe('10');
    const optionsB = await b.openPage('options.html');
    await expect.poll(() => optionsB.locator(`[data-feed-url="${second}"]`).count()).toBe(1);

    // A removes the feed: B's list, new tab and badge follow, and B does not bring it back to A.
    await optionsA.getByRole('button', { name: 'Remove Second blog' }).click();
    await optionsA.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => optionsA.locator(`[data-feed-url="${second}"]`).count()).toBe(0);
    await expect.poll(() => syncStatus(a!), { timeout: 20_000 }).toMatchObject({ feeds: 1 });
    await carry(a, b);
    await expect.poll(() => optionsB.locator(`[data-feed-url="${second}"]`).count()).toBe(0);
    await expect.poll(() => newtabB.locator(`li.post[data-post-id="second-1"]`).count()).toBe(0);
    expect(await waitForValue(() => b!.badgeText(), '8')).toBe('8');
    await carry(b, a);
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await optionsA.locator(`[data-feed-url="${second}"]`).count()).toBe(0);
  });
});
