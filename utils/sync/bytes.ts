// How the browsers count `storage.sync` bytes (pure: shared by the preferences and the reading list's sync, #15).

/**
 * Bytes of a JSON text as the browsers count a `storage.sync` item: UTF-8, with each character that
 * Chrome's JSON writer may escape to `\uXXXX` ('<', line and paragraph separators; '>', '&' and DEL to be
 * safe) counted as 6. JSON.stringify leaves no lone surrogate, so a surrogate unit is half of 4 bytes.
 */
export function jsonTextBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x3c || unit === 0x3e || unit === 0x26 || unit === 0x7f || unit === 0x2028 || unit === 0x2029) {
      bytes += 6;
    } else if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** What the browser counts against QUOTA_BYTES_PER_ITEM for `key` holding `value` (an upper bound). */
export function syncItemBytes(key: string, value: unknown): number {
  return jsonTextBytes(key) + jsonTextBytes(JSON.stringify(value) ?? '');
}
