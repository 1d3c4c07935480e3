// `npm run feed:check` as publishers run it: a child process, its stdout and its exit status.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '@/utils/feed/read';
import { startFeedServer, type FeedServer } from '../helpers/feed-server';
import { sampleFeedText } from '../fixtures/sample';

const ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = join(ROOT, 'tests/fixtures/feeds');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
// Controls, DEL, C1 controls, bidi marks, embeddings, overrides and isolates, line separators.
// oxlint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

async function feedCheck(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['scripts/feed-check.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each case starts a TypeScript process; on a busy two-core machine that takes seconds.
describe('feed:check --json on the fixture corpus', { timeout: 60_000 }, () => {
  // Every file of the corpus, the XML fixtures included (#13).
  const names = readdirSync(CORPUS, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(CORPUS.length + 1));

  it.concurrent.each(names)(
    '%s: one JSON object of the specified shape, exit 0 when usable, 1 when rejected',
    async (name) => {
      const { code, stdout } = await feedCheck('--json', join(CORPUS, name));
      const report = JSON.parse(stdout) as Record<string, unknown>;
      expect(Object.keys(report)).toEqual([
        'ok',
        'format',
        'error',
        'feed',
        'items',
        'skipped',
        'categories',
        'futureDated',
        'overLimit',
        'discovered',
      ]);
      const expected = readFeed(readFileSync(join(CORPUS, name)));
      expect(report.ok).toBe(expected.ok);
      expect(report.format).toBe(expected.format);
      expect(code).toBe(expected.ok ? 0 : 1);
      expect(report.error).toEqual(expected.ok ? null : expected.error);
      const feed = expected.ok ? expected.feed : null;
      expect(report.feed).toEqual(
        feed && {
          title: feed.title,
          homePageUrl: feed.homePageUrl,
          icon: feed.icon,
          favicon: feed.favicon,
          language: feed.language,
          expired: feed.expired,
        },
      );
      const posts = expected.ok ? expected.posts : [];
      expect(report.items).toEqual(
        posts.map(({ id, title, url, category, published, modified, summary, image }) => ({
          id,
          title,
          url,
          category,
          published,
          modified,
          summary,
          image,
        })),
      );
      expect(report.skipped).toEqual(expected.ok ? expected.skipped : []);
      expect(report.futureDated).toBe(expected.ok ? expected.futureDated : 0);
      expect(report.overLimit).toBe(expected.ok ? expected.overLimit : 0);
      const counts = report.categories as Record<string, number>;
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(posts.length);
    },
  );

  it('counts items per category', async () => {
    const { stdout } = await feedCheck('--json', join(CORPUS, 'sample.json'));
    expect(JSON.parse(stdout).categories).toEqual({ Engineering: 7, 'AI & Tools': 1, Career: 1 });
  });

  // #11: a category named "constructor" was counted as "function Object() { [native code] }1".
  it('counts categories named after JavaScript’s own properties, __proto__ included', async () => {
    const { stdout } = await feedCheck('--json', join(CORPUS, 'js-names.json'));
    expect(stdout).not.toContain('native code');
    const categories = JSON.parse(stdout).categories as Record<string, unknown>;
    expect(Object.entries(categories)).toEqual([
      ['constructor', 1],
      ['toString', 1],
      ['__proto__', 1],
      ['hasOwnProperty', 1],
    ]);
  });
});

describe('feed:check as a command', { timeout: 60_000 }, () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/feed.json', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/feed+json' });
      res.end(sampleFeedText);
    });
    server.route('/login', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><form>Sign in</form>');
    });
  });
  afterAll(() => server.close());

  it('prints a readable report with categories, skipped items and warnings', async () => {
    const { code, stdout } = await feedCheck(join(CORPUS, 'ids.json'));
    expect(code).toBe(0);
    expect(stdout).toContain('✓ Ids — 4 item(s) usable by Digest');
    expect(stdout).toContain('item 3: duplicate id "42"');
    expect(stdout).toContain('have no tags');
  });

  it('names the format and the encoding it read, and the feed an HTML page links to (#13)', async () => {
    const rss = await feedCheck(join(CORPUS, 'xml/windows-1252.xml'));
    expect(rss.code).toBe(0);
    expect(rss.stdout).toContain('✓ Café “quoted” €');
    expect(rss.stdout).toContain('Format: RSS 2.0, read as windows-1252 (named by its XML declaration)');
    const atom = await feedCheck(join(CORPUS, 'xml/atom-full.xml'));
    expect(atom.stdout).toContain('Format: Atom 1.0, read as utf-8');
    // What the pages show of it (#13): the icon beside its name, its language, its posts' pictures.
    expect(atom.stdout).toContain('Icon: https://atom.example.org/blog/favicon.ico');
    expect(atom.stdout).toContain('Language: de-DE');
    expect(atom.stdout).toContain('Pictures: 2 of 3 item(s)');
    expect(rss.stdout).toContain('The feed has no usable channel image');
    const page = await feedCheck('--json', join(CORPUS, 'xml/blog-page.html'));
    expect(page.code).toBe(1);
    expect(JSON.parse(page.stdout)).toMatchObject({
      ok: false,
      format: null,
      error: { kind: 'not-a-feed' },
      discovered: 'https://blog.example.com/feed.xml',
    });
    const readable = await feedCheck(join(CORPUS, 'xml/blog-page.html'));
    expect(readable.stdout).toContain('https://blog.example.com/feed.xml');
  });

  it('lists categories named after JavaScript’s own properties with their counts (#11)', async () => {
    const { stdout } = await feedCheck(join(CORPUS, 'js-names.json'));
    expect(stdout).not.toContain('native code');
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(stdout).toMatch(new RegExp(`^ +1  ${name}$`, 'm'));
    }
  });

  it('never writes a control or bidi character to the terminal: it shows them escaped (#11)', async () => {
    const { code, stdout } = await feedCheck(join(CORPUS, 'control-chars.json'));
    expect(code).toBe(0);
    expect(stdout.replace(/\n/g, '').match(TERMINAL_UNSAFE)).toBeNull();
    expect(stdout).toContain('✓ Control\\u200f [2J[31mchars[0m — 2 item(s) usable by Digest');
  });

  it('says how many items it dropped beyond the newest 1,000, and why (#11)', async () => {
    const { code, stdout } = await feedCheck(join(CORPUS, 'too-many-items.json'));
    expect(code).toBe(0);
    expect(stdout).toContain('— 1000 item(s) usable by Digest');
    expect(stdout).toContain(
      'Dropped 5 item(s): the feed lists more than 1,000, and Digest reads only the newest 1,000 (by date_published) of a fetch.',
    );
  });

  it('says how many items are dated in the future (#11)', async () => {
    const { code, stdout } = await feedCheck(join(CORPUS, 'odd-dates.json'));
    expect(code).toBe(0);
    expect(stdout).toContain('1 item(s) are dated in the future: Digest uses when it first saw them.');
  });

  it('fetches a URL as Digest does and warns about missing caching headers', async () => {
    const ok = await feedCheck(`${server.origin}/feed.json`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Engineering notes — 9 item(s)');
    expect(ok.stdout).toContain('neither ETag nor Last-Modified');
    const login = await feedCheck('--json', `${server.origin}/login`);
    expect(login.code).toBe(1);
    expect(JSON.parse(login.stdout).error.kind).toBe('not-a-feed');
    const missing = await feedCheck('--json', `${server.origin}/nowhere`);
    expect(JSON.parse(missing.stdout).error).toEqual({
      kind: 'http',
      message: 'The feed server answered HTTP 404.',
      status: 404,
    });
  });

  it('exits 2 on usage errors', async () => {
    expect((await feedCheck()).code).toBe(2);
    expect((await feedCheck('--bogus', 'x.json')).code).toBe(2);
    expect((await feedCheck('a.json', 'b.json')).code).toBe(2);
    const missing = await feedCheck('--json', join(CORPUS, 'does-not-exist.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read');
  });
});
