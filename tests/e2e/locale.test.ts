// Digest in a German browser: the manifest, the worker's tooltip and the options page speak German.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, waitForValue, type LoadedExtension } from './extension.ts';

/** The slice of the worker's `chrome` global read here. */
interface I18nGlobals {
  chrome: {
    i18n: { getMessage(name: string): string };
    runtime: { getManifest(): { name: string; description: string } };
  };
}

describe('in a German browser', () => {
  let ext: LoadedExtension;

  beforeAll(async () => {
    ext = await launchExtension({ locale: 'de' });
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('resolves the manifest from _locales/de', async () => {
    const { manifest, description } = await ext.worker.evaluate(() => {
      const { chrome } = globalThis as unknown as I18nGlobals;
      return { manifest: chrome.runtime.getManifest(), description: chrome.i18n.getMessage('manifest_description') };
    });
    expect(description).toBe(
      'Eine ruhige, schnelle Leseübersicht abonnierter Blogs – aus ihren Feeds in JSON Feed, RSS, Atom oder RDF.',
    );
    expect(manifest).toMatchObject({ name: 'Digest', description });
  });

  it('titles the toolbar button in German once the sample feed is in', async () => {
    expect(await waitForValue(() => ext.badgeText(), '9')).toBe('9');
    const title = await ext.badgeTitle();
    expect(title).toContain('Digest – 9 ungelesen');
    expect(title).toContain('Zuletzt aktualisiert: ');
  });

  it('shows the welcome and the settings in German, with German counts and dates', async () => {
    await expect.poll(() => ext.context.pages().some((p) => p.url().endsWith('/options.html#welcome'))).toBe(true);
    const welcome = ext.context.pages().find((p) => p.url().endsWith('/options.html#welcome'))!;
    await expect.poll(() => welcome.locator('h1').textContent()).toBe('Willkommen bei Digest');
    await expect.poll(() => welcome.locator('.welcome-lead').textContent()).toContain('9 Beiträge warten');

    const options = await ext.openPage('options.html');
    await expect.poll(() => options.locator('h1').textContent()).toBe('Digest-Einstellungen');
    expect(await options.title()).toBe('Digest-Einstellungen');
    expect(await options.locator('html').getAttribute('lang')).toBe('de');
    await expect
      .poll(() => options.locator('.feed-health').textContent())
      .toMatch(/^9 Beiträge · aktualisiert (in dieser Minute|vor \d+ Minuten?) · nächste Prüfung in \d+ Minuten$/);
    expect(await options.getByLabel('Nach neuen Beiträgen suchen').locator('option:checked').textContent()).toBe(
      'Alle 30 Minuten',
    );
    await expect(options.getByRole('button', { name: 'Alles exportieren (JSON)' }).count()).resolves.toBe(1);
    await options.close();
  });
});
