import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getFeedState, listPosts, type PostKey } from '@/utils/db';
import { SUMMARY_NOTIFICATION_ID, postNotificationId } from '@/entrypoints/background/notifications';
import { updatePreferences } from '@/utils/settings';
import { onChange, type Change } from '@/utils/changes';
import {
  MENU,
  REFRESH_ALARM,
  catchUp,
  ensureRefreshAlarm,
  handleAlarm,
  handleInstalled,
  handleMenuClick,
  handleNotificationClick,
  handleWorkerStart,
  markLooked,
  markPost,
  markPosts,
  openPost,
  refreshNow,
  rescheduleRefreshAlarm,
} from '@/entrypoints/background/handlers';
import { sampleFeedWith, sampleFetch } from '../../fixtures/sample';

function stubMenus() {
  vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockResolvedValue(undefined);
  return vi.spyOn(fakeBrowser.contextMenus, 'create').mockReturnValue('');
}

async function install() {
  stubMenus();
  vi.stubGlobal('fetch', sampleFetch());
  await handleInstalled('install');
}

function shownNotifications() {
  return fakeBrowser.notifications.getAllCreateOptions() as Record<string, { title: string; message: string }>;
}

describe('alarms', () => {
  it('creates the refresh alarm once, spread over the interval, and never resets a running schedule', async () => {
    await ensureRefreshAlarm(30);
    const first = await fakeBrowser.alarms.get(REFRESH_ALARM);
    expect(first?.periodInMinutes).toBe(30);
    await fakeBrowser.alarms.create(REFRESH_ALARM, { when: 123, periodInMinutes: 30 });
    await ensureRefreshAlarm(30);
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.scheduledTime).toBe(123);
  });

  it('follows a new interval from the settings', async () => {
    await handleWorkerStart();
    await updatePreferences({ refreshIntervalMinutes: 60 });
    await rescheduleRefreshAlarm();
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.periodInMinutes).toBe(60);
  });
});

