import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DB_NAME,
  closeDigestDB,
  DB_VERSION,
  emptyFeedState,
  getFeedState,
  LEGACY_FEEDS_KEY,
  listPosts,
  listSubscriptions,
  listMutedUnreadCounts,
  listUnreadCounts,
  openDigestDB,
  readBadgeCounts,
  readDigest,
  readDigestHead,
  saveFetchedPosts,
  setRead,
} from '@/utils/db';
import { describeError } from '@/utils/error-text';
import { postTime } from '@/utils/post';
import { whenReady } from '@/entrypoints/background/handlers';

/** Builds a database exactly as version 1 of Digest (the walking skeleton) created and filled it. */
async function createVersion1Database() {
  const db = await openDB(DB_NAME, 1, {
    upgrade(v1) {
      const posts = v1.createObjectStore('posts', { keyPath: ['feedUrl', 'id'] });
      posts.createIndex('byFeed', 'feedUrl');
      v1.createObjectStore('reads', { keyPath: ['feedUrl', 'id'] });
      v1.createObjectStore('feeds', { keyPath: 'url' });
    },
  });
  for (const id of ['a', 'b', 'c']) {
    await db.put('posts', {
      feedUrl: 'f',
      id,
      title: id.toUpperCase(),
      url: null,
      category: 'C',
      published: null,
      modified: null,
      summary: '',
      firstSeen: '2026-01-01T00:00:00Z',
    });
  }
  await db.put('reads', { feedUrl: 'f', id: 'b', readAt: '2026-01-02T00:00:00Z' });
  db.close();
}

describe('the upgrade ladder', () => {
  it('opens a version 1 database and keeps every post and read mark', async () => {
    await createVersion1Database();
    // Before version 3 the feed list lived in storage.local; the worker's ready gate moves it.
    await fakeBrowser.storage.local.set({ [LEGACY_FEEDS_KEY]: [{ url: 'f', addedAt: '2026-01-01T00:00:00Z' }] });
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].toSorted()).toEqual([
      'feeds',
      'folders',
      'imports',
      'mutedCountsFor',
      'mutedUnreadCounts',
      'notified',
      'posts',
      'reads',
      'subscriptions',
      'unreadCounts',
    ]);
    await whenReady();
    expect(await listSubscriptions()).toEqual([
      { url: 'f', addedAt: '2026-01-01T00:00:00Z', title: null, folder: null, alerts: null },
    ]);
    expect(await fakeBrowser.storage.local.get(LEGACY_FEEDS_KEY)).toEqual({});
    const posts = await listPosts();
    expect(posts.map((p) => [p.id, p.read])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
  });

  it('lets an older open connection step aside instead of wedging the upgrade', async () => {
    const old = await openDB(DB_NAME, 1, {
      upgrade(v1) {
        v1.createObjectStore('posts', { keyPath: ['feedUrl', 'id'] }).createIndex('byFeed', 'feedUrl');
        v1.createObjectStore('reads', { keyPath: ['feedUrl', 'id'] });
        v1.createObjectStore('feeds', { keyPath: 'url' });
      },
      blocking() {
        old.close(); // what an open page of the previous version does (utils/db.ts `blocking`)
      },
    });
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
  });
});

