// Feeds with pictures (#13) and the tiny PNGs they point at, served on 127.0.0.1: the pictures browser test
// and the screenshots use them. Node runs this file directly too, so it uses only erasable TypeScript.
import { crc32, deflateSync } from 'node:zlib';
import type { FeedHandler, FeedServer } from '../helpers/feed-server.ts';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of `width` × `height` pixels: a diagonal blend between two colours, so a thumbnail shows it is a
 * picture (and cropping shows) rather than a flat box. Colours are [r, g, b].
 */
export function pngBytes(width: number, height: number, from: number[], to: number[] = from): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then RGB triples
    for (let x = 0; x < width; x += 1) {
      const t = (x + y) / Math.max(1, width + height - 2);
      for (let c = 0; c < 3; c += 1) row[1 + x * 3 + c] = Math.round(from[c]! + (to[c]! - from[c]!) * t);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Serves a PNG, recording the Referer each request carried (pictures are fetched with none). */
export function png(bytes: Buffer, referers: (string | undefined)[] = []): FeedHandler {
  return (req, res) => {
    referers.push(req.headers.referer);
    res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=3600' });
    res.end(bytes);
  };
}

/**
 * An RSS 2.0 photo blog: a channel <image> (the feed's icon), a picture per item relative to the channel link
 * (media:thumbnail, media:content), the last one gone from the server (404).
 */
export function photoFeed(origin: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
  <title>Harbour photos</title>
  <link>${origin}/photos/</link>
  <description>Boats</description>
  <language>en-GB</language>
  <image><url>icon.png</url><title>Harbour photos</title><link>${origin}/photos/</link></image>
  <item>
    <title>Blue hour at the pier</title>
    <link>${origin}/photos/blue-hour</link>
    <guid>${origin}/photos/blue-hour</guid>
    <pubDate>Fri, 19 Jun 2026 18:00:00 GMT</pubDate>
    <category>Photography</category>
    <description>Long exposure, the lights coming on one by one.</description>
    <media:thumbnail url="thumb-blue.png" width="160" height="120"/>
  </item>
  <item>
    <title>Nets drying in the sun</title>
    <link>${origin}/photos/nets</link>
    <guid>${origin}/photos/nets</guid>
    <pubDate>Thu, 18 Jun 2026 09:00:00 GMT</pubDate>
    <category>Photography</category>
    <description>Orange, green and every colour between.</description>
    <media:content url="thumb-nets.png" medium="image"/>
  </item>
  <item>
    <title>Fog over the breakwater</title>
    <link>${origin}/photos/fog</link>
    <guid>${origin}/photos/fog</guid>
    <pubDate>Wed, 17 Jun 2026 07:00:00 GMT</pubDate>
    <category>Photography</category>
    <description>The picture is gone from the server.</description>
    <media:thumbnail url="gone.png"/>
  </item>
</channel></rss>`;
}

/** The photo blog's feed and pictures on `server` (under /photos/); returns the Referers its pictures were asked with. */
export function servePhotoBlog(server: FeedServer): (string | undefined)[] {
  const referers: (string | undefined)[] = [];
  server.route('/photos/feed.xml', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
    res.end(photoFeed(server.origin));
  });
  server.route('/photos/icon.png', png(pngBytes(32, 32, [14, 116, 144], [56, 189, 248]), referers));
  server.route('/photos/thumb-blue.png', png(pngBytes(160, 120, [30, 58, 138], [249, 168, 212]), referers));
  server.route('/photos/thumb-nets.png', png(pngBytes(160, 120, [234, 88, 12], [22, 163, 74]), referers));
  return referers;
}
