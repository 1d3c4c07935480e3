import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, listPosts, openDigestDB, takeUnnotified, type StoredPost } from '@/utils/db';

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
    const db = await openDigestDB();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].toSorted()).toEqual(['feeds', 'notified', 'posts', 'reads']);
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

const post = (id: string) => ({ feedUrl: 'f', id }) as StoredPost;

describe('the notification ledger', () => {
  it('hands out each post once', async () => {
    expect((await takeUnnotified([post('a'), post('b')], 'now')).map((p) => p.id)).toEqual(['a', 'b']);
    expect((await takeUnnotified([post('a'), post('b'), post('c')], 'later')).map((p) => p.id)).toEqual(['c']);
  });
});
