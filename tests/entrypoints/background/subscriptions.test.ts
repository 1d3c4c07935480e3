import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getFeedState, listFollowedUrls, listPosts, setRead } from '@/utils/db';
import {
  addFeed,
  exportData,
  exportOpml,
  importData,
  removeFeed,
  resetEverything,
} from '@/entrypoints/background/subscriptions';
import { updatePreferences, readPreferences } from '@/utils/settings';
import { sampleFeedText } from '../../fixtures/sample';

const otherFeed = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Other blog',
  home_page_url: 'https://other.test/',
  items: [
    { id: 'o1', title: 'One', tags: ['Design'] },
    { id: 'o2', title: 'Two', tags: ['Design'] },
    { id: 'o3', title: 'Three' },
  ],
});

/** A small web: a feed, a blog page linking to it, and a page with no feed. */
const web: Record<string, string> = {
  'https://other.test/feed.json': otherFeed,
  'https://other.test/':
    '<html><head><link rel="alternate" type="application/feed+json" href="/feed.json"></head></html>',
  'https://plain.test/': '<html><head><title>No feed here</title></head></html>',
  'https://blog.example.com/feed.json': sampleFeedText,
  // A WordPress-like page: posts and comments, each in RSS, and the posts also as JSON Feed (#13).
  'https://wp.test/': `<html><head>
    <link rel="alternate" type="application/rss+xml" title="WP &raquo; Feed" href="/feed/">
    <link rel="alternate" type="application/rss+xml" title="WP &raquo; Comments Feed" href="/comments/feed/">
    <link rel="alternate" type="application/feed+json" title="WP &raquo; JSON Feed" href="/feed/json/">
    </head></html>`,
  // A Hugo-like site whose page names no feed, with its RSS at /index.xml (#13).
  // A page whose one feed is gone.
  'https://gone.test/': '<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head></html>',
  'https://hugo.test/': '<!doctype html><html><head><title>Hugo</title></head><body></body></html>',
  'https://hugo.test/index.xml': `<?xml version="1.0"?><rss version="2.0"><channel><title>Hugo</title>
    <link>https://hugo.test/</link><item><title>Fish &amp; Chips &#8211; part 2</title><link>https://hugo.test/p/1/</link>
    <guid>https://hugo.test/p/1/</guid><category>Food</category></item></channel></rss>`,
};
const webFetch: typeof fetch = async (input) => {
  const body = web[String(input)];
  return body === undefined ? new Response('missing', { status: 404 }) : new Response(body);
};

let granted: Set<string>;

beforeEach(() => {
  granted = new Set(['https://blog.example.com/*']);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins = [] }) =>
    origins.every((o) => granted.has(o)),
  );
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => {
    for (const o of origins) granted.delete(o);
    return true;
  });
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'Digest',
    version: '0',
    host_permissions: ['https://blog.example.com/*'],
  });
  vi.stubGlobal('fetch', webFetch);
});

