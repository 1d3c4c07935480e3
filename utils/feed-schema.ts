import { z } from './zod';

/** Why a whole feed was rejected; the badge, the pages and the logs all speak these names. */
export type FeedErrorKind = 'network' | 'timeout' | 'http' | 'too-large' | 'not-json' | 'invalid-feed';

/** A named, user-presentable failure. */
export interface FeedError {
  kind: FeedErrorKind;
  message: string;
}

/** A post as Digest stores and shows it: plain text, absolute http(s) links, ISO dates. */
export interface NormalizedPost {
  id: string;
  title: string;
  url: string | null;
  category: string;
  published: string | null;
  modified: string | null;
  summary: string;
}

/** Feed-level facts worth showing to a reader. */
export interface FeedInfo {
  title: string;
  homePageUrl: string | null;
  language: string | null;
  expired: boolean;
}

/** An item that was left out, and why. */
export interface SkippedItem {
  index: number;
  reason: string;
}

/** The outcome of parsing one feed document: never thrown, always returned. */
export type ParseResult =
  { ok: true; feed: FeedInfo; posts: NormalizedPost[]; skipped: SkippedItem[] } | { ok: false; error: FeedError };

export const UNCATEGORIZED = 'Uncategorized';

const SUMMARY_MAX = 300;
const TITLE_MAX = 80;

// Loose on purpose: real feeds carry extra fields and odd types; each field is checked where it is used.
const feedSchema = z.looseObject({
  version: z.unknown().optional(),
  title: z.unknown().optional(),
  home_page_url: z.unknown().optional(),
  feed_url: z.unknown().optional(),
  language: z.unknown().optional(),
  expired: z.unknown().optional(),
  items: z.array(z.unknown()),
});

const itemSchema = z.looseObject({
  id: z.unknown().optional(),
  url: z.unknown().optional(),
  external_url: z.unknown().optional(),
  title: z.unknown().optional(),
  summary: z.unknown().optional(),
  content_text: z.unknown().optional(),
  content_html: z.unknown().optional(),
  date_published: z.unknown().optional(),
  date_modified: z.unknown().optional(),
  tags: z.unknown().optional(),
});

function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

/** Cuts text to at most `max` characters at a word boundary, adding an ellipsis when cut. */
export function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Turns untrusted HTML into plain text: drops tags (and script/style bodies), decodes entities. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === '#') {
        const point = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : ' ';
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Resolves a link against a base and keeps it only when it is http(s). */
export function safeUrl(value: unknown, base?: string | null): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An ISO 8601 UTC date, or null for anything missing or unparseable. */
export function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

function firstTag(tags: unknown): string {
  const list = typeof tags === 'string' ? [tags] : Array.isArray(tags) ? tags : [];
  for (const tag of list) {
    const name = text(tag);
    if (name) return name;
  }
  return UNCATEGORIZED;
}

function itemId(id: unknown, url: string | null): string | null {
  if (typeof id === 'string' && id.trim() !== '') return id.trim();
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return url;
}

/** Parses a JSON Feed document (text) into normalised posts, or a named error. Never throws. */
export function parseFeed(body: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch {
    const looksHtml = /^\s*</.test(body);
    return {
      ok: false,
      error: {
        kind: 'not-json',
        message: looksHtml ? 'The feed address returned an HTML page, not JSON.' : 'The feed is not valid JSON.',
      },
    };
  }
  const parsed = feedSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      error: { kind: 'invalid-feed', message: 'This JSON is not a JSON Feed: it has no "items" list.' },
    };
  }
  const doc = parsed.data;
  const base = safeUrl(doc.feed_url) ?? safeUrl(doc.home_page_url);
  const feed: FeedInfo = {
    title: text(doc.title) || 'Untitled feed',
    homePageUrl: safeUrl(doc.home_page_url),
    language: text(doc.language) || null,
    expired: doc.expired === true,
  };

  const posts: NormalizedPost[] = [];
  const skipped: SkippedItem[] = [];
  const seen = new Set<string>();
  doc.items.forEach((raw, index) => {
    const item = itemSchema.safeParse(raw);
    if (!item.success) {
      skipped.push({ index, reason: 'not an object' });
      return;
    }
    const it = item.data;
    const url = safeUrl(it.url, base) ?? safeUrl(it.external_url, base);
    const id = itemId(it.id, typeof it.url === 'string' ? it.url : null);
    if (!id) {
      skipped.push({ index, reason: 'no id and no url' });
      return;
    }
    if (seen.has(id)) {
      skipped.push({ index, reason: `duplicate id "${shorten(id, 60)}"` });
      return;
    }
    seen.add(id);
    const content =
      text(it.summary) ||
      text(it.content_text) ||
      htmlToText(typeof it.content_html === 'string' ? it.content_html : '');
    const title = text(it.title) || (content ? shorten(content, TITLE_MAX) : (url ?? 'Untitled post'));
    posts.push({
      id,
      title,
      url,
      category: firstTag(it.tags),
      published: isoDate(it.date_published),
      modified: isoDate(it.date_modified),
      summary: shorten(content, SUMMARY_MAX),
    });
  });
  return { ok: true, feed, posts, skipped };
}
