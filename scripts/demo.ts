// `npm run demo [-- --headless] [-- --minutes N]`: a living demo of Digest.
// Serves the sample feed on 127.0.0.1, publishing a new post every minute (and answering conditional
// requests with 304 in between), builds Digest against it, and starts Chromium with Digest loaded:
// a window where a display exists; with --headless it runs a few minutes, then writes screenshots of
// the popup and the new tab and a log of badge counts and notifications to demo-output/.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { jsonWithEtag, startFeedServer } from '../tests/helpers/feed-server.ts';
import { launchExtension } from '../tests/e2e/extension.ts';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    minutes: { type: 'string', default: '3' },
    port: { type: 'string', default: '47400' },
  },
});
const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'demo-output');
const headless = values.headless || !process.env.DISPLAY;
const minutes = Math.max(1, Number(values.minutes) || 3);

const TOPICS = [
  ['Engineering', 'Idempotency keys, a year later'],
  ['Career', 'Writing the design doc nobody asked for'],
  ['AI & Tools', 'What an agent should never do without asking'],
  ['Engineering', 'Backpressure is a feature'],
  ['Career', 'The quiet value of on-call notes'],
  ['Engineering', 'Caching feeds with ETags for a million readers'],
] as const;

interface FeedDocument {
  items: Record<string, unknown>[];
  [key: string]: unknown;
}
const feed = JSON.parse(readFileSync(resolve(root, 'public/sample-feed.json'), 'utf8')) as FeedDocument;
let published = 0;

function publish(): void {
  const [tag, title] = TOPICS[published % TOPICS.length]!;
  published += 1;
  const id = `demo-${published}`;
  feed.items.unshift({
    id,
    url: `https://blog.example.com/posts/${id}`,
    title: published > TOPICS.length ? `${title} (part ${Math.ceil(published / TOPICS.length)})` : title,
    summary: `A new post published by the demo server at ${new Date().toLocaleTimeString()}.`,
    date_published: new Date().toISOString(),
    tags: [tag],
  });
  log(`server: published "${String(feed.items[0]?.title)}" (${tag})`);
}

function log(line: string): void {
  const stamped = `${new Date().toISOString()}  ${line}`;
  console.log(stamped);
  if (headless) appendFileSync(resolve(outDir, 'log.txt'), `${stamped}\n`);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const server = await startFeedServer(Number(values.port));
const feedUrl = `${server.origin}/feed.json`;
server.route('/feed.json', (req, res) => {
  const etag = `"${feed.items.length}"`;
  log(`server: ${req.headers['if-none-match'] === etag ? '304 Not Modified' : '200 OK'} for ${req.url}`);
  return jsonWithEtag(
    () => JSON.stringify(feed),
    () => etag,
  )(req, res);
});
log(`server: serving ${feedUrl}`);

console.log('Building Digest against the demo feed…');
execFileSync('npx', ['wxt', 'build', '--mode', 'demo'], {
  cwd: root,
  stdio: 'inherit',
  // NODE_ENV: a build in another mode than production is still a production build (no dev JSX).
  env: { ...process.env, NODE_ENV: 'production', WXT_DEFAULT_FEED_URL: feedUrl },
});
const extensionDir = resolve(root, '.output/chrome-mv3-demo');

const ext = await launchExtension({ extensionDir, headed: !headless });
log(`browser: Digest loaded (${headless ? 'headless' : 'in a window'}), extension id ${ext.id}`);
const ticker = setInterval(publish, 60_000);
// The worker logs each notification it shows (they vanish from the screen after a few seconds).
ext.worker.on('console', (message) => {
  if (message.text().startsWith('[digest] notification')) log(`notification: ${message.text().slice(22)}`);
});
let lastBadge = '';
const watcher = setInterval(() => {
  ext.badgeText().then(
    (badge) => {
      if (badge !== lastBadge) log(`badge: "${badge}"`);
      lastBadge = badge;
    },
    (error: unknown) => log(`watcher: ${String(error)}`),
  );
}, 2_000);

async function finish(): Promise<void> {
  clearInterval(ticker);
  clearInterval(watcher);
  if (headless) {
    for (const scheme of ['light', 'dark'] as const) {
      const popup = await ext.openPage('popup.html', { colorScheme: scheme, width: 380, height: 560 });
      await popup.locator('li.post').first().waitFor();
      await popup.screenshot({ path: resolve(outDir, `popup-${scheme}.png`) });
      const tab = await ext.openPage('newtab.html', { colorScheme: scheme, width: 1280, height: 800 });
      await tab.locator('li.post').first().waitFor();
      await tab.screenshot({ path: resolve(outDir, `newtab-${scheme}.png`) });
    }
    log(`demo: screenshots and this log are in ${outDir}`);
  }
  await ext.close();
  await server.close();
}

if (headless) {
  log(`demo: running for ${minutes} minute(s)`);
  await new Promise((r) => setTimeout(r, minutes * 60_000 + 5_000));
  await finish();
} else {
  log('demo: a window with Digest is open; a new post arrives every minute. Ctrl-C ends the demo.');
  process.once('SIGINT', () => void finish().then(() => process.exit(0)));
}
