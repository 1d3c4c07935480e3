/** A feed as listed in an OPML file. */
export interface OpmlFeed {
  title: string;
  url: string;
  homePageUrl: string | null;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
