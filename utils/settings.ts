// The reader's settings, all of them in one module (issue #12): the preferences' shape and defaults, their
// rules (validation, repair, the storage.sync size budget), the one read, the one watch, the one writer,
// and when the reader last looked. Everything goes through browser.storage directly: @wxt-dev/storage is
// not needed for one synced item and one local value. The pages' kept first frame needs none of this
// before it paints (it is the app's own markup), so one module costs them nothing.
import { browser } from 'wxt/browser';
import type { DigestError, SettingsErrorKind } from './errors';
import { MUTED_WORD_MAX_LENGTH } from './muted-words';
import { jsonTextBytes } from './sync/bytes';
import { z } from './zod-mini';

export { syncItemBytes } from './sync/bytes';

// `npm run demo` builds in mode "demo": it polls every 30 s (Chrome's shortest alarm) so a reader sees a
// post arrive within a minute, not half an hour.
const DEMO = import.meta.env.MODE === 'demo';

/** Allowed refresh intervals, in minutes. */
export const MIN_INTERVAL_MINUTES = DEMO ? 0.5 : 15;
export const MAX_INTERVAL_MINUTES = 24 * 60;
/** The interval until the reader picks another. */
export const DEFAULT_INTERVAL_MINUTES = DEMO ? 0.5 : 30;

/** What the badge counts: every unread post, or only those that arrived since the reader last looked. */
export type BadgeMode = 'unread' | 'new';

/** What the new tab groups the digest by: each post's category, its feed, or its feed's folder. */
export type DigestGrouping = 'category' | 'feed' | 'folder';

/** Every grouping, in the order the new tab offers them. */
export const DIGEST_GROUPINGS: readonly DigestGrouping[] = ['category', 'feed', 'folder'];

/** Every preference a reader can set. */
export interface Preferences {
  refreshIntervalMinutes: number;
  notificationsEnabled: boolean;
  mutedCategories: string[];
  hideMutedCategories: boolean;
  badgeMode: BadgeMode;
  showReadPosts: boolean;
  /** Words or phrases whose posts are hidden everywhere and never notified (utils/muted-words.ts). */
  mutedWords: string[];
  /** Whether pages load feeds' pictures and icons (each comes from the feed's server). */
  showPictures: boolean;
  /** How the new tab groups the digest when its address does not say (the reader's last choice). */
  digestGrouping: DigestGrouping;
}

/** The preferences until the reader changes them; also what replaces any invalid stored value. */
export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({
  refreshIntervalMinutes: DEFAULT_INTERVAL_MINUTES,
  notificationsEnabled: true,
  mutedCategories: [],
  hideMutedCategories: false,
  badgeMode: 'unread',
  showReadPosts: true,
  mutedWords: [],
  showPictures: true,
  digestGrouping: 'category',
});

/** storage.sync key of the preferences, one item (see MUTED_LISTS_MAX_BYTES). */
export const PREFERENCES_KEY = 'preferences';

/**
 * The stored preferences' version, written beside them under the key @wxt-dev/storage used for it
 * (`preferences$`), so an older Digest syncing the same account sees a current value and leaves it alone.
 * Version 2 added the badge mode, hiding muted categories and showing read posts to version 1's interval,
 * notifications and muted categories; muted words came later as an optional field of version 2 (an older
 * Digest reads the value and ignores the field). normalizePreferences reads either (a missing field takes
 * its default), so reading is the migration.
 */
export const PREFERENCES_VERSION = 2;
const PREFERENCES_VERSION_KEY = `${PREFERENCES_KEY}$`;

/** storage.local key of when the reader last opened the popup or the digest (an ISO time). */
const LAST_LOOK_KEY = 'lastLookAt';

/** Longest category name: the feed parser shortens categories to 80 characters (CATEGORY_MAX in utils/feed/parse.ts). */
export const MAX_CATEGORY_LENGTH = 80;

