import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_OPML_CHARS, MAX_OPML_FEEDS, parseOpmlFile, toOpml, type ParsedOpml } from '@/utils/feed/opml';
import type { OpmlFeed } from '@/utils/feed/outline';

// XML 1.0's Char production: anything else makes the document ill-formed.
const NOT_XML_1_0 = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('toOpml', () => {
  // #11: a feed title with a control character made an export no feed reader could import.
  it('writes well-formed XML 1.0 whatever the titles and addresses hold', () => {
    const opml = toOpml(
      [
        {
          title: 'Bell\u0007 \u001b[31mRed\u0000 \uFFFE\uFFFF lone \uD800 pair 😀',
          url: 'https://a.test/f',
          homePageUrl: 'https://a.test/\u0001',
          folder: null,
        },
        { title: 'Tab\tand\nnewline\r', url: 'https://b.test/f', homePageUrl: null, folder: null },
      ],
      '2026-01-01T00:00:00Z',
    );
    expect(NOT_XML_1_0.test(opml)).toBe(false);
    expect(opml).toContain('text="Bell [31mRed  lone  pair 😀"');
    expect(opml).toContain('htmlUrl="https://a.test/"');
    // Kept, as character references, so an XML parser does not turn them into spaces in an attribute.
    expect(opml).toContain('text="Tab&#9;and&#10;newline&#13;"');
  });
});

