// The newest MAX_ITEMS_PER_FETCH items of a long XML feed, picked before feedsmith runs (#13). feedsmith builds an
// object for every item, so a 10,000-item feed listed out of order cost 7–13 × its JSON Feed; the normaliser then
// kept only the newest 1,000. This pre-pass scans the document once (no object tree), reads each item's boundaries
// and the date the normaliser would sort it by, picks the same items with the normaliser's own `newestItems`, and
// hands feedsmith the document without the others. Whenever it cannot be sure it reads the feed exactly as feedsmith
// would (odd names, namespaces, markup in a date, an item it cannot prove feedsmith keeps), it answers null and the
// whole document is parsed: correctness first.
import { FUTURE_DATE_TOLERANCE_MS, MAX_ITEMS_PER_FETCH, newestItems } from './parse';

/** A document cut down to the items the normaliser would keep, and where those items sat in the whole list. */
export interface ItemWindow {
  /** The document with every other item (start tag to end tag) removed; header and kept items byte for byte. */
  doc: string;
  /** Items removed: counted as over the limit, as the normaliser counts those it leaves unread. */
  dropped: number;
  /** For each item left in `doc`, its index in the whole document's item list (for `skipped` indices). */
  indices: number[];
}

/** How the pre-pass reads an item's date: the same function the mapping uses for RSS dates. */
export interface WindowOptions {
  now: number;
  /** xml.ts's `rssDate`: an RSS date as the mapping passes it on (ISO when it can, else as written). */
  rssDate: (value: string) => string | undefined;
}

type Format = 'rss' | 'atom' | 'rdf';

// fast-xml-parser refuses more than 100 open elements; anything near that is left to the whole parse to judge.
const MAX_DEPTH = 90;
// Element names whose facts are kept during one scan.
const MAX_CACHED_NAMES = 1_000;
// Names fast-xml-parser refuses (prototype pollution): an item carrying one fails the whole parse, so it must not be
// silently cut out here.
const CRITICAL_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
// Names whose meaning here is certain: ASCII, one optional prefix. Anything else is left to the whole parse.
const PLAIN_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const ATOM_NS = 'http://www.w3.org/2005/Atom';
const RSS_1_NS = 'http://purl.org/rss/1.0/';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
// Direct children that feedsmith reads as a date, by lowercased local name (it lowercases tag names and resolves
// prefixes by namespace): only the exact spellings below are read here; any other spelling means "not sure".
const DATE_LIKE: Record<Format, Set<string>> = {
  rss: new Set(['pubdate', 'date']),
  rdf: new Set(['pubdate', 'date']),
  atom: new Set(['published', 'updated', 'issued', 'created', 'modified']),
};
const DATE_FIELDS: Record<Format, Set<string>> = {
  rss: new Set(['pubDate', 'dc:date']),
  // RSS 1.0 items have no pubDate in feedsmith's reading; it is ignored there, so here too.
  rdf: new Set(['pubDate', 'dc:date']),
  atom: new Set(['published', 'updated']),
};
// Direct children whose plain, non-blank text proves feedsmith keeps the item (it drops an item with no field).
const PROOF_FIELDS: Record<Format, Set<string>> = {
  rss: new Set(['title', 'link', 'guid']),
  rdf: new Set(['title', 'link']),
  atom: new Set(['id', 'title']),
};

interface ScannedItem {
  start: number;
  end: number;
  /** Date and proof fields by name: their first occurrence's text, or ODD. */
  fields: Map<string, string>;
}

/** The format by root element; null for anything else (a prefixed Atom root, say). */
function formatOf(root: string): Format | null {
  return root === 'rss' ? 'rss' : root === 'feed' ? 'atom' : root === 'rdf:RDF' ? 'rdf' : null;
}

