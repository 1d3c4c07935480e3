// The OPML import (#14): the pure planner and runner, then the worker's import against a fake web.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  countEntries,
  originsToRequest,
  planImport,
  retryFailed,
  runImport,
} from '@/entrypoints/background/import-plan';
import {
  previewOpml,
  resetEverything,
  runOpmlImport,
  startOpmlImport,
  validateImportEntry,
} from '@/entrypoints/background/subscriptions';
import {
  changeImportJob,
  getFeedState,
  listPosts,
  listSubscriptions,
  readImportJob,
  IMPORT_JOB_ID,
  type ImportEntry,
  type ImportJob,
} from '@/utils/db';
import { parseOpmlFile, toOpml, type ParsedOpml } from '@/utils/feed/opml';
import type { OpmlFeed } from '@/utils/feed/outline';
import { isDue, spreadFirstPoll } from '@/utils/feed/schedule';
import { follow } from '../../helpers/follow';

function feed(url: string, folder: string | null = null): OpmlFeed {
  return { url, title: new URL(url).host, homePageUrl: null, folder };
}

function opml(feeds: OpmlFeed[], extra: Partial<ParsedOpml> = {}): ParsedOpml {
  return { feeds, duplicates: [], skipped: [], ...extra };
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

describe('planImport', () => {
  it('splits a file into new feeds and feeds already followed, keeping duplicates and skipped entries to report', () => {
    const job = planImport(
      opml([feed('https://a.example/feed', 'Tech'), feed('https://b.example/feed')], {
        duplicates: [feed('https://a.example/feed', 'Other')],
        skipped: [{ title: 'Link', address: null, reason: 'no-feed-address' }],
      }),
      ['https://b.example/feed'],
      '2026-01-01T00:00:00.000Z',
    );
    expect(job).toEqual({
      id: IMPORT_JOB_ID,
      startedAt: '2026-01-01T00:00:00.000Z',
      state: 'running',
      entries: [
        { ...feed('https://a.example/feed', 'Tech'), status: 'pending', error: null, followedUrl: null },
        { ...feed('https://b.example/feed'), status: 'already-followed', error: null, followedUrl: null },
      ],
      duplicates: [{ url: 'https://a.example/feed', title: 'a.example', folder: 'Other' }],
      skipped: [{ title: 'Link', address: null, reason: 'no-feed-address' }],
    });
    expect(countEntries(job.entries)).toEqual({ total: 2, pending: 1, added: 0, alreadyFollowed: 1, failed: 0 });
  });

  it('asks for each new site once, in one list, and not for sites of feeds already followed', () => {
    const job = planImport(
      opml([
        feed('https://a.example/one'),
        feed('https://a.example/two'),
        feed('http://b.example:8080/feed'),
        feed('https://c.example/feed'),
      ]),
      ['https://c.example/feed'],
      '2026-01-01T00:00:00.000Z',
    );
    expect(originsToRequest(job.entries)).toEqual(['https://a.example/*', 'http://b.example/*']);
  });
});

function entries(urls: string[]): ImportEntry[] {
  return planImport(opml(urls.map((url) => feed(url))), [], '2026-01-01T00:00:00.000Z').entries;
}

describe('runImport', () => {
  it('validates at most 5 feeds at once, at most 2 on one host, in file order', async () => {
    const urls = [
      ...Array.from({ length: 6 }, (_, i) => `https://big.example/feed${i}`),
      ...Array.from({ length: 10 }, (_, i) => `https://site${i}.example/feed`),
    ];
    const list = entries(urls);
    let active = 0;
    let most = 0;
    const byHost = new Map<string, number>();
    let mostOnOneHost = 0;
    const started: string[] = [];
    await runImport(list, {
      async validate(entry) {
        const host = new URL(entry.url).host;
        started.push(entry.url);
        active += 1;
        byHost.set(host, (byHost.get(host) ?? 0) + 1);
        most = Math.max(most, active);
        mostOnOneHost = Math.max(mostOnOneHost, byHost.get(host)!);
        await new Promise((r) => setTimeout(r, 5 + (entry.url.length % 7)));
        active -= 1;
        byHost.set(host, byHost.get(host)! - 1);
        entry.status = 'added';
        return 'done';
      },
    });
    expect(most).toBe(5);
    expect(mostOnOneHost).toBe(2);
    expect(started.toSorted()).toEqual(urls.toSorted());
    // The first two of the big host, then other hosts fill the free places instead of waiting behind it.
    expect(started.slice(0, 5)).toEqual([urls[0], urls[1], urls[6], urls[7], urls[8]]);
  });

  it('goes on past a feed that fails or throws: one bad feed never stops the rest', async () => {
    const list = entries([
      'https://a.example/f',
      'https://dead.example/f',
      'https://boom.example/f',
      'https://d.example/f',
    ]);
    const crashed: string[] = [];
    await runImport(list, {
      async validate(entry) {
        if (entry.url.includes('boom')) throw new Error('database refused');
        entry.status = entry.url.includes('dead') ? 'failed' : 'added';
        return 'done';
      },
      async crashed(entry) {
        crashed.push(entry.url);
        entry.status = 'failed';
      },
    });
    expect(list.map((entry) => entry.status)).toEqual(['added', 'failed', 'failed', 'added']);
    expect(crashed).toEqual(['https://boom.example/f']);
  });

  it('starts nothing new once the import is stopped, and lets those under way end', async () => {
    const list = entries(Array.from({ length: 20 }, (_, i) => `https://s${i}.example/f`));
    const started: string[] = [];
    await runImport(list, {
      async validate(entry, index) {
        started.push(entry.url);
        await new Promise((r) => setTimeout(r, 1));
        if (index === 2) return 'stopped';
        entry.status = 'added';
        return 'done';
      },
    });
    // The first five started together, the first two ended and made room for two more; the third said stop.
    expect(started.length).toBeLessThanOrEqual(7);
    expect(list.filter((entry) => entry.status === 'pending').length).toBeGreaterThanOrEqual(14);
  });

  it('resumes where a stopped worker left it: nothing done is validated again, everything pending is', async () => {
    // The stored job: what the worker had written before it was stopped.
    const stored = entries(Array.from({ length: 12 }, (_, i) => `https://r${i}.example/f`));
    const validated: string[] = [];
    const gate = deferred();
    // First run: the worker is "killed" after four feeds were written (their validations resolve, the rest hang).
    void runImport(structuredClone(stored), {
      async validate(entry, index) {
        validated.push(entry.url);
        if (index >= 4) {
          await gate.promise; // never written: the worker died with these in flight
          return 'done';
        }
        stored[index]!.status = 'added'; // written in the same transaction as the feed
        return 'done';
      },
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(validated).toHaveLength(9);
    expect(countEntries(stored).added).toBe(4);

    // The next wake: the runner reads the stored job again.
    const again: string[] = [];
    await runImport(stored, {
      async validate(entry) {
        again.push(entry.url);
        entry.status = 'added';
        return 'done';
      },
    });
    expect(again).toEqual(stored.slice(4).map((entry) => entry.url));
    expect(countEntries(stored)).toMatchObject({ pending: 0, added: 12 });
    gate.resolve();
  });

  it('a retry sets only the failed entries pending again', () => {
    const job: ImportJob = planImport(
      opml([feed('https://a.example/f'), feed('https://b.example/f'), feed('https://c.example/f')]),
      [],
      '2026-01-01T00:00:00.000Z',
    );
    job.entries[0]!.status = 'added';
    Object.assign(job.entries[1]!, { status: 'failed', error: { kind: 'network', message: 'x' } });
    job.entries[2]!.status = 'already-followed';
    job.state = 'finished';
    expect(retryFailed(job)).toBe(1);
    expect(job.state).toBe('running');
    expect(job.entries.map((entry) => [entry.status, entry.error])).toEqual([
      ['added', null],
      ['pending', null],
      ['already-followed', null],
    ]);
  });

  it('a stopped import continues with the entries it left unchecked', () => {
    const job = planImport(
      opml([feed('https://a.example/f'), feed('https://b.example/f')]),
      [],
      '2026-01-01T00:00:00.000Z',
    );
    job.entries[0]!.status = 'added';
    job.state = 'stopped';
    expect(retryFailed(job)).toBe(1);
    expect(job.state).toBe('running');
    // A finished job with nothing failed stays finished.
    job.entries[1]!.status = 'added';
    job.state = 'finished';
    expect(retryFailed(job)).toBe(0);
    expect(job.state).toBe('finished');
  });
});

describe('the first polls of imported feeds', () => {
  it('200 imported feeds are spread over an interval, never all due at once', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const interval = 30;
    const polls = Array.from({ length: 200 }, (_, i) => spreadFirstPoll(i, 200, now, interval, null, () => 0.5));
    // None before half an interval (each was fetched just now), all within one and a half.
    expect(Math.min(...polls)).toBeGreaterThanOrEqual(now + 15 * 60_000);
    expect(Math.max(...polls)).toBeLessThan(now + 45 * 60_000);
    // At any moment of the next hour, at most a handful are due that were not due a minute before.
    for (let t = now; t < now + 60 * 60_000; t += 60_000) {
      const dueNow = polls.filter((at) =>
        isDue({ nextPoll: new Date(at).toISOString(), lastSuccess: null, info: null }, t, interval),
      );
      const dueBefore = polls.filter((at) =>
        isDue({ nextPoll: new Date(at).toISOString(), lastSuccess: null, info: null }, t - 60_000, interval),
      );
      expect(dueNow.length - dueBefore.length).toBeLessThanOrEqual(8);
    }
  });

  it('never before the server’s max-age', () => {
    const now = 0;
    expect(spreadFirstPoll(0, 10, now, 30, 3 * 60 * 60_000, () => 0)).toBe(3 * 60 * 60_000);
  });
});

// --- The worker's import, against a fake web ----------------------------------------------------------------------

const jsonFeed = (title: string, ids: string[]) =>
  JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: `https://${title.toLowerCase()}.example/`,
    items: ids.map((id) => ({ id, title: `${title} ${id}`, url: `https://${title.toLowerCase()}.example/${id}` })),
  });

