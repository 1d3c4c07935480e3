// Issue #11: Digest never loses what the reader did and never shows what they unfollowed. Each test
// here reproduces a way the code before that issue broke the promise, through the worker's own handlers.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listFeedStates, listPosts } from '@/utils/db';
import { addFeed, exportData, importData, removeFeed } from '@/entrypoints/background/subscriptions';
import { readPreferences } from '@/utils/settings';
import { handleInstalled, markAllRead, refreshNow, resetDigest } from '@/entrypoints/background/handlers';
import { sampleFeedText } from '../../fixtures/sample';

const SAMPLE_URL = fakeBrowser.runtime.getURL('/sample-feed.json');
const BIG_URL = 'https://big.test/feed.json';
const OTHER_URL = 'https://other.test/feed.json';

/** A JSON Feed of `count` dated posts, newest first, plus `extra` newer ones in front. */
function bigFeed(count: number, extra: string[] = []): string {
  const start = Date.parse('2026-11-20T00:00:00Z');
  const items = [
    ...extra.map((id, i) => ({
      id,
      title: `New ${id}`,
      date_published: new Date(start + (extra.length - i) * 3600_000).toISOString(),
      tags: ['News'],
    })),
    ...Array.from({ length: count }, (_, i) => ({
      id: `p${i}`,
      title: `Post ${i}`,
      date_published: new Date(start - i * 3600_000).toISOString(),
      tags: ['Archive'],
    })),
  ];
  return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Big', items });
}

const otherFeed = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Other blog',
  items: [
    { id: 'o1', title: 'One', tags: ['Design'] },
    { id: 'o2', title: 'Two', tags: ['Design'] },
  ],
});

/** A fetch whose answers come from `bodies` by URL; a slow body answers when the test releases it. */
function webFetch(bodies: Record<string, string | { body: Promise<string> }>): typeof fetch {
  return async (input) => {
    const answer = bodies[String(input)];
    if (answer === undefined) return new Response('missing', { status: 404 });
    const body = typeof answer === 'string' ? answer : await answer.body;
    return new Response(body, { headers: { 'content-type': 'application/feed+json' } });
  };
}

/** A response body the test releases when it chooses; `requested` resolves once it has been asked for. */
function slowBody() {
  let release!: (body: string) => void;
  let requested!: () => void;
  const asked = new Promise<void>((resolve) => (requested = resolve));
  const body = new Promise<string>((resolve) => (release = resolve));
  return {
    release,
    asked,
    get body() {
      requested();
      return body;
    },
  };
}

function grantAll() {
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
  vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true as never);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'Digest',
    version: '0',
    host_permissions: [],
  });
  vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockResolvedValue(undefined);
  vi.spyOn(fakeBrowser.contextMenus, 'create').mockReturnValue('');
}

async function badge(): Promise<string> {
  return fakeBrowser.action.getBadgeText({});
}

function notifiedIds(): string[] {
  return Object.keys(fakeBrowser.notifications.getAllCreateOptions());
}

async function followedUrls(): Promise<string[]> {
  return (await exportData()).feeds.map((feed) => feed.url);
}

describe('read marks on feeds with more than 500 items (#11.1)', () => {
  it('never brings a read post back unread, and announces only the posts that are new', async () => {
    grantAll();
    const bodies: Record<string, string> = { [SAMPLE_URL]: bigFeed(600) };
    vi.stubGlobal('fetch', webFetch(bodies));
    await handleInstalled('install');
    expect(await badge()).toBe('600');
    await markAllRead();
    expect(await badge()).toBe('');

    bodies[SAMPLE_URL] = bigFeed(600, ['n1']);
    await refreshNow();
    expect(await badge()).toBe('1');
    bodies[SAMPLE_URL] = bigFeed(600, ['n2', 'n1']);
    await refreshNow();
    expect(await badge()).toBe('2');
    bodies[SAMPLE_URL] = bigFeed(600, ['n3', 'n2', 'n1']);
    await refreshNow();
    expect(await badge()).toBe('3');

    const unread = (await listPosts()).filter((post) => !post.read).map((post) => post.id);
    expect(unread.toSorted()).toEqual(['n1', 'n2', 'n3']);
    // One notification per new post, and none for the old posts a buggy save re-added.
    expect(notifiedIds()).toHaveLength(3);
    expect(notifiedIds().every((id) => /"n\d"/.test(id))).toBe(true);
  });
});