/** The local name, lowercased ("dc:Date" → "date"). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon < 0 ? name : name.slice(colon + 1)).toLowerCase();
}

// Marks the field being read as holding markup (a comment, CDATA, an element): no longer plain text.
const ODD = '\u0000';

/** Marks an open date or proof field as not plain text; answers the field to read next (none). */
function markOdd(item: ScannedItem | null, field: { name: string } | null): null {
  if (item && field) item.fields.set(field.name, ODD);
  return null;
}

/** Whether a character ends an element name: whitespace, `/` or `>`. */
function endsName(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 47 || code === 62;
}

/**
 * The index just past a start tag's `>` from `at` (after its name), honouring quoted values; -1 if unterminated or
 * when it declares a namespace (`xmlns…` outside a value) and `declarations` is false.
 */
function tagEnd(doc: string, at: number, declarations: boolean): number {
  for (let i = at; i < doc.length; i += 1) {
    const code = doc.charCodeAt(i);
    if (code === 62 /* > */) return i + 1;
    if (code === 34 /* " */ || code === 39 /* ' */) {
      const close = doc.indexOf(code === 34 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (code === 60 /* < */) {
      return -1;
    } else if (code === 120 /* x */ && !declarations && doc.startsWith('xmlns', i)) {
      // A namespace declared below the root changes how feedsmith names what follows: not sure.
      return -1;
    }
  }
  return -1;
}

/** What the scan needs to know of an element name, worked out once per distinct name. */
interface NameFacts {
  /** Lowercased local name ("dc:Date" → "date"). */
  local: string;
  /** A name fast-xml-parser refuses or that is not a plain ASCII name: the scan gives up on meeting it. */
  refused: boolean;
  /** As an item's child: a date read here (1), a spelling of a date not read here (-1: give up), neither (0). */
  date: -1 | 0 | 1;
  /** As an item's child: a field whose plain text proves feedsmith keeps the item. */
  proof: boolean;
}

/** The facts of an element name in a format. */
function nameFacts(name: string, format: Format): NameFacts {
  const local = localName(name);
  const dateField = DATE_FIELDS[format].has(name);
  return {
    local,
    refused: !PLAIN_NAME.test(name) || CRITICAL_NAMES.has(name.toLowerCase()) || CRITICAL_NAMES.has(local),
    date: dateField ? 1 : DATE_LIKE[format].has(local) ? -1 : 0,
    proof: PROOF_FIELDS[format].has(name),
  };
}

/** Whether only whitespace lies between `from` and `to` (an end tag's name and its `>`). */
function blank(doc: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!endsName(doc.charCodeAt(i)) || doc.charCodeAt(i) === 47) return false;
  return true;
}

/** The root start tag's namespace declarations are the only ones allowed; they must be the expected ones. */
function rootNamespacesKnown(format: Format, tag: string): boolean {
  const declared = new Map<string, string>();
  for (const match of tag.matchAll(/\s(xmlns(?::[\w.-]+)?)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    declared.set(match[1]!, match[2] ?? match[3] ?? '');
  }
  const defaultNs = declared.get('xmlns');
  if (format === 'rss' && defaultNs !== undefined) return false;
  if (format === 'atom' && defaultNs !== ATOM_NS) return false;
  if (format === 'rdf' && defaultNs !== RSS_1_NS) return false;
  const dc = declared.get('xmlns:dc');
  return dc === undefined || dc === DC_NS;
}

/**
 * Scans the document once: the container-level items with their date fields, or null when anything is not as
 * expected. Linear: every step moves forward with indexOf, and an unterminated construct ends the scan at once.
 */
function scanItems(doc: string, format: Format): { items: ScannedItem[]; dcDeclared: boolean } | null {
  const itemName = format === 'atom' ? 'entry' : 'item';
  // RSS 2.0 items sit in <channel>; Atom entries and RSS 1.0 items directly in the root.
  const itemDepth = format === 'rss' ? 2 : 1;
  const stack: string[] = [];
  const items: ScannedItem[] = [];
  let item: ScannedItem | null = null;
  let field: { name: string; start: number } | null = null;
  let channels = 0;
  let rootClosed = false;
  let dcDeclared = false;
  const names = new Map<string, NameFacts>();
  let at = 0;
  for (;;) {
    const open = doc.indexOf('<', at);
    if (open < 0) break;
    const next = doc.charCodeAt(open + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      // A comment, CDATA section or processing instruction: skipped whole, so an end tag inside never counts.
      const comment = doc.startsWith('<!--', open);
      const cdata = !comment && doc.startsWith('<![CDATA[', open);
      if (comment || cdata || next === 63) {
        if (cdata && stack.length === 0) return null;
        const terminator = comment ? '-->' : cdata ? ']]>' : '?>';
        const close = doc.indexOf(terminator, open + 2);
        if (close < 0) return null;
        at = close + terminator.length;
        field = markOdd(item, field);
        continue;
      }
      // Only the prolog's DOCTYPE (already vetted by readProlog) may appear; none inside the document.
      if (stack.length > 0 || rootClosed || !/^<!DOCTYPE\s/i.test(doc.slice(open, open + 10))) return null;
      const close = doc.indexOf('>', open);
      if (close < 0) return null;
      at = close + 1;
      continue;
    }
    if (next === 47 /* / */) {
      const close = doc.indexOf('>', open + 2);
      const top = stack.at(-1);
      if (close < 0 || top === undefined || !doc.startsWith(top, open + 2)) return null;
      if (!blank(doc, open + 2 + top.length, close)) return null;
      stack.pop();
      at = close + 1;
      if (item && stack.length === itemDepth + 1 && field) {
        // The end of a date or proof field: its text, or ODD when it holds markup.
        const content = doc.slice(field.start, open);
        item.fields.set(field.name, content.includes('<') ? ODD : content);
        field = null;
      } else if (item && stack.length === itemDepth) {
        item.end = at;
        items.push(item);
        item = null;
      } else if (stack.length === 0) {
        rootClosed = true;
      }
      continue;
    }
    // A start tag.
    let nameEnd = open + 1;
    while (nameEnd < doc.length && !endsName(doc.charCodeAt(nameEnd))) nameEnd += 1;
    const name = doc.slice(open + 1, nameEnd);
    let facts = names.get(name);
    if (!facts) {
      facts = nameFacts(name, format);
      // Feeds use a few dozen names; a document of a million distinct ones must not grow the cache with it.
      if (names.size < MAX_CACHED_NAMES) names.set(name, facts);
    }
    if (facts.refused || rootClosed) return null;
    const { local } = facts;
    const depth = stack.length;
    const end = tagEnd(doc, nameEnd, depth === 0);
    if (end < 0) return null;
    const selfClosing = doc.charCodeAt(end - 2) === 47;
    if (depth === 0) {
      const tag = doc.slice(open, end);
      if (!rootNamespacesKnown(format, tag)) return null;
      dcDeclared = /\sxmlns:dc\s*=/.test(tag);
    }
    field = markOdd(item, field);
    if (item && depth === itemDepth + 1) {
      // A direct child of an item.
      if (facts.date === -1) return null;
      const watched = facts.date === 1 || facts.proof;
      // feedsmith reads the first of a repeated field, but the first non-blank dc:date: not repeated here.
      if (name === 'dc:date' && item.fields.has(name)) return null;
      // An Atom text construct with a type (xhtml wants a div) may read as nothing: only a bare one is proof.
      const typed = format === 'atom' && facts.proof && end !== nameEnd + 1;
      if (watched && !item.fields.has(name)) {
        if (selfClosing || typed) item.fields.set(name, typed ? ODD : '');
        else field = { name, start: end };
      }
    } else if (!item) {
      if (local === 'item' || local === 'entry') {
        if (depth !== itemDepth || name !== itemName || (format === 'rss' && stack[1] !== 'channel')) return null;
        item = { start: open, end: -1, fields: new Map() };
        if (selfClosing) return null;
      } else if (local === 'channel') {
        if (name !== 'channel' || depth !== 1) return null;
        channels += 1;
        if (channels > 1) return null;
      } else if (format === 'rdf' && (local === 'items' || local === 'seq' || local === 'li')) {
        // RSS 1.0's table of contents reorders and filters items in feedsmith's reading.
        return null;
      }
    }
    if (!selfClosing) {
      if (depth + 1 > MAX_DEPTH) return null;
      stack.push(name);
    } else if (depth === 0) {
      return null;
    }
    at = end;
  }
  if (!rootClosed || item) return null;
  return { items, dcDeclared };
}

/** A field's text as feedsmith's parseString leaves plain text: trimmed, undefined when blank or not plain. */
function plain(value: string | undefined): string | undefined {
  if (value === ODD) return undefined;
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Whether plain text (no markup) is non-blank once entities are decoded: a character outside any entity shows. */
function visible(value: string | undefined): boolean {
  return value !== undefined && value !== ODD && /\S/.test(value.replace(/&[^;\s]*;/g, ''));
}

/**
 * The document cut down to the newest MAX_ITEMS_PER_FETCH items, picked exactly as the normaliser picks them from
 * the whole parse, or null when the feed lists no more than that or the scan cannot be sure (then parse it whole).
 */
export function newestItemsWindow(doc: string, root: string, options: WindowOptions): ItemWindow | null {
  const format = formatOf(root);
  if (!format || !enoughItemTags(doc, format === 'atom' ? '<entry' : '<item')) return null;
  const scanned = scanItems(doc, format);
  if (!scanned || scanned.items.length <= MAX_ITEMS_PER_FETCH) return null;
  const dated: { date_published: string | undefined }[] = [];
  for (const item of scanned.items) {
    const { fields } = item;
    // A date holding markup or entities is decoded by feedsmith in ways not repeated here.
    for (const name of DATE_FIELDS[format]) {
      const value = fields.get(name);
      if (value === ODD || value?.includes('&')) return null;
    }
    if (!scanned.dcDeclared && fields.has('dc:date')) return null;
    // The date the mapping (xml.ts: rssItem, atomEntry) passes on as date_published.
    let date: string | undefined;
    if (format === 'atom') {
      date = plain(fields.get('published')) ?? plain(fields.get('updated'));
    } else {
      const pubDate = format === 'rss' ? plain(fields.get('pubDate')) : undefined;
      const dcDate = plain(fields.get('dc:date'));
      date = (pubDate && options.rssDate(pubDate)) ?? (dcDate && options.rssDate(dcDate)) ?? undefined;
    }
    // feedsmith drops an item it reads no field from; one with a date or a plain title, link or id is kept.
    const proven = date !== undefined || [...PROOF_FIELDS[format]].some((name) => visible(fields.get(name)));
    if (!proven) return null;
    dated.push({ date_published: date });
  }
  const keep = newestItems(dated, MAX_ITEMS_PER_FETCH, options.now + FUTURE_DATE_TOLERANCE_MS);
  if (!keep) return null;
  const parts: string[] = [];
  const indices: number[] = [];
  let from = 0;
  scanned.items.forEach((item, index) => {
    if (keep[index] === 1) {
      indices.push(index);
      return;
    }
    parts.push(doc.slice(from, item.start));
    from = item.end;
  });
  parts.push(doc.slice(from));
  return { doc: parts.join(''), dropped: scanned.items.length - indices.length, indices };
}

/** Whether the document holds more than MAX_ITEMS_PER_FETCH item start tags at all: short feeds skip the scan. */
function enoughItemTags(doc: string, tag: string): boolean {
  let count = 0;
  for (let at = doc.indexOf(tag); at >= 0; at = doc.indexOf(tag, at + tag.length)) {
    count += 1;
    if (count > MAX_ITEMS_PER_FETCH) return true;
  }
  return false;
}
