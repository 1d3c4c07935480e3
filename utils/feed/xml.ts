// RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) beside JSON Feed (#13). feedsmith parses the XML without a DOM (the MV3
// service worker has no DOMParser); this module refuses hostile documents before it runs, then reads its output into
// JSON Feed's shape so that every format passes through the same normaliser (`normalizeFeed` in parse.ts): plain
// text stays text, only HTML fields go through htmlToText, links are http(s) and absolute, dates ISO or null.
import { DetectError, MalformedError, parseFeed as parseXmlFeed } from 'feedsmith';
import { firstImageUrl, htmlToText, normalizeFeed } from './parse';
import { newestItemsWindow } from './xml-window';
import type { FeedError } from '@/utils/errors';
import type { FeedDocument, ParseOptions, ParseResult } from './parse';

/** The XML feed formats Digest reads. */
export type XmlFeedFormat = 'rss' | 'atom' | 'rdf';

/** An XML document read as a feed: the normalised result, and the format when it was one. */
export type XmlParseResult = ParseResult & { format: XmlFeedFormat | null };

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

// --- Hostile documents -------------------------------------------------------------------------------------------

// The one external DTD real feeds still name (RSS 0.91); it is never fetched, so it is harmless.
const NETSCAPE_RSS_091 = /^\s*PUBLIC\s+["']-\/\/Netscape Communications\/\/DTD RSS 0\.91\/\/EN["']/i;

/** What the prolog (declaration, comments, DOCTYPE) says before the root element. */
interface Prolog {
  /** The root element's name as written ("rss", "feed", "rdf:RDF", "html"), or null when there is none. */
  root: string | null;
  /** Why the document is refused before parsing, or null. */
  refusal: FeedError | null;
}

/**
 * Reads the prolog by hand, before any XML parser sees the document: a DOCTYPE that declares entities (the
 * billion-laughs bomb, `<!ENTITY x SYSTEM "file:///…">`) or names an external DTD is refused at once, so no entity
 * is ever expanded and nothing is fetched (#13). Linear in the prolog's length.
 */
export function readProlog(doc: string): Prolog {
  let at = 0;
  for (;;) {
    while (at < doc.length && /\s/.test(doc[at]!)) at += 1;
    if (doc.startsWith('<?', at)) {
      const end = doc.indexOf('?>', at + 2);
      if (end < 0) return { root: null, refusal: null };
      at = end + 2;
    } else if (doc.startsWith('<!--', at)) {
      const end = doc.indexOf('-->', at + 4);
      if (end < 0) return { root: null, refusal: null };
      at = end + 3;
    } else if (doc.slice(at, at + 9).toUpperCase() === '<!DOCTYPE') {
      const subset = doc.indexOf('[', at);
      const close = doc.indexOf('>', at);
      const head = doc.slice(at + 9, subset >= 0 && subset < close ? subset : close < 0 ? doc.length : close);
      const name = /^\s*([^\s[>]+)/.exec(head)?.[1] ?? '';
      if (name.toLowerCase() === 'html') return { root: 'html', refusal: null };
      const externalId = head.slice(head.indexOf(name) + name.length);
      if (subset >= 0 && (close < 0 || subset < close)) {
        return {
          root: null,
          refusal: {
            kind: 'not-a-feed',
            message:
              'The document declares its own entities or markup (a DOCTYPE with an internal subset); Digest does not read those.',
          },
        };
      }
      if (/\S/.test(externalId) && !NETSCAPE_RSS_091.test(externalId)) {
        return {
          root: null,
          refusal: {
            kind: 'not-a-feed',
            message: 'The document names an external DTD (DOCTYPE SYSTEM or PUBLIC); Digest does not read those.',
          },
        };
      }
      if (close < 0) return { root: null, refusal: null };
      at = close + 1;
    } else if (doc[at] === '<') {
      return { root: /^<([^\s/>]+)/.exec(doc.slice(at, at + 200))?.[1] ?? null, refusal: null };
    } else {
      return { root: null, refusal: null };
    }
  }
}

// --- Links and dates -----------------------------------------------------------------------------------------------

/** An http(s) base resolved against its parent (xml:base on feed and entry), else the parent. */
function httpBase(value: unknown, parent: string | null): string | null {
  const href = str(value)?.trim();
  if (!href) return parent;
  try {
    const url = parent ? new URL(href, parent) : new URL(href);
    // A base never passes its user name or password on to the links resolved against it (#11).
    url.username = '';
    url.password = '';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : parent;
  } catch {
    return parent;
  }
}

/** A link resolved against a base when it can be; the normaliser then keeps it only if it is http(s). */
function resolve(value: unknown, base: string | null): string | undefined {
  const href = str(value)?.trim();
  if (!href || !base) return href;
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

// RFC 822 zones beyond what Date.parse knows (it reads GMT, UT, UTC, Z and the US zones, but not military letters
// or a zone with a colon), and two-digit years: what real RSS pubDates carry.
const ZONES: Record<string, string> = {
  UT: '+0000',
  UTC: '+0000',
  GMT: '+0000',
  Z: '+0000',
  EST: '-0500',
  EDT: '-0400',
  CST: '-0600',
  CDT: '-0500',
  MST: '-0700',
  MDT: '-0600',
  PST: '-0800',
  PDT: '-0700',
  A: '-0100',
  M: '-1200',
  N: '+0100',
  Y: '+1200',
  BST: '+0100',
  CET: '+0100',
  CEST: '+0200',
  MET: '+0100',
  MEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  IST: '+0530',
  JST: '+0900',
  AEST: '+1000',
  AEDT: '+1100',
  NZST: '+1200',
  NZDT: '+1300',
};
const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
const RFC_822 =
  /^(?:[a-z]{2,9},?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([a-z]{1,5}|[+-]\d{2}:?\d{2})?)?$/i;

/** An RFC 822 date (RSS `pubDate`) as ISO 8601; anything else is passed on as written for the normaliser to judge. */
export function rssDate(value: unknown): string | undefined {
  const raw = str(value)?.trim();
  if (!raw) return undefined;
  const match = RFC_822.exec(raw);
  if (!match) return raw;
  const [, day, monthName, yearText, hour = '0', minute = '0', second = '0', zoneText = 'GMT'] = match;
  const month = MONTHS.indexOf(monthName!.toLowerCase());
  if (month < 0) return raw;
  let year = Number(yearText);
  // RFC 2822 section 4.3: 00–49 is 2000–2049, 50–99 is 1950–1999.
  if (yearText!.length === 2) year += year < 50 ? 2000 : 1900;
  const zone = /^[+-]/.test(zoneText) ? zoneText.replace(':', '') : ZONES[zoneText.toUpperCase()];
  if (!zone) return raw;
  const offset = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const time = Date.UTC(year, month, Number(day), Number(hour), Number(minute), Number(second)) - offset * 60_000;
  const date = new Date(time);
  // Day 31 of a 30-day month, hour 25: not a date.
  if (!Number.isFinite(time) || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) {
    return raw;
  }
  return date.toISOString();
}

// --- Text constructs ---------------------------------------------------------------------------------------------

/** An Atom text construct (title, summary, subtitle) as plain text, by its `type`: text as is, html and xhtml read. */
function atomText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const construct = obj(value);
  const text = str(construct?.value);
  if (!text) return undefined;
  return isHtmlType(construct?.type) ? htmlToText(text) : text;
}

function isHtmlType(type: unknown): boolean {
  const name = typeof type === 'string' ? type.trim().toLowerCase() : 'text';
  return name === 'html' || name === 'xhtml' || name === 'text/html' || name === 'application/xhtml+xml';
}

// --- Images, tags and authors -----------------------------------------------------------------------------------

/** Whether a media:content or an enclosure is a picture: medium="image" or an image/* type. */
function isImage(entry: Obj): boolean {
  const type = str(entry.type)?.trim().toLowerCase() ?? '';
  return str(entry.medium)?.trim().toLowerCase() === 'image' || type.startsWith('image/');
}

/**
 * A post's picture: the first usable (http(s), after resolving against `base`) of its media:thumbnail (also in a
 * media:group), then media:content that is an image, then image enclosures, then itunes:image (#13). A thumbnail
 * comes first: it is the size a list shows, where a media:content may be the full-size photo.
 */
function imageOf(item: Obj, enclosures: unknown[], base: string | null): string | null {
  const media = obj(item.media);
  const sources = [media, ...list(media?.groups).map(obj)];
  const thumbnails = sources.flatMap((source) => list(source?.thumbnails).map((entry) => obj(entry)?.url));
  const contents = sources.flatMap((source) =>
    list(source?.contents)
      .map(obj)
      .filter((entry): entry is Obj => entry !== null && isImage(entry))
      .map((entry) => entry.url),
  );
  const images = enclosures
    .map(obj)
    .filter((entry): entry is Obj => entry !== null && isImage(entry))
    .map((entry) => str(entry.url) ?? entry.href);
  const itunes = obj(item.itunes);
  return firstImageUrl([...thumbnails, ...contents, ...images, itunes?.image, obj(itunes?.image)?.href], base);
}

function names(values: unknown[], pick: (entry: Obj) => unknown): string[] {
  const out: string[] = [];
  for (const value of values) {
    const name = typeof value === 'string' ? value : str(pick(obj(value) ?? {}));
    if (name) out.push(name);
  }
  return out;
}

/** RSS `author` (its name, else its address), `dc:creator`, and `itunes:author`, in that order. */
function rssAuthors(item: Obj): string[] {
  return [
    ...names(list(item.authors), (a) => str(a.name) ?? str(a.email)),
    ...names(list(obj(item.dc)?.creators), () => undefined),
    ...names([obj(item.itunes)?.author], () => undefined),
  ];
}

/** `category` and `dc:subject`, in that order. */
function rssTags(item: Obj): string[] {
  return [...names(list(item.categories), (c) => c.name), ...names(list(obj(item.dc)?.subjects), () => undefined)];
}

// --- Formats onto JSON Feed's shape ------------------------------------------------------------------------------

/** An RSS 2.0 or RSS 1.0 item in JSON Feed's shape: title plain text, description and content:encoded HTML. */
function rssItem(item: Obj, base: string | null): Obj {
  const guid = obj(item.guid);
  const guidValue = str(guid?.value) ?? str(item.guid);
  // A guid is a link unless isPermaLink="false" (RSS 2.0); only an http(s) one is used as the post's link.
  const guidLink =
    guid?.isPermaLink !== false && guidValue && /^\s*https?:\/\//i.test(guidValue) ? guidValue : undefined;
  const atomAlternate = list(obj(item.atom)?.links)
    .map(obj)
    .find((link) => link && (link.rel === undefined || link.rel === 'alternate'));
  const rdfAbout = str(obj(item.rdf)?.about);
  const link = str(item.link) ?? guidLink ?? str(atomAlternate?.href) ?? rdfAbout;
  const description = str(item.description);
  const encoded = str(obj(item.content)?.encoded);
  const dc = obj(item.dc);
  return {
    id: guidValue ?? rdfAbout ?? resolve(link, base),
    url: resolve(link, base),
    title: str(item.title) ?? str(list(dc?.titles)[0]),
    // With both, description is the summary and content:encoded the full text; with one, it is both.
    summary: encoded && description ? htmlToText(description) : undefined,
    content_html: encoded ?? description,
    date_published: rssDate(item.pubDate) ?? rssDate(list(dc?.dates)[0]),
    tags: rssTags(item),
    image: imageOf(item, list(item.enclosures), base),
    authors: rssAuthors(item),
  };
}

/** An Atom link of a relation ("alternate" also matches a link without `rel`), preferring text/html. */
function atomLink(links: unknown[], rel: string): Obj | undefined {
  const matching = links
    .map(obj)
    .filter((link): link is Obj => link !== null && str(link.href) !== undefined && (link.rel ?? 'alternate') === rel);
  return matching.find((link) => link.type === undefined || link.type === 'text/html') ?? matching[0];
}

/** An Atom entry in JSON Feed's shape: text constructs by `type`, links against xml:base, published else updated. */
function atomEntry(entry: Obj, feedBase: string | null, feedAuthors: unknown[]): Obj {
  const base = httpBase(obj(entry.xml)?.base, feedBase);
  const links = list(entry.links);
  const content = obj(entry.content);
  const contentValue = str(content?.value);
  const html = contentValue && isHtmlType(content?.type);
  const enclosures = links.map(obj).filter((link): link is Obj => link !== null && link.rel === 'enclosure');
  const authors = list(entry.authors).length > 0 ? list(entry.authors) : feedAuthors;
  const categories = list(entry.categories);
  return {
    id: str(entry.id),
    url: resolve(atomLink(links, 'alternate')?.href, base),
    title: atomText(entry.title),
    summary: atomText(entry.summary),
    content_html: html ? contentValue : undefined,
    content_text: html ? undefined : contentValue,
    date_published: str(entry.published) ?? str(entry.updated),
    date_modified: str(entry.updated),
    tags: names(categories, (c) => str(c.label) ?? c.term),
    image: imageOf(entry, enclosures, base),
    authors: names(authors, (a) => a.name),
  };
}

/** A feed document in JSON Feed's shape from feedsmith's output for a format. */
function toFeedDocument(format: XmlFeedFormat, raw: Obj, fetchedFrom: string | null): FeedDocument {
  if (format === 'atom') {
    const base = httpBase(obj(raw.xml)?.base, fetchedFrom);
    const feedAuthors = list(raw.authors);
    return {
      title: atomText(raw.title),
      // Links resolve against the feed's xml:base, else the address it was fetched from.
      feed_url: base ?? undefined,
      home_page_url: resolve(atomLink(list(raw.links), 'alternate')?.href, base),
      // Atom's icon is the small square one (a favicon), its logo the larger picture (RFC 4287 4.2.5, 4.2.8).
      icon: firstImageUrl([raw.logo, obj(raw.itunes)?.image], base),
      favicon: firstImageUrl([raw.icon], base),
      language: str(obj(raw.xml)?.lang),
      items: list(raw.entries).map((entry) => atomEntry(obj(entry) ?? {}, base, feedAuthors)),
    };
  }
  const dc = obj(raw.dc);
  // RSS has no xml:base: relative links resolve against the channel's link, else the address the feed was fetched
  // from, as JSON Feed's do without a feed_url (a feed served from another host, such as a feed proxy, still links
  // to its site).
  const base = httpBase(raw.link, fetchedFrom);
  return {
    title: str(raw.title) ?? str(list(dc?.titles)[0]),
    home_page_url: resolve(raw.link, fetchedFrom),
    // RSS has one picture, the channel's <image> (at most 144 × 400): shown small, as JSON Feed's icon is.
    icon: firstImageUrl([obj(raw.image)?.url, obj(raw.itunes)?.image], base),
    language: str(raw.language) ?? str(list(dc?.languages)[0]),
    items: list(raw.items).map((item) => rssItem(obj(item) ?? {}, base)),
  };
}

// An HTML page need not start with <html> (a captive portal may send "<head>…" or "<div>…"): any of these first
// elements means a web page, not a feed, whether or not it is well-formed.
const HTML_ROOTS = new Set(
  'html head body meta title link script style div p span a form table iframe main header section article h1 h2 br'.split(
    ' ',
  ),
);

/** Whether the document ends by closing its root element (comments and whitespace may follow): not cut off. */
function closesRoot(doc: string, root: string): boolean {
  let tail = doc.slice(-4096).trimEnd();
  for (let i = 0; i < 8 && tail.endsWith('-->'); i += 1) {
    const start = tail.lastIndexOf('<!--');
    if (start < 0) break;
    tail = tail.slice(0, start).trimEnd();
  }
  const name = root.replace(/[^\w:.-]/g, '');
  return new RegExp(`</${name}\\s*>$`).test(tail);
}

/**
 * Most items (or entries) of an XML feed handed to the parser: of these the newest MAX_ITEMS_PER_FETCH are read.
 * feedsmith builds an object for every item, so a 10 MB feed of 300,000 tiny items took 1.5 s and several hundred MB
 * of heap; bounded, the work stays near a 10,000-item feed's (and xml-window.ts then cuts that to the newest 1,000).
 */
export const MAX_XML_ITEMS = 10_000;

// An item or entry start tag, prefixed or not. One inside CDATA counts too: it can only make the cut come early.
const ITEM_START = /<(?:[\w.-]+:)?(?:item|entry)[\s>/]/g;

/**
 * The document cut before its (limit + 1)-th item and closed again, and how many items were cut; the document
 * itself when it lists no more than `limit`. Linear, one regular-expression scan.
 */
function firstItems(doc: string, root: string, limit: number): { doc: string; dropped: number } {
  ITEM_START.lastIndex = 0;
  const starts: number[] = [];
  for (let match = ITEM_START.exec(doc); match; match = ITEM_START.exec(doc)) starts.push(match.index);
  const count = starts.length;
  const cut = count > limit ? starts[limit]! : -1;
  if (cut < 0) return { doc, dropped: 0 };
  // RSS 2.0 items sit in <channel>; Atom entries and RDF items directly in the root.
  const close = root.toLowerCase() === 'rss' ? `</channel></${root}>` : `</${root}>`;
  return { doc: doc.slice(0, cut) + close, dropped: count - limit };
}

function failure(kind: FeedError['kind'], message: string, format: XmlFeedFormat | null = null): XmlParseResult {
  return { ok: false, error: { kind, message }, format };
}

/**
 * Parses an RSS 2.0, Atom 1.0 or RSS 1.0 (RDF) document (text) into normalised posts, or a named error:
 * `not-xml` for malformed XML, `not-a-feed` for a well-formed document that is no feed (an HTML page) or one that
 * declares entities or an external DTD. Never throws.
 */
export function parseXmlDocument(doc: string, options: ParseOptions = {}): XmlParseResult {
  const prolog = readProlog(doc);
  if (prolog.refusal) return { ok: false, error: prolog.refusal, format: null };
  if (prolog.root && HTML_ROOTS.has(prolog.root.toLowerCase())) {
    return failure('not-a-feed', 'The address returned a web page (HTML), not a feed.');
  }
  if (prolog.root === null) return failure('not-xml', 'The document is not XML: it has no root element.');
  if (!closesRoot(doc, prolog.root)) {
    return failure('not-xml', `The feed's XML is cut off: it does not end with </${prolog.root.slice(0, 40)}>.`);
  }
  const listed = firstItems(doc, prolog.root, MAX_XML_ITEMS);
  // A long feed: only its newest 1,000 items go to feedsmith, picked as the normaliser would (null: parse it whole).
  // One clock for the window and the normaliser, so both judge "too far ahead" alike.
  const now = options.now ?? Date.now();
  const newest = newestItemsWindow(listed.doc, prolog.root, { now, rssDate });
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseXmlFeed(newest?.doc ?? listed.doc);
  } catch (error) {
    if (error instanceof DetectError) {
      return failure(
        'not-a-feed',
        `The document is XML (<${prolog.root.slice(0, 40)}>) but not an RSS, Atom or RDF feed.`,
      );
    }
    if (error instanceof MalformedError) {
      const cause = error.cause instanceof Error ? `: ${error.cause.message.slice(0, 120)}` : '';
      return failure('not-xml', `The feed's XML is malformed (cut off or broken)${cause}.`);
    }
    return failure('not-a-feed', 'The document is XML but not a readable RSS, Atom or RDF feed.');
  }
  const { format } = parsed;
  if (format !== 'rss' && format !== 'atom' && format !== 'rdf') {
    return failure('not-a-feed', 'The document is not an RSS, Atom or RDF feed.');
  }
  const raw = obj(parsed.feed) ?? {};
  const fetchedFrom = httpBase(options.baseUrl, null);
  const result = normalizeFeed(toFeedDocument(format, raw, fetchedFrom), { ...options, now });
  if (!result.ok) return { ...result, format };
  const overLimit = result.overLimit + listed.dropped + (newest?.dropped ?? 0);
  // Skipped items are named by their index in the whole list, as the whole parse names them.
  const skipped = newest
    ? result.skipped.map((s) => ({ ...s, index: newest.indices[s.index] ?? s.index }))
    : result.skipped;
  return { ...result, overLimit, skipped, format };
}
