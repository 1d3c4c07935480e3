// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PreferencesSection } from '@/entrypoints/options/PreferencesSection';
import { normalizePreferences, updatePreferences, readPreferences } from '@/utils/settings';

/** The section as the options page shows it, with the stored preferences. */
async function renderSection(
  categories: string[],
  mutedWordCounts: ReadonlyMap<string, number> = new Map(),
): Promise<HTMLElement> {
  render(
    <PreferencesSection
      preferences={await readPreferences()}
      categories={categories}
      mutedWordCounts={mutedWordCounts}
    />,
    document.body,
  );
  return document.body;
}

function mutedBox(page: HTMLElement, category: string): HTMLInputElement {
  return page.querySelector<HTMLInputElement>(`input[name="muted"][value="${category}"]`)!;
}

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
});

describe('PreferencesSection', () => {
  it('names a mute that does not fit in an alert, and unchecks its box; the next saved change clears it', async () => {
    const categories = Array.from({ length: 100 }, (_, i) => `Category ${i + 1}`.padEnd(80, '.'));
    const full = normalizePreferences({ mutedCategories: categories }).mutedCategories;
    expect((await updatePreferences({ mutedCategories: full })).ok).toBe(true);
    const page = await renderSection(categories);
    const alert = page.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe('');

    const extra = mutedBox(page, categories[full.length]!);
    extra.click();
    await vi.waitFor(() =>
      expect(alert.textContent).toBe(
        'Too many muted categories and words to sync between your browsers; nothing was changed. Unmute some to make room.',
      ),
    );
    expect(extra.checked).toBe(false);
    expect((await readPreferences()).mutedCategories).toEqual(full);

    mutedBox(page, full[0]!).click();
    await vi.waitFor(() => expect(alert.textContent).toBe(''));
    expect((await readPreferences()).mutedCategories).toEqual(full.slice(1));
  });

  it('names a write the browser refuses and shows the stored interval again', async () => {
    const page = await renderSection([]);
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValueOnce(
      new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'),
    );
    const select = page.querySelector<HTMLSelectElement>('#interval')!;
    select.value = '120';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() =>
      expect(page.querySelector('[role="alert"]')!.textContent).toBe(
        'The browser limits how often settings are saved; nothing was changed. Try again in a minute.',
      ),
    );
    expect(select.value).toBe('30');
    expect((await readPreferences()).refreshIntervalMinutes).toBe(30);
  });

  it('mutes a word from the form, shows what each word hides, and unmutes it', async () => {
    let page = await renderSection([]);
    expect(page.querySelector('#muted-words')!.textContent).toContain('No muted words.');
    const input = page.querySelector<HTMLInputElement>('.add-muted-word input')!;
    input.value = '  Crypto ';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() =>
      expect(page.querySelector<HTMLButtonElement>('.add-muted-word button')!.disabled).toBe(false),
    );
    page.querySelector<HTMLFormElement>('.add-muted-word')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await vi.waitFor(async () => expect((await readPreferences()).mutedWords).toEqual(['Crypto']));

    // The page re-renders from storage with the counts OptionsApp computed from the cached posts.
    page = await renderSection([], new Map([['Crypto', 3]]));
    const rule = page.querySelector('.muted-words li')!;
    expect(rule.textContent).toContain('Crypto');
    expect(rule.textContent).toContain('hides 3 posts');
    page.querySelector<HTMLButtonElement>('button[aria-label="Unmute “Crypto”"]')!.click();
    await vi.waitFor(async () => expect((await readPreferences()).mutedWords).toEqual([]));
  });
});
