// The worker's own words (the toolbar icon's menu) in the browser's language. Kept apart from
// worker.test.ts, which covers what the handlers do.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MENU, createMenus } from '@/entrypoints/background/handlers';
import { useLocale } from '../../helpers/i18n';

async function menuTitles(): Promise<Record<string, unknown>> {
  vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockResolvedValue(undefined);
  const create = vi.spyOn(fakeBrowser.contextMenus, 'create').mockReturnValue('');
  await createMenus();
  return Object.fromEntries(create.mock.calls.map(([item]) => [item.id, item.title]));
}

describe('the toolbar menu', () => {
  it('is titled in English', async () => {
    expect(await menuTitles()).toEqual({
      [MENU.refreshNow]: 'Refresh now',
      [MENU.markAllRead]: 'Mark all as read',
      [MENU.openDigest]: 'Open digest',
    });
  });

  it('is titled in German in a German browser', async () => {
    useLocale('de');
    expect(await menuTitles()).toEqual({
      [MENU.refreshNow]: 'Jetzt aktualisieren',
      [MENU.markAllRead]: 'Alle als gelesen markieren',
      [MENU.openDigest]: 'Digest öffnen',
    });
  });
});