describe('addFeed', () => {
  it('recounts the badge once when a feed is added and once when it is removed (#12: it was twice)', async () => {
    granted.add('https://other.test/*');
    const setBadgeText = vi.spyOn(fakeBrowser.action, 'setBadgeText');
    await addFeed('https://other.test/feed.json', webFetch);
    expect(setBadgeText).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    await removeFeed('https://other.test/feed.json');
    expect(setBadgeText).toHaveBeenCalledTimes(2);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('validates, saves and summarises a feed, without notifying about its posts', async () => {
    granted.add('https://other.test/*');
    const result = await addFeed('https://other.test/feed.json', webFetch);
    expect(result).toEqual({
      ok: true,
      feed: {
        url: 'https://other.test/feed.json',
        title: 'Other blog',
        itemCount: 3,
        categories: [
          { category: 'Design', count: 2 },
          { category: 'Uncategorized', count: 1 },
        ],
      },
    });
    expect(await listFollowedUrls()).toContain('https://other.test/feed.json');
    expect((await listPosts()).filter((p) => p.feedUrl === 'https://other.test/feed.json')).toHaveLength(3);
    expect(fakeBrowser.notifications.getAllCreateOptions()).toEqual({});
  });

  it('finds the feed a blog page links to', async () => {
    granted.add('https://other.test/*');
    const result = await addFeed('https://other.test/', webFetch);
    expect(result).toMatchObject({ ok: true, feed: { url: 'https://other.test/feed.json' } });
  });

  it('asks for access to a site it may not read, and saves nothing', async () => {
    const before = await listFollowedUrls();
    const result = await addFeed('https://other.test/feed.json', webFetch);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'permission' },
      needsAccessTo: 'https://other.test/feed.json',
    });
    expect(await listFollowedUrls()).toEqual(before);
  });

  it('rejects what is not a usable feed with the named error, and non-web addresses', async () => {
    granted.add('https://plain.test/*');
    expect(await addFeed('https://plain.test/', webFetch)).toMatchObject({
      ok: false,
      error: { kind: 'no-feed-on-page' },
    });
    granted.add('https://other.test/*');
    expect(await addFeed('https://other.test/missing.txt', async () => new Response('just text'))).toMatchObject({
      ok: false,
      error: { kind: 'not-json' },
    });
    expect(await addFeed('javascript:alert(1)', webFetch)).toMatchObject({ ok: false, error: { kind: 'invalid-url' } });
  });

  it('counts categories named like JavaScript’s own properties (#11.9)', async () => {
    granted.add('https://odd.test/*');
    const odd = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Odd',
      items: ['constructor', 'toString', '__proto__', 'constructor'].map((tag, i) => ({ id: `i${i}`, tags: [tag] })),
    });
    const result = await addFeed('https://odd.test/feed.json', async () => new Response(odd));
    expect(result.ok && result.feed.categories).toEqual([
      { category: 'constructor', count: 2 },
      { category: 'toString', count: 1 },
      { category: '__proto__', count: 1 },
    ]);
  });

  it('refuses an address with a user name or password, and never echoes the password (#11.14)', async () => {
    granted.add('https://other.test/*');
    const result = await addFeed('https://reader:hunter2@other.test/feed.json', webFetch);
    expect(result).toMatchObject({ ok: false, error: { kind: 'credentials' } });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(await listFollowedUrls()).not.toContain('https://other.test/feed.json');
  });

  it('lets the reader choose when a page offers several distinct feeds, JSON Feed preselected (#13)', async () => {
    granted.add('https://wp.test/*');
    const result = await addFeed('https://wp.test/', webFetch);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'choose-feed', message: expect.any(String) },
      choices: [
        { url: 'https://wp.test/feed/', type: 'application/rss+xml', title: 'WP » Feed' },
        { url: 'https://wp.test/comments/feed/', type: 'application/rss+xml', title: 'WP » Comments Feed' },
        { url: 'https://wp.test/feed/json/', type: 'application/feed+json', title: 'WP » JSON Feed' },
      ],
      preselected: 'https://wp.test/feed/json/',
    });
    expect(await listFollowedUrls()).not.toContain('https://wp.test/feed/json/');
  });

  it('names the feed a page advertises when that feed fails (#13)', async () => {
    granted.add('https://gone.test/*');
    expect(await addFeed('https://gone.test/', webFetch)).toEqual({
      ok: false,
      error: { kind: 'http', status: 404, message: expect.any(String) },
      advertised: ['https://gone.test/atom.xml'],
    });
  });

  it('tries the conventional paths of a page that names no feed, and follows the first that is one (#13)', async () => {
    granted.add('https://hugo.test/*');
    const asked: string[] = [];
    const counting: typeof fetch = async (input, init) => {
      asked.push(String(input));
      return webFetch(input, init);
    };
    const result = await addFeed('https://hugo.test/', counting);
    expect(result).toMatchObject({ ok: true, feed: { url: 'https://hugo.test/index.xml', itemCount: 1 } });
    // The page twice (as a feed, then as a page), then the six paths in order, the last one answering.
    expect(asked).toEqual([
      'https://hugo.test/',
      'https://hugo.test/',
      'https://hugo.test/feed.json',
      'https://hugo.test/feed',
      'https://hugo.test/feed/',
      'https://hugo.test/rss.xml',
      'https://hugo.test/atom.xml',
      'https://hugo.test/index.xml',
    ]);
    const posts = await listPosts();
    expect(posts.find((p) => p.feedUrl === 'https://hugo.test/index.xml')).toMatchObject({
      title: 'Fish & Chips – part 2',
      category: 'Food',
    });
  });

  it('refuses a feed already followed', async () => {
    granted.add('https://other.test/*');
    await addFeed('https://other.test/feed.json', webFetch);
    expect(await addFeed('https://other.test/feed.json', webFetch)).toMatchObject({
      ok: false,
      error: { kind: 'already-following' },
    });
  });
});

