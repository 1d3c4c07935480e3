// `npm run --silent feed:check -- [--json] <file-or-url>`: runs Digest's own ingestion code (the parser
// and, for a URL, the polite fetcher) on a feed and reports what readers will see.
// Exit status: 0 usable (even with skipped items or no items), 1 rejected, 2 usage error.
import { readFile } from 'node:fs/promises';
import type { FeedError } from '../utils/errors';
import { pathToFileURL } from 'node:url';
import { decodeBody, type EncodingSource } from '../utils/feed/decode';
import { chooseFeed, discoverFeedUrl, fetchAndDiscover } from '../utils/feed/discover';
import { fetchFeed, type FetchOutcome } from '../utils/feed/fetch';
import { readFeed, type FeedFormat } from '../utils/feed/read';
import {
  MAX_ITEMS_PER_FETCH,
  type FeedInfo,
  type NormalizedPost,
  type ParsedFeed,
  type SkippedItem,
} from '../utils/feed/parse';

const USAGE = `Usage: npm run --silent feed:check -- [--json] <file-or-url>

Checks a feed (JSON Feed, RSS 2.0, Atom 1.0 or RSS 1.0/RDF) the way Digest reads it.
  <file-or-url>  a local file, or an http(s) URL fetched as Digest fetches it
  --json         print one JSON object instead of a report
Exit status: 0 usable, 1 rejected, 2 usage error.`;

/** The machine-readable result, one object on stdout with --json. */
interface CheckReport {
  ok: boolean;
  /** The feed's format when it was read as one (#13). */
  format: FeedFormat | null;
  error: FeedError | null;
  feed: Pick<FeedInfo, 'title' | 'homePageUrl' | 'icon' | 'favicon' | 'language' | 'expired'> | null;
  items: Pick<NormalizedPost, 'id' | 'title' | 'url' | 'category' | 'published' | 'modified' | 'summary' | 'image'>[];
  skipped: SkippedItem[];
  categories: Record<string, number>;
  /** Items whose date is too far in the future to trust: Digest ignores the date. */
  futureDated: number;
  /** Items beyond the newest MAX_ITEMS_PER_FETCH, which Digest does not read. */
  overLimit: number;
  /** For a `not-a-feed` web page: the feed it links to (`<link rel="alternate">`), which Digest would follow. */
  discovered: string | null;
}

/** What a URL's response said about caching; null for a file. */
interface HttpFacts {
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
}

type Parsed =
  | ({
      ok: true;
      format: FeedFormat;
      /** The encoding the body was read with, and where it was named (null: not known, for a URL). */
      encoding: string;
      encodingSource: EncodingSource | null;
      http: HttpFacts | null;
    } & ParsedFeed)
  | { ok: false; error: FeedError; discovered: string | null };

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
  if (outcome.status === 'failed') return { ok: false, error: outcome.error, discovered: null };
  if (outcome.status === 'not-modified') {
    return {
      ok: false,
      error: { kind: 'http', message: 'The server answered 304 to a request without validators.' },
      discovered: null,
    };
  }
  return {
    ok: true,
    feed: outcome.feed,
    posts: outcome.posts,
    skipped: outcome.skipped,
    futureDated: outcome.futureDated,
    overLimit: outcome.overLimit,
    format: outcome.format,
    encoding: outcome.encoding,
    encodingSource: null,
    http: { ...outcome.validators, cacheControl: outcome.hints.cacheControl },
  };
}

