// The worker's sync wiring (#15) with two simulated browsers: each has its own database, storage.local and
// storage.sync; switching browsers stops the worker (its replica is reloaded from storage.local, as after a
// restart), and the test carries one browser's synced items to the other as the sync service would.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeDigestDB, listPosts, listSubscriptions, readFolderAlerts, setRead, type PostKey } from '@/utils/db';
import {
  handleMenuClick,
  importAndRefresh,
  markGroup,
  markPost,
  markPosts,
  MENU,
  refreshNow,
} from '@/entrypoints/background/handlers';
import { postNotificationId } from '@/entrypoints/background/notifications';
import { addFeed, exportData, removeFeed, resetEverything } from '@/entrypoints/background/subscriptions';
import { flushSync, forgetSync, receiveSync, watermarkFor, whenSyncFollows } from '@/entrypoints/background/sync';
import { follow } from '../../helpers/follow';
import { postView } from '../../helpers/posts';
import { changeFolderAlerts, moveFeedToFolder } from '@/entrypoints/background/handlers';
import { SYNC_KEY_PREFIX } from '@/utils/sync/encoding';
import { readSyncStatus } from '@/utils/sync-status';
import { sampleFeedWith, sampleFetch } from '../../fixtures/sample';

const FEED = 'https://blog.example.com/feed.json';

interface SimulatedBrowser {
  idb: IDBFactory;
  local: Record<string, unknown>;
  sync: Record<string, unknown>;
}

function newBrowser(): SimulatedBrowser {
  return { idb: new IDBFactory(), local: {}, sync: {} };
}

let current: SimulatedBrowser | null = null;
let followedBySync: string[] = [];

/** Stops this browser's worker (keeping its storage) and starts the other's. */
async function switchTo(next: SimulatedBrowser): Promise<void> {
  await forgetSync();
  await closeDigestDB();
  if (current) {
    current.local = await fakeBrowser.storage.local.get(null);
    current.sync = await fakeBrowser.storage.sync.get(null);
  }
  await fakeBrowser.storage.local.clear();
  await fakeBrowser.storage.sync.clear();
  await fakeBrowser.storage.local.set(next.local);
  await fakeBrowser.storage.sync.set(next.sync);
  globalThis.indexedDB = next.idb;
  current = next;
  // Notifications are each browser's own: none of the other's is shown here.
  for (const id of Object.keys(fakeBrowser.notifications.getAllCreateOptions())) {
    await fakeBrowser.notifications.clear(id);
  }
}

/** The sync service: `from`'s reading-list items arrive in the current browser (stored, then onChanged). */
async function deliverFrom(from: SimulatedBrowser): Promise<void> {
  const changes: Record<string, { newValue: unknown }> = {};
  for (const [key, value] of Object.entries(from.sync)) {
    if (key.startsWith(SYNC_KEY_PREFIX)) changes[key] = { newValue: value };
  }
  await fakeBrowser.storage.sync.set(Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.newValue])));
  await receiveSync(changes);
}

/** A flush long after the last edit (the debounce is over). */
async function flushed() {
  return flushSync(Date.now() + 120_000);
}

/** Runs the fetches sync asked for (the worker's refreshNow). */
async function fetchFollowed(): Promise<void> {
  const urls = followedBySync;
  followedBySync = [];
  if (urls.length > 0) await refreshNow(urls);
}

/** The followed feeds that sync (the build's own sample feed, inside the extension, does not). */
async function webFeeds() {
  return (await listSubscriptions()).filter((feed) => feed.url.startsWith('https:'));
}

/** This feed's cached posts. */
async function feedPosts() {
  return (await listPosts()).filter((post) => post.feedUrl === FEED);
}

/** A cached post of FEED as readFeeds gives it. */
function view(id: string, published: string | null, read: boolean) {
  return postView(id, { feedUrl: FEED, published, firstSeen: '2026-06-10T00:00:00Z', read });
}

function readIds(posts: { read: boolean; id: string }[]): string[] {
  return posts
    .filter((post) => post.read)
    .map((post) => post.id)
    .toSorted();
}

