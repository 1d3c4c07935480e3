// A classic script the popup and the new tab run right after their #app, before their app's modules load:
// it puts the page's kept frame (components/first-paint.ts) into #app, inert until the app has rendered
// over it. A frame of another build, or a filtered new tab (other posts): nothing painted, the app paints.
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { FIRST_PAINT_BUILD, FIRST_PAINT_MARK, frameKey } from '@/components/first-paint';

/**
 * The kept markup as nodes. DOMParser builds an inert document (no script runs, nothing loads); the markup
 * is Digest's own render, and anything it never renders (scripts, frames, event-handler attributes) is
 * dropped anyway, so even a tampered localStorage entry cannot run code here (the CSP forbids it too).
 */
function keptNodes(html: string): Node[] {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  for (const element of body.querySelectorAll('script, iframe, object, embed, base, meta, link')) element.remove();
  for (const element of body.querySelectorAll('*')) {
    // getAttributeNames is a copy: removing while iterating the live attribute map would skip some.
    for (const name of element.getAttributeNames()) if (/^on/i.test(name)) element.removeAttribute(name);
  }
  return [...body.childNodes];
}

export default defineUnlistedScript(() => {
  const page = /\/(popup|newtab)\.html$/.exec(location.pathname)?.[1] as 'popup' | 'newtab' | undefined;
  const app = document.getElementById('app');
  if (!page || !app || (page === 'newtab' && location.hash.length > 1)) return;
  try {
    const kept = localStorage.getItem(frameKey(page));
    if (!kept?.startsWith(FIRST_PAINT_BUILD)) return;
    // Inert (no focus, no clicks) until the app has rendered over it: never a control that does nothing.
    app.inert = true;
    app.replaceChildren(...keptNodes(kept.slice(FIRST_PAINT_BUILD.length)));
    performance.mark(FIRST_PAINT_MARK);
  } catch {
    // No storage: the app paints the page.
  }
});
