// Where a page's kept first frame is stored and when it may be shown (see components/first-paint.ts for
// the frame itself). Apart from the tree code so that the pages' app, which only writes the snapshot's
// hash, does not load the allowlists.
import type { PaintNode } from './first-paint';

/** What a first paint stores: the page's tree and what it must match to be shown. */
export interface FirstPaint {
  version: number;
  /** The UI language the text was written in. */
  locale: string;
  /** The hash of the snapshot it was rendered from (components/snapshot.ts): another snapshot, another frame. */
  snapshot: string;
  /** When it was rendered: its relative dates ("5 min ago") were right then. */
  renderedAt: number;
  /** The new tab's last recorded visit it was rendered for ("New since your last visit" depends on it). */
  lastVisit: string | null;
  nodes: PaintNode[];
}

export const FIRST_PAINT_VERSION = 3;

/** A kept frame older than this is not shown: its relative dates would be visibly wrong. */
export const FIRST_PAINT_MAX_AGE_MS = 60 * 60_000;

/** localStorage key of the hash of the current snapshot, written after it (and removed before it changes). */
export const SNAPSHOT_HASH_KEY = 'digest:snapshot:hash';
/** localStorage key of the new tab's last visit (components/snapshot.ts). */
export const LAST_VISIT_KEY = 'digest:lastVisit';

/**
 * The language the pages' text is in: the browser's UI language, which picks the extension's messages
 * (navigator.language can differ, in Firefox especially). The same as utils/l10n.ts reads, but through
 * `chrome` rather than the polyfilled `browser`, which this module's tiny script must not load.
 */
export function uiLanguage(): string {
  const chrome = (globalThis as { chrome?: { i18n?: { getUILanguage?: () => string } } }).chrome;
  return chrome?.i18n?.getUILanguage?.() ?? navigator.language;
}

/** localStorage key of a page's first paint. */
export function firstPaintKey(page: 'popup' | 'newtab'): string {
  return `digest:firstPaint:${page}`;
}

/** A short hash of a text (32-bit FNV-1a), to tell one snapshot from another without reading it. */
export function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * The tree of a kept first paint, if it may be shown now: same format, language and snapshot, not too
 * old, and (for the new tab, `lastVisit` given) rendered for the same last visit. Null for anything else,
 * an empty tree and broken JSON included.
 */
export function usableFirstPaint(
  raw: string | null,
  current: { locale: string; snapshot: string | null; now: number; lastVisit?: string | null },
): PaintNode[] | null {
  if (!raw || !current.snapshot) return null;
  try {
    const paint = JSON.parse(raw) as Partial<FirstPaint> | null;
    if (paint?.version !== FIRST_PAINT_VERSION || paint.locale !== current.locale) return null;
    if (paint.snapshot !== current.snapshot || !Array.isArray(paint.nodes) || paint.nodes.length === 0) return null;
    if (current.lastVisit !== undefined && paint.lastVisit !== current.lastVisit) return null;
    const age = current.now - (paint.renderedAt ?? Number.NaN);
    return age >= 0 && age <= FIRST_PAINT_MAX_AGE_MS ? paint.nodes : null;
  } catch {
    return null;
  }
}
