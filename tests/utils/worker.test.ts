import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getFeedState, listPosts } from '@/utils/db';
import { REFRESH_ALARM, ensureRefreshAlarm, handleInstalled, markPost, markPosts, openPost } from '@/utils/worker';
import { sampleFetch } from '../fixtures/sample';

describe('the worker', () => {
  it('creates the refresh alarm once and never resets a running schedule', async () => {
    await ensureRefreshAlarm();
    const first = await fakeBrowser.alarms.get(REFRESH_ALARM);
    expect(first?.periodInMinutes).toBe(30);
    await fakeBrowser.alarms.create(REFRESH_ALARM, { when: 123, periodInMinutes: 30 });
    await ensureRefreshAlarm();
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.scheduledTime).toBe(123);
  });

  it('on install fetches the default feed, stores it and sets the badge to the unread count', async () => {
    vi.stubGlobal('fetch', sampleFetch());
    await handleInstalled();
    expect(await listPosts()).toHaveLength(9);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toBeDefined();
  });

  it('keeps cached posts and names the error when the feed breaks', async () => {
    vi.stubGlobal('fetch', sampleFetch());
    await handleInstalled();
    vi.stubGlobal('fetch', async () => new Response('<html>Sign in to the Wi-Fi</html>', { status: 200 }));
    await handleInstalled();
    const posts = await listPosts();
    expect(posts).toHaveLength(9);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
    expect((await getFeedState(posts[0]!.feedUrl)).lastError?.kind).toBe('not-json');
  });

  it('opens a post in a new tab and marks it read; the badge drops by one', async () => {
    vi.stubGlobal('fetch', sampleFetch());
    await handleInstalled();
    const feedUrl = (await listPosts())[0]!.feedUrl;
    await openPost([feedUrl, 'boring-technology']);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('https://blog.example.com/posts/boring-technology');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('8');
    await markPost([feedUrl, 'boring-technology'], false);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
  });

  it('marks many posts read at once and back', async () => {
    vi.stubGlobal('fetch', sampleFetch());
    await handleInstalled();
    const posts = await listPosts();
    const engineering = posts
      .filter((p) => p.category === 'Engineering')
      .map((p) => [p.feedUrl, p.id] as [string, string]);
    await markPosts(engineering, true);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect((await listPosts()).filter((p) => p.read).map((p) => p.category)).toEqual(Array(7).fill('Engineering'));
    await markPosts(engineering, false);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
  });
});
