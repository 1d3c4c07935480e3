// Issue #11 in real Chromium: read posts never come back unread on a feed over the retention limit,
// and a feed removed while its refresh is in flight stays removed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleFeedText } from '../fixtures/sample.ts';
import { jsonWithEtag, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

/** One JSON Feed item. */
const item = (id: string, time: number, tag: string) => ({
  id,
  url: `http://127.0.0.1:${E2E_FEED_PORT}/posts/${id}`,
  title: `Post ${id}`,
  date_published: new Date(time).toISOString(),
  tags: [tag],
});

/** A JSON Feed of 600 dated posts (over the 500 retention keeps per feed) with `fresh` newer ones in front. */
function bigFeed(fresh: string[]): string {
  const start = Date.parse('2026-11-20T00:00:00Z');
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Archive blog',
    items: [
      ...fresh.map((id, i) => item(id, start + (fresh.length - i) * 3600_000, 'News')),
      ...Array.from({ length: 600 }, (_, i) => item(`old-${i}`, start - i * 3600_000, 'Archive')),
    ],
  });
}

describe('the promise in Chromium', () => {
  let server: FeedServer;
  let feedBody = sampleFeedText;
  let ext: LoadedExtension | undefined;
  const serveFeed = () =>
    server.route(
      '/feed.json',
      jsonWithEtag(() => feedBody),
    );

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
  });
  afterEach(async () => {
    await ext?.close();
    ext = undefined;
  });
  afterAll(async () => {
    await server.close();
  });

  it('600 posts, all read, then new posts one at a time: only the new ones are unread, no old post is announced', async () => {
    feedBody = bigFeed([]);
    serveFeed();
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    expect(await waitForValue(() => ext!.badgeText(), '600')).toBe('600');

    const digest = await ext.openPage('newtab.html');
    await digest.getByRole('button', { name: 'Mark all shown read' }).click();
    expect(await waitForValue(() => ext!.badgeText(), '')).toBe('');

    feedBody = bigFeed(['n1']);
    await ext.fireRefreshAlarm();
    expect(await waitForValue(() => ext!.badgeText(), '1')).toBe('1');
    feedBody = bigFeed(['n2', 'n1']);
    await ext.fireRefreshAlarm();
    expect(await waitForValue(() => ext!.badgeText(), '2')).toBe('2');
    feedBody = bigFeed(['n3', 'n2', 'n1']);
    await ext.fireRefreshAlarm();
    expect(await waitForValue(() => ext!.badgeText(), '3')).toBe('3');
    await ext.untilRefreshEnded();
    // Stays at 3: no old post trickles back on a later save.
    await ext.fireRefreshAlarm();
    await ext.untilRefreshEnded();
    expect(await ext.badgeText()).toBe('3');

    // One notification per new post; none for any of the 600.
    const announced = await ext.notificationIds();
    expect(announced.toSorted()).toEqual(
      ['n1', 'n2', 'n3'].map(
        (id) => `digest-post:${JSON.stringify([`http://127.0.0.1:${E2E_FEED_PORT}/feed.json`, id])}`,
      ),
    );
    await digest.reload();
    await expect.poll(() => digest.locator('li.post.unread').count()).toBe(3);
  });

  it('a feed removed while its server is slow to answer does not come back', async () => {
    feedBody = sampleFeedText;
    serveFeed();
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    expect(await waitForValue(() => ext!.badgeText(), '9')).toBe('9');

    // The next answer is held back until the feed has been removed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const asked = server.requests.length;
    server.route('/feed.json', async (_req, res) => {
      await held;
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(sampleFeedText);
    });
    await ext.fireRefreshAlarm();
    await expect.poll(() => server.requests.length).toBe(asked + 1);

    const options = await ext.openPage('options.html');
    const feed = options.locator('li.feed', { hasText: 'Engineering notes' });
    await feed.getByRole('button', { name: 'Remove Engineering notes' }).click();
    await feed.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => options.locator('li.feed').count()).toBe(0);
    expect(await waitForValue(() => ext!.badgeText(), '')).toBe('');

    release();
    await ext.untilRefreshEnded();
    expect(await ext.badgeText()).toBe('');
    await options.reload();
    await expect.poll(() => options.locator('li.feed').count()).toBe(0);
    const digest = await ext.openPage('newtab.html');
    await expect.poll(() => digest.locator('li.post').count()).toBe(0);
    expect(await ext.cachedPostCount()).toBe(0);
  });
});