describe('version 3: the followed feeds in the database', () => {
  it('a page that opens the database first after an update already sees the feeds and their read marks', async () => {
    await createVersion1Database();
    await fakeBrowser.storage.local.set({ [LEGACY_FEEDS_KEY]: [{ url: 'f', addedAt: '2026-01-01T00:00:00Z' }] });
    // No worker has run: the page's own read upgrades the database, and the list moves in that upgrade.
    const digest = await readDigest();
    expect(digest.followed).toEqual(['f']);
    expect(digest.posts.map((p) => [p.id, p.read])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
    // The worker's gate then drops the old key.
    await whenReady();
    expect(await fakeBrowser.storage.local.get(LEGACY_FEEDS_KEY)).toEqual({});
  });

  it('an up-to-date database opens without reading storage.local; only an upgrade from before 3 reads it', async () => {
    await createVersion1Database();
    await fakeBrowser.storage.local.set({ [LEGACY_FEEDS_KEY]: [{ url: 'f', addedAt: '2026-01-01T00:00:00Z' }] });
    const reads = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect((await readDigest()).followed).toEqual(['f']);
    expect(reads).toHaveBeenCalledTimes(1);
    // The next context (another page, the worker after a restart) opens version DB_VERSION as it is.
    await closeDigestDB();
    reads.mockClear();
    expect((await readDigest()).followed).toEqual(['f']);
    expect(reads).not.toHaveBeenCalled();
  });

  it('a new install follows the build’s feed', async () => {
    expect(await listSubscriptions()).toEqual([
      {
        url: fakeBrowser.runtime.getURL('/sample-feed.json'),
        addedAt: expect.any(String),
        title: null,
        folder: null,
        alerts: null,
      },
    ]);
  });

  it('an older install keeps its own list, not the default, and drops what belonged to feeds it no longer follows', async () => {
    await createVersion1Database();
    const db = await openDB(DB_NAME, 1);
    await db.put('feeds', { url: 'gone', info: null });
    await db.put('posts', { feedUrl: 'gone', id: 'x', firstSeen: '2026-01-01T00:00:00Z' });
    db.close();
    await fakeBrowser.storage.local.set({
      [LEGACY_FEEDS_KEY]: [
        { url: 'https://b.test/feed.json', addedAt: '2026-02-01T00:00:00Z' },
        { url: 'f', addedAt: '2026-01-01T00:00:00Z' },
        { url: 'f', addedAt: 'duplicate' },
        { junk: true },
      ],
    });
    await whenReady();
    expect((await listSubscriptions()).map((feed) => feed.url)).toEqual(['f', 'https://b.test/feed.json']);
    expect((await listPosts()).map((post) => post.feedUrl)).toEqual(['f', 'f', 'f']);
    const after = await openDigestDB();
    expect(await after.getAllKeys('feeds')).toEqual([]);
    expect(await after.count('posts')).toBe(3);
  });
});

/** An empty database with the stores versions 3 and 4 had (they differ in their records, not their stores). */
function openEmptyDatabase(version: 3 | 4) {
  return openDB(DB_NAME, version, {
    upgrade(old) {
      old.createObjectStore('posts', { keyPath: ['feedUrl', 'id'] }).createIndex('byFeed', 'feedUrl');
      old.createObjectStore('reads', { keyPath: ['feedUrl', 'id'] });
      old.createObjectStore('feeds', { keyPath: 'url' });
      old.createObjectStore('notified', { keyPath: ['feedUrl', 'id'] });
      old.createObjectStore('subscriptions', { keyPath: 'url' });
    },
  });
}

/** Builds a database as version 3 of Digest left it: records written by older code, lacking later fields. */
async function createVersion3Database() {
  const db = await openEmptyDatabase(3);
  await db.put('subscriptions', { url: 'f', addedAt: '2026-01-01T00:00:00Z' });
  // A record of the first versions: no nextPoll, the feed's icon, favicon and language, and an HTTP error
  // stored before errors carried their status.
  await db.put('feeds', {
    url: 'f',
    info: {
      title: 'F',
      homePageUrl: null,
      icon: 'https://f.test/i.png',
      favicon: 'https://f.test/f.ico',
      language: 'en',
      expired: false,
    },
    validators: { etag: '"1"', lastModified: null },
    lastAttempt: '2026-01-02T00:00:00Z',
    lastSuccess: '2026-01-01T00:00:00Z',
    lastError: { kind: 'http', message: 'The feed server answered HTTP 503.', at: '2026-01-02T00:00:00Z' },
    consecutiveFailures: 1,
  });
  const base = { feedUrl: 'f', url: null, category: 'C', published: null, modified: null, summary: '' };
  // Version 1 stored neither authors nor words; later ones stored an image.
  await db.put('posts', { ...base, id: 'old', title: 'Old', firstSeen: '2026-01-01T00:00:00Z' });
  await db.put('posts', {
    ...base,
    id: 'new',
    title: 'New',
    image: 'https://f.test/a.png',
    authors: ['Ada'],
    words: 120,
    firstSeen: '2026-01-02T00:00:00Z',
  });
  await db.put('reads', { feedUrl: 'f', id: 'old', readAt: '2026-01-03T00:00:00Z' });
  db.close();
}

describe('version 4: every stored field through a version step', () => {
  it('fills the fields older records lack and drops what version 3 stored unchecked, keeping everything else', async () => {
    await createVersion3Database();
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
    // Read straight from the store: no read-time default may hide a record the step missed. Version 5 (after 4,
    // never interleaved with it) gives back the icons and language, empty, and clears the validators.
    expect(await db.get('feeds', 'f')).toEqual({
      url: 'f',
      info: { title: 'F', homePageUrl: null, icon: null, favicon: null, language: null, expired: false },
      validators: { etag: null, lastModified: null },
      lastAttempt: '2026-01-02T00:00:00Z',
      lastSuccess: '2026-01-01T00:00:00Z',
      lastError: { kind: 'http', message: 'The feed server answered HTTP 503.', at: '2026-01-02T00:00:00Z' },
      consecutiveFailures: 1,
      nextPoll: null,
    });
    expect(await db.get('posts', ['f', 'old'])).toMatchObject({ title: 'Old', authors: [], words: null, image: null });
    // The image version 3 stored is not kept: the next fetch brings it back, checked by today's rules.
    expect(await db.get('posts', ['f', 'new'])).toMatchObject({
      title: 'New',
      authors: ['Ada'],
      words: 120,
      image: null,
    });
    expect((await listPosts()).map((post) => [post.id, post.read])).toEqual([
      ['new', false],
      ['old', true],
    ]);
  });

  it('reads an error stored without a status: described without a number, never read from its message', async () => {
    await createVersion3Database();
    const state = await getFeedState('f');
    expect(state.lastError?.status).toBeUndefined();
    expect(describeError(state.lastError!)).toBe('The feed server answered with an error.');
  });
});

/** Builds a database as version 4 of Digest left it: no pictures or language anywhere, validators from a fetch. */
async function createVersion4Database() {
  const db = await openEmptyDatabase(4);
  await db.put('subscriptions', { url: 'f', addedAt: '2026-01-01T00:00:00Z' });
  await db.put('feeds', {
    url: 'f',
    info: { title: 'F', homePageUrl: 'https://f.test/', expired: false },
    validators: { etag: '"v1"', lastModified: 'Thu, 01 Jan 2026 00:00:00 GMT' },
    lastAttempt: '2026-01-02T00:00:00Z',
    lastSuccess: '2026-01-02T00:00:00Z',
    lastError: null,
    consecutiveFailures: 0,
    nextPoll: '2026-01-02T01:00:00Z',
  });
  // A feed record written before its first fetch has no info to give fields to.
  await db.put('subscriptions', { url: 'g', addedAt: '2026-01-01T00:00:00Z' });
  // Never fetched: version 4 wrote this record exactly as today's empty one (info null, so no picture fields).
  await db.put('feeds', emptyFeedState('g'));
  await db.put('posts', {
    feedUrl: 'f',
    id: 'p',
    title: 'P',
    url: 'https://f.test/p',
    category: 'C',
    published: '2026-01-01T00:00:00.000Z',
    modified: null,
    summary: 'Old summary',
    authors: [],
    words: 10,
    firstSeen: '2026-01-01T00:00:00Z',
  });
  await db.put('reads', { feedUrl: 'f', id: 'p', readAt: '2026-01-03T00:00:00Z' });
  await db.put('notified', { feedUrl: 'f', id: 'p', at: '2026-01-01T00:00:00Z' });
  db.close();
}

describe('version 5: pictures and language (#13)', () => {
  it('gives older feeds and posts the new fields, empty, and clears the validators; nothing else changes', async () => {
    await createVersion4Database();
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('feeds', 'f')).toEqual({
      url: 'f',
      info: {
        title: 'F',
        homePageUrl: 'https://f.test/',
        icon: null,
        favicon: null,
        language: null,
        expired: false,
      },
      validators: { etag: null, lastModified: null },
      lastAttempt: '2026-01-02T00:00:00Z',
      lastSuccess: '2026-01-02T00:00:00Z',
      lastError: null,
      consecutiveFailures: 0,
      // The next poll stays when it was due: an update never sends every reader to every feed at once.
      nextPoll: '2026-01-02T01:00:00Z',
    });
    expect((await db.get('feeds', 'g'))?.info).toBeNull();
    expect(await db.get('posts', ['f', 'p'])).toEqual({
      feedUrl: 'f',
      id: 'p',
      title: 'P',
      url: 'https://f.test/p',
      category: 'C',
      published: '2026-01-01T00:00:00.000Z',
      modified: null,
      summary: 'Old summary',
      authors: [],
      words: 10,
      image: null,
      firstSeen: '2026-01-01T00:00:00Z',
      // Version 9's sort key (its publication date).
      sortTime: Date.parse('2026-01-01T00:00:00.000Z'),
    });
  });

  it('the first fetch after it fills a cached post’s picture and the feed’s icon, never its read mark, first-seen time or ledger', async () => {
    await createVersion4Database();
    // What the worker sends after the upgrade: no validators, so the server answers with the body (not a 304).
    expect((await getFeedState('f')).validators).toEqual({ etag: null, lastModified: null });
    const info = {
      title: 'F',
      homePageUrl: 'https://f.test/',
      icon: 'https://f.test/logo.png',
      favicon: 'https://f.test/favicon.png',
      language: 'de',
      expired: false,
    };
    const post = {
      id: 'p',
      title: 'P',
      url: 'https://f.test/p',
      category: 'C',
      published: '2026-01-01T00:00:00.000Z',
      modified: null,
      summary: 'Old summary',
      authors: [],
      words: 10,
      image: 'https://f.test/p.png',
    };
    const saved = await saveFetchedPosts(
      'f',
      info,
      [post],
      { etag: '"v1"', lastModified: null },
      '2026-01-05T00:00:00Z',
    );
    expect(saved.added).toEqual([]);
    const [cached] = await listPosts();
    expect(cached).toMatchObject({ image: 'https://f.test/p.png', read: true, firstSeen: '2026-01-01T00:00:00Z' });
    const db = await openDigestDB();
    expect(await db.get('notified', ['f', 'p'])).toEqual({ feedUrl: 'f', id: 'p', at: '2026-01-01T00:00:00Z' });
    expect(await db.get('reads', ['f', 'p'])).toEqual({ feedUrl: 'f', id: 'p', readAt: '2026-01-03T00:00:00Z' });
    expect((await getFeedState('f')).info).toEqual(info);
  });
});

