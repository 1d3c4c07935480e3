import { Parser } from 'htmlparser2';
import { UNCATEGORIZED } from '@/utils/categories';
import { z } from '@/utils/zod-mini';

import type { FeedError } from '@/utils/errors';

/** A post as Digest stores and shows it: plain text, absolute http(s) links, ISO dates. */
export interface NormalizedPost {
  id: string;
  title: string;
  url: string | null;
  category: string;
  published: string | null;
  modified: string | null;
  summary: string;
  /** Author names (JSON Feed 1.1 `authors`, or 1.0 `author`); shown where a feed has several. */
  authors: string[];
  /** Words in the full text when the feed gives content (for a reading time), else null. */
  words: number | null;
  /** The post's picture (JSON Feed `image`, else `banner_image`; RSS/Atom media), absolute http(s), or null. */
  image: string | null;
}

/** Feed-level facts worth showing to a reader. */
export interface FeedInfo {
  title: string;
  homePageUrl: string | null;
  /** A large square picture of the feed (JSON Feed `icon`, Atom `logo`, RSS `<image>`, itunes:image), http(s). */
  icon: string | null;
  /** A small one (JSON Feed `favicon`, Atom `icon`), http(s): shown beside the feed's name before `icon`. */
  favicon: string | null;
  /** The feed's language as a BCP 47 tag ("en-US"), or null: the `lang` of its posts' text. */
  language: string | null;
  /** The publisher says the feed will not update again: Digest stops polling it. */
  expired: boolean;
}

/** An item that was left out, and why. */
export interface SkippedItem {
  index: number;
  reason: string;
}

/** What a feed document held, normalised: what parsing, fetching and feed:check all pass on. */
export interface ParsedFeed {
  feed: FeedInfo;
  posts: NormalizedPost[];
  skipped: SkippedItem[];
  /** Posts kept with a date_published or date_modified dropped for being too far in the future. */
  futureDated: number;
  /** Items left unread because the feed lists more than MAX_ITEMS_PER_FETCH (the oldest ones). */
  overLimit: number;
}

/** The outcome of parsing one feed document: never thrown, always returned. */
export type ParseResult = ({ ok: true } & ParsedFeed) | { ok: false; error: FeedError };

/** Largest feed body Digest reads (10 MB); bigger ones are rejected as `too-large`. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** A `too-large` error for a limit, worded for readers. */
export function tooLargeError(maxBytes: number): FeedError {
  const size =
    maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return { kind: 'too-large', message: `The feed is larger than ${size}.` };
}

export { UNCATEGORIZED };

// Limits on every string Digest stores from a feed, so one feed cannot fill the database or the pages (#11).
/** Longest feed title kept, in characters (longer ones are cut at a word). */
export const FEED_TITLE_MAX = 80;
/** Longest post title kept. */
export const POST_TITLE_MAX = 160;
/** Longest title derived from a post's text when it has none. */
export const DERIVED_TITLE_MAX = 80;
/** Longest summary kept. */
export const SUMMARY_MAX = 300;
/** Longest category (first tag) kept. */
export const CATEGORY_MAX = 80;
/** Longest author name kept. */
export const AUTHOR_NAME_MAX = 80;
/** Most authors kept per post. */
export const MAX_AUTHORS = 20;
/** Longest language tag kept (BCP 47 allows 35 characters); a longer one is no language. */
export const LANGUAGE_MAX = 35;
/** Longest id kept as written; a longer one is replaced by a hash of it (see `hashedId`). */
export const MAX_ID_LENGTH = 1024;
/** Longest link kept; a longer one is treated as missing. */
export const MAX_URL_LENGTH = 2048;
/** Most items read from one fetch: the newest by date_published; the rest are counted as `overLimit`. */
export const MAX_ITEMS_PER_FETCH = 1000;

// Loose on purpose: real feeds carry extra fields and odd types; each field is checked where it is used.
const feedSchema = z.looseObject({
  version: z.optional(z.unknown()),
  title: z.optional(z.unknown()),
  home_page_url: z.optional(z.unknown()),
  feed_url: z.optional(z.unknown()),
  icon: z.optional(z.unknown()),
  favicon: z.optional(z.unknown()),
  language: z.optional(z.unknown()),
  expired: z.optional(z.unknown()),
  // Checked as a list, not item by item: z.array would walk (and copy) 700,000 items before the limit applies.
  items: z.custom<unknown[]>((value) => Array.isArray(value)),
});