describe('removeFeed', () => {
  it('deletes the feed’s posts and read marks and gives back its site’s access', async () => {
    granted.add('https://other.test/*');
    await addFeed('https://other.test/feed.json', webFetch);
    await setRead(['https://other.test/feed.json', 'o1'], true, '2026-11-24T00:00:00Z');
    await removeFeed('https://other.test/feed.json');
    expect((await listPosts()).filter((p) => p.feedUrl === 'https://other.test/feed.json')).toEqual([]);
    expect(await getFeedState('https://other.test/feed.json')).toMatchObject({ lastSuccess: null });
    expect(granted.has('https://other.test/*')).toBe(false);
    expect(await listFollowedUrls()).not.toContain('https://other.test/feed.json');
  });
});

describe('export and import', () => {
  it('round-trips feeds, preferences and read marks, and never un-reads a newer local mark', async () => {
    granted.add('https://other.test/*');
    await addFeed('https://other.test/feed.json', webFetch);
    await setRead(['https://other.test/feed.json', 'o1'], true, '2026-11-01T00:00:00Z');
    await updatePreferences({ refreshIntervalMinutes: 120, mutedCategories: ['Design'] });
    const exported = await exportData();
    expect(exported.reads).toHaveLength(1);

    await resetEverything();
    expect(await listPosts()).toEqual([]);
    expect((await readPreferences()).refreshIntervalMinutes).toBe(30);

    // A mark made here after the export must survive the import.
    await addFeed('https://other.test/feed.json', webFetch);
    await setRead(['https://other.test/feed.json', 'o2'], true, '2026-11-20T00:00:00Z');
    const result = await importData(JSON.stringify(exported));
    expect(result).toEqual({ ok: true, feedsAdded: 0, feedsAlreadyFollowed: 2, readsMerged: 1, skipped: [] });
    expect(await listFollowedUrls()).toContain('https://other.test/feed.json');
    expect(await readPreferences()).toMatchObject({ refreshIntervalMinutes: 120, mutedCategories: ['Design'] });
    const again = await exportData();
    expect(again.reads.map((r) => r.id).toSorted()).toEqual(['o1', 'o2']);
  });

  it('rejects a file that is not an export, naming why', async () => {
    expect(await importData('nope')).toMatchObject({ ok: false, error: { kind: 'not-json' } });
    expect(await importData('{"format":"digest-export","version":1}')).toMatchObject({
      ok: false,
      error: { kind: 'invalid-export' },
    });
  });

  it('exports the feed list as OPML with titles', async () => {
    granted.add('https://other.test/*');
    await addFeed('https://other.test/feed.json', webFetch);
    const opml = await exportOpml();
    expect(opml).toContain('<opml version="2.0">');
    expect(opml).toContain(
      'text="Other blog" title="Other blog" xmlUrl="https://other.test/feed.json" htmlUrl="https://other.test/"',
    );
  });
});
