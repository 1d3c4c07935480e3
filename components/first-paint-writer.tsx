// Keeps a page's first frame for its next open (see components/first-paint.ts): the page is rendered
// off-screen from the snapshot the next open will read, as it will first look then (no filter, nothing
// read in this session kept, this new-tab visit as the previous one), and its tree is stored with the
// snapshot's hash, so a frame of another snapshot is never shown.
import { render, type VNode } from 'preact';
import { captureTree } from './first-paint';
import { FIRST_PAINT_VERSION, firstPaintKey, uiLanguage, type FirstPaint } from './first-paint-store';
import { peekLastVisit, type KeptSnapshot } from './snapshot';
import type { NextOpen } from './digest-data';

/** Which page, and how it renders itself for its next open. */
export interface FirstPaintPage {
  page: 'popup' | 'newtab';
  render: (nextOpen: NextOpen) => VNode;
}

/** The tree `vnode` renders into a detached element; unmounted before any of its effects could run. */
function renderTree(vnode: VNode): FirstPaint['nodes'] {
  const container = document.createElement('div');
  render(vnode, container);
  const nodes = captureTree(container);
  render(null, container);
  return nodes;
}

/** Stores the page's first frame for the snapshot just kept (or forgets it when none could be kept). */
export function writeFirstPaint(
  { page, render: renderPage }: FirstPaintPage,
  snapshot: KeptSnapshot | null,
  now: number = Date.now(),
): void {
  try {
    if (!snapshot) {
      localStorage.removeItem(firstPaintKey(page));
      return;
    }
    const lastVisit = peekLastVisit();
    const nodes = renderTree(renderPage({ data: snapshot.data, now, previousVisit: lastVisit }));
    const paint: FirstPaint = {
      version: FIRST_PAINT_VERSION,
      locale: uiLanguage(),
      snapshot: snapshot.hash,
      renderedAt: now,
      lastVisit,
      nodes,
    };
    localStorage.setItem(firstPaintKey(page), JSON.stringify(paint));
  } catch {
    // Full or unavailable: the next open waits for its app.
  }
}