describe('version 6: folders and names on subscriptions, the import job (#14)', () => {
  it('gives every followed feed a null title and folder, keeping the rest, and adds the imports store', async () => {
    await createVersion4Database();
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
    // Straight from the store: every record carries the fields, none is defaulted at read time.
    expect(await db.getAll('subscriptions')).toEqual([
      { url: 'f', addedAt: '2026-01-01T00:00:00Z', title: null, folder: null, alerts: null },
      { url: 'g', addedAt: '2026-01-01T00:00:00Z', title: null, folder: null, alerts: null },
    ]);
    expect(db.objectStoreNames.contains('imports')).toBe(true);
    expect(await db.count('imports')).toBe(0);
    // Posts and read marks are untouched by the step.
    expect((await listPosts()).map((post) => [post.id, post.read])).toEqual([['p', true]]);
  });

  it('a subscription already carrying a name and folder keeps them', async () => {
    await createVersion4Database();
    const old = await openDB(DB_NAME, 4);
    await old.put('subscriptions', { url: 'h', addedAt: '2026-01-01T00:00:00Z', title: 'Mine', folder: 'Tech' });
    old.close();
    expect((await listSubscriptions()).find((feed) => feed.url === 'h')).toEqual({
      url: 'h',
      addedAt: '2026-01-01T00:00:00Z',
      title: 'Mine',
      folder: 'Tech',
      alerts: null,
    });
  });
});

