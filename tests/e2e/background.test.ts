// The worker in real Chromium against a real feed server on 127.0.0.1 (the test build's default feed).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleFeedText, sampleFeedWith } from '../fixtures/sample.ts';
import { jsonWithEtag, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { E2E_EXTENSION_DIR, E2E_FEED_PORT, launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

const newPosts = [
  { id: 'new-a', title: 'Queues without tears', tag: 'Engineering' },
  { id: 'new-b', title: 'Hiring for judgement', tag: 'Career' },
];

describe('the background worker against a live feed', () => {
  let server: FeedServer;
  let feedBody = sampleFeedText;
  let ext: LoadedExtension | undefined;

  const serveFeed = () =>
    server.route(
      '/feed.json',
      jsonWithEtag(() => feedBody),
    );
  const feedRequests = () => server.requests.filter((r) => r.path === '/feed.json');

  beforeAll(async () => {
    server = await startFeedServer(E2E_FEED_PORT);
    serveFeed();
  });
  afterEach(async () => {
    await ext?.close();
    ext = undefined;
  });
  afterAll(async () => {
    await server.close();
  });

  it('installs, counts, notifies about new posts once, survives a failing server, and restores itself after a restart', async () => {
    // (1) Install: the badge equals the unread count and nothing is announced.
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR });
    expect(await waitForValue(() => ext!.badgeText(), '9')).toBe('9');
    expect(await ext.notificationIds()).toEqual([]);

    // (2) The blog publishes two posts; the alarm fires: badge +2 and one summary notification.
    feedBody = sampleFeedWith(newPosts);
    await ext.fireRefreshAlarm();
    expect(await waitForValue(() => ext!.badgeText(), '11')).toBe('11');
    await expect.poll(() => ext!.notificationIds()).toEqual(['digest-summary']);
    // The second poll was conditional: the server saw the ETag from the first.
    expect(feedRequests()[1]?.ifNoneMatch).toBe(`"${sampleFeedText.length}"`);

    // (3) The server fails: error badge and tooltip, cached posts still shown; the next success clears it.
    server.route('/feed.json', (_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });
    await ext.fireRefreshAlarm();
    expect(await waitForValue(() => ext!.badgeText(), '11!')).toBe('11!');
    expect(await ext.badgeTitle()).toContain("Can't refresh Engineering notes: The feed server answered HTTP 500.");
    const popup = await ext.openPage('popup.html');
    await expect.poll(() => popup.locator('li.post').count()).toBe(11);
    await expect.poll(() => popup.locator('.banner.error').textContent()).toContain('HTTP 500');
    serveFeed();
    await ext.fireRefreshAlarm();
    expect(await waitForValue(() => ext!.badgeText(), '11')).toBe('11');
    await expect.poll(() => popup.locator('.banner.error').count()).toBe(0);

    // Read one post, so the restart must keep a read mark.
    await popup.getByRole('link', { name: 'Hiring for judgement' }).click();
    expect(await waitForValue(() => ext!.badgeText(), '10')).toBe('10');

    // (4) Close the browser in the middle of a refresh (the server holds the answer back).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = feedRequests().length;
    feedBody = sampleFeedWith([...newPosts, { id: 'late', title: 'Never arrives', tag: 'Career' }]);
    server.route('/feed.json', async (_req, res) => {
      await held;
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(feedBody);
    });
    await ext.fireRefreshAlarm();
    await expect.poll(() => feedRequests().length).toBe(before + 1);
    const profileDir = ext.profileDir;
    await ext.close({ keepProfile: true });
    release();
    feedBody = sampleFeedWith(newPosts);
    serveFeed();

    // (5) Relaunch on the same profile: badge restored, posts neither lost nor doubled, read mark kept,
    // the alarm still scheduled, nothing announced again.
    ext = await launchExtension({ extensionDir: E2E_EXTENSION_DIR, profileDir });
    expect(await waitForValue(() => ext!.badgeText(), '10')).toBe('10');
    // The new tab shows read posts too (the popup lists unread ones until "Show read").
    const again = await ext.openPage('newtab.html');
    await expect.poll(() => again.locator('li.post').count()).toBe(11);
    expect(await again.locator('li.post.unread').count()).toBe(10);
    expect(await again.locator('li.post[data-post-id="new-b"]').getAttribute('class')).toBe('post');
    const alarm = await ext.worker.evaluate(() =>
      (globalThis as unknown as import('./extension.ts').WorkerGlobals).chrome.alarms.get('digest-refresh'),
    );
    expect(alarm?.periodInMinutes).toBe(30);
    // A full 200 answer (no validators) re-delivers every post: still nothing is announced.
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(feedBody);
    });
    await ext.fireRefreshAlarm();
    await expect.poll(() => feedRequests().length).toBeGreaterThan(before + 1);
    expect(await waitForValue(() => ext!.badgeText(), '10')).toBe('10');
    expect(await ext.notificationIds()).toEqual([]);
  });
});
