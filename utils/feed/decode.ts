// Bytes to text for a feed of any format (#13). Servers label feeds text/html, text/plain or
// application/octet-stream and older XML feeds are still written in ISO-8859-1 or windows-1252, so the encoding is
// taken from the body first: a byte-order mark, then the XML declaration's `encoding`, then the Content-Type's
// `charset`, then UTF-8 (what JSON and XML both default to).

/** Where the encoding used to read a body came from. */
export type EncodingSource = 'bom' | 'xml-declaration' | 'content-type' | 'default';

/** A decoded body: its text (without a byte-order mark), the encoding used and why. */
export interface DecodedBody {
  text: string;
  /** The encoding's canonical name as TextDecoder reports it ("utf-8", "utf-16le", "windows-1252"…). */
  encoding: string;
  source: EncodingSource;
}

/** A TextDecoder for a label, or null when the platform does not know the label. */
function decoderFor(label: string): TextDecoder | null {
  try {
    // Not fatal: a stray invalid byte becomes U+FFFD rather than losing the whole feed.
    return new TextDecoder(label.trim().toLowerCase(), { fatal: false, ignoreBOM: false });
  } catch {
    return null;
  }
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // "<?" in UTF-16 without a mark (XML 1.0 appendix F).
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return 'utf-16be';
  return null;
}

// The XML declaration is ASCII in every encoding TextDecoder reads byte-wise, so its first bytes are read as Latin-1.
const XML_DECLARATION_ENCODING = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]{0,39})["']/;

/** The `encoding` an XML declaration names, or null. */
export function declaredEncoding(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  return XML_DECLARATION_ENCODING.exec(head)?.[1] ?? null;
}

/** The `charset` parameter of a Content-Type header, or null. */
export function contentTypeCharset(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1] ?? null;
}

/**
 * Decodes a feed body by, in this order of authority: its byte-order mark, its XML declaration's `encoding`, the
 * Content-Type's `charset`, else UTF-8. A label the platform does not know falls through to the next source.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): DecodedBody {
  const candidates: [string | null, EncodingSource][] = [
    [bomEncoding(bytes), 'bom'],
    [declaredEncoding(bytes), 'xml-declaration'],
    [contentTypeCharset(contentType), 'content-type'],
    ['utf-8', 'default'],
  ];
  for (const [label, source] of candidates) {
    if (!label) continue;
    const decoder = decoderFor(label);
    // A declaration saying "utf-16" on a body without a mark is wrong (the declaration itself was read as ASCII).
    if (!decoder || (source === 'xml-declaration' && decoder.encoding.startsWith('utf-16'))) continue;
    return { text: decoder.decode(bytes).replace(/^\uFEFF/, ''), encoding: decoder.encoding, source };
  }
  // Unreachable: UTF-8 is always known.
  return { text: new TextDecoder().decode(bytes), encoding: 'utf-8', source: 'default' };
}
