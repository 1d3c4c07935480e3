// A classic script the popup and the new tab run right after their #app, before their app's modules
// load: it rebuilds the page's first frame as the app last rendered it (components/first-paint.ts), so
// the reader sees posts on the first frame. The app then renders the same frame over it. Anything odd
// (no paint kept, another language, a filtered new tab, a broken entry): nothing is painted.
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { FIRST_PAINT_MARK } from '@/components/boot';
import { buildTree, FIRST_PAINT_VERSION, firstPaintKey, type FirstPaint } from '@/components/first-paint';

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
    const raw = localStorage.getItem(firstPaintKey(page));
    if (!raw) return;
    const paint = JSON.parse(raw) as FirstPaint;
    if (paint?.version !== FIRST_PAINT_VERSION || paint.locale !== navigator.language) return;
    if (!Array.isArray(paint.nodes)) return;
    buildTree(paint.nodes, app);
    performance.mark(FIRST_PAINT_MARK);
  } catch {
    app.replaceChildren();
  }
});
