// OPML in and out (#14): the feed lists other readers (Feedly, Inoreader, NetNewsWire, Feedbro, Miniflux) export.
// Pure, so scripts/ and tests use it as the worker does.
//
// The folder model: one level of folders, as NetNewsWire and Feedly have. A feed's folder is the path of its
// named ancestor outlines joined with " / " ("Tech / Rust" for a feed two levels deep): nothing the file said is
// lost, the reader sees where a feed came from, and Digest's export writes the same name back as one folder, so
// an export then import round-trips exactly. An ancestor with neither text nor title adds nothing to the path.
import { parseOpml } from 'feedsmith';
import type { DigestError, ImportErrorKind } from '@/utils/errors';
import { readProlog } from './xml';
import { FEED_TITLE_MAX, safeUrl, shorten } from './parse';
import { FOLDER_MAX, FOLDER_SEPARATOR, type OpmlFeed, type OpmlSkipped } from './outline';

/** A file read: its feeds, the entries listed again (same address), and what was left out. */
export interface ParsedOpml {
  feeds: OpmlFeed[];
  /** Feeds whose address an earlier entry of the file already gave. */
  duplicates: OpmlFeed[];
  skipped: OpmlSkipped[];
}

/** An OPML file read, or why it could not be. */
export type OpmlParseResult = { ok: true; opml: ParsedOpml } | { ok: false; error: DigestError<OpmlErrorKind> };

/** `not-opml`: another kind of file (a feed, a web page, JSON); `invalid-opml`: a broken, cut or hostile OPML file. */
export type OpmlErrorKind = Extract<ImportErrorKind, 'not-opml' | 'invalid-opml'>;

/** The largest OPML file read (characters): a 1,000-feed export is about 300,000. */
export const MAX_OPML_CHARS = 5_000_000;
/** Most feeds one file adds; the rest are skipped as `too-many-feeds` (the JSON backup's limit too). */
export const MAX_OPML_FEEDS = 1_000;
/** Deepest element nesting read, as for feeds. */
export const MAX_OPML_DEPTH = 100;

// What XML 1.0 forbids (C0 controls but tab and newlines, lone surrogates, U+FFFE, U+FFFF), and the C1 controls
// it discourages: one in a feed title made an export no feed reader could import (#11).
// oxlint-disable-next-line no-control-regex
const NOT_XML_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

