/** A feed as listed in an OPML file. */
export interface OpmlFeed {
  title: string;
  url: string;
  homePageUrl: string | null;
}

// What XML 1.0 forbids (C0 controls but tab and newlines, lone surrogates, U+FFFE, U+FFFF), and the C1 controls
// it discourages: one in a feed title made an export no feed reader could import (#11).
// oxlint-disable-next-line no-control-regex
const NOT_XML_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

// Characters escaped as references: markup, quotes, and tab and newlines, which an attribute would turn into spaces.
function escapeXml(text: string): string {
  return text.replace(NOT_XML_TEXT, '').replace(/[<>&"'\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The followed feeds as OPML 2.0, the format other feed readers import. */
export function toOpml(feeds: readonly OpmlFeed[], createdAt: string): string {
  const outlines = feeds.map((feed) => {
    const html = feed.homePageUrl ? ` htmlUrl="${escapeXml(feed.homePageUrl)}"` : '';
    const title = escapeXml(feed.title);
    return `    <outline type="rss" version="JSONFeed" text="${title}" title="${title}" xmlUrl="${escapeXml(feed.url)}"${html}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    '    <title>Digest feeds</title>',
    `    <dateCreated>${new Date(createdAt).toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