describe('a feed removed while its refresh is in flight (#11.2)', () => {
  it('stays removed: its posts and state are not written back, and the badge does not count them', async () => {
    grantAll();
    vi.stubGlobal('fetch', webFetch({ [SAMPLE_URL]: sampleFeedText }));
    await handleInstalled('install');
    expect(await badge()).toBe('9');

    const slow = slowBody();
    vi.stubGlobal('fetch', webFetch({ [SAMPLE_URL]: slow }));
    const refresh = refreshNow();
    await slow.asked;
    await removeFeed(SAMPLE_URL);
    slow.release(sampleFeedText);
    await refresh;

    expect(await listPosts()).toEqual([]);
    expect((await listFeedStates()).map((state) => state.url)).not.toContain(SAMPLE_URL);
    expect(await followedUrls()).toEqual([]);
    expect(await badge()).toBe('');
  });

  it('stays removed after "Reset Digest" during the refresh', async () => {
    grantAll();
    vi.stubGlobal('fetch', webFetch({ [SAMPLE_URL]: sampleFeedText, [OTHER_URL]: otherFeed }));
    await handleInstalled('install');
    expect((await addFeed(OTHER_URL)).ok).toBe(true);

    const slow = slowBody();
    vi.stubGlobal('fetch', webFetch({ [SAMPLE_URL]: sampleFeedText, [OTHER_URL]: slow }));
    const refresh = refreshNow();
    await slow.asked;
    // The response arrives once the reset has deleted the database (it then clears the alarms); the
    // reset's own first fetch waits for this refresh to finish.
    vi.spyOn(fakeBrowser.alarms, 'clearAll').mockImplementation(async () => {
      slow.release(otherFeed);
      return true;
    });
    await resetDigest();
    await refresh;

    expect(await followedUrls()).toEqual([SAMPLE_URL]);
    expect((await listPosts()).some((post) => post.feedUrl === OTHER_URL)).toBe(false);
    expect((await listFeedStates()).map((state) => state.url)).not.toContain(OTHER_URL);
  });
});

describe('adding a feed while the feed list changes (#11.3)', () => {
  it('neither resurrects a feed removed during the validation fetch nor drops one added meanwhile', async () => {
    grantAll();
    vi.stubGlobal('fetch', webFetch({ [SAMPLE_URL]: sampleFeedText }));
    await handleInstalled('install');

    const slow = slowBody();
    const fetchImpl = webFetch({ [BIG_URL]: slow, [OTHER_URL]: otherFeed });
    const adding = addFeed(BIG_URL, fetchImpl);
    await slow.asked;
    await removeFeed(SAMPLE_URL);
    expect((await addFeed(OTHER_URL, fetchImpl)).ok).toBe(true);
    slow.release(bigFeed(3));
    expect((await adding).ok).toBe(true);

    expect((await followedUrls()).toSorted()).toEqual([BIG_URL, OTHER_URL]);
    expect((await listPosts()).some((post) => post.feedUrl === SAMPLE_URL)).toBe(false);
  });
});

/** An export file following the other blog, with these read marks. */
function backup(reads: unknown[], feeds: unknown[] = [{ url: OTHER_URL, addedAt: '2026-11-01T00:00:00Z' }]) {
  return JSON.stringify({
    format: 'digest-export',
    version: 1,
    exportedAt: '2026-11-24T00:00:00Z',
    feeds,
    preferences: { refreshIntervalMinutes: 120 },
    reads,
  });
}

describe('importing a backup (#11.5)', () => {
  it('validates each mark: no junk dates, no marks for feeds not imported, no oversized ids; it says what it skipped', async () => {
    grantAll();
    vi.stubGlobal('fetch', webFetch({ [SAMPLE_URL]: sampleFeedText, [OTHER_URL]: otherFeed }));
    await handleInstalled('install');
    const result = await importData(
      backup([
        { feedUrl: OTHER_URL, id: 'o1', readAt: '2026-11-02T00:00:00Z' },
        { feedUrl: OTHER_URL, id: 'o2', readAt: 'zzz' },
        { feedUrl: 'https://not-imported.test/feed.json', id: 'x', readAt: '2026-11-02T00:00:00Z' },
        { feedUrl: OTHER_URL, id: 'x'.repeat(5000), readAt: '2026-11-02T00:00:00Z' },
      ]),
    );
    expect(result).toMatchObject({ ok: true, feedsAdded: 1, readsMerged: 1 });
    expect(result.ok && result.skipped.length).toBe(3);
    const reads = (await exportData()).reads;
    expect(reads.map((mark) => mark.id)).toEqual(['o1']);
  });

  it('a junk date never beats a real one when merging', async () => {
    grantAll();
    vi.stubGlobal('fetch', webFetch({ [SAMPLE_URL]: sampleFeedText, [OTHER_URL]: otherFeed }));
    await handleInstalled('install');
    await importData(backup([{ feedUrl: OTHER_URL, id: 'o1', readAt: '2026-11-02T00:00:00Z' }]));
    await importData(backup([{ feedUrl: OTHER_URL, id: 'o1', readAt: 'zzz' }]));
    expect((await exportData()).reads).toEqual([{ feedUrl: OTHER_URL, id: 'o1', readAt: '2026-11-02T00:00:00.000Z' }]);
  });

  it('applies completely or not at all: when saving the preferences fails, no feed or mark is added', async () => {
    grantAll();
    vi.stubGlobal('fetch', webFetch({ [SAMPLE_URL]: sampleFeedText }));
    await handleInstalled('install');
    const before = await exportData();
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'));
    const result = await importData(backup([{ feedUrl: OTHER_URL, id: 'o1', readAt: '2026-11-02T00:00:00Z' }]));
    expect(result.ok).toBe(false);
    const after = await exportData();
    expect(after.feeds).toEqual(before.feeds);
    expect(after.reads).toEqual([]);
    expect((await readPreferences()).refreshIntervalMinutes).toBe(30);
  });
});
