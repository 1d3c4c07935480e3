import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_PREFERENCES, loadPreferences, normalizePreferences, updatePreferences } from '@/utils/settings';

describe('preferences', () => {
  it('have defaults: every 30 minutes, notifications on, nothing muted, unread badge, read posts shown', () => {
    expect(DEFAULT_PREFERENCES).toEqual({
      refreshIntervalMinutes: 30,
      notificationsEnabled: true,
      mutedCategories: [],
      hideMutedCategories: false,
      badgeMode: 'unread',
      showReadPosts: true,
    });
  });

  it('replace each invalid field by its default, keeping the valid ones', () => {
    expect(normalizePreferences({ refreshIntervalMinutes: 5, notificationsEnabled: false, badgeMode: 'loud' })).toEqual(
      {
        ...DEFAULT_PREFERENCES,
        notificationsEnabled: false,
      },
    );
    expect(normalizePreferences({ refreshIntervalMinutes: 25 * 60 }).refreshIntervalMinutes).toBe(30);
    expect(normalizePreferences('garbage')).toEqual(DEFAULT_PREFERENCES);
  });

  it('trim muted categories, drop a list with a blank or non-text entry, and ignore unknown fields', () => {
    expect(normalizePreferences({ mutedCategories: ['  Rust ', 'Go'] }).mutedCategories).toEqual(['Rust', 'Go']);
    expect(normalizePreferences({ mutedCategories: ['Rust', '   '] }).mutedCategories).toEqual([]);
    expect(normalizePreferences({ mutedCategories: ['Rust', 7] }).mutedCategories).toEqual([]);
    expect(normalizePreferences({ showReadPosts: false, extra: 'x' })).toEqual({
      ...DEFAULT_PREFERENCES,
      showReadPosts: false,
    });
    // The default list is never shared: changing one result leaves the next alone.
    normalizePreferences({}).mutedCategories.push('Mutated');
    expect(normalizePreferences({}).mutedCategories).toEqual([]);
  });

  it('are validated when saved', async () => {
    await updatePreferences({ refreshIntervalMinutes: 240 });
    expect((await loadPreferences()).refreshIntervalMinutes).toBe(240);
    await updatePreferences({ refreshIntervalMinutes: 1 });
    expect((await loadPreferences()).refreshIntervalMinutes).toBe(30);
  });

  it('migrate a version 1 value (interval, notifications, muted) to version 2', async () => {
    await fakeBrowser.storage.sync.set({
      preferences: { refreshIntervalMinutes: 60, notificationsEnabled: false, mutedCategories: ['Career'] },
      preferences$: { v: 1 },
    });
    // A fresh module defines the item again, which runs its migrations, as a worker start does.
    vi.resetModules();
    const { preferencesItem } = await import('@/utils/settings');
    expect(await preferencesItem.getValue()).toEqual({
      ...DEFAULT_PREFERENCES,
      refreshIntervalMinutes: 60,
      notificationsEnabled: false,
      mutedCategories: ['Career'],
    });
    expect(await preferencesItem.getMeta()).toEqual({ v: 2 });
  });
});
