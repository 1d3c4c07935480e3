import { describe, expect, it } from 'vitest';
import { DISCOVERY_PAGE_LIMIT_BYTES, discoverFeedUrl, fetchAndDiscover } from '@/utils/feed/discover';

describe('discoverFeedUrl', () => {
  it('finds the JSON Feed link and resolves it against the page', () => {
    const html = `<head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link type='application/feed+json' rel='alternate' title='JSON' href='feed.json'>
    </head>`;
    expect(discoverFeedUrl(html, 'https://blog.test/posts/')).toBe('https://blog.test/posts/feed.json');
  });

  it('falls back to an Atom, then an RSS or RDF link when the page names no JSON Feed (#13)', () => {
    const html = `<link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link rel="alternate" type="application/atom+xml" href="/atom.xml">`;
    expect(discoverFeedUrl(html, 'https://blog.test/')).toBe('https://blog.test/atom.xml');
    expect(discoverFeedUrl(html.split('\n')[0]!, 'https://blog.test/')).toBe('https://blog.test/rss.xml');
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

// #11: JSON Feed 1.0 recommends type="application/json" for its alternate link.
describe('discoverFeedUrl with application/json', () => {
  it('accepts an application/json alternate', () => {
    expect(
      discoverFeedUrl('<link rel="alternate" type="application/json" href="/feed.json">', 'https://blog.test/a/'),
    ).toBe('https://blog.test/feed.json');
  });

  it('prefers application/feed+json when both are there, whatever their order', () => {
    const html = `<link rel="alternate" type="application/json" href="/api.json">
      <link rel="alternate" type="application/feed+json; charset=utf-8" href="/feed.json">`;
    expect(discoverFeedUrl(html, 'https://blog.test/')).toBe('https://blog.test/feed.json');
  });
});

/** A fetch whose page starts with a feed link and then never ends (or would be `total` bytes long). */
function endlessPage(options: { total?: number; stall?: boolean } = {}) {
  const { total = 64 * 1024 * 1024, stall = false } = options;
  const chunk = new TextEncoder().encode(`<p>${'filler '.repeat(9_000)}</p>\n`);
  const state = { pulled: 0, cancelled: false };
  const head = new TextEncoder().encode(
    '<!doctype html><head><link rel="alternate" type="application/feed+json" href="/feed.json"></head><body>',
  );
  const fetchImpl: typeof fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (state.pulled === 0) {
              state.pulled += head.byteLength;
              controller.enqueue(head);
              return;
            }
            if (stall) return new Promise<void>(() => undefined);
            if (state.pulled >= total) return controller.close();
            state.pulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
          cancel() {
            state.cancelled = true;
          },
        },
        { highWaterMark: 0 },
      ),
      { headers: { 'Content-Type': 'text/html' } },
    );
  return { fetchImpl, state };
}

// #11: the whole page was read (response.text()) and only then cut to 2 MB.
describe('fetchAndDiscover', () => {
  it('reads at most the first 2 MB of a huge page, then stops it, and finds the link there', async () => {
    const { fetchImpl, state } = endlessPage();
    expect(await fetchAndDiscover('https://blog.test/', fetchImpl)).toBe('https://blog.test/feed.json');
    expect(state.pulled).toBeLessThanOrEqual(DISCOVERY_PAGE_LIMIT_BYTES + 128 * 1024);
    expect(state.cancelled).toBe(true);
  });

  it('gives up on a page that stops arriving, within the timeout', async () => {
    const { fetchImpl, state } = endlessPage({ stall: true });
    const started = Date.now();
    expect(await fetchAndDiscover('https://blog.test/', fetchImpl, 200)).toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(state.cancelled).toBe(true);
  });
});
