// `npm run --silent feed:check -- [--json] <file-or-url>`: runs Digest's own ingestion code (the parser
// and, for a URL, the polite fetcher) on a feed and reports what readers will see.
// Exit status: 0 usable (even with skipped items or no items), 1 rejected, 2 usage error.
import { readFile } from 'node:fs/promises';
import type { FeedError } from '../utils/errors';
import { fetchFeed, type FetchOutcome } from '../utils/feed/fetch';
import {
  MAX_ITEMS_PER_FETCH,
  parseFeed,
  type FeedInfo,
  type NormalizedPost,
  type SkippedItem,
} from '../utils/feed/parse';

const USAGE = `Usage: npm run --silent feed:check -- [--json] <file-or-url>

Checks a JSON Feed the way Digest reads it.
  <file-or-url>  a local file, or an http(s) URL fetched as Digest fetches it
  --json         print one JSON object instead of a report
Exit status: 0 usable, 1 rejected, 2 usage error.`;

/** The machine-readable result, one object on stdout with --json. */
interface CheckReport {
  ok: boolean;
  error: FeedError | null;
  feed: Pick<FeedInfo, 'title' | 'homePageUrl' | 'expired'> | null;
  items: Pick<NormalizedPost, 'id' | 'title' | 'url' | 'category' | 'published' | 'modified' | 'summary'>[];
  skipped: SkippedItem[];
  categories: Record<string, number>;
  /** Items whose date is too far in the future to trust: Digest ignores the date. */
  futureDated: number;
  /** Items beyond the newest MAX_ITEMS_PER_FETCH, which Digest does not read. */
  overLimit: number;
}

/** What a URL's response said about caching; null for a file. */
interface HttpFacts {
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
}

type Parsed =
  | {
      ok: true;
      feed: FeedInfo;
      posts: NormalizedPost[];
      skipped: SkippedItem[];
      futureDated: number;
      overLimit: number;
      http: HttpFacts | null;
    }
  | { ok: false; error: FeedError };

