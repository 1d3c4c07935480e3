// The one entry point for a feed body of any format (#13): decode the bytes, tell JSON from XML by the body (never
// by the content type: servers label feeds text/html, text/plain or application/octet-stream), and parse.
import { decodeBody, type EncodingSource } from './decode';
import { DEFAULT_MAX_BYTES, parseFeed as parseJsonFeed, tooLargeError } from './parse';
import type { ParseOptions, ParseResult } from './parse';
import { parseXmlDocument, type XmlFeedFormat } from './xml';

/** The feed formats Digest reads. */
export type FeedFormat = 'json' | XmlFeedFormat;

/** How to read one feed body of any format. */
export interface ReadOptions extends ParseOptions {
  /** The response's Content-Type: its `charset` decodes the body when neither a byte-order mark nor an XML declaration names one. */
  contentType?: string | null;
}

/** A feed body read: the normalised result, the format it was (null when it was none) and the encoding used. */
export type ReadResult = ParseResult & {
  format: FeedFormat | null;
  /** The encoding the body was decoded with ("utf-8", "windows-1252"…), and where that came from. */
  encoding: string;
  encodingSource: EncodingSource;
};

/** What a body looks like from its first non-blank character: JSON, markup, or neither. */
export function sniffBody(text: string): 'json' | 'xml' | 'other' {
  const first = /\S/.exec(text.slice(0, 4096))?.[0];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return 'xml';
  return 'other';
}

/**
 * Reads a feed body (bytes or text) of any format Digest knows, JSON Feed, RSS 2.0, Atom 1.0 or RSS 1.0 (RDF), into
 * normalised posts, or a named error. Never throws.
 */
export function readFeed(body: string | Uint8Array, options: ReadOptions = {}): ReadResult {
  const { maxBytes = DEFAULT_MAX_BYTES, contentType } = options;
  if (typeof body !== 'string' && body.byteLength > maxBytes) {
    return { ok: false, error: tooLargeError(maxBytes), format: null, encoding: 'utf-8', encodingSource: 'default' };
  }
  const decoded =
    typeof body === 'string'
      ? { text: body.replace(/^\uFEFF/, ''), encoding: 'utf-8', source: 'default' as const }
      : decodeBody(body, contentType);
  const facts = { encoding: decoded.encoding, encodingSource: decoded.source };
  if (sniffBody(decoded.text) === 'xml') return { ...parseXmlDocument(decoded.text, options), ...facts };
  // JSON, or neither: the JSON Feed parser names what is wrong (empty, cut off, not JSON).
  const result = parseJsonFeed(decoded.text, options);
  return { ...result, format: result.ok ? 'json' : null, ...facts };
}