describe('version 7: how loudly each feed arrives, and folder settings (#14)', () => {
  it('gives every followed feed alerts null (as its folder says) and adds the folders store, keeping the rest', async () => {
    await createVersion4Database();
    const old = await openDB(DB_NAME, 4);
    await old.put('subscriptions', { url: 'h', addedAt: '2026-01-01T00:00:00Z', title: 'Mine', folder: 'Tech' });
    old.close();
    const db = await openDigestDB();
    expect(await db.get('subscriptions', 'h')).toEqual({
      url: 'h',
      addedAt: '2026-01-01T00:00:00Z',
      title: 'Mine',
      folder: 'Tech',
      alerts: null,
    });
    expect(await db.count('folders')).toBe(0);
  });
});

/** Builds a database as version 4 left it: two followed feeds, categories, read marks (one of a post no longer cached). */
async function createCategorizedVersion4Database() {
  const db = await openEmptyDatabase(4);
  for (const url of ['f', 'g']) await db.put('subscriptions', { url, addedAt: '2026-01-01T00:00:00Z' });
  const base = { url: null, published: null, modified: null, summary: '', authors: [], words: null };
  const posts = [
    ['f', 'a', 'Engineering', '2026-01-01T00:00:00Z'],
    ['f', 'b', 'Engineering', '2026-01-02T00:00:00Z'],
    ['f', 'c', 'Career', '2026-01-03T00:00:00Z'],
    ['g', 'a', 'Engineering', '2026-01-04T00:00:00Z'],
    ['g', 'd', '', '2026-01-05T00:00:00Z'],
  ];
  for (const [feedUrl, id, category, firstSeen] of posts) {
    await db.put('posts', { ...base, feedUrl, id, title: id, category, firstSeen });
  }
  await db.put('reads', { feedUrl: 'f', id: 'b', readAt: '2026-01-06T00:00:00Z' });
  await db.put('reads', { feedUrl: 'g', id: 'gone', readAt: '2026-01-06T00:00:00Z' });
  db.close();
}