/**
 * Most bytes the muted categories and muted words may take together in the stored preferences (their
 * JSON, counted as syncItemBytes does). The preferences are one `storage.sync` item, and the browser refuses an item over
 * 8,192 bytes (QUOTA_BYTES_PER_ITEM: key plus JSON value). The other fields take at most ~200 bytes, so
 * the item stays under 7,000 bytes: over 1 KB left for fields a later version adds, and no toggle of
 * another preference can push a full list over the quota. At ~20 bytes per name this is 300+ mutes;
 * 80-character names still fit 78. The item is ~7% of the 102,400-byte total (QUOTA_BYTES), and the
 * area holds 2 of its 512 items (the value and WXT's version meta).
 */
export const MUTED_LISTS_MAX_BYTES = 6_500;

const categorySchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_CATEGORY_LENGTH));
const mutedWordSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(MUTED_WORD_MAX_LENGTH));

/** Each preference's schema: a stored value that fails its schema is replaced by the default. */
const preferenceSchemas: { [K in keyof Preferences]: z.ZodMiniType<Preferences[K]> } = {
  refreshIntervalMinutes: z.number().check(z.gte(MIN_INTERVAL_MINUTES), z.lte(MAX_INTERVAL_MINUTES)),
  notificationsEnabled: z.boolean(),
  // The lists' size is checked against MUTED_LISTS_MAX_BYTES apart: a schema cannot repair entry by entry.
  mutedCategories: z.array(categorySchema),
  hideMutedCategories: z.boolean(),
  badgeMode: z.enum(['unread', 'new']),
  showReadPosts: z.boolean(),
  mutedWords: z.array(mutedWordSchema),
  showPictures: z.boolean(),
  digestGrouping: z.enum(DIGEST_GROUPINGS),
};

/** Each muted list's entry schema, for repairing a stored list entry by entry. */
const mutedEntrySchemas = { mutedCategories: categorySchema, mutedWords: mutedWordSchema };

/** The key two muted entries are the same under: categories as they are, words case-insensitively. */
const sameEntry: Record<'mutedCategories' | 'mutedWords', (entry: string) => string> = {
  mutedCategories: (entry) => entry,
  mutedWords: (entry) => entry.toLocaleLowerCase('und'),
};

/** Bytes a muted list takes in the stored preferences. */
export function mutedListBytes(entries: readonly string[]): number {
  return jsonTextBytes(JSON.stringify(entries));
}

/** Bytes the muted categories and words take together (as one list), measured against MUTED_LISTS_MAX_BYTES. */
export function mutedListsBytes(preferences: Pick<Preferences, 'mutedCategories' | 'mutedWords'>): number {
  return mutedListBytes([...preferences.mutedCategories, ...preferences.mutedWords]);
}

/**
 * The valid entries of a stored muted list, entry by entry: each trimmed, blanks, non-text, overlong
 * entries and repeats dropped, then as many as fit MUTED_LISTS_MAX_BYTES after the `before` entries
 * already kept (counted as mutedListsBytes does), first ones first. One bad entry or one too many used to
 * reset the whole list (issue #11).
 */
function repairMutedList(
  raw: unknown,
  field: 'mutedCategories' | 'mutedWords',
  before: readonly string[] = [],
): string[] {
  if (!Array.isArray(raw)) return [];
  const kept: string[] = [];
  const seen = new Set<string>();
  let bytes = mutedListBytes(before);
  for (const entry of raw as unknown[]) {
    const parsed = z.safeParse(mutedEntrySchemas[field], entry);
    if (!parsed.success || seen.has(sameEntry[field](parsed.data))) continue;
    const cost = jsonTextBytes(JSON.stringify(parsed.data)) + (before.length + kept.length > 0 ? 1 : 0);
    if (bytes + cost > MUTED_LISTS_MAX_BYTES) break;
    bytes += cost;
    seen.add(sameEntry[field](parsed.data));
    kept.push(parsed.data);
  }
  return kept;
}

