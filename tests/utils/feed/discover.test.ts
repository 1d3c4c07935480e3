import { describe, expect, it } from 'vitest';
import {
  DISCOVERY_PAGE_LIMIT_BYTES,
  chooseFeed,
  discoverFeedUrl,
  discoverFeeds,
  fetchAndDiscover,
  postsKey,
  type FeedLink,
} from '@/utils/feed/discover';
import { CONVENTIONAL_FEED_PATHS, probeConventionalPaths } from '@/utils/feed/probe';

describe('discoverFeedUrl', () => {
  it('finds the JSON Feed link and resolves it against the page', () => {
    const html = `<head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link type='application/feed+json' rel='alternate' title='JSON' href='feed.json'>
    </head>`;
    expect(discoverFeedUrl(html, 'https://blog.test/posts/')).toBe('https://blog.test/posts/feed.json');
  });

  it('falls back to an Atom, then an RSS or RDF link when the page names no JSON Feed (#13)', () => {
    const html = `<link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link rel="alternate" type="application/atom+xml" href="/atom.xml">`;
    expect(discoverFeedUrl(html, 'https://blog.test/')).toBe('https://blog.test/atom.xml');
    expect(discoverFeedUrl(html.split('\n')[0]!, 'https://blog.test/')).toBe('https://blog.test/rss.xml');
  });

  it('ignores pages without one and links that are not http(s)', () => {
    expect(discoverFeedUrl('<html></html>', 'https://blog.test/')).toBeNull();
    expect(
      discoverFeedUrl(
        '<link rel="alternate" type="application/feed+json" href="javascript:alert(1)">',
        'https://blog.test/',
      ),
    ).toBeNull();
  });

  it('ignores a feed link with credentials (#11)', () => {
    expect(
      discoverFeedUrl(
        '<link rel="alternate" type="application/feed+json" href="https://u:p@blog.test/feed.json">',
        'https://blog.test/',
      ),
    ).toBeNull();
  });
});

// #11: JSON Feed 1.0 recommends type="application/json" for its alternate link.
describe('discoverFeedUrl with application/json', () => {
  it('accepts an application/json alternate', () => {
    expect(
      discoverFeedUrl('<link rel="alternate" type="application/json" href="/feed.json">', 'https://blog.test/a/'),
    ).toBe('https://blog.test/feed.json');
  });

  it('prefers application/feed+json when both are there, whatever their order', () => {
    const html = `<link rel="alternate" type="application/json" href="/api.json">
      <link rel="alternate" type="application/feed+json; charset=utf-8" href="/feed.json">`;
    expect(discoverFeedUrl(html, 'https://blog.test/')).toBe('https://blog.test/feed.json');
  });
});

/** A fetch whose page starts with a feed link and then never ends (or would be `total` bytes long). */
function endlessPage(options: { total?: number; stall?: boolean } = {}) {
  const { total = 64 * 1024 * 1024, stall = false } = options;
  const chunk = new TextEncoder().encode(`<p>${'filler '.repeat(9_000)}</p>\n`);
  const state = { pulled: 0, cancelled: false };
  const head = new TextEncoder().encode(
    '<!doctype html><head><link rel="alternate" type="application/feed+json" href="/feed.json"></head><body>',
  );
  const fetchImpl: typeof fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (state.pulled === 0) {
              state.pulled += head.byteLength;
              controller.enqueue(head);
              return;
            }
            if (stall) return new Promise<void>(() => undefined);
            if (state.pulled >= total) return controller.close();
            state.pulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
          cancel() {
            state.cancelled = true;
          },
        },
        { highWaterMark: 0 },
      ),
      { headers: { 'Content-Type': 'text/html' } },
    );
  return { fetchImpl, state };
}