describe('version 8: unread counts kept beside the posts', () => {
  it('counts every cached post without a read mark once, per feed and category, and the badge reads them', async () => {
    await createCategorizedVersion4Database();
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
    expect(db.objectStoreNames.contains('unreadCounts')).toBe(true);
    expect(await listUnreadCounts()).toEqual([
      { feedUrl: 'f', category: 'Career', unread: 1 },
      { feedUrl: 'f', category: 'Engineering', unread: 1 },
      { feedUrl: 'g', category: '', unread: 1 },
      { feedUrl: 'g', category: 'Engineering', unread: 1 },
    ]);
    expect((await readBadgeCounts()).unreadByCategory).toEqual(
      new Map([
        ['Career', 1],
        ['Engineering', 2],
        ['', 1],
      ]),
    );
    // "new" mode reads the posts first seen after the last look by the new index.
    expect((await readBadgeCounts('2026-01-03T00:00:00Z')).unreadByCategory).toEqual(
      new Map([
        ['Engineering', 1],
        ['', 1],
      ]),
    );
    // And from here on the writes keep them.
    await setRead(['f', 'c'], true, '2026-01-07T00:00:00Z');
    expect((await readBadgeCounts()).unreadByCategory.get('Career')).toBeUndefined();
  });

  it('counts nothing in a new install', async () => {
    await openDigestDB();
    expect(await listUnreadCounts()).toEqual([]);
  });
});