/** Reads any stored or imported value as valid preferences (each bad field replaced by its default, muted categories repaired entry by entry). */
export function normalizePreferences(raw: unknown): Preferences {
  const stored: Record<string, unknown> = typeof raw === 'object' && raw !== null ? { ...raw } : {};
  const normalized: Record<string, unknown> = {};
  // Field by field with safeParse rather than `z.catch` in one object: the same result, and the pages,
  // which load this module, ship about 1 KB (gzip) less of zod's error machinery.
  for (const key of Object.keys(preferenceSchemas) as (keyof Preferences)[]) {
    if (key === 'mutedCategories' || key === 'mutedWords') {
      normalized[key] = []; // filled below; set here to keep the fields' order
      continue;
    }
    const parsed = z.safeParse(preferenceSchemas[key], stored[key]);
    normalized[key] = parsed.success ? parsed.data : structuredClone(DEFAULT_PREFERENCES[key]);
  }
  // The categories first (the older list), the words in what is left of the shared budget.
  const mutedCategories = repairMutedList(stored.mutedCategories, 'mutedCategories');
  normalized.mutedCategories = mutedCategories;
  normalized.mutedWords = repairMutedList(stored.mutedWords, 'mutedWords', mutedCategories);
  return normalized as unknown as Preferences;
}

/**
 * A change the reader asked for, validated strictly: each field it sets must be valid as given (muted
 * categories trimmed and deduplicated), else the first bad field is named. Unlike normalizePreferences
 * nothing is replaced or dropped, so nothing the reader set is discarded silently. The caller checks the
 * size budget.
 */
export function validatePreferencesChange(
  change: Partial<Preferences>,
): { ok: true; change: Partial<Preferences> } | { ok: false; field: keyof Preferences } {
  const valid: Record<string, unknown> = {};
  for (const key of Object.keys(preferenceSchemas) as (keyof Preferences)[]) {
    if (change[key] === undefined) continue;
    const parsed = z.safeParse(preferenceSchemas[key], change[key]);
    if (!parsed.success) return { ok: false, field: key };
    valid[key] =
      key === 'mutedCategories' || key === 'mutedWords' ? dedupe(parsed.data as string[], sameEntry[key]) : parsed.data;
  }
  return { ok: true, change: valid as Partial<Preferences> };
}

/** The entries of a list without repeats (by `sameKey`), first ones kept. */
function dedupe(entries: readonly string[], sameKey: (entry: string) => string): string[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(sameKey(entry)) && seen.add(sameKey(entry)));
}

/** Why a preferences change was not saved; `message` is English, describeError (utils/error-text.ts) shows the reader's language. */
export type SettingsError = DigestError<SettingsErrorKind>;

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
  const bytes = mutedListsBytes(next);
  // Refused, not trimmed: the stored lists stay as they were and the reader is told (issue #11).
  if (bytes > MUTED_LISTS_MAX_BYTES) {
    const message = `The muted categories and words would take ${bytes} bytes; ${MUTED_LISTS_MAX_BYTES} fit in the synced preferences.`;
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
    let stored: unknown;
    try {
      stored = (await browser.storage.sync.get(PREFERENCES_KEY))[PREFERENCES_KEY];
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
    // A batch that changes nothing (a radio chosen again, a mute undone) spends no write; nothing stored
    // reads as the defaults.
    if (JSON.stringify(next) !== JSON.stringify(stored ?? DEFAULT_PREFERENCES)) {
      tokens -= 1;
      try {
        // One set, one write operation: the version travels with the value.
        await browser.storage.sync.set({
          [PREFERENCES_KEY]: next,
          [PREFERENCES_VERSION_KEY]: { v: PREFERENCES_VERSION },
        });
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
export const updatePreferences = /* @__PURE__ */ createPreferencesUpdater();

/** When the reader last opened the popup or the digest (the badge's "new" mode counts from here), or null. */
export async function readLastLook(): Promise<string | null> {
  const stored: unknown = (await browser.storage.local.get(LAST_LOOK_KEY))[LAST_LOOK_KEY];
  return typeof stored === 'string' ? stored : null;
}

/** Remembers when the reader last looked (an ISO time). */
export async function saveLastLook(at: string): Promise<void> {
  await browser.storage.local.set({ [LAST_LOOK_KEY]: at });
}

/** The preferences, validated (each missing or broken field replaced by its default). */
export async function readPreferences(): Promise<Preferences> {
  return normalizePreferences((await browser.storage.sync.get(PREFERENCES_KEY))[PREFERENCES_KEY]);
}

/** Calls `listener` when the preferences change; returns the unsubscribe. (Feed list changes come through utils/changes.ts.) */
export function watchSettings(listener: () => void): () => void {
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area === 'sync' && PREFERENCES_KEY in changes) listener();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