const itemSchema = z.looseObject({
  id: z.optional(z.unknown()),
  url: z.optional(z.unknown()),
  external_url: z.optional(z.unknown()),
  title: z.optional(z.unknown()),
  summary: z.optional(z.unknown()),
  content_text: z.optional(z.unknown()),
  content_html: z.optional(z.unknown()),
  date_published: z.optional(z.unknown()),
  date_modified: z.optional(z.unknown()),
  tags: z.optional(z.unknown()),
  image: z.optional(z.unknown()),
  banner_image: z.optional(z.unknown()),
  authors: z.optional(z.unknown()),
  author: z.optional(z.unknown()),
});

// C0 controls (tab, line feed, vertical tab, form feed and carriage return aside: they are whitespace and become a
// space), DEL, C1 controls, and bidi embeddings, overrides and isolates. Invisible in a page, they can reorder or hide
// what a reader sees, and an ESC sequence takes over a terminal (feed:check): no stored string keeps them (#11).
// oxlint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Text as Digest stores it: no control characters, whitespace runs as one space, trimmed. */
function cleanText(value: string): string {
  return value.replace(CONTROL_CHARACTERS, '').replace(/\s+/g, ' ').trim();
}

// JSON Feed's title, summary, content_text, tag and author names are plain text, and Digest renders them as
// text: "Vec<String>" or "Fish &amp; chips" stay exactly as written (#11). Only content_html goes through htmlToText.
function text(value: unknown): string {
  return typeof value === 'string' ? cleanText(value) : '';
}

/** Cuts text to at most `max` characters at a word boundary, adding an ellipsis when cut. */
export function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

