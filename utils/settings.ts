import { storage } from 'wxt/utils/storage';
import {
  DEFAULT_INTERVAL_MINUTES,
  DEFAULT_PREFERENCES,
  MAX_INTERVAL_MINUTES,
  MIN_INTERVAL_MINUTES,
  type BadgeMode,
  type Preferences,
} from './preferences';
import { normalizePreferences } from './preferences-schema';
import { PREFERENCES_KEY } from './settings-read';

export {
  DEFAULT_INTERVAL_MINUTES,
  DEFAULT_PREFERENCES,
  MAX_INTERVAL_MINUTES,
  MIN_INTERVAL_MINUTES,
  normalizePreferences,
};
export type { BadgeMode, Preferences };

/**
 * The reader's preferences, synced across their browsers (`storage.sync`; the whole object is a few
 * hundred bytes, far inside the 8 KB per-item quota). Version 2 added the badge mode, hiding muted
 * categories and showing read posts to version 1's interval, notifications and muted categories.
 */
export const preferencesItem = storage.defineItem<Preferences>(`sync:${PREFERENCES_KEY}`, {
  fallback: { ...DEFAULT_PREFERENCES },
  version: 2,
  migrations: {
    2: (v1: unknown): Preferences => normalizePreferences(v1),
  },
});

/** Reads the preferences, repairing anything invalid (a hand-edited or older synced value). */
export async function loadPreferences(): Promise<Preferences> {
  return normalizePreferences(await preferencesItem.getValue());
}

/** Saves a change to some preferences, validated. */
export async function updatePreferences(change: Partial<Preferences>): Promise<Preferences> {
  const next = normalizePreferences({ ...(await loadPreferences()), ...change });
  await preferencesItem.setValue(next);
  return next;
}

/** When the reader last opened the popup or the digest (the badge's "new" mode counts from here). */
export const lastLookItem = storage.defineItem<string | null>('local:lastLookAt', { fallback: null });
