import { describe, expect, it } from 'vitest';
import { discoverFeedUrl } from '@/utils/discovery';

describe('discoverFeedUrl', () => {
  it('finds the JSON Feed link and resolves it against the page', () => {
    const html = `<head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link type='application/feed+json' rel='alternate' title='JSON' href='feed.json'>
    </head>`;
    expect(discoverFeedUrl(html, 'https://blog.test/posts/')).toBe('https://blog.test/posts/feed.json');
  });

  it('ignores pages without one and links that are not http(s)', () => {
    expect(discoverFeedUrl('<html></html>', 'https://blog.test/')).toBeNull();
    expect(
      discoverFeedUrl(
        '<link rel="alternate" type="application/feed+json" href="javascript:alert(1)">',
        'https://blog.test/',
      ),
    ).toBeNull();
  });

  it('ignores a feed link with credentials (#11)', () => {
    expect(
      discoverFeedUrl(
        '<link rel="alternate" type="application/feed+json" href="https://u:p@blog.test/feed.json">',
        'https://blog.test/',
      ),
    ).toBeNull();
  });
});
