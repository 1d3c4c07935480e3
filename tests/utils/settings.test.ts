import * as fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_PREFERENCES,
  type Preferences,
  createPreferencesUpdater,
  MUTED_LISTS_MAX_BYTES,
  mutedListBytes,
  mutedListsBytes,
  normalizePreferences,
  PREFERENCES_KEY,
  settingsWriteError,
  syncItemBytes,
  updatePreferences,
  validatePreferencesChange,
  type PreferencesOutcome,
  readPreferences,
} from '@/utils/settings';

/** What the browser refuses above (QUOTA_BYTES_PER_ITEM), and the ceiling the budget promises below it. */
const QUOTA_BYTES_PER_ITEM = 8_192;
const ITEM_CEILING = 7_000;

/** Distinct category names of `length` characters, as the feed parser can make them (at most 80). */
function names(count: number, length = 20): string[] {
  return Array.from({ length: count }, (_, i) => `Category ${i + 1}`.padEnd(length, '.'));
}

/** The preferences as stored, unvalidated. */
async function stored(): Promise<unknown> {
  return (await fakeBrowser.storage.sync.get(PREFERENCES_KEY))[PREFERENCES_KEY];
}

/** Counts the writes of the preferences item to storage.sync from now on. */
function countWrites(): () => number {
  const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
  return () => set.mock.calls.filter(([items]) => PREFERENCES_KEY in items).length;
}

