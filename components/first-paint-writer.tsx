// Keeps each page's first frame for its next open (see components/first-paint.ts): the page is rendered
// off-screen from the snapshot the next open will read, as it will first look then (no filter, nothing
// read in this session kept, this new-tab visit as the previous one), and its tree is stored.
import { render, type VNode } from 'preact';
import { captureTree, FIRST_PAINT_VERSION, firstPaintKey, type FirstPaint } from './first-paint';
import { NewTabApp } from './NewTabApp';
import { PopupApp } from './PopupApp';
import { peekLastVisit, readSnapshot } from './snapshot';

/** The tree `page` renders into a detached element; unmounted before any of its effects could run. */
function renderTree(page: VNode): FirstPaint['nodes'] {
  const container = document.createElement('div');
  render(page, container);
  const nodes = captureTree(container);
  render(null, container);
  return nodes;
}

/** Stores both pages' first frames for the current snapshot (or forgets them when there is none). */
export function writeFirstPaints(now: number = Date.now()): void {
  const data = readSnapshot();
  const pages = { popup: null as VNode | null, newtab: null as VNode | null };
  if (data) {
    const nextOpen = { data, now, previousVisit: peekLastVisit() };
    pages.popup = <PopupApp nextOpen={nextOpen} />;
    pages.newtab = <NewTabApp nextOpen={nextOpen} />;
  }
  for (const [page, vnode] of Object.entries(pages) as ['popup' | 'newtab', VNode | null][]) {
    try {
      if (!vnode) {
        localStorage.removeItem(firstPaintKey(page));
        continue;
      }
      const paint: FirstPaint = { version: FIRST_PAINT_VERSION, locale: navigator.language, nodes: renderTree(vnode) };
      localStorage.setItem(firstPaintKey(page), JSON.stringify(paint));
    } catch {
      // Full or unavailable: that page's next open waits for its app.
    }
  }
}
