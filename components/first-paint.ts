// A page opened again paints its last first screen before its app loads: when idle, the page keeps the
// markup of its app's render (components/mount.ts); on the next open a classic script
// (entrypoints/first-paint.ts) puts it into #app, inert, and the app renders over it, reusing its DOM.
// No imports here: this module ships in that classic script and in each page's first module.

/** Marked by the classic script when it painted a kept frame. */
export const FIRST_PAINT_MARK = 'digest:firstPaint';

/** This build (set in wxt.config.ts): another build's markup (an update) is not painted. */
export const FIRST_PAINT_BUILD = `${(import.meta.env.DIGEST_BUILD as string | undefined) ?? 'dev'}\n`;

/** localStorage key of a page's kept frame: FIRST_PAINT_BUILD, then the markup. */
export function frameKey(page: 'popup' | 'newtab'): string {
  return `digest:firstPaint:${page}`;
}

/**
 * Loads the app at once when nothing is on screen yet; after a kept frame was painted, once that frame is
 * out, so evaluating the app does not hold it back (a hidden page gets no frames: the timeout starts it).
 */
export function startApp(load: () => Promise<unknown>): void {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    load().catch((error: unknown) => console.error('Digest could not start this page', error));
  };
  if (performance.getEntriesByName(FIRST_PAINT_MARK).length === 0) return start();
  requestAnimationFrame(() => setTimeout(start, 0));
  setTimeout(start, 100);
}
