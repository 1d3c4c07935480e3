import { preact } from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { hardenBundle } from './scripts/vite-harden';

/** The feed a build follows by default; unset means the bundled sample feed. */
const defaultFeedUrl = process.env.WXT_DEFAULT_FEED_URL?.trim() || '';

/** Host permission for the default feed's site only (minimal permissions); same form as utils/permissions.ts. */
function hostPermissionsFor(feedUrl: string): string[] {
  if (!feedUrl) return [];
  const url = new URL(feedUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`WXT_DEFAULT_FEED_URL must be http(s), got ${url.protocol}`);
  }
  return [`${url.protocol}//${url.hostname}/*`];
}

// Feeds the reader adds are asked for at runtime, one site at a time (utils/permissions.ts).
const addableFeeds = ['https://*/*', 'http://*/*'];

/**
 * Whether the digest replaces the browser's new-tab page. A publisher may build Digest without it
 * (`WXT_NEWTAB=false`): the page still ships, and the popup, the menu and notifications open it in a tab.
 * Such a build goes to its own folder, so it never overwrites the usual one.
 */
const overridesNewTab = process.env.WXT_NEWTAB?.trim().toLowerCase() !== 'false';

/** Firefox needs a fixed add-on id; a publisher may set their own. */
const geckoId = process.env.WXT_GECKO_ID?.trim() || 'digest@digest-reader.org';

/** The baselines' one post, added by a script (`elementtiming` lets the benchmark see when it is painted). */
const SCRIPTED_POST =
  "const li = document.createElement('li'); li.className = 'post'; li.setAttribute('elementtiming', 'post');" +
  " li.textContent = 'A scripted post'; document.querySelector('ul').append(li);";

/** This build, as the pages' kept frames name it (components/first-paint.ts): a frame of another is not painted. */
const BUILD_ID = Date.now().toString(36);

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Every module imports what it uses (explicit is easier to follow, and two modules may export the same name).
  imports: false,
  // @wxt-dev/i18n turns locales/*.yml into _locales/*/messages.json and types `i18n.t` keys.
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  // MV3 everywhere: a service worker in Chrome, an event page (background.scripts) in Firefox.
  manifestVersion: 3,
  ...(overridesNewTab ? {} : { outDirTemplate: '{{browser}}-mv{{manifestVersion}}{{modeSuffix}}-no-newtab' }),
  hooks: {
    // WXT copies the popup's <title> into action.default_title, over the manifest's; keep the tooltip localised.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.action) manifest.action.default_title = '__MSG_manifest_actionTitle__';
      if (!overridesNewTab && manifest.chrome_url_overrides) {
        delete manifest.chrome_url_overrides.newtab;
        if (Object.keys(manifest.chrome_url_overrides).length === 0) delete manifest.chrome_url_overrides;
      }
    },
    // The test build only: static and scripted extension pages with one post, the baselines
    // `npm run bench:pages` compares the popup and the new tab with. Never shipped.
    'build:publicAssets': (wxt, files) => {
      if (wxt.config.mode !== 'e2e') return;
      files.push(
        {
          relativeDest: 'blank.html',
          contents:
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head>' +
            '<body><ul><li class="post" elementtiming="post">A static post</li></ul></body></html>',
        },
        // The same post added by a tiny module script: what any scripted page pays before its first line runs.
        {
          relativeDest: 'blank-module.html',
          contents:
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title>' +
            '<script type="module" src="/blank-module.js"></script></head><body><ul></ul></body></html>',
        },
        {
          relativeDest: 'blank-module.js',
          contents: SCRIPTED_POST,
        },
        // The same post added by a tiny classic script after the list, as the kept first frame is painted.
        {
          relativeDest: 'blank-script.html',
          contents:
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head>' +
            '<body><ul></ul><script src="/blank-script.js"></script></body></html>',
        },
        {
          relativeDest: 'blank-script.js',
          contents: SCRIPTED_POST,
        },
      );
    },
  },
  zip: {
    // The sources archive is for store reviewers rebuilding the add-on: no screenshots, demo output or test corpus.
    excludeSources: ['docs/screenshots/**', 'demo-output/**', 'tests/fixtures/feeds/**'],
  },
  vite: () => ({
    plugins: [preact(), hardenBundle()],
    define: { 'import.meta.env.DIGEST_BUILD': JSON.stringify(BUILD_ID) },
    build: { sourcemap: false },
  }),
  manifest: ({ browser, manifestVersion, mode }) => {
    // The browser tests' build reads feeds served on this machine without a prompt (headless
    // Chromium cannot click one); the request-and-refuse path is unit-tested instead.
    const testHosts = mode === 'e2e' ? ['http://127.0.0.1/*'] : [];
    const hosts = [...new Set([...hostPermissionsFor(defaultFeedUrl), ...testHosts])];
    return {
      // Resolved by the browser from _locales/<UI language>/messages.json (keys from locales/*.yml).
      default_locale: 'en',
      name: '__MSG_manifest_name__',
      description: '__MSG_manifest_description__',
      permissions: ['alarms', 'storage', 'notifications', 'contextMenus'],
      ...(hosts.length > 0 ? { host_permissions: hosts } : {}),
      ...(manifestVersion === 2 ? { optional_permissions: addableFeeds } : { optional_host_permissions: addableFeeds }),
      action: { default_title: '__MSG_manifest_actionTitle__' },
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: {
                id: geckoId,
                // data_collection_permissions needs Firefox 140; Digest collects nothing.
                strict_min_version: '140.0',
                data_collection_permissions: { required: ['none'] },
              },
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
    };
  },
});
