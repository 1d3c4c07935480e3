// The feeds and pages the RSS and Atom browser tests serve (#13), shared by Chromium's and Firefox's.
import { sampleFeedText } from '../fixtures/sample.ts';
import { jsonWithEtag, type FeedHandler, type FeedServer } from '../helpers/feed-server.ts';

/** A blog page advertising its Atom feed by a relative href. */
export const ATOM_BLOG_PAGE = `<!doctype html><html><head><title>Atom travels</title>
<link rel="alternate" type="application/atom+xml" title="Atom travels" href="atom.xml">
</head><body><h1>Atom travels</h1></body></html>`;

/** An Atom 1.0 feed of two posts in one category. */
export const ATOM_FEED = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom travels</title>
  <link href="https://travels.example/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <updated>2026-06-05T09:00:00Z</updated>
  <entry>
    <title>Lisbon by tram</title>
    <link href="https://travels.example/lisbon"/>
    <id>urn:uuid:lisbon</id>
    <updated>2026-06-04T09:00:00Z</updated>
    <category term="Travel"/>
    <summary>Line 28, end to end.</summary>
  </entry>
  <entry>
    <title type="html">Porto &amp;amp; the river</title>
    <link href="https://travels.example/porto"/>
    <id>urn:uuid:porto</id>
    <updated>2026-06-03T09:00:00Z</updated>
    <category term="Travel"/>
  </entry>
</feed>`;

/** An RSS 2.0 feed whose titles carry entities: plain text with an ampersand and a dash, and escaped markup. */
export const RSS_FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>RSS kitchen</title>
  <link>https://kitchen.example/</link>
  <description>Recipes</description>
  <item>
    <title>Fish &amp; Chips &#8211; part 2</title>
    <link>https://kitchen.example/fish-2</link>
    <guid>https://kitchen.example/fish-2</guid>
    <pubDate>Thu, 04 Jun 2026 12:00:00 GMT</pubDate>
    <category>Food</category>
  </item>
  <item>
    <title>Soup &lt;for&gt; one</title>
    <link>https://kitchen.example/soup</link>
    <guid>https://kitchen.example/soup</guid>
    <pubDate>Wed, 03 Jun 2026 12:00:00 GMT</pubDate>
    <category>Food</category>
  </item>
</channel></rss>`;

/** A WordPress-like page: posts and comments as RSS, and the posts also as JSON Feed. */
export const TWO_FEEDS_PAGE = `<!doctype html><html><head><title>Two</title>
<link rel="alternate" type="application/rss+xml" title="Two &raquo; Feed" href="/two/feed/">
<link rel="alternate" type="application/rss+xml" title="Two &raquo; Comments Feed" href="/two/comments/feed/">
<link rel="alternate" type="application/feed+json" title="Two &raquo; JSON Feed" href="/two/feed.json">
</head><body></body></html>`;

/** The JSON Feed that page offers. */
export const TWO_FEEDS_JSON = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Two (JSON)',
  items: [{ id: 't1', url: 'https://two.example/t1', title: 'A grid', tags: ['Design'] }],
});

/** Serves a fixed body with an ETag, answering a matching If-None-Match with 304. */
export function withEtag(body: string, contentType: string, etag: string): FeedHandler {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': `${contentType}; charset=utf-8`, ETag: etag });
    res.end(body);
  };
}

/** Serves an HTML page. */
function page(html: string): FeedHandler {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  };
}

/**
 * Serves the test build's default feed and every page and feed above on `server`; returns, per feed path, the
 * status of each answer (200, then 304 for a conditional GET that matched).
 */
export function serveXmlBlogs(server: FeedServer): Map<string, number[]> {
  const answers = new Map<string, number[]>();
  const recording =
    (path: string, handler: FeedHandler): FeedHandler =>
    (req, res) => {
      res.on('finish', () => answers.set(path, [...(answers.get(path) ?? []), res.statusCode]));
      return handler(req, res);
    };
  server.route(
    '/feed.json',
    jsonWithEtag(() => sampleFeedText),
  );
  server.route('/atomblog/', page(ATOM_BLOG_PAGE));
  server.route(
    '/atomblog/atom.xml',
    recording('/atomblog/atom.xml', withEtag(ATOM_FEED, 'application/atom+xml', '"atom-1"')),
  );
  server.route('/rss.xml', recording('/rss.xml', withEtag(RSS_FEED, 'application/rss+xml', '"rss-1"')));
  server.route('/two/', page(TWO_FEEDS_PAGE));
  server.route(
    '/two/feed.json',
    jsonWithEtag(() => TWO_FEEDS_JSON),
  );
  server.route(
    '/gone/',
    page('<html><head><link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>'),
  );
  return answers;
}
