import { describe, expect, it } from 'vitest';
import { toOpml } from '@/utils/feed/opml';

// XML 1.0's Char production: anything else makes the document ill-formed.
const NOT_XML_1_0 = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('toOpml', () => {
  // #11: a feed title with a control character made an export no feed reader could import.
  it('writes well-formed XML 1.0 whatever the titles and addresses hold', () => {
    const opml = toOpml(
      [
        {
          title: 'Bell\u0007 \u001b[31mRed\u0000 \uFFFE\uFFFF lone \uD800 pair 😀',
          url: 'https://a.test/f',
          homePageUrl: 'https://a.test/\u0001',
          folder: null,
        },
        { title: 'Tab\tand\nnewline\r', url: 'https://b.test/f', homePageUrl: null, folder: null },
      ],
      '2026-01-01T00:00:00Z',
    );
    expect(NOT_XML_1_0.test(opml)).toBe(false);
    expect(opml).toContain('text="Bell [31mRed  lone  pair 😀"');
    expect(opml).toContain('htmlUrl="https://a.test/"');
    // Kept, as character references, so an XML parser does not turn them into spaces in an attribute.
    expect(opml).toContain('text="Tab&#9;and&#10;newline&#13;"');
  });
});
