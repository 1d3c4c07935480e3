import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeDigestDB } from '@/utils/db';
import { useLocale } from './helpers/i18n';

beforeEach(async () => {
  // Every test starts with an empty browser and an empty database.
  fakeBrowser.reset();
  // English messages from locales/en.yml, as in an en-US browser; a test may switch to German.
  useLocale('en');
  await closeDigestDB();
  globalThis.indexedDB = new IDBFactory();
});