// Elements whose boundaries separate words; every other tag (b, i, a, span, em…) joins its text to its
// neighbours, so "iOS <b>11</b>." stays "iOS 11." (#11).
const BLOCK_TAGS = new Set(
  (
    'address article aside blockquote br caption dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 ' +
    'header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);
// Their contents are never text a reader sees.
const HIDDEN_TAGS = new Set(['script', 'style', 'template', 'noscript']);

/**
 * Turns untrusted HTML into plain text with htmlparser2's tokenizer (no DOM, so it runs in the service worker):
 * drops tags, comments and script/style/template/noscript bodies, decodes entities in text.
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (HIDDEN_TAGS.has(name)) hidden += 1;
        else if (BLOCK_TAGS.has(name)) parts.push(' ');
      },
      onclosetag(name) {
        if (HIDDEN_TAGS.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BLOCK_TAGS.has(name)) parts.push(' ');
      },
      ontext(data) {
        if (hidden === 0) parts.push(data);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  // After decoding: "&#27;" is an ESC too.
  return cleanText(parts.join(''));
}

/** An http(s) URL object for a link (resolved against a base) of at most MAX_URL_LENGTH characters, or null. */
function httpUrl(value: unknown, base?: string | null): URL | null {
  if (typeof value !== 'string' || value.trim() === '' || value.trim().length > MAX_URL_LENGTH) return null;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    if (url.href.length > MAX_URL_LENGTH) return null;
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Resolves a link against a base and keeps it only when it is http(s) and carries no user name or password:
 * a "user:password@" link is never stored, opened or fetched (#11).
 */
export function safeUrl(value: unknown, base?: string | null): string | null {
  const url = httpUrl(value, base);
  return url && url.username === '' && url.password === '' ? url.href : null;
}

/**
 * A picture's address (a post's image, a feed's icon): control characters removed, then kept only when it is an
 * http(s) URL without credentials, resolved against a base, within MAX_URL_LENGTH. A `javascript:` or `data:` URL,
 * or anything else, is null: the pages put only these in an `<img src>`.
 */
export function safeImageUrl(value: unknown, base?: string | null): string | null {
  return typeof value === 'string' ? safeUrl(value.replace(CONTROL_CHARACTERS, ''), base) : null;
}

/** The first of several candidate pictures that is a usable one (`safeImageUrl`), or null. */
export function firstImageUrl(candidates: readonly unknown[], base?: string | null): string | null {
  for (const candidate of candidates) {
    const url = safeImageUrl(candidate, base);
    if (url) return url;
  }
  return null;
}

/** A base for relative links, without the credentials it may hold: they are never passed on to a link. */
function baseUrl(value: unknown, base?: string | null): string | null {
  const url = httpUrl(value, base);
  if (!url) return null;
  url.username = '';
  url.password = '';
  return url.href;
}

/** Whether what a reader typed names a user or password ("https://user:pw@host", "user:pw@host"). */
export function hasCredentials(input: string): boolean {
  const trimmed = input.trim();
  // Without a leading "scheme://" the text may be a host with credentials in front ("user:pw@host" parses as
  // scheme "user:"), so it is read both ways.
  const candidates = /^[a-z][a-z\d+.-]*:\/\//i.test(trimmed) ? [trimmed] : [trimmed, `https://${trimmed}`];
  for (const candidate of candidates) {
    try {
      const url = new URL(candidate);
      if (url.username !== '' || url.password !== '') return true;
    } catch {
      // Not a URL this way: try the next reading.
    }
  }
  return false;
}

// RFC 3339 (what JSON Feed specifies) or, as some feeds send, RFC 2822. Date.parse alone is too
// lenient: it reads "2" as the year 2001.
const DATE_SHAPE = /^(\d{4}-\d{2}-\d{2}|([a-z]{3},?\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4})/i;

// A date and time without a zone (JSON Feed requires one, some feeds omit it), ISO or RFC 2822 style. JavaScript
// reads these in the machine's zone, so a post's time would depend on where its reader is: read them as UTC (#11).
const ISO_WITHOUT_ZONE = /^(\d{4}-\d{2}-\d{2})[t ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/i;
const RFC_2822_DATE_ONLY = /^([a-z]{3},?\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}$/i;
const RFC_2822_WITHOUT_ZONE = /^([a-z]{3},?\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(:\d{2})?$/i;
const FIRST_YEAR = Date.UTC(1000, 0, 1);
const AFTER_LAST_YEAR = Date.UTC(10_000, 0, 1);

/** A date's time in ms (years 1000–9999), or null for anything missing, unparseable or absurd. */
function dateTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!DATE_SHAPE.test(trimmed)) return null;
  const local = ISO_WITHOUT_ZONE.exec(trimmed);
  const zoned = local
    ? `${local[1]}T${local[2]}Z`
    : RFC_2822_DATE_ONLY.test(trimmed)
      ? `${trimmed} 00:00:00 GMT`
      : RFC_2822_WITHOUT_ZONE.test(trimmed)
        ? `${trimmed} GMT`
        : trimmed;
  const time = Date.parse(zoned);
  return Number.isFinite(time) && time >= FIRST_YEAR && time < AFTER_LAST_YEAR ? time : null;
}

/** An ISO 8601 UTC date (years 1000–9999; no zone means UTC), or null for anything missing, unparseable or absurd. */
export function isoDate(value: unknown): string | null {
  const time = dateTime(value);
  return time === null ? null : new Date(time).toISOString();
}

/**
 * How far past the fetch a date may be (48 hours: time zones and clock skew) before it is not trusted. A post
 * dated next year would otherwise sit at the top of the digest for a year; without a date it sorts by when Digest
 * first saw it (#11).
 */
export const FUTURE_DATE_TOLERANCE_MS = 48 * 60 * 60 * 1000;

// A language tag's shape: a 2–3 letter language, then subtags of 1–8 letters or digits ("en", "en-US", "zh-Hant-TW",
// "en_US" as some feeds write it). "English", "<script>" or "x-klingon" are no language a page's `lang` can carry.
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][a-z\d]{1,8})*$/i;

/** A feed's language as a canonical BCP 47 tag ("en-us" → "en-US"), or null for anything that is not one. */
export function languageTag(value: unknown): string | null {
  const tag = text(value).replaceAll('_', '-');
  if (tag.length > LANGUAGE_MAX || !LANGUAGE_TAG.test(tag)) return null;
  try {
    // Intl checks what the shape cannot (a repeated variant, a misplaced singleton) and fixes the case.
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

function firstTag(tags: unknown): string {
  const list = typeof tags === 'string' ? [tags] : Array.isArray(tags) ? tags : [];
  for (const tag of list) {
    const name = text(tag);
    if (name) return name;
  }
  return UNCATEGORIZED;
}

// Ids are keys compared across fetches: kept as written (trimmed, whitespace inside untouched) but for control
// characters, which are removed the same way on every fetch.
function idText(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return typeof value === 'string' ? value.replace(CONTROL_CHARACTERS, '').trim() : '';
}

// cyrb53 (bryc, public domain): a fast, well-mixed 53-bit string hash, synchronous, so no Web Crypto await.
function cyrb53(value: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

// An id longer than MAX_ID_LENGTH (a 1 MB id was stored and used as a key) becomes "hash:" and 28 hex digits:
// cyrb53 run with two seeds, 106 bits in all. Not cryptographic (a feed can only collide its own posts), but
// deterministic: the same id gives the same key on every fetch, so read marks stay with their post. Hashing rather
// than skipping keeps the post (#11).
function hashedId(id: string): string {
  const half = (seed: number) => cyrb53(id, seed).toString(16).padStart(14, '0');
  return `hash:${half(1)}${half(2)}`;
}

function itemId(id: unknown, url: unknown): string | null {
  const value = idText(id) || (typeof url === 'string' ? idText(url) : '');
  if (!value) return null;
  return value.length > MAX_ID_LENGTH ? hashedId(value) : value;
}

function authorNames(authors: unknown, author: unknown): string[] {
  const list = Array.isArray(authors) ? authors : author !== undefined ? [author] : [];
  const names: string[] = [];
  for (const entry of list.slice(0, MAX_AUTHORS)) {
    const name = shorten(
      typeof entry === 'string' ? text(entry) : isRecord(entry) ? text(entry.name) : '',
      AUTHOR_NAME_MAX,
    );
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countWords(value: string): number {
  return value === '' ? 0 : value.split(' ').length;
}

const decoder = new TextDecoder('utf-8');

// Which items to read when a feed lists more than `limit` (a 9.7 MB feed of 700,000 tiny items was read whole):
// the newest by date_published, then undated items in document order (feeds list newest first, so the first undated
// ones are the likeliest to be recent; a feed that dates nothing keeps its first `limit`). A date too far ahead counts
// as none, as it does for the post. This runs on the raw JSON (one date parse per item and one numeric sort) before
// any item is validated or normalised, so the work and memory for the dropped items stay small. Null: read them all.
/** Which of a feed's items the normaliser reads (1 in a mask), or null to read them all; see above. */
export function newestItems(items: readonly unknown[], limit: number, latestTrusted: number): Uint8Array | null {
  if (items.length <= limit) return null;
  const times = new Float64Array(items.length).fill(Number.NaN);
  for (let i = 0; i < items.length; i += 1) {
    const raw = items[i];
    const time = isRecord(raw) ? dateTime(raw.date_published) : null;
    if (time !== null && time <= latestTrusted) times[i] = time;
  }
  const dated = times.filter((time) => !Number.isNaN(time)).toSorted();
  const keep = new Uint8Array(items.length);
  if (dated.length >= limit) {
    // The limit-th newest date; of the items on it, the first in document order fill what is left.
    const threshold = dated[dated.length - limit]!;
    let onThreshold = limit - dated.filter((time) => time > threshold).length;
    for (let i = 0; i < items.length; i += 1) {
      const time = times[i]!;
      if (time > threshold || (time === threshold && onThreshold-- > 0)) keep[i] = 1;
    }
    return keep;
  }
  let undated = limit - dated.length;
  for (let i = 0; i < items.length; i += 1) {
    if (!Number.isNaN(times[i]!) || undated-- > 0) keep[i] = 1;
  }
  return keep;
}

/** Bytes or text in; the text of the document without a byte-order mark, or a named error. */
function documentText(body: string | Uint8Array, maxBytes: number): { text: string } | { error: FeedError } {
  if (typeof body !== 'string') {
    if (body.byteLength > maxBytes) return { error: tooLargeError(maxBytes) };
    // Invalid UTF-8 becomes U+FFFD rather than an exception; JSON.parse then judges the text.
    return { text: decoder.decode(body).replace(/^\uFEFF/, '') };
  }
  return { text: body.replace(/^\uFEFF/, '') };
}

/** How to read one feed document. */
export interface ParseOptions {
  /** Largest body accepted, in bytes; bigger ones are `too-large`. */
  maxBytes?: number;
  /** The address the feed was fetched from (after redirects): the base for relative links when the feed names none. */
  baseUrl?: string | null;
  /** When the feed was fetched (ms since the epoch; default: now): dates too far past it are not trusted. */
  now?: number;
}

/**
 * Parses a JSON Feed 1.0 or 1.1 document (bytes or text) into normalised posts, or a named error.
 * Feed-level problems reject the feed; a bad item is skipped with its index and reason. Never throws.
 */
export function parseFeed(body: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const { maxBytes = DEFAULT_MAX_BYTES } = options;
  const doc = documentText(body, maxBytes);
  if ('error' in doc) return { ok: false, error: doc.error };
  let json: unknown;
  try {
    json = JSON.parse(doc.text);
  } catch {
    const looksHtml = /^\s*</.test(doc.text);
    return {
      ok: false,
      error: {
        kind: 'not-json',
        message: looksHtml
          ? 'The feed address returned an HTML page (a login or error page?), not JSON.'
          : 'The feed is not valid JSON (empty, cut off or malformed).',
      },
    };
  }
  const parsed = z.safeParse(feedSchema, json);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        kind: 'invalid-feed',
        message: isRecord(json)
          ? 'This JSON is not a JSON Feed: it has no "items" list.'
          : 'This JSON is not a JSON Feed: it is not an object.',
      },
    };
  }
  return normalizeFeed(parsed.data, options);
}

/** A feed document in JSON Feed's shape: what every format (JSON Feed itself, RSS, Atom, RDF) is read into. */
export type FeedDocument = z.infer<typeof feedSchema>;

/**
 * Normalises a feed document in JSON Feed's shape into posts: the one set of rules (plain text vs HTML, links,
 * dates, limits, ids) that every format goes through (#13). Never throws.
 */
export function normalizeFeed(feedDoc: FeedDocument, options: ParseOptions = {}): ParseResult {
  const { now = Date.now() } = options;
  // Relative links resolve against feed_url, else home_page_url, else the address the feed was fetched from;
  // a relative feed_url or home_page_url is itself resolved against that address (#11).
  const fetchedFrom = baseUrl(options.baseUrl);
  const feedUrl = baseUrl(feedDoc.feed_url, fetchedFrom);
  const homePageUrl = safeUrl(feedDoc.home_page_url, feedUrl ?? fetchedFrom);
  const base = feedUrl ?? baseUrl(feedDoc.home_page_url, fetchedFrom) ?? fetchedFrom;
  const feed: FeedInfo = {
    title: shorten(text(feedDoc.title), FEED_TITLE_MAX) || 'Untitled feed',
    homePageUrl,
    icon: safeImageUrl(feedDoc.icon, base),
    favicon: safeImageUrl(feedDoc.favicon, base),
    language: languageTag(feedDoc.language),
    expired: feedDoc.expired === true,
  };

  const posts: NormalizedPost[] = [];
  const skipped: SkippedItem[] = [];
  const seen = new Set<string>();
  const latestTrusted = now + FUTURE_DATE_TOLERANCE_MS;
  let futureDated = 0;
  const trusted = (time: number | null) =>
    time !== null && time <= latestTrusted ? new Date(time).toISOString() : null;
  const keep = newestItems(feedDoc.items, MAX_ITEMS_PER_FETCH, latestTrusted);
  feedDoc.items.forEach((raw, index) => {
    if (keep && keep[index] === 0) return;
    const item = z.safeParse(itemSchema, raw);
    if (!item.success || !isRecord(raw)) {
      skipped.push({ index, reason: 'not an object' });
      return;
    }
    const it = item.data;
    const url = safeUrl(it.url, base) ?? safeUrl(it.external_url, base);
    const id = itemId(it.id, it.url);
    if (!id) {
      skipped.push({ index, reason: 'no id and no url' });
      return;
    }
    if (seen.has(id)) {
      skipped.push({ index, reason: `duplicate id "${shorten(id, 60)}"` });
      return;
    }
    seen.add(id);
    const fullText = text(it.content_text) || htmlToText(typeof it.content_html === 'string' ? it.content_html : '');
    const content = text(it.summary) || fullText;
    const published = dateTime(it.date_published);
    const modified = dateTime(it.date_modified);
    if ((published ?? 0) > latestTrusted || (modified ?? 0) > latestTrusted) futureDated += 1;
    const title =
      shorten(text(it.title), POST_TITLE_MAX) ||
      (content ? shorten(content, DERIVED_TITLE_MAX) : shorten(url ?? 'Untitled post', POST_TITLE_MAX));
    posts.push({
      id,
      title,
      url,
      category: shorten(firstTag(it.tags), CATEGORY_MAX),
      published: trusted(published),
      modified: trusted(modified),
      summary: shorten(content, SUMMARY_MAX),
      authors: authorNames(it.authors, it.author),
      words: fullText ? countWords(fullText) : null,
      image: firstImageUrl([it.image, it.banner_image], base),
    });
  });
  const overLimit = keep ? feedDoc.items.length - MAX_ITEMS_PER_FETCH : 0;
  return { ok: true, feed, posts, skipped, futureDated, overLimit };
}