const web = new Map<string, string>([
  ['https://alpha.example/feed.json', jsonFeed('Alpha', ['a1', 'a2'])],
  ['https://beta.example/feed.json', jsonFeed('Beta', ['b1'])],
  ['https://gamma.example/feed.json', jsonFeed('Gamma', ['g1', 'g2', 'g3'])],
  ['https://followed.example/feed.json', jsonFeed('Followed', ['f1'])],
]);
const webFetch: typeof fetch = async (input) => {
  const body = web.get(String(input));
  return body === undefined ? new Response('gone', { status: 404 }) : new Response(body);
};

const FILE = toOpml(
  [
    { url: 'https://alpha.example/feed.json', title: 'My alpha', homePageUrl: null, folder: 'Tech' },
    { url: 'https://dead.example/feed.json', title: 'Dead', homePageUrl: null, folder: 'Tech' },
    { url: 'https://beta.example/feed.json', title: 'Beta', homePageUrl: null, folder: null },
    { url: 'https://followed.example/feed.json', title: 'Followed', homePageUrl: null, folder: null },
    { url: 'https://gamma.example/feed.json', title: 'Gamma', homePageUrl: null, folder: 'Design' },
  ],
  '2026-01-01T00:00:00Z',
);

/** Starts the import of FILE and the validation of its first entry, whose fetch waits for `release`. */
async function startHeldValidation() {
  await startOpmlImport(FILE);
  const job = (await readImportJob())!;
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  const slowFetch: typeof fetch = async (input) => {
    await held;
    return webFetch(input);
  };
  const validating = validateImportEntry(job.entries[0]!, 0, 30, slowFetch);
  await new Promise((r) => setTimeout(r, 5));
  return { validating, release };
}

