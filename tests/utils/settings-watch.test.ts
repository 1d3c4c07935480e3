import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_PREFERENCES, updatePreferences, readPreferences, watchSettings } from '@/utils/settings';

describe('settings as the pages read them', () => {
  it('are what utils/settings.ts wrote: the validated preferences', async () => {
    expect(await readPreferences()).toEqual(DEFAULT_PREFERENCES);
    await updatePreferences({ showReadPosts: false, mutedCategories: ['Go'] });
    expect(await readPreferences()).toEqual({ ...DEFAULT_PREFERENCES, showReadPosts: false, mutedCategories: ['Go'] });
  });

  it('repair what another version or a hand edit left broken', async () => {
    await fakeBrowser.storage.sync.set({ preferences: { showReadPosts: 'yes', badgeMode: 'new' } });
    expect(await readPreferences()).toEqual({ ...DEFAULT_PREFERENCES, badgeMode: 'new' });
    // One junk entry in the muted list is dropped alone; the good ones stay muted (issue #11).
    await fakeBrowser.storage.sync.set({ preferences: { mutedCategories: ['Go', 42, '', ' Rust ', 'Go', null] } });
    expect((await readPreferences()).mutedCategories).toEqual(['Go', 'Rust']);
  });

  it('are watched: a change of the preferences calls back, until unsubscribed', async () => {
    const listener = vi.fn<() => void>();
    const stop = watchSettings(listener);
    await updatePreferences({ hideMutedCategories: true });
    expect(listener).toHaveBeenCalledTimes(1);
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    await updatePreferences({ hideMutedCategories: false });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
