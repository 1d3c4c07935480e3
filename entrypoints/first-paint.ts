// A classic script the popup and the new tab run right after their #app, before their app's modules
// load: it rebuilds the page's first frame as the app last rendered it (components/first-paint.ts), so
// the reader sees posts on the first frame. The app then renders the same frame over it. Anything odd
// (no frame kept, another language, snapshot or last visit, too old, a filtered new tab, a broken entry):
// nothing is painted and the app paints as usual.
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { FIRST_PAINT_MARK } from '@/components/boot';
import { buildTree } from '@/components/first-paint';
import {
  firstPaintKey,
  LAST_VISIT_KEY,
  SNAPSHOT_HASH_KEY,
  uiLanguage,
  usableFirstPaint,
} from '@/components/first-paint-store';

export default defineUnlistedScript(() => {
  const page = location.pathname.endsWith('/newtab.html')
    ? 'newtab'
    : location.pathname.endsWith('/popup.html')
      ? 'popup'
      : null;
  // A new tab opened with a filter in its hash is not the frame that was kept.
  if (!page || (page === 'newtab' && location.hash.length > 1)) return;
  const app = document.getElementById('app');
  if (!app || app.firstChild) return;
  try {
    const nodes = usableFirstPaint(localStorage.getItem(firstPaintKey(page)), {
      locale: uiLanguage(),
      snapshot: localStorage.getItem(SNAPSHOT_HASH_KEY),
      now: Date.now(),
      lastVisit: page === 'newtab' ? localStorage.getItem(LAST_VISIT_KEY) : undefined,
    });
    if (!nodes) return;
    buildTree(nodes, app);
    performance.mark(FIRST_PAINT_MARK);
  } catch {
    app.replaceChildren();
  }
});
