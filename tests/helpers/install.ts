import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleInstalled } from '@/entrypoints/background/handlers';
import { listFollowedUrls } from '@/utils/db';
import { sampleFetch } from '../fixtures/sample';

/** Installs Digest in the fake browser with the sample feed served (menus stubbed); returns the sample feed's URL. */
export async function installWithSample(): Promise<string> {
  vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockResolvedValue(undefined);
  vi.spyOn(fakeBrowser.contextMenus, 'create').mockReturnValue('');
  vi.stubGlobal('fetch', sampleFetch());
  await handleInstalled('install');
  return (await listFollowedUrls())[0]!;
}
