import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeDigestDB } from '@/utils/db';

beforeEach(async () => {
  // Every test starts with an empty browser and an empty database.
  fakeBrowser.reset();
  await closeDigestDB();
  globalThis.indexedDB = new IDBFactory();
});