/** Builds a database as version 8 left it: its stores, one followed feed, three posts (one read) and their counts. */
async function createVersion8Database() {
  const db = await openDB(DB_NAME, 8, {
    upgrade(old) {
      const posts = old.createObjectStore('posts', { keyPath: ['feedUrl', 'id'] });
      posts.createIndex('byFeed', 'feedUrl');
      posts.createIndex('byFirstSeen', 'firstSeen');
      old.createObjectStore('reads', { keyPath: ['feedUrl', 'id'] });
      old.createObjectStore('feeds', { keyPath: 'url' });
      old.createObjectStore('notified', { keyPath: ['feedUrl', 'id'] });
      old.createObjectStore('subscriptions', { keyPath: 'url' });
      old.createObjectStore('imports', { keyPath: 'id' });
      old.createObjectStore('folders', { keyPath: 'name' });
      old.createObjectStore('unreadCounts', { keyPath: ['feedUrl', 'category'] });
    },
  });
  await db.put('subscriptions', { url: 'f', addedAt: '2026-01-01T00:00:00Z', title: null, folder: null, alerts: null });
  const base = { feedUrl: 'f', url: null, published: null, modified: null, summary: '', authors: [], words: null };
  for (const [id, title] of [
    ['a', 'Crypto winter'],
    ['b', 'Crypto spring'],
    ['c', 'Queues'],
  ]) {
    await db.put('posts', { ...base, id, title, image: null, category: 'C', firstSeen: '2026-01-01T00:00:00Z' });
  }
  await db.put('reads', { feedUrl: 'f', id: 'b', readAt: '2026-01-02T00:00:00Z' });
  await db.put('unreadCounts', { feedUrl: 'f', category: 'C', unread: 2 });
  db.close();
}

describe('version 9: the unread posts muted words hide, kept beside the unread counts (#14)', () => {
  it('adds the stores counted for no words, keeps the rest, and the first badge with a word counts once', async () => {
    await createVersion8Database();
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
    expect(await listMutedUnreadCounts()).toEqual({ words: [], counts: [] });
    expect(await listUnreadCounts()).toEqual([{ feedUrl: 'f', category: 'C', unread: 2 }]);
    expect((await readBadgeCounts()).unreadByCategory).toEqual(new Map([['C', 2]]));
    // "crypto" hides the unread "Crypto winter" (the read "Crypto spring" was not counted anyway).
    expect((await readBadgeCounts(null, ['crypto'])).unreadByCategory).toEqual(new Map([['C', 1]]));
    expect(await listMutedUnreadCounts()).toEqual({
      words: ['crypto'],
      counts: [{ feedUrl: 'f', category: 'C', unread: 1 }],
    });
    // From here on the writes keep them.
    await setRead(['f', 'a'], true, '2026-01-03T00:00:00Z');
    expect(await listMutedUnreadCounts()).toEqual({ words: ['crypto'], counts: [] });
    expect((await readBadgeCounts(null, ['crypto'])).unreadByCategory).toEqual(new Map([['C', 1]]));
  });
});

describe('version 10: posts newest first by an index (#14)', () => {
  it('gives every cached post its sort key, so the first read lists them newest first with their read marks', async () => {
    await createCategorizedVersion4Database();
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
    const stored = await db.getAll('posts');
    expect(stored.length).toBeGreaterThan(0);
    // Publication date, else first seen: the time the pages sort by.
    for (const post of stored) expect(post.sortTime).toBe(postTime(post));
    expect(await db.countFromIndex('posts', 'byTime')).toBe(stored.length);
    // The first read of 4 takes the 4 newest (undated posts: by first seen), with their read marks.
    const head = await readDigestHead(4);
    expect(head.complete).toBe(false);
    expect(head.posts.map((post) => [post.feedUrl, post.id, post.read]).toSorted()).toEqual([
      ['f', 'b', true],
      ['f', 'c', false],
      ['g', 'a', false],
      ['g', 'd', false],
    ]);
    expect(head.posts[0]).not.toHaveProperty('sortTime');
  });
});
