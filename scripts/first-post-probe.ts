// The benches' probe of a page's first post (bench:pages and bench:scale), one copy for both.

/**
 * Init script, run before the page's own: records when the first post enters the document, the first
 * contentful paint and the first post title's Element Timing; with ?no-kept-frame it forgets the page's kept
 * first frame first.
 */
export const FIRST_POST_PROBE = `(() => {
  if (location.search.includes('no-kept-frame')) {
    localStorage.removeItem('digest:firstPaint:' + location.pathname.replace(/^.*\\/|\\.html$/g, ''));
  }
  const mark = () => { if (!window.digestFirstPost && document.querySelector('li.post')) window.digestFirstPost = performance.now(); };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') window.digestFirstPaint = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.digestPostPainted ??= entry.renderTime || entry.loadTime;
  }).observe({ type: 'element', buffered: true });
})();`;
