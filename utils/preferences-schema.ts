// Validating preferences (zod/mini), apart from their storage (utils/settings.ts), so the pages can
// validate what they read without loading the storage library.
import { DEFAULT_PREFERENCES, MAX_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES, type Preferences } from './preferences';
import { z } from './zod-mini';

/** Longest category name: the feed parser shortens categories to 80 characters (TITLE_MAX in utils/feed-schema.ts). */
export const MAX_CATEGORY_LENGTH = 80;

/**
 * Most bytes the muted-category list may take in the stored preferences (its JSON, counted as
 * syncItemBytes does). The preferences are one `storage.sync` item, and the browser refuses an item over
 * 8,192 bytes (QUOTA_BYTES_PER_ITEM: key plus JSON value). The other fields take at most ~200 bytes, so
 * the item stays under 7,000 bytes: over 1 KB left for fields a later version adds, and no toggle of
 * another preference can push a full list over the quota. At ~20 bytes per name this is 300+ mutes;
 * 80-character names still fit 78. The item is ~7% of the 102,400-byte total (QUOTA_BYTES), and the
 * area holds 2 of its 512 items (the value and WXT's version meta).
 */
export const MUTED_CATEGORIES_MAX_BYTES = 6_500;

const categorySchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_CATEGORY_LENGTH));

/** Each preference's schema: a stored value that fails its schema is replaced by the default. */
const preferenceSchemas: { [K in keyof Preferences]: z.ZodMiniType<Preferences[K]> } = {
  refreshIntervalMinutes: z.number().check(z.gte(MIN_INTERVAL_MINUTES), z.lte(MAX_INTERVAL_MINUTES)),
  notificationsEnabled: z.boolean(),
  // Its size is checked against MUTED_CATEGORIES_MAX_BYTES apart: a schema cannot repair entry by entry.
  mutedCategories: z.array(categorySchema),
  hideMutedCategories: z.boolean(),
  badgeMode: z.enum(['unread', 'new']),
  showReadPosts: z.boolean(),
};

/**
 * Bytes of a JSON text as the browsers count a `storage.sync` item: UTF-8, with each character that
 * Chrome's JSON writer may escape to `\uXXXX` ('<', line and paragraph separators; '>', '&' and DEL to be
 * safe) counted as 6. JSON.stringify leaves no lone surrogate, so a surrogate unit is half of 4 bytes.
 */
function jsonTextBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x3c || unit === 0x3e || unit === 0x26 || unit === 0x7f || unit === 0x2028 || unit === 0x2029) {
      bytes += 6;
    } else if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** What the browser counts against QUOTA_BYTES_PER_ITEM for `key` holding `value` (an upper bound). */
export function syncItemBytes(key: string, value: unknown): number {
  return jsonTextBytes(key) + jsonTextBytes(JSON.stringify(value) ?? '');
}

/** Bytes a muted-category list takes in the stored preferences, measured against MUTED_CATEGORIES_MAX_BYTES. */
export function mutedCategoriesBytes(categories: readonly string[]): number {
  return jsonTextBytes(JSON.stringify(categories));
}

/**
 * The valid muted categories of a stored list, entry by entry: each trimmed, blanks, non-text, overlong
 * names and repeats dropped, then as many as fit MUTED_CATEGORIES_MAX_BYTES, first ones first. One bad
 * entry or one too many used to reset the whole list (issue #11).
 */
function repairMutedCategories(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const kept: string[] = [];
  const seen = new Set<string>();
  let bytes = 2; // "[]"
  for (const entry of raw as unknown[]) {
    const parsed = z.safeParse(categorySchema, entry);
    if (!parsed.success || seen.has(parsed.data)) continue;
    const cost = jsonTextBytes(JSON.stringify(parsed.data)) + (kept.length > 0 ? 1 : 0);
    if (bytes + cost > MUTED_CATEGORIES_MAX_BYTES) break;
    bytes += cost;
    seen.add(parsed.data);
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
    if (key === 'mutedCategories') {
      normalized[key] = repairMutedCategories(stored[key]);
      continue;
    }
    const parsed = z.safeParse(preferenceSchemas[key], stored[key]);
    normalized[key] = parsed.success ? parsed.data : structuredClone(DEFAULT_PREFERENCES[key]);
  }
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
    valid[key] = key === 'mutedCategories' ? [...new Set(parsed.data as string[])] : parsed.data;
  }
  return { ok: true, change: valid as Partial<Preferences> };
}
