import { describe, expect, it } from 'vitest';
import { htmlToText, isoDate, parseFeed, safeUrl, shorten } from '@/utils/feed-schema';
import { sampleFeedText } from '../fixtures/sample';

function feed(items: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items, ...extra });
}

describe('parseFeed', () => {
  it('reads the sample feed: 9 posts in Engineering, AI & Tools and Career', () => {
    const result = parseFeed(sampleFeedText);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.feed.title).toBe('Engineering notes');
    expect(result.feed.homePageUrl).toBe('https://blog.example.com/');
    expect(result.posts).toHaveLength(9);
    expect(result.skipped).toEqual([]);
    const counts = Object.fromEntries(
      ['Engineering', 'AI & Tools', 'Career'].map((c) => [c, result.posts.filter((p) => p.category === c).length]),
    );
    expect(counts).toEqual({ Engineering: 7, 'AI & Tools': 1, Career: 1 });
    expect(result.posts[0]).toMatchObject({
      id: 'fintech-lessons',
      url: 'https://blog.example.com/posts/fintech-lessons',
      published: '2026-06-20T09:00:00.000Z',
    });
  });

  it('names a page that is not JSON, and JSON that is not a feed', () => {
    expect(parseFeed('<!doctype html><form>Log in</form>')).toMatchObject({ ok: false, error: { kind: 'not-json' } });
    expect(parseFeed('{"items": [')).toMatchObject({ ok: false, error: { kind: 'not-json' } });
    expect(parseFeed('[1,2]')).toMatchObject({ ok: false, error: { kind: 'invalid-feed' } });
    expect(parseFeed('{"title":"x"}')).toMatchObject({ ok: false, error: { kind: 'invalid-feed' } });
  });

  it('accepts a byte-order mark', () => {
    expect(parseFeed(`\uFEFF${feed([{ id: 'a', title: 'A' }])}`)).toMatchObject({ ok: true });
  });

  it('coerces numeric ids, falls back to the url, and skips items with neither or with a repeated id', () => {
    const result = parseFeed(
      feed([
        { id: 7, title: 'n' },
        { url: 'https://x.test/a', title: 'u' },
        { title: 'none' },
        { id: 7, title: 'dup' },
        'junk',
      ]),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.posts.map((p) => p.id)).toEqual(['7', 'https://x.test/a']);
    expect(result.skipped.map((s) => s.index)).toEqual([2, 3, 4]);
  });

  it('resolves relative links and drops links that are not http(s)', () => {
    const result = parseFeed(
      feed(
        [
          { id: 'rel', url: '/posts/rel' },
          { id: 'js', url: 'javascript:alert(1)', external_url: 'data:text/html,x' },
        ],
        { feed_url: 'https://blog.test/feed.json' },
      ),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.posts.map((p) => p.url)).toEqual(['https://blog.test/posts/rel', null]);
  });

  it('derives a missing title, strips HTML from content, and uses Uncategorized when there are no tags', () => {
    const result = parseFeed(
      feed([
        {
          id: 'h',
          content_html: '<p onclick="x()">Hello <b>world</b> &amp; <script>alert(1)</script>friends</p>',
          tags: ['  ', 'News'],
        },
        { id: 'u', title: 'U' },
      ]),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.posts[0]).toMatchObject({
      title: 'Hello world & friends',
      summary: 'Hello world & friends',
      category: 'News',
    });
    expect(result.posts[1]?.category).toBe('Uncategorized');
  });

  it('keeps odd dates out: null, never "Invalid Date"', () => {
    const result = parseFeed(feed([{ id: 'd', title: 'D', date_published: 'yesterday-ish', date_modified: 42 }]));
    if (!result.ok) throw new Error('rejected');
    expect(result.posts[0]).toMatchObject({ published: null, modified: null });
  });
});

describe('text helpers', () => {
  it('shortens at a word boundary', () => {
    expect(shorten('one two three four', 12)).toBe('one two…');
    expect(shorten('short', 12)).toBe('short');
  });
  it('decodes entities and drops tags', () => {
    expect(htmlToText('a&lt;b&gt; &#169; &#x41; <i>c</i>')).toBe('a<b> © A c');
  });
  it('allows only http(s) urls', () => {
    expect(safeUrl('https://a.test/x')).toBe('https://a.test/x');
    expect(safeUrl('JavaScript:alert(1)')).toBeNull();
    expect(safeUrl('x', null)).toBeNull();
  });
  it('normalises dates to ISO UTC', () => {
    expect(isoDate('2026-06-20T11:00:00+02:00')).toBe('2026-06-20T09:00:00.000Z');
    expect(isoDate('')).toBeNull();
  });
});
