import { storage } from 'wxt/utils/storage';
import {
  DEFAULT_INTERVAL_MINUTES,
  DEFAULT_PREFERENCES,
  MAX_INTERVAL_MINUTES,
  MIN_INTERVAL_MINUTES,
  type BadgeMode,
  type Preferences,
} from './preferences';
import {
  MUTED_CATEGORIES_MAX_BYTES,
  mutedCategoriesBytes,
  normalizePreferences,
  validatePreferencesChange,
} from './preferences-schema';
import { PREFERENCES_KEY } from './settings-read';

export {
  DEFAULT_INTERVAL_MINUTES,
  DEFAULT_PREFERENCES,
  MAX_INTERVAL_MINUTES,
  MIN_INTERVAL_MINUTES,
  MUTED_CATEGORIES_MAX_BYTES,
  normalizePreferences,
};
export type { BadgeMode, Preferences };

/**
 * The reader's preferences, synced across their browsers (`storage.sync`), as one item: the muted
 * categories are held to MUTED_CATEGORIES_MAX_BYTES, which keeps the whole under 7,000 bytes, inside the
 * 8 KB per-item quota (utils/preferences-schema.ts). Written through updatePreferences (and an import).
 * Version 2 added the badge mode, hiding muted categories and showing read posts to version 1's
 * interval, notifications and muted categories.
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

/** Why a preferences change was not saved; `message` is English, describeError (utils/error-text.ts) shows the reader's language. */
export interface SettingsError {
  kind: 'settings-invalid' | 'settings-too-large' | 'settings-rate-limited' | 'settings-write-failed';
  message: string;
}

/** What updatePreferences did: the preferences as saved, or why nothing of the change was saved. */
export type PreferencesOutcome = { ok: true; preferences: Preferences } | { ok: false; error: SettingsError };

/**
 * A change to the preferences: the fields to set, or a function of the preferences as they are when the
 * change is written, so that changes queued together compose (two mutes in a row keep both).
 */
export type PreferencesChange = Partial<Preferences> | ((current: Preferences) => Partial<Preferences>);

/** Names a failed storage.sync write by its message: Chrome's (MAX_WRITE_OPERATIONS_PER_MINUTE, QUOTA_BYTES_PER_ITEM, Resource::kQuotaBytes…) or Firefox's (QuotaExceededError). */
export function settingsWriteError(error: unknown): SettingsError {
  const detail = error instanceof Error ? error.message : String(error);
  // Rate first: Chrome's rate messages also say "quota".
  if (/MAX_(SUSTAINED_)?WRITE_OPERATIONS|kMax(Sustained)?WriteOperations/i.test(detail)) {
    return {
      kind: 'settings-rate-limited',
      message: `The browser refused to save the preferences this often (${detail}).`,
    };
  }
  if (/quota|MAX_ITEMS|kMaxItems/i.test(detail)) {
    return {
      kind: 'settings-too-large',
      message: `The preferences do not fit the browser's synced storage (${detail}).`,
    };
  }
  return { kind: 'settings-write-failed', message: `The browser could not save the preferences (${detail}).` };
}

/** One change applied to the preferences, validated and held to the size budget; nothing is written. */
function applyChange(current: Preferences, change: PreferencesChange): PreferencesOutcome {
  let fields: Partial<Preferences>;
  try {
    // A copy: a function that edits what it is given must not edit the batch's value.
    fields = typeof change === 'function' ? change(structuredClone(current)) : change;
  } catch (error) {
    return {
      ok: false,
      error: { kind: 'settings-invalid', message: `The change could not be made (${String(error)}).` },
    };
  }
  const checked = validatePreferencesChange(fields);
  if (!checked.ok) {
    return { ok: false, error: { kind: 'settings-invalid', message: `The value for ${checked.field} is not valid.` } };
  }
  const next = { ...current, ...checked.change };
  const bytes = mutedCategoriesBytes(next.mutedCategories);
  // Refused, not trimmed: the stored list stays as it was and the reader is told (issue #11).
  if (bytes > MUTED_CATEGORIES_MAX_BYTES) {
    const message = `The muted categories would take ${bytes} bytes; ${MUTED_CATEGORIES_MAX_BYTES} fit in the synced preferences.`;
    return { ok: false, error: { kind: 'settings-too-large', message } };
  }
  return { ok: true, preferences: next };
}