describe('refreshing', () => {
  it('on install creates the menu, fetches the feed, stores it and sets the badge — without notifying', async () => {
    const create = stubMenus();
    vi.stubGlobal('fetch', sampleFetch());
    await handleInstalled('install');
    expect(create.mock.calls.map(([item]) => item.id)).toEqual([MENU.refreshNow, MENU.markAllRead, MENU.openDigest]);
    expect(await listPosts()).toHaveLength(9);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toBeDefined();
    expect(shownNotifications()).toEqual({});
  });

  it('keeps cached posts, names the error and turns the badge red when the feed breaks; a success clears it', async () => {
    await install();
    vi.stubGlobal('fetch', async () => new Response('<html>Sign in to the Wi-Fi</html>', { status: 200 }));
    await refreshNow();
    const posts = await listPosts();
    expect(posts).toHaveLength(9);
    expect((await getFeedState(posts[0]!.feedUrl)).lastError?.kind).toBe('not-a-feed');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9!');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).not.toEqual(
      await (async () => {
        vi.stubGlobal('fetch', sampleFetch());
        await refreshNow();
        return fakeBrowser.action.getBadgeBackgroundColor({});
      })(),
    );
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
    expect(await fakeBrowser.action.getTitle({})).not.toContain("Can't refresh");
  });

  it('notifies once for one new post, and never again for it', async () => {
    await install();
    vi.stubGlobal('fetch', sampleFetch(sampleFeedWith([{ id: 'new-one', title: 'A new post', tag: 'Career' }])));
    await refreshNow();
    const feedUrl = (await listPosts())[0]!.feedUrl;
    const id = postNotificationId([feedUrl, 'new-one']);
    expect(shownNotifications()).toEqual({ [id]: expect.objectContaining({ title: 'A new post', message: 'Career' }) });
    await fakeBrowser.notifications.clear(id);
    await refreshNow();
    expect(shownNotifications()).toEqual({});
    expect(await fakeBrowser.action.getBadgeText({})).toBe('10');
  });

  it('sums several new posts up in one notification that opens the digest', async () => {
    await install();
    vi.stubGlobal(
      'fetch',
      sampleFetch(
        sampleFeedWith([
          { id: 'a', title: 'A', tag: 'Engineering' },
          { id: 'b', title: 'B', tag: 'Engineering' },
          { id: 'c', title: 'C', tag: 'Engineering' },
          { id: 'd', title: 'D', tag: 'Career' },
        ]),
      ),
    );
    await refreshNow();
    expect(shownNotifications()[SUMMARY_NOTIFICATION_ID]?.message).toBe('4 new posts — 3 in Engineering, 1 in Career');
    await handleNotificationClick(SUMMARY_NOTIFICATION_ID);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain(fakeBrowser.runtime.getURL('/newtab.html'));
    expect(shownNotifications()).toEqual({});
  });

  it('respects notifications off and muted categories', async () => {
    await install();
    await updatePreferences({ notificationsEnabled: false });
    vi.stubGlobal('fetch', sampleFetch(sampleFeedWith([{ id: 'x', title: 'X', tag: 'Career' }])));
    await refreshNow();
    expect(shownNotifications()).toEqual({});

    await updatePreferences({ notificationsEnabled: true, mutedCategories: ['Career'] });
    vi.stubGlobal(
      'fetch',
      sampleFetch(
        sampleFeedWith([
          { id: 'y', title: 'Y', tag: 'Career' },
          { id: 'x', title: 'X', tag: 'Career' },
        ]),
      ),
    );
    await refreshNow();
    expect(shownNotifications()).toEqual({});
    // Muted posts leave the badge count too: 9 sample posts, one of them (and x, y) in Career.
    expect(await fakeBrowser.action.getBadgeText({})).toBe('8');
  });

  it('makes one request when an alarm, a button and a catch-up coincide, and all get its result', async () => {
    await install();
    const fetchSpy = vi.fn<typeof globalThis.fetch>(sampleFetch());
    vi.stubGlobal('fetch', fetchSpy);
    const [a, b] = await Promise.all([refreshNow(), refreshNow(), catchUp()]);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(a).toEqual(b);
  });

  it('catches up (on start or on an alarm) only once the feed’s next poll time has come', async () => {
    await install();
    const fetchSpy = vi.fn<typeof globalThis.fetch>(sampleFetch());
    vi.stubGlobal('fetch', fetchSpy);
    await catchUp();
    await handleAlarm({ name: REFRESH_ALARM, scheduledTime: Date.now() });
    expect(fetchSpy).not.toHaveBeenCalled();
    // The scheduler put the next poll 27–33 minutes (30 ± 10 %) after the install's fetch.
    vi.useFakeTimers({ now: Date.now() + 34 * 60_000, toFake: ['Date'] });
    await handleAlarm({ name: REFRESH_ALARM, scheduledTime: Date.now() });
    vi.useRealTimers();
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('points the alarm at the scheduler’s next poll time after each refresh, keeping the interval as period', async () => {
    await install();
    const feedUrl = (await listPosts())[0]!.feedUrl;
    const { nextPoll } = await getFeedState(feedUrl);
    const minutes = (Date.parse(nextPoll!) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(26);
    expect(minutes).toBeLessThan(34);
    const alarm = await fakeBrowser.alarms.get(REFRESH_ALARM);
    expect(alarm).toMatchObject({ scheduledTime: Date.parse(nextPoll!), periodInMinutes: 30 });
  });

  it('leaves a feed alone until the Retry-After of its 429 has passed', async () => {
    await install();
    vi.stubGlobal('fetch', async () => new Response('busy', { status: 429, headers: { 'Retry-After': '7200' } }));
    await refreshNow();
    const fetchSpy = vi.fn<typeof globalThis.fetch>(sampleFetch());
    vi.stubGlobal('fetch', fetchSpy);
    vi.useFakeTimers({ now: Date.now() + 100 * 60_000, toFake: ['Date'] });
    await catchUp();
    vi.useRealTimers();
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('reading', () => {
  it('empties the badge in "new" mode when the reader looks, and keeps the look across a worker restart', async () => {
    await install();
    await updatePreferences({ badgeMode: 'new' });
    await handleWorkerStart();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
    // No storage watcher recounts it any more: the handler does, after the ready gate.
    await markLooked();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(typeof (await fakeBrowser.storage.local.get('lastLookAt')).lastLookAt).toBe('string');
    await handleWorkerStart();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('opens a post in a new tab and marks it read; the badge drops by one', async () => {
    await install();
    const feedUrl = (await listPosts())[0]!.feedUrl;
    await openPost([feedUrl, 'boring-technology']);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('https://blog.example.com/posts/boring-technology');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('8');
    await markPost([feedUrl, 'boring-technology'], false);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
  });

  it('opens the post a notification names', async () => {
    await install();
    const feedUrl = (await listPosts())[0]!.feedUrl;
    await handleNotificationClick(postNotificationId([feedUrl, 'stuck-worker']));
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('https://blog.example.com/posts/stuck-worker');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('8');
  });

  it('marks many posts read at once and back', async () => {
    await install();
    const posts = await listPosts();
    const engineering = posts.filter((p) => p.category === 'Engineering').map((p): PostKey => [p.feedUrl, p.id]);
    await markPosts(engineering, true);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect((await listPosts()).filter((p) => p.read).map((p) => p.category)).toEqual(Array(7).fill('Engineering'));
    await markPosts(engineering, false);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
  });

  it('says on the change channel what changed: the read marks with their keys, a refresh with its feeds', async () => {
    await install();
    const feedUrl = (await listPosts())[0]!.feedUrl;
    const heard: Change[] = [];
    const stop = onChange((change) => heard.push(change));
    try {
      await markPost([feedUrl, 'stuck-worker'], true);
      await markPosts([[feedUrl, 'boring-technology']], false);
      await refreshNow();
      await vi.waitFor(() => expect(heard).toHaveLength(3));
      expect(heard).toEqual([
        { kind: 'read', keys: [[feedUrl, 'stuck-worker']], read: true },
        { kind: 'read', keys: [[feedUrl, 'boring-technology']], read: false },
        { kind: 'posts', feeds: [feedUrl] },
      ]);
    } finally {
      stop();
    }
  });

  it('runs the toolbar menu: mark all as read, open digest, refresh now', async () => {
    await install();
    await handleMenuClick(MENU.markAllRead);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    await handleMenuClick(MENU.openDigest);
    expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).toContain(fakeBrowser.runtime.getURL('/newtab.html'));
    const fetchSpy = vi.fn<typeof globalThis.fetch>(sampleFetch());
    vi.stubGlobal('fetch', fetchSpy);
    await handleMenuClick(MENU.refreshNow);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });
});
