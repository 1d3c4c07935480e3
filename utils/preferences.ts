// The preferences' shape and defaults, without the validation (utils/settings.ts): the pages paint
// with these before the storage and validation code has loaded.

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

/** Every preference a reader can set. */
export interface Preferences {
  refreshIntervalMinutes: number;
  notificationsEnabled: boolean;
  mutedCategories: string[];
  hideMutedCategories: boolean;
  badgeMode: BadgeMode;
  showReadPosts: boolean;
}

/** The preferences until the reader changes them; also what replaces any invalid stored value. */
export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({
  refreshIntervalMinutes: DEFAULT_INTERVAL_MINUTES,
  notificationsEnabled: true,
  mutedCategories: [],
  hideMutedCategories: false,
  badgeMode: 'unread',
  showReadPosts: true,
});
