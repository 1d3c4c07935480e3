// `npm run bench:sync`: how much of `storage.sync` the synced reading list takes (#15), for 1, 50 and 200
// feeds of 500 posts each under several read patterns, next to a naive baseline measured in the same run
// (one item per feed holding every read post's id in full JSON). Prints bytes, items and the share of
// Chrome's quota (102,400 bytes, 8,192 per item, 512 items; 8,224 bytes and 2 items are kept for the
// preferences), what did not fit (marks left out of sync, oldest first), and how long fitting took.
// Asserts nothing.
import { performance } from 'node:perf_hooks';
import { syncItemBytes } from '../utils/sync/bytes';
import { PREFERENCES_RESERVE } from '../utils/sync/engine';
import { CHROME_SYNC_QUOTAS, planItems } from '../utils/sync/plan';
import { SyncReplica } from '../utils/sync/replica';

const NOW = Date.UTC(2026, 10, 25, 12);
const POSTS = 500;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** mulberry32, seeded: the same "random" reads on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Post {
  id: string;
  time: number;
}

function feedUrl(feed: number): string {
  return `https://blog-${feed}.example.com/feed.xml`;
}

/** A feed's posts, newest first, one every 6 hours, ids as blogs write them (their permalinks). */
function feedPosts(feed: number): Post[] {
  return Array.from({ length: POSTS }, (_, i) => ({
    id: `https://blog-${feed}.example.com/2026/${String(i % 12).padStart(2, '0')}/a-post-about-something-${i}/`,
    time: NOW - (i + 1) * 6 * HOUR,
  }));
}

interface Pattern {
  name: string;
  /** Applies the reader's marks to the replica and returns the ids read (for the baseline). */
  apply(replica: SyncReplica, url: string, posts: Post[], random: () => number): string[];
}

/** Reads posts one by one, each at its own minute some time after it was published. */
function readEach(replica: SyncReplica, url: string, posts: Post[], random: () => number): string[] {
  for (const post of posts) {
    const at = Math.min(NOW, post.time + Math.floor(random() * 48) * HOUR + Math.floor(random() * 60) * MINUTE);
    replica.setRead(url, post, true, at);
  }
  return posts.map((post) => post.id);
}

const PATTERNS: Pattern[] = [
  { name: 'all read, one by one', apply: (replica, url, posts, random) => readEach(replica, url, posts, random) },
  {
    name: 'all read, mark-all-read',
    apply: (replica, url, posts) => {
      replica.markAllRead(url, posts[0]!.time, [], NOW);
      return posts.map((post) => post.id);
    },
  },
  {
    name: 'half read at random',
    apply: (replica, url, posts, random) =>
      readEach(
        replica,
        url,
        posts.filter(() => random() < 0.5),
        random,
      ),
  },
  {
    name: 'newest 20 unread, older one by one',
    apply: (replica, url, posts, random) => readEach(replica, url, posts.slice(20), random),
  },
  {
    name: 'newest 20 unread, older mark-all-read',
    apply: (replica, url, posts) => {
      replica.markAllRead(url, posts[20]!.time, [], NOW - 5 * 24 * HOUR);
      return posts.slice(20).map((post) => post.id);
    },
  },
];

const budget = {
  bytes: CHROME_SYNC_QUOTAS.quotaBytes - PREFERENCES_RESERVE.bytes,
  items: CHROME_SYNC_QUOTAS.maxItems - PREFERENCES_RESERVE.items,
  perItem: CHROME_SYNC_QUOTAS.quotaBytesPerItem,
};
const unlimited = { bytes: Number.MAX_SAFE_INTEGER, items: Number.MAX_SAFE_INTEGER, perItem: Number.MAX_SAFE_INTEGER };

const percent = (bytes: number) => `${((100 * bytes) / CHROME_SYNC_QUOTAS.quotaBytes).toFixed(1)}%`;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(
  `storage.sync: ${CHROME_SYNC_QUOTAS.quotaBytes} bytes, ${CHROME_SYNC_QUOTAS.quotaBytesPerItem} per item, ` +
    `${CHROME_SYNC_QUOTAS.maxItems} items; the reading list may take ${budget.bytes} bytes and ${budget.items} items.`,
);
console.log(
  'Each row: the naive baseline (every read id in full JSON, one item per feed), then Digest’s encoding in full, ' +
    'then as written within the quota (marks left out: the oldest).',
);
for (const feeds of [1, 50, 200]) {
  for (const pattern of PATTERNS) {
    const random = seeded(feeds * 31 + pattern.name.length);
    const replica = new SyncReplica();
    let naiveBytes = 0;
    let naiveOverItem = 0;
    let marks = 0;
    for (let feed = 0; feed < feeds; feed++) {
      const url = feedUrl(feed);
      const posts = feedPosts(feed);
      replica.follow(url, { title: null, folder: null, alerts: null }, NOW - 365 * 24 * HOUR);
      const read = pattern.apply(replica, url, posts, random);
      marks += read.length;
      const itemBytes = syncItemBytes(url, read);
      naiveBytes += itemBytes;
      if (itemBytes > CHROME_SYNC_QUOTAS.quotaBytesPerItem) naiveOverItem++;
    }
    const full = planItems(replica.feeds(), replica.folders(), unlimited);
    const times: number[] = [];
    let fitted = full;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      fitted = planItems(replica.feeds(), replica.folders(), budget);
      times.push(performance.now() - started);
    }
    const dropped = fitted.dropped.reduce((sum, entry) => sum + entry.marks, 0);
    const naiveFits = naiveBytes <= budget.bytes && naiveOverItem === 0 ? 'fits' : 'does not fit';
    console.log(
      [
        `${String(feeds).padStart(3)} feeds, ${pattern.name.padEnd(38)}`,
        `naive ${String(naiveBytes).padStart(8)} B ${percent(naiveBytes).padStart(7)} ${feeds} items` +
          ` (${naiveFits}${naiveOverItem ? `, ${naiveOverItem} items over 8 KB` : ''})`,
        `digest full ${String(full.bytes).padStart(7)} B ${percent(full.bytes).padStart(7)} (${(full.bytes / naiveBytes).toFixed(3)} x naive, ${(full.bytes / Math.max(1, marks)).toFixed(2)} B/mark)`,
        `written ${String(fitted.bytes).padStart(6)} B ${percent(fitted.bytes).padStart(6)} ${fitted.items.size} items, ` +
          `${dropped} of ${marks} marks left out, fitted in ${median(times).toFixed(0)} ms`,
      ].join(' | '),
    );
  }
}
