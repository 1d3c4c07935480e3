import { render, type VNode } from 'preact';

/**
 * Renders a page's app into #app, over the kept first frame if one was painted: the frame goes and the
 * app's first render comes in the same task, so nothing flashes between, and the post or control the
 * reader had already focused in the frame is focused again in the app.
 */
export function mountApp(app: HTMLElement, vnode: VNode): void {
  const focused = document.activeElement instanceof HTMLElement && app.contains(document.activeElement);
  const post = focused ? document.activeElement!.closest('li.post')?.getAttribute('data-post-key') : null;
  const id = focused ? document.activeElement!.id : '';
  app.replaceChildren();
  render(vnode, app);
  const again = post
    ? app.querySelector(`li.post[data-post-key="${CSS.escape(post)}"]`)
    : id
      ? document.getElementById(id)
      : null;
  if (again instanceof HTMLElement) again.focus();
}
