import type { Plugin } from 'vite';

/** The pages that paint their first frame before their app loads (entrypoints/first-paint.ts). */
const PAGES = /[\\/]entrypoints[\\/](popup|newtab)[\\/]index\.html$/;

/**
 * Adds `<script src="/first-paint.js">` at the end of the popup's and new tab's body, after `#app`.
 * Written into the HTML after Vite's own pass, which warns about any classic script it cannot bundle
 * (this one is WXT's separate unlisted-script build, on purpose: it must not wait for the modules).
 */
export function firstPaintScript(): Plugin {
  return {
    name: 'digest:first-paint-script',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        if (!PAGES.test(context.filename)) return [];
        return [{ tag: 'script', attrs: { src: '/first-paint.js' }, injectTo: 'body' }];
      },
    },
  };
}
