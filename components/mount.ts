import { hydrate, render } from 'preact';
import { FIRST_PAINT_MARK, type KeptFrame } from './first-paint';
import { EMPTY_DIGEST, type PageStart } from './digest-data';
import { keepPages, type KeptPage } from './keep-page';
import { readSnapshot, takeLastVisit } from './snapshot';

/**
 * Starts a page's app in #app from the snapshot of last time. Over a kept first frame of that snapshot it
 * hydrates: the first render, with the frame's own clock, is the frame, so its DOM is reused as it is.
 * What the page loads is kept for its next open and the other page's (`other`, components/keep-page.ts).
 */
export function mountPage(app: HTMLElement, kept: KeptPage, other?: () => Promise<KeptPage>): void {
  keepPages(kept, other);
  const { page, render: renderPage } = kept;
  const mark = performance.getEntriesByName(FIRST_PAINT_MARK)[0] as PerformanceMark | undefined;
  const frame = mark?.detail as Pick<KeptFrame, 'snapshot' | 'renderedAt'> | undefined;
  const snapshot = readSnapshot();
  // Another page may have written a new snapshot since the frame was painted: then render, not hydrate.
  const same = frame !== undefined && snapshot?.id === frame.snapshot;
  const start: PageStart = {
    data: snapshot?.data ?? EMPTY_DIGEST,
    now: same ? frame.renderedAt : Date.now(),
    previousVisit: page === 'newtab' ? takeLastVisit() : null,
    hash: location.hash,
  };
  if (same) hydrate(renderPage(start), app);
  // Not the app's own markup after all (hydration adds what is missing but leaves what is extra): start afresh.
  if (!same || app.childNodes.length !== 1) {
    if (same) render(null, app);
    app.replaceChildren();
    render(renderPage(start), app);
  }
  app.inert = false;
}
