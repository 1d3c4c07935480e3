// How the popup and the new tab start: their entry modules hold only the stylesheet and this call.
import { FIRST_PAINT_MARK } from './first-paint';

/**
 * Loads the app at once when nothing is on screen yet; after a kept first frame was painted, once that
 * frame is out, so evaluating the app does not hold the frame back (a hidden page gets no frames: the
 * timeout starts it anyway).
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