describe('preferences', () => {
  it('have defaults: every 30 minutes, notifications on, nothing muted (categories or words), unread badge, read posts shown', () => {
    expect(DEFAULT_PREFERENCES).toEqual({
      refreshIntervalMinutes: 30,
      notificationsEnabled: true,
      mutedCategories: [],
      hideMutedCategories: false,
      badgeMode: 'unread',
      showReadPosts: true,
      mutedWords: [],
      showPictures: true,
      digestGrouping: 'category',
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

  it('trim muted categories and repair the list entry by entry, ignoring unknown fields', () => {
    expect(normalizePreferences({ mutedCategories: ['  Rust ', 'Go'] }).mutedCategories).toEqual(['Rust', 'Go']);
    // One blank, non-text, overlong or repeated entry is dropped alone; the rest are kept (issue #11).
    expect(normalizePreferences({ mutedCategories: ['Rust', '   '] }).mutedCategories).toEqual(['Rust']);
    expect(normalizePreferences({ mutedCategories: ['Rust', 7] }).mutedCategories).toEqual(['Rust']);
    expect(
      normalizePreferences({ mutedCategories: [null, 'Go', 'x'.repeat(81), { name: 'A' }, ' Go', 'x'.repeat(80)] })
        .mutedCategories,
    ).toEqual(['Go', 'x'.repeat(80)]);
    expect(normalizePreferences({ mutedCategories: 'Rust' }).mutedCategories).toEqual([]);
    expect(normalizePreferences({ showReadPosts: false, extra: 'x' })).toEqual({
      ...DEFAULT_PREFERENCES,
      showReadPosts: false,
    });
    // The default list is never shared: changing one result leaves the next alone.
    normalizePreferences({}).mutedCategories.push('Mutated');
    expect(normalizePreferences({}).mutedCategories).toEqual([]);
  });

  it('keep the first muted categories of a list too large to sync, instead of none', () => {
    const all = names(1_000);
    const kept = normalizePreferences({ mutedCategories: all }).mutedCategories;
    expect(kept).toEqual(all.slice(0, kept.length));
    // 20-character names: 23 bytes each with quotes and comma, so 282 fit in 6,500 bytes.
    expect(kept).toHaveLength(282);
    expect(mutedListBytes(kept)).toBeLessThanOrEqual(MUTED_LISTS_MAX_BYTES);
    expect(mutedListBytes(all.slice(0, kept.length + 1))).toBeGreaterThan(MUTED_LISTS_MAX_BYTES);
  });

  it('are validated when saved: an invalid change is refused by name and the stored value kept', async () => {
    expect(await updatePreferences({ refreshIntervalMinutes: 240 })).toEqual({
      ok: true,
      preferences: { ...DEFAULT_PREFERENCES, refreshIntervalMinutes: 240 },
    });
    expect((await readPreferences()).refreshIntervalMinutes).toBe(240);
    expect(await updatePreferences({ refreshIntervalMinutes: 1 })).toEqual({
      ok: false,
      error: { kind: 'settings-invalid', message: 'The value for refreshIntervalMinutes is not valid.' },
    });
    expect((await readPreferences()).refreshIntervalMinutes).toBe(240);
    const blank = await updatePreferences({ mutedCategories: ['Go', ' '] });
    expect(blank.ok || blank.error.kind).toBe('settings-invalid');
    expect((await readPreferences()).mutedCategories).toEqual([]);
  });

  it('migrate a version 1 value (interval, notifications, muted) to version 2', async () => {
    await fakeBrowser.storage.sync.set({
      preferences: { refreshIntervalMinutes: 60, notificationsEnabled: false, mutedCategories: ['Career'] },
      preferences$: { v: 1 },
    });
    expect(await readPreferences()).toEqual({
      ...DEFAULT_PREFERENCES,
      refreshIntervalMinutes: 60,
      notificationsEnabled: false,
      mutedCategories: ['Career'],
    });
    // The next write stores version 2 beside the value, where an older Digest on a synced browser looks.
    await updatePreferences({ badgeMode: 'new' });
    expect(await fakeBrowser.storage.sync.get(['preferences', 'preferences$'])).toEqual({
      preferences: {
        ...DEFAULT_PREFERENCES,
        refreshIntervalMinutes: 60,
        notificationsEnabled: false,
        mutedCategories: ['Career'],
        badgeMode: 'new',
      },
      preferences$: { v: 2 },
    });
  });
});

describe('muted categories within the storage.sync quota', () => {
  it('muting the 201st category keeps the 200 before it (it used to reset the list to none)', async () => {
    const muted = names(201, 12);
    await updatePreferences({ mutedCategories: muted.slice(0, 200) });
    await updatePreferences({ mutedCategories: muted });
    expect((await readPreferences()).mutedCategories).toEqual(muted);
  });

  it('refuse muting one more category than fits, by name, and keep every mute there was', async () => {
    const update = createPreferencesUpdater();
    // The longest names the parser makes: 78 of them fit.
    const candidates = names(100, 80);
    const full = normalizePreferences({ mutedCategories: candidates }).mutedCategories;
    expect(full).toHaveLength(78);
    expect((await update({ mutedCategories: full, badgeMode: 'new' })).ok).toBe(true);
    const before = await stored();

    const refused = await update((current) => ({ mutedCategories: [...current.mutedCategories, candidates[78]!] }));
    expect(refused).toEqual({
      ok: false,
      error: {
        kind: 'settings-too-large',
        message: `The muted categories and words would take ${mutedListBytes(candidates.slice(0, 79))} bytes; 6500 fit in the synced preferences.`,
      },
    });
    expect(await stored()).toEqual(before);

    // A full list does not block the other preferences, the longest values included, nor an unmute.
    expect((await update({ badgeMode: 'unread', refreshIntervalMinutes: 1_439.999_999_999_999 })).ok).toBe(true);
    const unmuted = await update((current) => ({ mutedCategories: current.mutedCategories.slice(1) }));
    expect(unmuted.ok && unmuted.preferences.mutedCategories).toEqual(full.slice(1));
  });

  it('keep the whole stored item under 7,000 bytes, below the 8,192-byte per-item quota', () => {
    // Every other field at its longest: a 15-digit fraction, true, 'unread'.
    const longest = normalizePreferences({
      refreshIntervalMinutes: 1_439.999_999_999_999,
      notificationsEnabled: false,
      mutedCategories: names(500, 80).map((name) => `<${name.slice(1)}`),
      hideMutedCategories: false,
      badgeMode: 'unread',
      showReadPosts: false,
    });
    expect(syncItemBytes(PREFERENCES_KEY, longest)).toBeLessThan(ITEM_CEILING);
    expect(ITEM_CEILING).toBeLessThan(QUOTA_BYTES_PER_ITEM);
  });

  it('measure an item as the browsers do: key plus JSON, in UTF-8, with what Chrome escapes counted escaped', () => {
    expect(syncItemBytes('preferences', { a: 'b' })).toBe(11 + '{"a":"b"}'.length);
    expect(syncItemBytes('k', 'ü')).toBe(1 + 4);
    expect(syncItemBytes('k', '€')).toBe(1 + 5);
    expect(syncItemBytes('k', '😀')).toBe(1 + 6);
    expect(syncItemBytes('k', '<')).toBe(1 + 8);
    expect(syncItemBytes('k', '\n')).toBe(1 + 4);
  });
});

describe('writing the preferences', () => {
  it('name a write the browser refuses, and leave the stored value as it was', async () => {
    const update = createPreferencesUpdater();
    await update({ mutedCategories: ['Go'] });
    const before = await stored();
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    set.mockRejectedValueOnce(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'));
    const outcome = await update({ mutedCategories: ['Go', 'Rust'] });
    expect(outcome).toEqual({
      ok: false,
      error: {
        kind: 'settings-too-large',
        message: "The preferences do not fit the browser's synced storage (QUOTA_BYTES_PER_ITEM quota exceeded).",
      },
    });
    expect(await stored()).toEqual(before);

    set.mockRejectedValueOnce(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'));
    const limited = await update({ showReadPosts: false });
    expect(limited.ok || limited.error.kind).toBe('settings-rate-limited');
    expect(await stored()).toEqual(before);
    // The next write goes through.
    expect((await update({ showReadPosts: false })).ok).toBe(true);
  });

  it('name Chrome’s and Firefox’s quota errors, and any other failure', () => {
    const kinds = [
      'QUOTA_BYTES_PER_ITEM quota exceeded',
      'Resource::kQuotaBytesPerItem quota exceeded',
      'QUOTA_BYTES quota exceeded',
      'MAX_ITEMS quota exceeded',
      'QuotaExceededError: storage.sync API call exceeded its quota limitations.',
      'This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.',
      'This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.',
      'Resource::kMaxWriteOperationsPerHour quota exceeded',
      'IO error: .../Sync Extension Settings/000003.log: No space left',
    ].map((message) => settingsWriteError(new Error(message)).kind);
    expect(kinds).toEqual([
      'settings-too-large',
      'settings-too-large',
      'settings-too-large',
      'settings-too-large',
      'settings-too-large',
      'settings-rate-limited',
      'settings-rate-limited',
      'settings-rate-limited',
      'settings-write-failed',
    ]);
    expect(settingsWriteError('odd')).toEqual({
      kind: 'settings-write-failed',
      message: 'The browser could not save the preferences (odd).',
    });
  });

  it('coalesce a burst: changes made while a write is in flight go in one more write, none lost', async () => {
    const update = createPreferencesUpdater();
    // A write that takes a while, as a real one may.
    const write = fakeBrowser.storage.sync.set.bind(fakeBrowser.storage.sync);
    const writes = countWrites();
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    set.mockImplementation(async (items) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return write(items);
    });

    const first = update({ showReadPosts: false });
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first write is in flight
    const categories = names(30);
    const rest: Promise<unknown>[] = [];
    for (const [i, category] of categories.entries()) {
      rest.push(update((current) => ({ mutedCategories: [...current.mutedCategories, category] })));
      rest.push(update({ badgeMode: i % 2 === 0 ? 'new' : 'unread' }));
      await Promise.resolve();
    }
    const expected: Preferences = {
      ...DEFAULT_PREFERENCES,
      showReadPosts: false,
      mutedCategories: categories,
      badgeMode: 'unread',
    };
    expect(await first).toEqual({ ok: true, preferences: { ...DEFAULT_PREFERENCES, showReadPosts: false } });
    // Every caller after the first gets the outcome of the one write that carried all their changes.
    expect(new Set((await Promise.all(rest)).map((outcome) => JSON.stringify(outcome)))).toEqual(
      new Set([JSON.stringify({ ok: true, preferences: expected })]),
    );
    expect(writes()).toBe(2);
    expect(await readPreferences()).toEqual(expected);
  });

  it('refuse a bad change alone: the others written with it are saved', async () => {
    const update = createPreferencesUpdater();
    const outcomes = await Promise.all([
      update({ notificationsEnabled: false }),
      update({ refreshIntervalMinutes: -1 }),
      update(() => {
        throw new Error('a bug in a caller');
      }),
      update({ hideMutedCategories: true }),
    ]);
    expect(outcomes.map((outcome) => outcome.ok || outcome.error.kind)).toEqual([
      true,
      'settings-invalid',
      'settings-invalid',
      true,
    ]);
    expect(await readPreferences()).toEqual({
      ...DEFAULT_PREFERENCES,
      notificationsEnabled: false,
      hideMutedCategories: true,
    });
  });

  it('spend no write on a change that changes nothing', async () => {
    const update = createPreferencesUpdater();
    await update({ badgeMode: 'new' });
    const writes = countWrites();
    expect(await update({ badgeMode: 'new' })).toEqual({
      ok: true,
      preferences: { ...DEFAULT_PREFERENCES, badgeMode: 'new' },
    });
    await Promise.all([update({ showReadPosts: false }), update({ showReadPosts: true })]);
    expect(writes()).toBe(0);
  });

  it('stay under the write quotas however fast the reader clicks (120 a minute, 1,800 an hour)', async () => {
    vi.useFakeTimers();
    try {
      const update = createPreferencesUpdater();
      const write = fakeBrowser.storage.sync.set.bind(fakeBrowser.storage.sync);
      const times: number[] = [];
      vi.spyOn(fakeBrowser.storage.sync, 'set').mockImplementation(async (items) => {
        if (PREFERENCES_KEY in items) times.push(Date.now());
        return write(items);
      });
      // Two clicks a second for 65 minutes, never waiting for a write: unthrottled, each click would be
      // one write, 120 a minute and 7,800 in the hour.
      const outcomes: Promise<PreferencesOutcome>[] = [];
      for (let i = 0; i < 7_800; i++) {
        outcomes.push(update({ refreshIntervalMinutes: 15 + (i % 1_000) }));
        await vi.advanceTimersByTimeAsync(500);
      }
      await vi.runAllTimersAsync();
      expect((await Promise.all(outcomes)).every((outcome) => outcome.ok)).toBe(true);
      const most = (windowMs: number) =>
        Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
      expect(most(60_000)).toBeLessThanOrEqual(30);
      expect(most(3_600_000)).toBeLessThanOrEqual(10 + 1_200);
      expect((await readPreferences()).refreshIntervalMinutes).toBe(15 + (7_799 % 1_000));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('normalizePreferences, for any input', () => {
  /** Stored values that look like preferences, with junk in each field and in the muted list. */
  const preferencesLike = fc.record(
    {
      refreshIntervalMinutes: fc.oneof(fc.double(), fc.integer(), fc.anything()),
      notificationsEnabled: fc.oneof(fc.boolean(), fc.anything()),
      mutedCategories: fc.oneof(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 90 }),
            fc.string({ unit: 'grapheme', maxLength: 90 }),
            fc.constantFrom('<<<<', '\u2028', ' ', ''),
            fc.anything(),
          ),
          { maxLength: 600 },
        ),
        fc.anything(),
      ),
      hideMutedCategories: fc.oneof(fc.boolean(), fc.anything()),
      badgeMode: fc.oneof(fc.constantFrom('unread', 'new'), fc.anything()),
      showReadPosts: fc.oneof(fc.boolean(), fc.anything()),
      mutedWords: fc.oneof(
        fc.array(
          fc.oneof(fc.string({ maxLength: 90 }), fc.constantFrom('Rust', 'rust', ' RUST ', '<&>'), fc.anything()),
          { maxLength: 400 },
        ),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  );

  it('never throws and returns preferences that pass validation, fit the budget and stay as they are', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), preferencesLike), (raw) => {
        const preferences = normalizePreferences(raw);
        expect(validatePreferencesChange(preferences)).toEqual({ ok: true, change: preferences });
        expect(mutedListsBytes(preferences)).toBeLessThanOrEqual(MUTED_LISTS_MAX_BYTES);
        expect(syncItemBytes(PREFERENCES_KEY, preferences)).toBeLessThan(ITEM_CEILING);
        expect(normalizePreferences(preferences)).toEqual(preferences);
      }),
      { numRuns: 300 },
    );
  });
});