function toReport(parsed: Parsed): CheckReport {
  if (!parsed.ok) {
    return {
      ok: false,
      format: null,
      error: parsed.error,
      feed: null,
      items: [],
      skipped: [],
      categories: {},
      futureDated: 0,
      overLimit: 0,
      discovered: parsed.discovered,
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
    format: parsed.format,
    error: null,
    feed: {
      title: feed.title,
      homePageUrl: feed.homePageUrl,
      icon: feed.icon,
      favicon: feed.favicon,
      language: feed.language,
      expired: feed.expired,
    },
    items: parsed.posts.map(({ id, title, url, category, published, modified, summary, image }) => ({
      id,
      title,
      url,
      category,
      published,
      modified,
      summary,
      image,
    })),
    skipped: parsed.skipped,
    categories,
    futureDated: parsed.futureDated,
    overLimit: parsed.overLimit,
    discovered: null,
  };
}

/** What each format calls the fields a warning names. */
const FIELD_NAMES: Record<
  FeedFormat,
  { date: string; link: string; tags: string; homePage: string; icon: string; language: string }
> = {
  json: {
    date: 'date_published',
    link: 'url',
    tags: 'tags',
    homePage: 'home_page_url',
    icon: 'favicon or icon',
    language: 'language',
  },
  rss: {
    date: 'pubDate or dc:date',
    link: 'link or permalink guid',
    tags: 'category',
    homePage: 'channel link',
    icon: 'channel image',
    language: 'language',
  },
  atom: {
    date: 'published or updated',
    link: 'alternate link',
    tags: 'category',
    homePage: 'alternate link',
    icon: 'icon or logo',
    language: 'xml:lang',
  },
  rdf: {
    date: 'dc:date',
    link: 'link',
    tags: 'dc:subject',
    homePage: 'channel link',
    icon: 'image',
    language: 'dc:language',
  },
};

/** The format as a publisher knows it. */
const FORMAT_NAMES: Record<FeedFormat, string> = {
  json: 'JSON Feed',
  rss: 'RSS 2.0',
  atom: 'Atom 1.0',
  rdf: 'RSS 1.0 (RDF)',
};

const ENCODING_SOURCES: Record<EncodingSource, string> = {
  bom: 'its byte-order mark',
  'xml-declaration': 'its XML declaration',
  'content-type': 'the Content-Type charset',
  default: 'the default',
};

/** Advice for the publisher: things that work but make Digest (or its readers) worse off. */
function warnings(parsed: Parsed): string[] {
  if (!parsed.ok) return [];
  const out: string[] = [];
  const count = (test: (post: NormalizedPost) => boolean) => parsed.posts.filter(test).length;
  const undated = count((post) => post.published === null);
  const unlinked = count((post) => post.url === null);
  const untagged = count((post) => post.category === 'Uncategorized');
  const field = FIELD_NAMES[parsed.format];
  if (parsed.posts.length === 0) out.push('The feed has no items: readers will see an empty digest.');
  if (parsed.futureDated) {
    out.push(`${parsed.futureDated} item(s) are dated in the future: Digest uses when it first saw them.`);
  }
  if (undated) out.push(`${undated} item(s) have no valid ${field.date}: they sort by when Digest first saw them.`);
  if (unlinked) out.push(`${unlinked} item(s) have no http(s) ${field.link}: readers cannot open them.`);
  if (untagged) out.push(`${untagged} item(s) have no ${field.tags}: they appear under "Uncategorized".`);
  if (!parsed.feed.homePageUrl) out.push(`The feed has no ${field.homePage}.`);
  if (!parsed.feed.favicon && !parsed.feed.icon) {
    out.push(`The feed has no usable ${field.icon}: readers of several feeds see its initial beside its name.`);
  }
  if (!parsed.feed.language) {
    out.push(`The feed has no valid ${field.language}: screen readers guess the language of its posts.`);
  }
  if (parsed.feed.expired) out.push('The feed is marked expired: Digest stops polling it.');
  if (parsed.http) {
    if (!parsed.http.etag && !parsed.http.lastModified) {
      out.push('The server sends neither ETag nor Last-Modified: every poll downloads the whole feed (no 304s).');
    }
    if (!parsed.http.cacheControl) out.push('The server sends no Cache-Control header.');
  }
  return out;
}

function print(report: CheckReport, parsed: Parsed, notes: string[], source: string): void {
  const lines: string[] = [];
  if (!report.ok || !report.feed || !parsed.ok) {
    lines.push(`✗ ${source} is not usable by Digest`, `  ${report.error?.kind}: ${report.error?.message}`);
    if (report.discovered)
      lines.push(
        `  The page links to a feed, which Digest follows when you add this address:`,
        `  ${report.discovered}`,
      );
  } else {
    lines.push(`✓ ${report.feed.title} — ${report.items.length} item(s) usable by Digest`);
    if (report.feed.homePageUrl) lines.push(`  ${report.feed.homePageUrl}`);
    const icon = report.feed.favicon ?? report.feed.icon;
    if (icon) lines.push(`  Icon: ${icon}`);
    if (report.feed.language) lines.push(`  Language: ${report.feed.language}`);
    const pictured = report.items.filter((item) => item.image !== null).length;
    lines.push(`  Pictures: ${pictured} of ${report.items.length} item(s)`);
    const how = parsed.encodingSource ? ` (named by ${ENCODING_SOURCES[parsed.encodingSource]})` : '';
    lines.push(`  Format: ${FORMAT_NAMES[parsed.format]}, read as ${parsed.encoding}${how}`);
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
        `Dropped ${report.overLimit} item(s): the feed lists more than ${limit}, and Digest reads only the newest ${limit} (by ${FIELD_NAMES[parsed.format].date}) of a fetch.`,
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
    // A blog's page rather than its feed: name the feed it links to, as adding the address in Digest would.
    if (!parsed.ok && parsed.error.kind === 'not-a-feed') {
      const page = await fetchAndDiscover(source);
      parsed.discovered = page ? (chooseFeed(page.feeds)?.preselected.url ?? null) : null;
    }
  } else {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(source);
    } catch (error) {
      usage(`Cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const result = readFeed(bytes);
    if (result.ok && result.format !== null) {
      parsed = { ...result, format: result.format, http: null };
    } else {
      const error = result.ok ? { kind: 'not-a-feed' as const, message: 'The document is not a feed.' } : result.error;
      const discovered =
        error.kind === 'not-a-feed' ? discoverFeedUrl(decodeBody(bytes).text, pathToFileURL(source).href) : null;
      parsed = { ok: false, error, discovered };
    }
  }
  const report = toReport(parsed);
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else print(report, parsed, warnings(parsed), source);
  process.exitCode = report.ok ? 0 : 1;
}

await main();