// Control characters (ESC starts a terminal command), DEL, C1 controls, bidi marks, embeddings, overrides and
// isolates, and line separators: a feed's text must never reach the terminal as any of them (#11).
// oxlint-disable-next-line no-control-regex
const UNSAFE_FOR_TERMINAL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** A line as the terminal may show it: unsafe characters written as visible escapes (\x1b, \u202e). */
function visible(line: string): string {
  return line.replace(UNSAFE_FOR_TERMINAL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function usage(message: string): never {
  process.stderr.write(`${visible(message)}\n\n${USAGE}\n`);
  process.exit(2);
}

function fromOutcome(outcome: FetchOutcome): Parsed {
  if (outcome.status === 'failed') return { ok: false, error: outcome.error };
  if (outcome.status === 'not-modified') {
    return { ok: false, error: { kind: 'http', message: 'The server answered 304 to a request without validators.' } };
  }
  return {
    ok: true,
    feed: outcome.feed,
    posts: outcome.posts,
    skipped: outcome.skipped,
    futureDated: outcome.futureDated,
    overLimit: outcome.overLimit,
    http: { ...outcome.validators, cacheControl: outcome.hints.cacheControl },
  };
}

function toReport(parsed: Parsed): CheckReport {
  if (!parsed.ok) {
    return {
      ok: false,
      error: parsed.error,
      feed: null,
      items: [],
      skipped: [],
      categories: {},
      futureDated: 0,
      overLimit: 0,
    };
  }
  // Counted in a Map: a category named "constructor" or "__proto__" is a feed string, not a property (#11).
  const counts = new Map<string, number>();
  for (const post of parsed.posts) counts.set(post.category, (counts.get(post.category) ?? 0) + 1);
  // Object.fromEntries defines own properties, so even "__proto__" becomes an ordinary key of the JSON object.
  const categories = Object.fromEntries(counts);
  const { feed } = parsed;
  return {
    ok: true,
    error: null,
    feed: { title: feed.title, homePageUrl: feed.homePageUrl, expired: feed.expired },
    items: parsed.posts.map(({ id, title, url, category, published, modified, summary }) => ({
      id,
      title,
      url,
      category,
      published,
      modified,
      summary,
    })),
    skipped: parsed.skipped,
    categories,
    futureDated: parsed.futureDated,
    overLimit: parsed.overLimit,
  };
}

/** Advice for the publisher: things that work but make Digest (or its readers) worse off. */
function warnings(parsed: Parsed): string[] {
  if (!parsed.ok) return [];
  const out: string[] = [];
  const count = (test: (post: NormalizedPost) => boolean) => parsed.posts.filter(test).length;
  const undated = count((post) => post.published === null);
  const unlinked = count((post) => post.url === null);
  const untagged = count((post) => post.category === 'Uncategorized');
  if (parsed.posts.length === 0) out.push('The feed has no items: readers will see an empty digest.');
  if (parsed.futureDated) {
    out.push(`${parsed.futureDated} item(s) are dated in the future: Digest uses when it first saw them.`);
  }
  if (undated) out.push(`${undated} item(s) have no valid date_published: they sort by when Digest first saw them.`);
  if (unlinked) out.push(`${unlinked} item(s) have no http(s) url: readers cannot open them.`);
  if (untagged) out.push(`${untagged} item(s) have no tags: they appear under "Uncategorized".`);
  if (!parsed.feed.homePageUrl) out.push('The feed has no home_page_url.');
  if (parsed.feed.expired) out.push('The feed is marked expired: Digest stops polling it.');
  if (parsed.http) {
    if (!parsed.http.etag && !parsed.http.lastModified) {
      out.push('The server sends neither ETag nor Last-Modified: every poll downloads the whole feed (no 304s).');
    }
    if (!parsed.http.cacheControl) out.push('The server sends no Cache-Control header.');
  }
  return out;
}

function print(report: CheckReport, notes: string[], source: string): void {
  const lines: string[] = [];
  if (!report.ok || !report.feed) {
    lines.push(`✗ ${source} is not usable by Digest`, `  ${report.error?.kind}: ${report.error?.message}`);
  } else {
    lines.push(`✓ ${report.feed.title} — ${report.items.length} item(s) usable by Digest`);
    if (report.feed.homePageUrl) lines.push(`  ${report.feed.homePageUrl}`);
    lines.push('', 'Categories:');
    for (const [name, n] of Object.entries(report.categories).toSorted((a, b) => b[1] - a[1])) {
      lines.push(`  ${String(n).padStart(5)}  ${name}`);
    }
    if (report.skipped.length > 0) {
      lines.push('', `Skipped ${report.skipped.length} item(s):`);
      for (const item of report.skipped) lines.push(`  item ${item.index}: ${item.reason}`);
    }
    if (report.overLimit > 0) {
      const limit = MAX_ITEMS_PER_FETCH.toLocaleString('en');
      lines.push(
        '',
        `Dropped ${report.overLimit} item(s): the feed lists more than ${limit}, and Digest reads only the newest ${limit} (by date_published) of a fetch.`,
      );
    }
    if (notes.length > 0) lines.push('', 'Warnings:', ...notes.map((note) => `  - ${note}`));
  }
  process.stdout.write(`${lines.map(visible).join('\n')}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const json = args.includes('--json');
  const unknown = args.filter((arg) => arg.startsWith('-') && arg !== '--json');
  const targets = args.filter((arg) => !arg.startsWith('-'));
  if (unknown.length > 0) usage(`Unknown option: ${unknown.join(' ')}`);
  if (targets.length !== 1) usage(targets.length === 0 ? 'Name one feed file or URL.' : 'Name only one feed.');
  const source = targets[0]!;

  let parsed: Parsed;
  if (/^https?:\/\//i.test(source)) {
    parsed = fromOutcome(await fetchFeed(source));
  } else {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(source);
    } catch (error) {
      usage(`Cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const result = parseFeed(bytes);
    parsed = result.ok ? { ...result, http: null } : result;
  }
  const report = toReport(parsed);
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else print(report, warnings(parsed), source);
  process.exitCode = report.ok ? 0 : 1;
}

await main();
