// Keeps what a page loaded for the next opens: the snapshot (components/snapshot.ts) and each page's first
// frame, the markup its app's first render makes from that snapshot (components/first-paint.ts). Done
// when the page is idle or closing, never in the path of a click: at 3,000 posts it is ~250 KB of JSON.
import { render, type VNode } from 'preact';
import { FIRST_PAINT_BUILD, frameKey, uiLanguage, type KeptFrame, type PageName } from './first-paint';
import { peekLastVisit, writeSnapshot } from './snapshot';
import type { DigestData, PageStart } from './digest-data';

/** Which page, and how its app renders from a start (the same function its entry mounts it with). */
export interface KeptPage {
  page: PageName;
  render: (start: PageStart) => VNode;
}

let own: KeptPage | null = null;
let other: (() => Promise<KeptPage>) | null = null;
let pending: DigestData | null = null;

/**
 * Names the page whose frame is kept, and the other page (loaded when idle), whose frame is kept from the
 * same snapshot too: a post read here is read in the other page's first frame as well.
 */
export function keepPages(page: KeptPage, otherPage?: () => Promise<KeptPage>): void {
  own = page;
  other = otherPage ?? null;
}

/** Keeps `data` for the pages' next opens at the next idle moment (or when the page closes). */
export function keepForNextOpen(data: DigestData): void {
  const scheduled = pending !== null;
  pending = data;
  if (scheduled) return;
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => flushKept(true), { timeout: 2000 });
  else setTimeout(() => flushKept(true), 300);
}

/** Writes what is waiting to be kept, now (and the other page's frame too when `both`, not while closing). */
export function flushKept(both = false): void {
  if (!pending || !own) return;
  const data = pending;
  pending = null;
  writeKept(own, data);
  // Unless newer data is waiting by then (its flush writes both frames).
  if (both && other)
    void other().then(
      (page) => pending === null && writeKept(page, data),
      () => undefined,
    );
}

if (typeof addEventListener === 'function') addEventListener('pagehide', () => flushKept());

/** Writes the snapshot and the page's frame rendered from it exactly as the next open will start. */
export function writeKept({ page, render: renderPage }: KeptPage, data: DigestData, now: number = Date.now()): void {
  try {
    const kept = writeSnapshot(data);
    if (!kept) return localStorage.removeItem(frameKey(page));
    const lastVisit = page === 'newtab' ? peekLastVisit() : null;
    const container = document.createElement('div');
    render(renderPage({ data: kept.data, now, previousVisit: lastVisit, hash: '' }), container);
    // Form state is a property, not markup: written as attributes so the frame shows it too.
    for (const input of container.querySelectorAll('input')) {
      if (input.checked) input.setAttribute('checked', '');
      if (input.value && input.type !== 'checkbox') input.setAttribute('value', input.value);
    }
    const html = container.innerHTML;
    // Unmounted in the same task: none of the render's effects ever runs.
    render(null, container);
    const frame: KeptFrame = {
      build: FIRST_PAINT_BUILD,
      locale: uiLanguage(),
      snapshot: kept.id,
      renderedAt: now,
      lastVisit,
      html,
    };
    localStorage.setItem(frameKey(page), JSON.stringify(frame));
  } catch {
    // Full or unavailable: the next open waits for its app.
  }
}