// storage.sync allows 120 writes a minute and 1,800 an hour (Chrome's MAX_WRITE_OPERATIONS_PER_MINUTE
// and _PER_HOUR; Firefox allows no fewer). Each write spends a token from a bucket of 10 that refills
// one every 3 s, so however fast the reader clicks, one page writes at most 10 + 20 = 30 times in any
// minute and 10 + 1,200 in any hour; changes made while it waits go together in the next write.
const WRITE_BURST = 10;
const WRITE_REFILL_MS = 3_000;

interface QueuedChange {
  change: PreferencesChange;
  resolve: (outcome: PreferencesOutcome) => void;
}

/**
 * Makes an updatePreferences. One write at a time: changes made while a write is in flight (or waits
 * for the rate) go together in the next, applied in order (the last value of a field wins), and each
 * caller gets the outcome of the write that carried its change. A change that is invalid or too large is
 * refused on its own; the others in its batch are still saved.
 */
export function createPreferencesUpdater(): (change: PreferencesChange) => Promise<PreferencesOutcome> {
  let queue: QueuedChange[] = [];
  let draining = false;
  let tokens = WRITE_BURST;
  let refilledAt = Date.now();

  function refill(): void {
    const now = Date.now();
    // Math.max: a clock set back (a system clock change, a test's fake time) must not take tokens away.
    tokens = Math.min(WRITE_BURST, tokens + Math.max(0, now - refilledAt) / WRITE_REFILL_MS);
    refilledAt = now;
  }

  async function writeBatch(batch: QueuedChange[]): Promise<void> {
    let stored: Preferences;
    try {
      stored = await preferencesItem.getValue();
    } catch (error) {
      for (const queued of batch) queued.resolve({ ok: false, error: settingsWriteError(error) });
      return;
    }
    let next = normalizePreferences(stored);
    const carried: QueuedChange[] = [];
    for (const queued of batch) {
      const applied = applyChange(next, queued.change);
      if (applied.ok) {
        next = applied.preferences;
        carried.push(queued);
      } else queued.resolve(applied);
    }
    if (carried.length === 0) return;
    let failure: SettingsError | null = null;
    // A batch that changes nothing (a radio chosen again, a mute undone) spends no write.
    if (JSON.stringify(next) !== JSON.stringify(stored)) {
      tokens -= 1;
      try {
        await preferencesItem.setValue(next);
      } catch (error) {
        failure = settingsWriteError(error);
      }
    }
    for (const queued of carried) {
      queued.resolve(failure ? { ok: false, error: failure } : { ok: true, preferences: structuredClone(next) });
    }
  }

  async function drain(): Promise<void> {
    // Changes made in the same task as the first one join its write.
    await Promise.resolve();
    while (queue.length > 0) {
      refill();
      if (tokens < 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.ceil((1 - tokens) * WRITE_REFILL_MS)));
        continue;
      }
      const batch = queue;
      queue = [];
      try {
        await writeBatch(batch);
      } catch (error) {
        // Unreachable by design; if it happens, its callers still hear, and the queue keeps going.
        for (const queued of batch) queued.resolve({ ok: false, error: settingsWriteError(error) });
      }
    }
    draining = false;
  }

  return (change) =>
    new Promise<PreferencesOutcome>((resolve) => {
      queue.push({ change, resolve });
      if (draining) return;
      draining = true;
      void drain();
    });
}

/** Saves a change to the preferences (validated, coalesced, within storage.sync's quotas); resolves with what was saved or a named error, never rejects. */
export const updatePreferences = createPreferencesUpdater();

/** When the reader last opened the popup or the digest (the badge's "new" mode counts from here). */
export const lastLookItem = storage.defineItem<string | null>('local:lastLookAt', { fallback: null });
