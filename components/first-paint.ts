// A page opened again paints its last first screen before its app loads: after each load the page keeps
// the markup of its own first render (components/keep-page.ts), a classic script (entrypoints/first-paint.ts)
// puts it into #app, inert, and the app hydrates it with the same data and clock (components/mount.ts).
// No DOM library here: this module ships in that classic script.

/** Marked by the classic script when it painted a kept frame; its detail is the frame's snapshot and clock. */
export const FIRST_PAINT_MARK = 'digest:firstPaint';
/**
 * The format and build a frame is kept by (the build's id is set in wxt.config.ts): another build's markup
 * (an update, a rebuild) may not be what its app renders, so its frame is not shown.
 */
export const FIRST_PAINT_BUILD = `4:${(import.meta.env.DIGEST_BUILD as string | undefined) ?? 'dev'}`;
/** A kept frame older than this is not shown: its relative dates ("5 minutes ago") would be visibly wrong. */
export const FIRST_PAINT_MAX_AGE_MS = 60 * 60_000;
/** localStorage key of the current snapshot's id: removed before the snapshot changes, written after it. */
export const SNAPSHOT_ID_KEY = 'digest:snapshot:id';
/** localStorage key of the new tab's last visit. */
export const LAST_VISIT_KEY = 'digest:lastVisit';

export type PageName = 'popup' | 'newtab';

/** A page's kept first frame: its markup, what it was rendered from, and when it may be shown. */
export interface KeptFrame {
  build: string;
  /** The snapshot (by id) and the clock it was rendered with: the app hydrates with exactly these. */
  snapshot: string;
  renderedAt: number;
  /** The UI language its text is in. */
  locale: string;
  /** The new tab's last visit it was rendered for ("New since your last visit" depends on it). */
  lastVisit: string | null;
  /** The app's own render, serialised by the browser (feed text escaped as text). */
  html: string;
}

/** localStorage key of a page's kept first frame. */
export function frameKey(page: PageName): string {
  return `digest:firstPaint:${page}`;
}

/** The browser's UI language (which picks the extension's messages), read through `chrome`, not the polyfill. */
export function uiLanguage(): string {
  const chrome = (globalThis as { chrome?: { i18n?: { getUILanguage?: () => string } } }).chrome;
  return chrome?.i18n?.getUILanguage?.() ?? navigator.language;
}

/**
 * The kept frame, if it may be shown now: same build, language and snapshot, not too old, and for the new
 * tab (`lastVisit` given) the same last visit. Null for anything else, broken JSON included.
 */
export function usableFrame(
  raw: string | null,
  now: { locale: string; snapshot: string | null; at: number; lastVisit?: string | null },
): KeptFrame | null {
  try {
    const frame = JSON.parse(raw ?? 'null') as Partial<KeptFrame> | null;
    if (frame?.build !== FIRST_PAINT_BUILD || frame.locale !== now.locale || !frame.html) return null;
    if (!now.snapshot || frame.snapshot !== now.snapshot) return null;
    if (now.lastVisit !== undefined && frame.lastVisit !== now.lastVisit) return null;
    const age = now.at - (frame.renderedAt ?? Number.NaN);
    return age >= 0 && age <= FIRST_PAINT_MAX_AGE_MS ? (frame as KeptFrame) : null;
  } catch {
    return null;
  }
}