describe('the worker’s OPML import', () => {
  beforeEach(async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => true);
    await follow('https://followed.example/feed.json');
  });

  it('adds the good feeds with their names and folders, names the dead one’s error, reports the followed one', async () => {
    expect(await startOpmlImport(FILE)).toEqual({ ok: true });
    const progress: number[] = [];
    await runOpmlImport(30, () => progress.push(1), webFetch);
    const job = (await readImportJob())!;
    // The file lists the feeds outside folders first (toOpml's order).
    expect(job.entries.map((entry) => [entry.url, entry.status, entry.error?.kind ?? null])).toEqual([
      ['https://beta.example/feed.json', 'added', null],
      ['https://followed.example/feed.json', 'already-followed', null],
      ['https://alpha.example/feed.json', 'added', null],
      ['https://dead.example/feed.json', 'failed', 'http'],
      ['https://gamma.example/feed.json', 'added', null],
    ]);
    expect(job.entries[3]!.error).toMatchObject({ kind: 'http', status: 404 });
    expect(progress).toHaveLength(4);
    // (A new install also follows the bundled sample feed, left out here.)
    const followed = (await listSubscriptions()).filter((f) => f.url.startsWith('https:'));
    // The file's order, after the feed followed before; the reader's names and folders kept.
    expect(followed.map((f) => [f.url, f.title, f.folder])).toEqual([
      ['https://followed.example/feed.json', null, null],
      ['https://beta.example/feed.json', 'Beta', null],
      ['https://alpha.example/feed.json', 'My alpha', 'Tech'],
      ['https://gamma.example/feed.json', 'Gamma', 'Design'],
    ]);
    expect((await listPosts()).filter((post) => post.feedUrl !== 'https://followed.example/feed.json')).toHaveLength(6);
    // Each imported feed has its first poll spread after the import, never "due now".
    for (const url of ['https://alpha.example/feed.json', 'https://gamma.example/feed.json']) {
      const { nextPoll } = await getFeedState(url);
      expect(Date.parse(nextPoll!)).toBeGreaterThan(Date.now() + 14 * 60_000);
    }
  });

  it('announces none of an imported feed’s existing posts: they are in the ledger, the next poll adds nothing', async () => {
    await startOpmlImport(FILE);
    await runOpmlImport(30, () => undefined, webFetch);
    const { refreshFeed } = await import('@/entrypoints/background/refresh');
    const again = await refreshFeed('https://gamma.example/feed.json', { fetchImpl: webFetch });
    expect(again).toMatchObject({ status: 'updated', added: [], firstFetch: false });
  });

  it('a stopped import writes nothing more, even for a feed whose fetch was under way', async () => {
    const { validating, release } = await startHeldValidation();
    await changeImportJob((current) => {
      current.state = 'stopped';
    });
    release();
    expect(await validating).toBe('stopped');
    expect((await listSubscriptions()).map((f) => f.url).filter((url) => url.startsWith('https:'))).toEqual([
      'https://followed.example/feed.json',
    ]);
    expect((await readImportJob())!.entries[0]!.status).toBe('pending');
  });

  it('a reset during the import stops it: the feed whose fetch was under way is not followed in the new database', async () => {
    const { validating, release } = await startHeldValidation();
    await resetEverything();
    release();
    expect(await validating).toBe('stopped');
    expect(await readImportJob()).toBeNull();
    expect((await listSubscriptions()).map((f) => f.url)).toEqual([fakeBrowser.runtime.getURL('/sample-feed.json')]);
  });

  it('previews a file: counts, and only the sites Digest may not read yet', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(
      async ({ origins = [] }) => origins[0] === 'https://beta.example/*',
    );
    expect(await previewOpml(FILE)).toEqual({
      ok: true,
      preview: {
        newFeeds: 4,
        alreadyFollowed: 1,
        duplicates: 0,
        skipped: 0,
        origins: ['https://alpha.example/*', 'https://dead.example/*', 'https://gamma.example/*'],
      },
    });
    expect(await previewOpml('<rss/>')).toMatchObject({ ok: false, error: { kind: 'not-opml' } });
  });

  it('refuses a second import while one runs, and a broken file with its named error', async () => {
    expect(await startOpmlImport(FILE)).toEqual({ ok: true });
    expect(await startOpmlImport(FILE)).toMatchObject({ ok: false, error: { kind: 'import-running' } });
    expect(await startOpmlImport(FILE.slice(0, 200))).toMatchObject({ ok: false, error: { kind: 'invalid-opml' } });
  });

  it('resumes after a restart: the stored job’s pending feeds only, the added ones not fetched again', async () => {
    await startOpmlImport(FILE);
    // The worker stopped after Beta (the first) was written: validate it alone.
    await validateImportEntry((await readImportJob())!.entries[0]!, 0, 30, webFetch);
    const fetched: string[] = [];
    await runOpmlImport(
      30,
      () => undefined,
      async (input) => {
        fetched.push(String(input));
        return webFetch(input);
      },
    );
    expect(fetched).not.toContain('https://beta.example/feed.json');
    expect(fetched).toContain('https://gamma.example/feed.json');
    expect(countEntries((await readImportJob())!.entries)).toMatchObject({ pending: 0, added: 3, failed: 1 });
  });

  it('parses the file it was given the same way the preview did', () => {
    const parsed = parseOpmlFile(FILE);
    expect(parsed.ok && parsed.opml.feeds).toHaveLength(5);
  });
});
