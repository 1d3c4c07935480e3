// fetchFeed against a real HTTP server on 127.0.0.1: validators, server hints, failures, limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '@/utils/feed/fetch';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server';
import { sampleFeedText } from '../../fixtures/sample';

let server: FeedServer;

/** A fetch whose error repeats a URL with credentials. */
async function leaky(): Promise<Response> {
  throw new TypeError('Redirect to https://reader:s3cret@blog.test/feed.json refused');
}
let url: string;

beforeEach(async () => {
  server = await startFeedServer();
  url = `${server.origin}/feed.json`;
});
afterEach(() => server.close());

describe('fetchFeed', () => {
  it('sends the ETag back exactly as received and gets a 304 it does not parse', async () => {
    const etag = 'W/"v1-2026-11-24"';
    server.route('/feed.json', (req, res) => {
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag, 'Cache-Control': 'max-age=600' });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/feed+json', ETag: etag });
      res.end(sampleFeedText);
    });
    const first = await fetchFeed(url);
    expect(first).toMatchObject({ status: 'updated', validators: { etag, lastModified: null } });
    if (first.status !== 'updated') return;
    expect(first.posts).toHaveLength(9);
    const second = await fetchFeed(url, { validators: first.validators });
    expect(second).toEqual({ status: 'not-modified', hints: { retryAfter: null, cacheControl: 'max-age=600' } });
    expect(server.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, etag]);
  });

  it('round-trips Last-Modified as If-Modified-Since', async () => {
    const lastModified = 'Tue, 24 Nov 2026 08:00:00 GMT';
    server.route('/feed.json', (req, res) => {
      if (req.headers['if-modified-since'] === lastModified) {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Last-Modified': lastModified });
      res.end(sampleFeedText);
    });
    const first = await fetchFeed(url);
    if (first.status !== 'updated') throw new Error(first.status);
    expect(first.validators).toEqual({ etag: null, lastModified });
    expect((await fetchFeed(url, { validators: first.validators })).status).toBe('not-modified');
    expect(server.requests[1]?.ifModifiedSince).toBe(lastModified);
  });

  it('accepts a JSON Feed served with a wrong content type', async () => {
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=iso-8859-1' });
      res.end(sampleFeedText);
    });
    expect((await fetchFeed(url)).status).toBe('updated');
  });

  it('reports 429 as `http` with the Retry-After hint', async () => {
    server.route('/feed.json', (_req, res) => {
      res.writeHead(429, { 'Retry-After': '120' });
      res.end('slow down');
    });
    expect(await fetchFeed(url)).toMatchObject({
      status: 'failed',
      error: { kind: 'http', message: 'The feed server answered HTTP 429.', status: 429 },
      hints: { retryAfter: '120' },
    });
  });

  it('reports a 500 as `http`', async () => {
    server.route('/feed.json', (_req, res) => {
      res.writeHead(500);
      res.end('oops');
    });
    expect(await fetchFeed(url)).toMatchObject({ status: 'failed', error: { kind: 'http', status: 500 } });
  });

  it('gives up on a slow server with `timeout`', async () => {
    server.route('/feed.json', async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.write('{"version":"https://jsonfeed.org/version/1.1","items":[');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      res.end(']}');
    });
    const started = Date.now();
    const outcome = await fetchFeed(url, { timeoutMs: 300 });
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  it('stops reading a body past the size limit while it streams (the server never finishes)', async () => {
    let sent = 0;
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.write('{"items":[');
      // An endless body, without Content-Length: only a limit applied while reading can stop it.
      const timer = setInterval(() => {
        const ok = res.write(`"${'x'.repeat(16 * 1024)}",`);
        sent += 16 * 1024;
        if (!ok && res.destroyed) clearInterval(timer);
      }, 1);
      res.on('close', () => clearInterval(timer));
    });
    const outcome = await fetchFeed(url, { maxBytes: 256 * 1024 });
    expect(outcome).toMatchObject({
      status: 'failed',
      error: { kind: 'too-large', message: 'The feed is larger than 256 KB.' },
    });
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('rejects a declared Content-Length over the limit before reading', async () => {
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json', 'Content-Length': String(2 * 1024 * 1024) });
      res.write('{');
    });
    expect(await fetchFeed(url, { maxBytes: 1024 * 1024 })).toMatchObject({
      status: 'failed',
      error: { kind: 'too-large', message: 'The feed is larger than 1 MB.' },
    });
  });

  it('names a captive portal’s HTML login page `not-a-feed`', async () => {
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Sign in to Hotel Wi-Fi</title><form method=post><input name=room></form>');
    });
    expect(await fetchFeed(url)).toMatchObject({ status: 'failed', error: { kind: 'not-a-feed' } });
  });

  it('reads an RSS feed served as text/html in ISO-8859-1, named only by the Content-Type charset (#13)', async () => {
    let accept: string | undefined;
    server.route('/feed.json', (req, res) => {
      accept = req.headers.accept;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=ISO-8859-1' });
      res.end(
        Buffer.from(
          '<rss version="2.0"><channel><title>Gr\u00fc\u00dfe</title><link>/</link>' +
            '<item><title>Caf\u00e9</title><link>/p/1</link></item></channel></rss>',
          'latin1',
        ),
      );
    });
    expect(await fetchFeed(url)).toMatchObject({
      status: 'updated',
      format: 'rss',
      encoding: 'windows-1252',
      feed: { title: 'Grüße', homePageUrl: `${server.origin}/` },
      posts: [{ title: 'Café', url: `${server.origin}/p/1` }],
    });
    expect(accept).toMatch(/application\/feed\+json.*application\/atom\+xml.*application\/rss\+xml/);
  });

  it('resolves relative links against the address the feed came from, after redirects (#11)', async () => {
    const relative = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      items: [{ id: 'a', url: 'posts/a' }],
    });
    server.route('/feed.json', (_req, res) => {
      res.writeHead(301, { Location: '/blog/feed.json' });
      res.end();
    });
    server.route('/blog/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(relative);
    });
    const outcome = await fetchFeed(url);
    expect(outcome.status === 'updated' && outcome.posts[0]?.url).toBe(`${server.origin}/blog/posts/a`);
  });

  // #11: Node's fetch refuses such a URL with a message that repeats it, password included.
  it('never fetches a URL with credentials, and never repeats one in an error', async () => {
    const withCredentials = url.replace('http://', 'http://reader:s3cret@');
    const outcome = await fetchFeed(withCredentials);
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'network' } });
    expect(JSON.stringify(outcome)).not.toMatch(/s3cret|reader/);
    expect(server.requests).toEqual([]);
    const failed = await fetchFeed(url, { fetchImpl: leaky });
    expect(failed).toMatchObject({ status: 'failed', error: { kind: 'network' } });
    expect(JSON.stringify(failed)).not.toMatch(/s3cret|reader/);
  });

  it('names a dead server `network`', async () => {
    await server.close();
    expect(await fetchFeed(url)).toMatchObject({ status: 'failed', error: { kind: 'network' } });
  });
});