/** A realistic export of `count` feeds in folders of 30, as a reader of many blogs has (some at the top level). */
function bigOpml(count: number): string {
  const lines: string[] = [];
  for (let folder = 0; folder * 30 < count; folder += 1) {
    const feeds = Array.from({ length: Math.min(30, count - folder * 30) }, (_, i) => {
      const n = folder * 30 + i;
      return `      <outline type="rss" text="Blog ${n} &amp; friends" title="Blog ${n} &amp; friends" xmlUrl="https://blog${n}.example/feed.xml" htmlUrl="https://blog${n}.example/"/>`;
    });
    if (folder === 0) lines.push(...feeds.map((line) => line.slice(2)));
    else lines.push(`    <outline text="Folder ${folder}" title="Folder ${folder}">`, ...feeds, '    </outline>');
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>Mine</title></head>\n  <body>\n${lines.join('\n')}\n  </body>\n</opml>\n`;
}

function parsedOk(text: string): ParsedOpml {
  const result = parseOpmlFile(text);
  if (!result.ok) throw new Error(`not parsed: ${result.error.kind}: ${result.error.message}`);
  return result.opml;
}

describe('parseOpmlFile', () => {
  it('reads Feedly’s export: one level of category outlines, text and title both given', () => {
    const feedly = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head>
    <title>Jane subscriptions in feedly Cloud</title>
  </head>
  <body>
    <outline text="Tech" title="Tech">
      <outline type="rss" text="Julia Evans" title="Julia Evans" xmlUrl="https://jvns.ca/atom.xml" htmlUrl="https://jvns.ca"/>
      <outline type="rss" text="Simon Willison’s Weblog" title="Simon Willison’s Weblog" xmlUrl="https://simonwillison.net/atom/everything/" htmlUrl="https://simonwillison.net/"/>
    </outline>
    <outline text="Design" title="Design">
      <outline type="rss" text="A List Apart" title="A List Apart" xmlUrl="https://alistapart.com/main/feed/" htmlUrl="https://alistapart.com"/>
    </outline>
  </body>
</opml>`;
    expect(parsedOk(feedly)).toEqual({
      feeds: [
        { url: 'https://jvns.ca/atom.xml', title: 'Julia Evans', homePageUrl: 'https://jvns.ca/', folder: 'Tech' },
        {
          url: 'https://simonwillison.net/atom/everything/',
          title: 'Simon Willison’s Weblog',
          homePageUrl: 'https://simonwillison.net/',
          folder: 'Tech',
        },
        {
          url: 'https://alistapart.com/main/feed/',
          title: 'A List Apart',
          homePageUrl: 'https://alistapart.com/',
          folder: 'Design',
        },
      ],
      duplicates: [],
      skipped: [],
    });
  });

  it('reads Inoreader’s export: folders by title only, a feed listed in two folders is a duplicate', () => {
    const inoreader = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
    <head>
        <title>Subscriptions of Jane from Inoreader [https://www.inoreader.com]</title>
    </head>
    <body>
        <outline text="News" title="News">
            <outline text="LWN.net" title="LWN.net" type="rss" xmlUrl="https://lwn.net/headlines/rss" htmlUrl="https://lwn.net"/>
        </outline>
        <outline title="Linux" text="Linux">
            <outline text="LWN.net" title="LWN.net" type="rss" xmlUrl="https://lwn.net/headlines/rss" htmlUrl="https://lwn.net"/>
            <outline text="Planet Debian" title="Planet Debian" type="rss" xmlUrl="https://planet.debian.org/rss20.xml" htmlUrl="https://planet.debian.org/"/>
        </outline>
    </body>
</opml>`;
    const parsed = parsedOk(inoreader);
    expect(parsed.feeds.map((feed) => [feed.title, feed.folder])).toEqual([
      ['LWN.net', 'News'],
      ['Planet Debian', 'Linux'],
    ]);
    expect(parsed.duplicates).toEqual([
      { url: 'https://lwn.net/headlines/rss', title: 'LWN.net', homePageUrl: 'https://lwn.net/', folder: 'Linux' },
    ]);
  });

  it('reads NetNewsWire’s export: feeds at the top and in folders, with version and description attributes', () => {
    const netnewswire = `<?xml version="1.0" encoding="UTF-8"?>
<!-- OPML generated by NetNewsWire -->
<opml version="1.1">
	<head>
		<title>Subscriptions-OnMyMac.opml</title>
	</head>
<body>
	<outline text="Daring Fireball" title="Daring Fireball" description="" type="rss" version="RSS" htmlUrl="https://daringfireball.net/" xmlUrl="https://daringfireball.net/feeds/json"/>
	<outline text="Blogs" title="Blogs">
		<outline text="inessential" title="inessential" description="" type="rss" version="RSS" htmlUrl="https://inessential.com/" xmlUrl="https://inessential.com/feed.json"/>
	</outline>
	</body>
</opml>`;
    expect(parsedOk(netnewswire).feeds).toEqual([
      {
        url: 'https://daringfireball.net/feeds/json',
        title: 'Daring Fireball',
        homePageUrl: 'https://daringfireball.net/',
        folder: null,
      },
      {
        url: 'https://inessential.com/feed.json',
        title: 'inessential',
        homePageUrl: 'https://inessential.com/',
        folder: 'Blogs',
      },
    ]);
  });

  it('reads Miniflux’s and Feedbro’s exports: title before text, a folder per category, no htmlUrl on some', () => {
    const miniflux = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
    <head>
        <title>Miniflux</title>
        <dateCreated>Mon, 02 Mar 2026 10:00:00 UTC</dateCreated>
    </head>
    <body>
        <outline text="All">
            <outline title="Drew DeVault's blog" text="Drew DeVault's blog" xmlUrl="https://drewdevault.com/blog/index.xml" htmlUrl="https://drewdevault.com"></outline>
            <outline title="Hacker News: Front Page" text="Hacker News: Front Page" xmlUrl="https://hnrss.org/frontpage"></outline>
        </outline>
    </body>
</opml>`;
    expect(parsedOk(miniflux).feeds.map((feed) => [feed.title, feed.url, feed.homePageUrl, feed.folder])).toEqual([
      ["Drew DeVault's blog", 'https://drewdevault.com/blog/index.xml', 'https://drewdevault.com/', 'All'],
      ['Hacker News: Front Page', 'https://hnrss.org/frontpage', null, 'All'],
    ]);
    const feedbro = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
<head><title>Feedbro Subscriptions</title></head>
<body>
<outline title="Blogs" text="Blogs">
<outline type="rss" text="xkcd.com" title="xkcd.com" xmlUrl="https://xkcd.com/atom.xml" htmlUrl="https://xkcd.com/"/>
</outline>
<outline type="rss" text="Lobsters" title="Lobsters" xmlUrl="https://lobste.rs/rss" htmlUrl="https://lobste.rs/"/>
</body>
</opml>`;
    expect(parsedOk(feedbro).feeds.map((feed) => [feed.title, feed.folder])).toEqual([
      ['xkcd.com', 'Blogs'],
      ['Lobsters', null],
    ]);
  });

  it('joins nested folders into one path and passes over unnamed ones', () => {
    const nested = `<opml version="2.0"><body>
      <outline text="Tech">
        <outline text="Rust">
          <outline text="Deep"><outline text="A" xmlUrl="https://a.example/feed"/></outline>
          <outline text="B" xmlUrl="https://b.example/feed"/>
        </outline>
        <outline><outline text="C" xmlUrl="https://c.example/feed"/></outline>
      </outline>
    </body></opml>`;
    expect(parsedOk(nested).feeds.map((feed) => [feed.title, feed.folder])).toEqual([
      ['A', 'Tech / Rust / Deep'],
      ['B', 'Tech / Rust'],
      ['C', 'Tech'],
    ]);
  });

  it('names a feed by text, then title, then its host; leaves out outlines that are no feed, with the reason', () => {
    const parsed = parsedOk(`<opml version="1.0"><body>
      <outline title="Only title" xmlUrl="https://t.example/rss"/>
      <outline xmlUrl="https://nameless.example/rss"/>
      <outline text="   " xmlUrl="https://blank.example/rss" htmlUrl="javascript:alert(1)"/>
      <outline text="A link" type="link" url="https://example.com/page"/>
      <outline text="Empty folder"></outline>
      <outline text="Mail" xmlUrl="mailto:me@example.com"/>
      <outline text="Secret" xmlUrl="https://user:pw@private.example/rss"/>
      <outline text="Old scheme" xmlUrl="feed://old.example/rss"/>
      <outline text="Nested scheme" xmlUrl="feed:https://nested.example/rss"/>
    </body></opml>`);
    expect(parsed.feeds.map((feed) => [feed.title, feed.url, feed.homePageUrl])).toEqual([
      ['Only title', 'https://t.example/rss', null],
      ['nameless.example', 'https://nameless.example/rss', null],
      ['blank.example', 'https://blank.example/rss', null],
      ['Old scheme', 'http://old.example/rss', null],
      ['Nested scheme', 'https://nested.example/rss', null],
    ]);
    expect(parsed.skipped).toEqual([
      { title: 'A link', address: null, reason: 'no-feed-address' },
      { title: 'Empty folder', address: null, reason: 'no-feed-address' },
      { title: 'Mail', address: 'mailto:me@example.com', reason: 'invalid-feed-address' },
      { title: 'Secret', address: 'https://user:pw@private.example/rss', reason: 'invalid-feed-address' },
    ]);
  });

  it('decodes entities and character references, and keeps a title’s markup as text', () => {
    const parsed = parsedOk(`<?xml version="1.0"?><opml version="2.0"><body>
      <outline text="Fish &amp; Chips &#8211; &lt;b&gt;bold&lt;/b&gt; &#x1F600; &quot;q&quot; &apos;a&apos;" xmlUrl="https://f.example/feed?a=1&amp;b=2"/>
    </body></opml>`);
    expect(parsed.feeds[0]).toMatchObject({
      title: 'Fish & Chips – <b>bold</b> 😀 "q" \'a\'',
      url: 'https://f.example/feed?a=1&b=2',
    });
  });

  it('reads a 300-feed file in folders quickly', () => {
    const text = bigOpml(300);
    const started = performance.now();
    const parsed = parsedOk(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.feeds).toHaveLength(300);
    expect(new Set(parsed.feeds.map((feed) => feed.url)).size).toBe(300);
    expect(parsed.feeds[0]).toEqual({
      url: 'https://blog0.example/feed.xml',
      title: 'Blog 0 & friends',
      homePageUrl: 'https://blog0.example/',
      folder: null,
    });
    expect(parsed.feeds[299]!.folder).toBe('Folder 9');
  });

  it('takes the first 1,000 feeds of a bigger file and says the rest were left out', () => {
    const parsed = parsedOk(bigOpml(MAX_OPML_FEEDS + 5));
    expect(parsed.feeds).toHaveLength(MAX_OPML_FEEDS);
    expect(parsed.skipped.map((entry) => entry.reason)).toEqual(Array(5).fill('too-many-feeds'));
  });

  it('reads a well-formed file with no feeds as an empty list', () => {
    expect(parsedOk('<opml version="2.0"><head/><body/></opml>')).toEqual({ feeds: [], duplicates: [], skipped: [] });
  });

  it.each([
    ['cut off mid-tag', bigOpml(10).slice(0, 600), 'invalid-opml', /cut off in the middle of a tag/],
    ['cut off between tags', bigOpml(40).split('</outline>')[0], 'invalid-opml', /cut off: <outline> is never closed/],
    ['mismatched tags', '<opml><body><outline text="a"></body></opml>', 'invalid-opml', /closes <outline>/],
    [
      'an unquoted attribute',
      '<opml><body><outline text=a xmlUrl="https://x.example/"/></body></opml>',
      'invalid-opml',
      /not well-formed on line 1/,
    ],
    ['a second root', '<opml><body/></opml><opml/>', 'invalid-opml', /second root/],
    [
      'entities declared in a DOCTYPE',
      '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>',
      'invalid-opml',
      /DOCTYPE/,
    ],
    [
      'an external DTD',
      '<!DOCTYPE opml SYSTEM "file:///etc/passwd"><opml><body/></opml>',
      'invalid-opml',
      /external DTD/,
    ],
    [
      'nesting too deep',
      `<opml><body>${'<outline text="x">'.repeat(120)}${'</outline>'.repeat(120)}</body></opml>`,
      'invalid-opml',
      /nested more than 100/,
    ],
    ['too large', `<opml><body>${' '.repeat(MAX_OPML_CHARS)}</body></opml>`, 'invalid-opml', /larger than/],
    [
      'an RSS feed',
      '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
      'not-opml',
      /<rss>/,
    ],
    ['a web page', '<!doctype html><html><body>Hi</body></html>', 'not-opml', /not an OPML/],
    ['JSON', '{"format":"digest-export"}', 'not-opml', /not XML/],
    ['empty', '', 'not-opml', /not XML/],
  ])('refuses %s with a named error', (_name, text, kind, message) => {
    const result = parseOpmlFile(text!);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe(kind);
    expect(result.error.message).toMatch(message);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (noise) => {
        for (const text of [
          noise,
          `<opml><body>${noise}</body></opml>`,
          `<opml><body><outline text="${noise}"/></body></opml>`,
        ]) {
          expect(() => parseOpmlFile(text)).not.toThrow();
        }
      }),
    );
  });
});

describe('export then import', () => {
  it('round-trips feeds, titles, folders and page addresses exactly', () => {
    const feeds: OpmlFeed[] = [
      {
        url: 'https://a.example/feed.json',
        title: 'A & “quotes” <tags>',
        homePageUrl: 'https://a.example/',
        folder: null,
      },
      { url: 'https://b.example/rss?x=1&y=2', title: 'B', homePageUrl: null, folder: 'Tech / Rust' },
      { url: 'https://c.example/atom.xml', title: 'C', homePageUrl: 'https://c.example/blog/', folder: 'Design' },
      { url: 'https://d.example/feed', title: 'D', homePageUrl: null, folder: 'Tech / Rust' },
      { url: 'https://e.example/feed', title: 'E', homePageUrl: null, folder: null },
    ];
    const parsed = parsedOk(toOpml(feeds, '2026-01-01T00:00:00Z'));
    // Feeds without a folder come first, then each folder's, in the order the folders first appear.
    const order = ['a', 'e', 'b', 'd', 'c'].map((name) => feeds.find((feed) => feed.url.includes(`//${name}.`)));
    expect(parsed).toEqual({ feeds: order, duplicates: [], skipped: [] });
    // And again: the second export is the first.
    expect(toOpml(parsed.feeds, '2026-01-01T00:00:00Z')).toBe(toOpml(order as OpmlFeed[], '2026-01-01T00:00:00Z'));
  });
});