// #11: the whole page was read (response.text()) and only then cut to 2 MB.
describe('fetchAndDiscover', () => {
  it('reads at most the first 2 MB of a huge page, then stops it, and finds the link there', async () => {
    const { fetchImpl, state } = endlessPage();
    expect(await fetchAndDiscover('https://blog.test/', fetchImpl)).toEqual({
      feeds: [{ url: 'https://blog.test/feed.json', type: 'application/feed+json', title: '' }],
      html: true,
    });
    expect(state.pulled).toBeLessThanOrEqual(DISCOVERY_PAGE_LIMIT_BYTES + 128 * 1024);
    expect(state.cancelled).toBe(true);
  });

  it('gives up on a page that stops arriving, within the timeout', async () => {
    const { fetchImpl, state } = endlessPage({ stall: true });
    const started = Date.now();
    expect(await fetchAndDiscover('https://blog.test/', fetchImpl, 200)).toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(state.cancelled).toBe(true);
  });
});

// #13: every advertised feed, for the reader to pick from.
describe('discoverFeeds', () => {
  it('lists every feed in page order, once each, resolved, titles decoded', () => {
    const html = `<head>
      <link rel="alternate" type="application/rss+xml" title="Blog &raquo; Feed" href="/feed/?a=1&amp;b=2">
      <link rel="alternate" type="application/atom+xml" title="Atom" href="atom.xml">
      <link rel="alternate" type="text/html" hreflang="de" href="/de/">
      <link rel="alternate" type="application/rss+xml" title="again" href="https://blog.test/feed/?a=1&b=2">
      <link rel="alternate" type="application/rdf+xml" href="ftp://blog.test/index.rdf">
    </head>`;
    expect(discoverFeeds(html, 'https://blog.test/posts/')).toEqual([
      { url: 'https://blog.test/feed/?a=1&b=2', type: 'application/rss+xml', title: 'Blog » Feed' },
      { url: 'https://blog.test/posts/atom.xml', type: 'application/atom+xml', title: 'Atom' },
    ]);
  });

  it('resolves relative hrefs against <base href>', () => {
    const html = `<base href="https://cdn.test/site/"><link rel="alternate" type="application/atom+xml" href="atom.xml">`;
    expect(discoverFeeds(html, 'https://blog.test/a/b')[0]?.url).toBe('https://cdn.test/site/atom.xml');
    const relative = `<base href="/root/"><link rel="alternate" type="application/atom+xml" href="atom.xml">`;
    expect(discoverFeeds(relative, 'https://blog.test/a/b')[0]?.url).toBe('https://blog.test/root/atom.xml');
  });
});

/** A feed link for chooseFeed, its address made from its type and title. */
const link = (type: FeedLink['type'], title: string, url = `https://b.test/${title}/${type}`): FeedLink => ({
  url,
  type,
  title,
});

describe('chooseFeed', () => {
  it('takes the JSON Feed of the same posts offered in several formats, without asking', () => {
    const feeds = [
      link('application/rss+xml', 'Blog » RSS 2.0'),
      link('application/atom+xml', 'Blog » Atom'),
      link('application/feed+json', 'Blog (JSON Feed)'),
    ];
    expect(chooseFeed(feeds)).toEqual({ preselected: feeds[2], distinct: 1 });
  });

  it('counts distinct posts by title, untitled links as the main posts, and preselects the first set’s best format', () => {
    const feeds = [
      link('application/rss+xml', 'WP » Feed'),
      link('application/rss+xml', 'WP » Comments Feed'),
      link('application/json', 'WP » JSON'),
    ];
    expect(chooseFeed(feeds)).toEqual({ preselected: feeds[2], distinct: 2 });
    expect(chooseFeed([link('application/atom+xml', ''), link('application/feed+json', '')])?.distinct).toBe(1);
    expect(chooseFeed([])).toBeNull();
    expect(postsKey(link('application/rss+xml', 'Café – Kategorie Reisen RSS'))).toBe('cafékategoriereisen');
  });
});