// Characters escaped as references: markup, quotes, and tab and newlines, which an attribute would turn into spaces.
function escapeXml(text: string): string {
  return text.replace(NOT_XML_TEXT, '').replace(/[<>&"'\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function outline(feed: OpmlFeed, indent: string): string {
  const html = feed.homePageUrl ? ` htmlUrl="${escapeXml(feed.homePageUrl)}"` : '';
  const title = escapeXml(feed.title);
  return `${indent}<outline type="rss" text="${title}" title="${title}" xmlUrl="${escapeXml(feed.url)}"${html}/>`;
}

/**
 * The followed feeds as OPML 2.0, the format other feed readers import: feeds without a folder at the top, then
 * one outline per folder (in the order folders first appear) holding its feeds.
 */
export function toOpml(feeds: readonly OpmlFeed[], createdAt: string): string {
  const folders = new Map<string, OpmlFeed[]>();
  const lines: string[] = [];
  for (const feed of feeds) {
    if (feed.folder === null) lines.push(outline(feed, '    '));
    else folders.set(feed.folder, [...(folders.get(feed.folder) ?? []), feed]);
  }
  for (const [folder, inFolder] of folders) {
    const name = escapeXml(folder);
    lines.push(
      `    <outline text="${name}" title="${name}">`,
      ...inFolder.map((f) => outline(f, '      ')),
      '    </outline>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    '    <title>Digest feeds</title>',
    `    <dateCreated>${new Date(createdAt).toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

// --- Reading --------------------------------------------------------------------------------------------------

// A comment, CDATA, processing instruction or DOCTYPE (skipped); an element tag with well-formed, quoted attributes;
// or a `<` that starts none of these (malformed).
const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>"'<]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|</g;

function lineAt(doc: string, index: number): number {
  let line = 1;
  for (let i = doc.indexOf('\n'); i >= 0 && i < index; i = doc.indexOf('\n', i + 1)) line += 1;
  return line;
}

/**
 * Checks the element structure before any parser sees it, in one linear scan: every tag well-formed with quoted
 * attributes, closed in order, nested at most MAX_OPML_DEPTH deep, one root. feedsmith's parser is lenient: a file cut
 * off mid-way would otherwise import its first half without a word (the silent partial import #14 names).
 * Returns the root's name, or the reason the file is broken.
 */
function checkStructure(doc: string): { root: string } | { broken: string } {
  const open: string[] = [];
  let root: string | null = null;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(doc); match; match = TOKEN.exec(doc)) {
    const [token, closing, name, , selfClosing] = match;
    if (name === undefined) {
      if (token !== '<') continue;
      if (doc.indexOf('>', match.index) < 0) return { broken: 'it is cut off in the middle of a tag' };
      return { broken: `a tag that is not well-formed on line ${lineAt(doc, match.index)}` };
    }
    if (closing) {
      if (selfClosing) return { broken: `a malformed closing tag on line ${lineAt(doc, match.index)}` };
      const expected = open.pop();
      if (expected !== name) {
        return {
          broken: `</${name.slice(0, 40)}> on line ${lineAt(doc, match.index)} closes ${expected ? `<${expected.slice(0, 40)}>` : 'nothing'}`,
        };
      }
      continue;
    }
    if (open.length === 0) {
      if (root !== null) return { broken: `a second root element on line ${lineAt(doc, match.index)}` };
      root = name;
    }
    if (!selfClosing) open.push(name);
    if (open.length > MAX_OPML_DEPTH) return { broken: `elements nested more than ${MAX_OPML_DEPTH} deep` };
  }
  if (root === null) return { broken: 'no root element' };
  if (open.length > 0) return { broken: `it is cut off: <${open.at(-1)!.slice(0, 40)}> is never closed` };
  return { root };
}

// oxlint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** An attribute's text as Digest stores it: no controls or bidi overrides, whitespace runs as one space. */
function cleanText(value: string | undefined): string {
  return (value ?? '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** An xmlUrl as a feed address: http(s) without credentials; the `feed:` scheme some exports use becomes http(s). */
export function opmlFeedUrl(value: string): string | null {
  const trimmed = value.trim();
  const feedScheme = /^feed:(\/\/)?/i.exec(trimmed);
  if (feedScheme) {
    const rest = trimmed.slice(feedScheme[0].length);
    return safeUrl(/^https?:/i.test(rest) ? rest : `http://${rest}`);
  }
  return safeUrl(trimmed);
}

function hostOf(url: string): string {
  return new URL(url).host;
}

function refuse(kind: OpmlErrorKind, message: string): OpmlParseResult {
  return { ok: false, error: { kind, message } };
}

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  htmlUrl?: string;
  outlines?: Outline[];
}

/**
 * Reads an OPML 1.0 or 2.0 file; never throws. Refused whole, with a named error: a file that is no OPML
 * (`not-opml`), and one that is broken, cut off, too large, too deep or declares a DOCTYPE with entities or an
 * external DTD (`invalid-opml`, checked before any parser runs, as for feeds). Otherwise every outline is taken on
 * its own: one with an http(s) `xmlUrl` is a feed (named by `text`, then `title`, then its host; `htmlUrl` its
 * page); one without is a folder when it holds outlines, else skipped with its reason; an address given again is
 * a duplicate, reported, not added twice.
 */
export function parseOpmlFile(text: string): OpmlParseResult {
  if (text.length > MAX_OPML_CHARS) {
    return refuse('invalid-opml', `The file is larger than ${MAX_OPML_CHARS.toLocaleString('en')} characters.`);
  }
  const doc = text.replace(/^\uFEFF/, '');
  const prolog = readProlog(doc);
  if (prolog.refusal) return refuse('invalid-opml', prolog.refusal.message);
  if (prolog.root === null) return refuse('not-opml', 'The file is not XML, so not an OPML file.');
  const structure = checkStructure(doc);
  if ('broken' in structure) {
    return prolog.root.toLowerCase() === 'opml'
      ? refuse('invalid-opml', `The OPML file is broken: ${structure.broken}.`)
      : refuse('not-opml', `The file is <${prolog.root.slice(0, 40)}>, not an OPML file.`);
  }
  if (structure.root.toLowerCase() !== 'opml') {
    return refuse('not-opml', `The file is <${structure.root.slice(0, 40)}>, not an OPML file.`);
  }
  let body: Outline[];
  try {
    body = (parseOpml(doc).body?.outlines ?? []) as Outline[];
  } catch {
    // feedsmith refuses a well-formed <opml> with no outline at all: an empty list, not a broken file.
    body = [];
  }

  const feeds: OpmlFeed[] = [];
  const duplicates: OpmlFeed[] = [];
  const skipped: OpmlSkipped[] = [];
  const seen = new Set<string>();
  const walk = (outlines: readonly Outline[], folder: string | null) => {
    for (const entry of outlines) {
      const name = cleanText(entry.text) || cleanText(entry.title);
      if (entry.xmlUrl === undefined) {
        if (entry.outlines && entry.outlines.length > 0) {
          const path = name ? (folder ? `${folder}${FOLDER_SEPARATOR}${name}` : name) : folder;
          walk(entry.outlines, path === null ? null : shorten(path, FOLDER_MAX));
        } else {
          skipped.push({ title: shorten(name, FEED_TITLE_MAX), address: null, reason: 'no-feed-address' });
        }
        continue;
      }
      const url = opmlFeedUrl(entry.xmlUrl);
      if (url === null) {
        const address = entry.xmlUrl.slice(0, 300);
        skipped.push({ title: shorten(name, FEED_TITLE_MAX), address, reason: 'invalid-feed-address' });
      } else {
        const feed: OpmlFeed = {
          url,
          title: shorten(name || hostOf(url), FEED_TITLE_MAX),
          homePageUrl: entry.htmlUrl === undefined ? null : safeUrl(entry.htmlUrl),
          folder,
        };
        if (seen.has(url)) duplicates.push(feed);
        else if (feeds.length >= MAX_OPML_FEEDS)
          skipped.push({ title: feed.title, address: url, reason: 'too-many-feeds' });
        else {
          seen.add(url);
          feeds.push(feed);
        }
      }
      // A feed outline holding outlines (rare): they are read in the same folder.
      if (entry.outlines) walk(entry.outlines, folder);
    }
  };
  walk(body, null);
  return { ok: true, opml: { feeds, duplicates, skipped } };
}
