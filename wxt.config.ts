import { preact } from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** The feed a build follows by default; unset means the bundled sample feed. */
const defaultFeedUrl = process.env.WXT_DEFAULT_FEED_URL?.trim() || '';

/** Host permission for the default feed's origin only (minimal permissions). */
function hostPermissionsFor(feedUrl: string): string[] {
  if (!feedUrl) return [];
  const url = new URL(feedUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`WXT_DEFAULT_FEED_URL must be http(s), got ${url.protocol}`);
  }
  return [`${url.origin}/*`];
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    build: { sourcemap: false },
  }),
  manifest: {
    name: 'Digest',
    description: "A calm, fast reading digest of a blog's JSON Feed.",
    permissions: ['alarms', 'storage', 'notifications', 'contextMenus'],
    host_permissions: hostPermissionsFor(defaultFeedUrl),
    action: { default_title: 'Digest' },
  },
});