describe('probeConventionalPaths', () => {
  const rss = '<rss version="2.0"><channel><title>T</title><item><title>A</title><guid>a</guid></item></channel></rss>';

  it('tries the six paths one at a time, in order, and stops at the first feed', async () => {
    const asked: string[] = [];
    let inFlight = 0;
    let most = 0;
    const fetchImpl: typeof fetch = async (input) => {
      asked.push(String(input));
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return String(input).endsWith('/rss.xml') ? new Response(rss) : new Response('<html></html>', { status: 404 });
    };
    const hit = await probeConventionalPaths('https://b.test/blog/page', { fetchImpl });
    expect(hit?.url).toBe('https://b.test/rss.xml');
    expect(asked).toEqual(['/feed.json', '/feed', '/feed/', '/rss.xml'].map((p) => `https://b.test${p}`));
    expect(most).toBe(1);
  });

  it('makes at most six requests, skips the page itself, and stops when asked to slow down', async () => {
    let count = 0;
    const html: typeof fetch = async () => (count++, new Response('<!doctype html><p>no</p>'));
    expect(await probeConventionalPaths('https://b.test/feed', { fetchImpl: html })).toBeNull();
    expect(count).toBe(CONVENTIONAL_FEED_PATHS.length - 1);
    count = 0;
    const busy: typeof fetch = async () => (count++, new Response('', { status: 429 }));
    expect(await probeConventionalPaths('https://b.test/', { fetchImpl: busy })).toBeNull();
    expect(count).toBe(1);
  });

  it('stays within its time budget', async () => {
    let clock = 0;
    let count = 0;
    const slow: typeof fetch = async () => {
      count++;
      clock += 12_000;
      return new Response('nope', { status: 404 });
    };
    expect(await probeConventionalPaths('https://b.test/', { fetchImpl: slow, now: () => clock })).toBeNull();
    expect(count).toBe(3);
  });
});

// #13 "Done when": the heads of the four kinds of site readers paste, as those platforms write them.
describe('the platforms readers paste', () => {
  const platforms: { name: string; page: string; head: string; feed: string | null; distinct: number }[] = [
    {
      name: 'WordPress (posts and comments: the reader picks, posts preselected)',
      page: 'https://wp.example/',
      head: `<link rel="alternate" type="application/rss+xml" title="Example &raquo; Feed" href="https://wp.example/feed/" />
        <link rel="alternate" type="application/rss+xml" title="Example &raquo; Comments Feed" href="https://wp.example/comments/feed/" />
        <link rel="alternate" type="application/json+oembed" href="https://wp.example/wp-json/oembed/1.0/embed?url=x" />`,
      feed: 'https://wp.example/feed/',
      distinct: 2,
    },
    {
      name: 'Substack',
      page: 'https://writer.substack.com/',
      head: `<link rel="alternate" type="application/rss+xml" href="https://writer.substack.com/feed" title="Writer"/>`,
      feed: 'https://writer.substack.com/feed',
      distinct: 1,
    },
    {
      name: 'Mastodon (an ActivityPub alternate is not a feed)',
      page: 'https://mastodon.example/@someone',
      head: `<link href="https://mastodon.example/users/someone" rel="alternate" type="application/activity+json">
        <link href="https://mastodon.example/@someone.rss" rel="alternate" type="application/rss+xml">`,
      feed: 'https://mastodon.example/@someone.rss',
      distinct: 1,
    },
    {
      name: 'Hugo',
      page: 'https://hugo.example/',
      head: `<link rel="alternate" type="application/rss+xml" href="https://hugo.example/index.xml" title="Hugo site">`,
      feed: 'https://hugo.example/index.xml',
      distinct: 1,
    },
  ];

  it.each(platforms)('$name', ({ page, head, feed, distinct }) => {
    const found = chooseFeed(discoverFeeds(`<!doctype html><html><head>${head}</head></html>`, page));
    expect(found?.preselected.url ?? null).toBe(feed);
    expect(found?.distinct).toBe(distinct);
  });
});
