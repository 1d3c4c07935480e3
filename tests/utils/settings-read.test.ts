import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_PREFERENCES, feedsItem, preferencesItem, updatePreferences } from '@/utils/settings';
import { readFollowedFeeds, readPreferences, watchSettings } from '@/utils/settings-read';

describe('settings as the pages read them', () => {
  it('are what utils/settings.ts wrote: the followed feeds in order and the validated preferences', async () => {
    expect(await readFollowedFeeds()).toEqual([]);
    expect(await readPreferences()).toEqual(DEFAULT_PREFERENCES);

    await feedsItem.setValue([
      { url: 'https://a.example/feed.json', addedAt: '2026-11-01T00:00:00Z' },
      { url: 'https://b.example/feed.json', addedAt: '2026-11-02T00:00:00Z' },
    ]);
    await updatePreferences({ showReadPosts: false, mutedCategories: ['Go'] });
    expect(await readFollowedFeeds()).toEqual(['https://a.example/feed.json', 'https://b.example/feed.json']);
    expect(await readPreferences()).toEqual({ ...DEFAULT_PREFERENCES, showReadPosts: false, mutedCategories: ['Go'] });
  });

  it('repair what another version or a hand edit left broken', async () => {
    await fakeBrowser.storage.local.set({ feeds: [{ url: 'https://a.example/feed.json' }, 'junk', { url: 4 }] });
    await fakeBrowser.storage.sync.set({ preferences: { showReadPosts: 'yes', badgeMode: 'new' } });
    expect(await readFollowedFeeds()).toEqual(['https://a.example/feed.json']);
    expect(await readPreferences()).toEqual({ ...DEFAULT_PREFERENCES, badgeMode: 'new' });
    // One junk entry in the muted list is dropped alone; the good ones stay muted (issue #11).
    await fakeBrowser.storage.sync.set({ preferences: { mutedCategories: ['Go', 42, '', ' Rust ', 'Go', null] } });
    expect((await readPreferences()).mutedCategories).toEqual(['Go', 'Rust']);
    await fakeBrowser.storage.local.set({ feeds: 'junk' });
    expect(await readFollowedFeeds()).toEqual([]);
  });

  it('are watched: a change of the preferences or of the followed feeds calls back, until unsubscribed', async () => {
    const listener = vi.fn<() => void>();
    const stop = watchSettings(listener);
    await preferencesItem.setValue({ ...DEFAULT_PREFERENCES, hideMutedCategories: true });
    await feedsItem.setValue([{ url: 'https://c.example/feed.json', addedAt: '2026-11-03T00:00:00Z' }]);
    expect(listener).toHaveBeenCalledTimes(2);
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    expect(listener).toHaveBeenCalledTimes(2);
    stop();
    await preferencesItem.setValue({ ...DEFAULT_PREFERENCES });
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
