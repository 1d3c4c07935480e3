// Validating preferences (zod/mini), apart from their storage (utils/settings.ts), so the pages can
// validate what they read without loading the storage library.
import { DEFAULT_PREFERENCES, MAX_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES, type Preferences } from './preferences';
import { z } from './zod-mini';

/** Each preference's schema: a stored value that fails its schema is replaced by the default. */
const preferenceSchemas: { [K in keyof Preferences]: z.ZodMiniType<Preferences[K]> } = {
  refreshIntervalMinutes: z.number().check(z.gte(MIN_INTERVAL_MINUTES), z.lte(MAX_INTERVAL_MINUTES)),
  notificationsEnabled: z.boolean(),
  mutedCategories: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))).check(z.maxLength(200)),
  hideMutedCategories: z.boolean(),
  badgeMode: z.enum(['unread', 'new']),
  showReadPosts: z.boolean(),
};

/** Reads any stored or imported value as valid preferences (each bad field replaced by its default). */
export function normalizePreferences(raw: unknown): Preferences {
  const stored: Record<string, unknown> = typeof raw === 'object' && raw !== null ? { ...raw } : {};
  const normalized: Record<string, unknown> = {};
  // Field by field with safeParse rather than `z.catch` in one object: the same result, and the pages,
  // which load this module, ship about 1 KB (gzip) less of zod's error machinery.
  for (const key of Object.keys(preferenceSchemas) as (keyof Preferences)[]) {
    const parsed = z.safeParse(preferenceSchemas[key], stored[key]);
    normalized[key] = parsed.success ? parsed.data : structuredClone(DEFAULT_PREFERENCES[key]);
  }
  return normalized as unknown as Preferences;
}
