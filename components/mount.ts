// How the popup and the new tab start, and what they keep for their next open. The app renders over the
// kept frame its classic script painted (entrypoints/first-paint.ts): Preact's render reuses the frame's
// DOM where it matches and corrects the rest (a post read in the other page, an old clock), so the frame,
// inert until then, is right by the time the reader can act on it. When the page is idle, it keeps its
// snapshot (components/snapshot.ts) and the markup its app renders from it, as its next open will start.
import { i18n } from '#i18n';
import { h, render, type ComponentType } from 'preact';
import { EMPTY_DIGEST, type DigestData, type PageStart } from './digest-data';
import { FIRST_PAINT_BUILD, frameKey } from './first-paint';
import { keep, peekLastVisit, readSnapshot, takeLastVisit, writeSnapshot } from './snapshot';

/** A page by name, with its app (the root component its entry starts). */
export interface KeptPage {
  name: 'popup' | 'newtab';
  App: ComponentType<{ start: PageStart }>;
}

let page: KeptPage | null = null;
let pending: DigestData | null = null;

/** Starts a page's app in #app, over its kept frame if one is painted, from the snapshot of last time. */
export function mountPage(kept: KeptPage): void {
  page = kept;
  // Marks for `npm run bench:pages` and the browser tests: when the page's app starts.
  performance.mark('digest:script');
  // The page speaks the language of its messages (screen readers, hyphenation), whatever the HTML says.
  document.documentElement.lang = i18n.t('locale');
  const app = document.getElementById('app')!;
  const previousVisit = kept.name === 'newtab' ? takeLastVisit() : null;
  const start = { data: readSnapshot() ?? EMPTY_DIGEST, now: Date.now(), previousVisit, hash: location.hash };
  // Preact corrects within the root it reuses but leaves anything beside it: a frame that is not one root
  // <div> like the apps' (a tampered entry) goes first.
  if (app.childNodes.length !== 1 || app.firstElementChild?.localName !== 'div') app.replaceChildren();
  render(h(kept.App, { start }), app);
  app.inert = false;
  addEventListener('pagehide', flushKept);
}

/** Keeps `data` for the next open at the next idle moment (or when the page closes), never in a click's path. */
export function keepForNextOpen(data: DigestData): void {
  const scheduled = pending !== null;
  pending = data;
  if (scheduled) return;
  if (typeof requestIdleCallback === 'function') requestIdleCallback(flushKept, { timeout: 2000 });
  else setTimeout(flushKept, 300);
}

/** Writes what is waiting to be kept, now. */
export function flushKept(): void {
  if (pending && page) writeKept(page, pending);
  pending = null;
}

/** Writes the snapshot of `data` and the page's frame: its app's render of that snapshot, as the next open starts. */
export function writeKept({ name, App }: KeptPage, data: DigestData, now: number = Date.now()): void {
  const kept = writeSnapshot(data);
  if (!kept) return;
  const container = document.createElement('div');
  const previousVisit = name === 'newtab' ? peekLastVisit() : null;
  render(h(App, { start: { data: kept, now, previousVisit, hash: '' } }), container);
  // Form state is a property, not markup: written as attributes so the frame shows it too.
  for (const input of container.querySelectorAll('input')) {
    if (input.checked) input.setAttribute('checked', '');
    if (input.value && input.type !== 'checkbox') input.setAttribute('value', input.value);
  }
  // The browser's serialiser escapes every text, so a feed's text stays text in the frame.
  const html = container.innerHTML;
  // Unmounted in the same task: none of the render's effects ever runs.
  render(null, container);
  try {
    keep(frameKey(name), FIRST_PAINT_BUILD + html);
  } catch {
    // Full or unavailable: the next open waits for its app.
  }
}