beforeEach(() => {
  current = null;
  followedBySync = [];
  whenSyncFollows(async (urls) => {
    followedBySync.push(...urls);
  });
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => true);
  vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true as never);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ host_permissions: [] } as never);
  vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockResolvedValue(undefined);
  vi.spyOn(fakeBrowser.contextMenus, 'create').mockReturnValue('');
  vi.stubGlobal('fetch', sampleFetch());
});

afterEach(async () => {
  await forgetSync();
});

/** Two browsers following FEED: A followed it and synced, B received it and fetched it; B is the one running. */
async function followedInBoth() {
  const a = newBrowser();
  const b = newBrowser();
  await switchTo(a);
  await addFeed(FEED);
  await flushed();
  await switchTo(b);
  await deliverFrom(a);
  await fetchFollowed();
  return { a, b };
}

describe('sync between two browsers', () => {
  it('a category marked read in A (the popup holding none of its posts) is read in B', async () => {
    const { a, b } = await followedInBoth();
    await switchTo(a);
    const unreadInCategory = (await feedPosts()).filter((post) => post.category === 'Engineering' && !post.read);
    expect(unreadInCategory.length).toBeGreaterThan(0);
    await markGroup({ category: 'Engineering', feedUrl: null, mutedWords: [], hiddenCategories: [], except: [] });
    await flushed();

    await switchTo(b);
    await deliverFrom(a);
    expect(readIds(await feedPosts())).toEqual(unreadInCategory.map((post) => post.id).toSorted());
  });

  it('a feed followed and a post read in A is followed in B, fetched there, and that post arrives read', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await switchTo(a);
    expect((await addFeed(FEED)).ok).toBe(true);
    const key: PostKey = [FEED, 'fintech-lessons'];
    await markPost(key, true);
    const outcome = await flushed();
    expect(outcome?.written).toBeGreaterThan(0);
    expect((await readSyncStatus())?.feeds).toBe(1);

    await switchTo(b);
    await deliverFrom(a);
    expect((await webFeeds()).map((feed) => feed.url)).toEqual([FEED]);
    await fetchFollowed();
    const posts = await feedPosts();
    expect(posts).toHaveLength(9);
    expect(readIds(posts)).toEqual(['fintech-lessons']);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('8');
  });

  it('a post read in A before B fetched it arrives read in B, and B does not notify it as new', async () => {
    const { a, b } = await followedInBoth();

    // A sees a new post first and reads it.
    await switchTo(a);
    vi.stubGlobal('fetch', sampleFetch(sampleFeedWith([{ id: 'fresh', title: 'Fresh', tag: 'Career' }])));
    await refreshNow([FEED]);
    await markPost([FEED, 'fresh'], true);
    await flushed();

    await switchTo(b);
    await deliverFrom(a);
    await refreshNow([FEED]);
    const fresh = (await feedPosts()).find((post) => post.id === 'fresh');
    expect(fresh?.read).toBe(true);
    expect(fakeBrowser.notifications.getAllCreateOptions()).not.toHaveProperty(postNotificationId([FEED, 'fresh']));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('9');
  });

  it('sync arriving while a refresh runs loses nothing: the post it saves read elsewhere ends read, unannounced', async () => {
    const { a, b } = await followedInBoth();
    await markPost([FEED, 'stuck-worker'], true);

    await switchTo(a);
    const withFresh = sampleFeedWith([{ id: 'fresh', title: 'Fresh', tag: 'Career' }]);
    vi.stubGlobal('fetch', sampleFetch(withFresh));
    await refreshNow([FEED]);
    await markPost([FEED, 'fresh'], true);
    await markPost([FEED, 'fintech-lessons'], true);
    await flushed();

    // B's refresh waits on the network while A's marks arrive.
    await switchTo(b);
    let answer!: () => void;
    const answered = new Promise<void>((done) => (answer = done));
    vi.stubGlobal('fetch', async () => {
      await answered;
      return new Response(withFresh, { headers: { 'content-type': 'application/feed+json' } });
    });
    const refreshing = refreshNow([FEED]);
    await deliverFrom(a);
    answer();
    await refreshing;
    expect(readIds(await feedPosts())).toEqual(['fintech-lessons', 'fresh', 'stuck-worker']);
    expect(fakeBrowser.notifications.getAllCreateOptions()).toEqual({});
  });

  it('marked unread in A after read: unread in B; mark all read travels too', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await switchTo(a);
    await addFeed(FEED);
    await markPost([FEED, 'fintech-lessons'], true);
    await flushed();
    await switchTo(b);
    await deliverFrom(a);
    await fetchFollowed();
    expect(readIds(await feedPosts())).toEqual(['fintech-lessons']);

    await switchTo(a);
    await markPost([FEED, 'fintech-lessons'], false);
    await markPosts(
      [
        [FEED, 'autonomous-agents'],
        [FEED, 'stuck-worker'],
      ],
      true,
    );
    await flushed();
    await switchTo(b);
    await deliverFrom(a);
    expect(readIds(await feedPosts())).toEqual(['autonomous-agents', 'stuck-worker']);
  });

  it('a read that reached B late still yields to A’s later unread; B’s own later read is never undone', async () => {
    const a = newBrowser();
    const b = newBrowser();
    const start = Date.now();
    const key: PostKey = [FEED, 'fintech-lessons'];
    await switchTo(a);
    await addFeed(FEED);
    await markPost(key, true);
    await flushed();
    const afterRead = { ...(await fakeBrowser.storage.sync.get(null)) };
    vi.setSystemTime(start + 2 * 60_000);
    await markPost(key, false);
    await flushed();

    // B hears of the read ten minutes later, then of the unread A decided before that.
    await switchTo(b);
    vi.setSystemTime(start + 10 * 60_000);
    await deliverFrom({ ...a, sync: afterRead });
    await fetchFollowed();
    expect(readIds(await feedPosts())).toEqual(['fintech-lessons']);
    await deliverFrom(a);
    expect(readIds(await feedPosts())).toEqual([]);

    // B reads it again, and its worker stops before keeping that in its replica; A's next change of the feed
    // (another read) arrives with the older unread: B's later read is kept.
    vi.setSystemTime(start + 20 * 60_000);
    await setRead(key, true, new Date().toISOString());
    await switchTo(a);
    await markPost([FEED, 'stuck-worker'], true);
    await flushed();
    await switchTo(b);
    await deliverFrom(a);
    expect(readIds(await feedPosts())).toEqual(['fintech-lessons', 'stuck-worker']);
    vi.useRealTimers();
  });

  it('mark all read syncs as one watermark: B reads everything, and a post marked unread after it is unread', async () => {
    const { a, b } = await followedInBoth();

    await switchTo(a);
    await handleMenuClick(MENU.markAllRead);
    await flushed();
    const item = Object.entries(await fakeBrowser.storage.sync.get(null)).find(
      ([key]) => key.startsWith(SYNC_KEY_PREFIX) && key !== `${SYNC_KEY_PREFIX}folders`,
    )!;
    // One watermark, no mark per post: the item is as small as a feed with no marks plus a dozen bytes.
    expect(JSON.stringify(item[1])).not.toContain('"r"');
    await switchTo(b);
    await deliverFrom(a);
    expect(readIds(await feedPosts())).toHaveLength(9);

    await switchTo(a);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    await markPost([FEED, 'stuck-worker'], false);
    await flushed();
    await switchTo(b);
    await deliverFrom(a);
    expect(readIds(await feedPosts())).toHaveLength(8);
    expect((await feedPosts()).find((post) => post.id === 'stuck-worker')?.read).toBe(false);
    vi.useRealTimers();
  });

  it('marks many posts read while older ones stay unread: a mark each, so no other post is read elsewhere', () => {
    const cached = [
      view('old', '2026-01-01T00:00:00Z', false),
      view('mid', '2026-02-01T00:00:00Z', true),
      view('new', '2026-03-01T00:00:00Z', true),
      view('undated', null, true),
    ];
    expect(watermarkFor(cached, new Set(['mid', 'new']))).toBeNull();
    const allRead = cached.map((post) => ({ ...post, read: true }));
    expect(watermarkFor(allRead, new Set(['old', 'mid', 'new', 'undated']))).toEqual({
      before: Date.parse('2026-03-01T00:00:00Z'),
      postIds: ['old', 'mid', 'new'],
      undatedIds: ['undated'],
    });
    // One post is cheaper as a mark of its own.
    expect(watermarkFor(allRead, new Set(['new']))).toBeNull();
  });

  it('a feed removed in A goes in B, and B’s older record never brings it back to A', async () => {
    const { a, b } = await followedInBoth();

    await switchTo(a);
    await removeFeed(FEED);
    await flushed();
    await switchTo(b);
    // B edits the feed meanwhile (an older edit than A's removal is not possible to tell apart by clock: A's
    // removal is timed after every edit it had seen), then hears of the removal.
    await deliverFrom(a);
    expect(await webFeeds()).toEqual([]);
    expect(await feedPosts()).toEqual([]);
    await flushed();

    await switchTo(a);
    await deliverFrom(b);
    await flushed();
    expect(await webFeeds()).toEqual([]);
  });

  it('folders and alerts follow', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await switchTo(a);
    await addFeed(FEED);
    await moveFeedToFolder(FEED, 'Work');
    await changeFolderAlerts('Work', 'quiet');
    await flushed();
    await switchTo(b);
    await deliverFrom(a);
    expect((await webFeeds())[0]).toMatchObject({ url: FEED, folder: 'Work' });
    expect(await readFolderAlerts()).toEqual(new Map([['Work', 'quiet']]));
  });

  it('a backup imported in B merges with sync: a newer unread from A wins over the file’s older read', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await switchTo(b);
    await addFeed(FEED);
    await markPost([FEED, 'fintech-lessons'], true);
    await markPost([FEED, 'stuck-worker'], true);
    const backup = await exportData();
    await flushed();

    await switchTo(a);
    await deliverFrom(b);
    await fetchFollowed();
    // Later, A marks one of them unread again.
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await markPost([FEED, 'fintech-lessons'], false);
    await flushed();

    await switchTo(b);
    await deliverFrom(a);
    expect(readIds(await feedPosts())).toEqual(['stuck-worker']);
    // The older backup says both were read: the import merges, and the newer unread stays.
    const result = await importAndRefresh(JSON.stringify(backup));
    expect(result.ok).toBe(true);
    expect(readIds(await feedPosts())).toEqual(['stuck-worker']);
    vi.useRealTimers();
  });

  it('a feed followed here that the kept replica never heard of is synced at the next start', async () => {
    const a = newBrowser();
    const b = newBrowser();
    await switchTo(a);
    await flushed();
    // Followed while the replica was not kept (the worker stopped in between): straight into the database.
    await follow(FEED);
    await switchTo(a);
    await flushed();
    await switchTo(b);
    await deliverFrom(a);
    expect((await webFeeds()).map((feed) => feed.url)).toEqual([FEED]);
  });

  it('Reset Digest forgets this browser’s replica, leaves the synced list, and gets it back', async () => {
    const a = newBrowser();
    await switchTo(a);
    await addFeed(FEED);
    await markPost([FEED, 'fintech-lessons'], true);
    await flushed();
    const before = Object.keys(await fakeBrowser.storage.sync.get(null)).filter((key) =>
      key.startsWith(SYNC_KEY_PREFIX),
    );
    expect(before.length).toBeGreaterThan(0);

    await resetEverything();
    expect(await webFeeds()).toEqual([]);
    const after = Object.keys(await fakeBrowser.storage.sync.get(null)).filter((key) =>
      key.startsWith(SYNC_KEY_PREFIX),
    );
    expect(after).toEqual(before);
    await flushed();
    await fetchFollowed();
    expect((await webFeeds()).map((feed) => feed.url)).toEqual([FEED]);
    expect(readIds(await feedPosts())).toEqual(['fintech-lessons']);
  });
});
