// Checks the store packages `npm run zip` made: manifest fields and limits, icons, permissions,
// no remote code, no source maps or tests inside; prints each package's size. Exit 1 on any problem.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import JSZip from 'jszip';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, '.output');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { name: string; version: string };

// The permissions Digest uses, and nothing else (docs/ARCHITECTURE.md says what each is for).
const ALLOWED_PERMISSIONS = new Set(['alarms', 'storage', 'notifications', 'contextMenus']);
const ALLOWED_OPTIONAL_HOSTS = new Set(['https://*/*', 'http://*/*']);
const ICON_SIZES = ['16', '32', '48', '128'];
// Every locale Digest ships (locales/<lang>.yml); each package must carry all of them.
const LOCALES = readdirSync(resolve(root, 'locales'))
  .filter((name) => name.endsWith('.yml'))
  .map((name) => name.slice(0, -'.yml'.length));
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

interface Manifest {
  manifest_version: number;
  name: string;
  description?: string;
  default_locale?: string;
  action?: { default_title?: string };
  version: string;
  icons?: Record<string, string>;
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: unknown;
  browser_specific_settings?: { gecko?: { id?: string; data_collection_permissions?: { required?: string[] } } };
}

const problems: string[] = [];
const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);

type Messages = Record<string, { message?: string } | undefined>;

/** A manifest string as a browser with this locale shows it: `__MSG_name__` looked up (case-insensitively, as browsers do). */
function resolveMessage(value: string | undefined, messages: Messages): string | undefined {
  const name = /^__MSG_([A-Za-z0-9_@]+)__$/.exec(value ?? '')?.[1];
  if (!name) return value;
  const key = Object.keys(messages).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key ? messages[key]?.message : undefined;
}

async function checkExtension(file: string, browser: 'chrome' | 'firefox') {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir);
  const manifestFile = zip.file('manifest.json');
  if (!manifestFile) return problem(file, 'no manifest.json');
  const manifest = JSON.parse(await manifestFile.async('string')) as Manifest;
  const where = `${browser} package`;

  if (manifest.manifest_version !== 3) problem(where, `manifest_version ${manifest.manifest_version}, expected 3`);
  // Name, description and tooltip are __MSG_ references: check them as each locale resolves them.
  const locales = new Map<string, Messages>();
  for (const locale of LOCALES) {
    const messagesFile = zip.file(`_locales/${locale}/messages.json`);
    if (!messagesFile) problem(where, `no _locales/${locale}/messages.json`);
    else locales.set(locale, JSON.parse(await messagesFile.async('string')) as Messages);
  }
  if (!manifest.default_locale || !locales.has(manifest.default_locale)) {
    problem(
      where,
      `default_locale "${manifest.default_locale}" is not one of the shipped locales ${LOCALES.join(', ')}`,
    );
  }
  const defaults = locales.get(manifest.default_locale ?? '') ?? {};
  for (const [locale, messages] of locales) {
    // A message missing from a locale falls back to the default locale's, as in the browser.
    const shown = (value: string | undefined) => resolveMessage(value, messages) ?? resolveMessage(value, defaults);
    const name = shown(manifest.name);
    const description = shown(manifest.description);
    if (!name || name.length > 45) problem(where, `${locale}: name "${name}" missing or over 45 characters`);
    if (!description || description.length > 132) {
      problem(where, `${locale}: description missing or over 132 characters (${description?.length ?? 0})`);
    }
    if (manifest.action && !shown(manifest.action.default_title)) problem(where, `${locale}: action has no title`);
  }
  if (manifest.version !== pkg.version)
    problem(where, `version ${manifest.version} is not package.json's ${pkg.version}`);
  for (const size of ICON_SIZES) {
    const path = manifest.icons?.[size];
    const icon = path ? zip.file(path) : null;
    if (!icon) {
      problem(where, `no ${size}px icon`);
      continue;
    }
    const bytes = await icon.async('uint8array');
    if (!PNG_MAGIC.every((b, i) => bytes[i] === b)) problem(where, `icon ${path} is not a PNG`);
  }
  for (const permission of manifest.permissions ?? []) {
    if (!ALLOWED_PERMISSIONS.has(permission)) problem(where, `unexpected permission "${permission}"`);
  }
  const defaultFeed = process.env.WXT_DEFAULT_FEED_URL?.trim();
  const expectedHosts = defaultFeed ? [`${new URL(defaultFeed).protocol}//${new URL(defaultFeed).hostname}/*`] : [];
  if (JSON.stringify(manifest.host_permissions ?? []) !== JSON.stringify(expectedHosts)) {
    problem(
      where,
      `host_permissions ${JSON.stringify(manifest.host_permissions ?? [])}, expected ${JSON.stringify(expectedHosts)}`,
    );
  }
  for (const host of manifest.optional_host_permissions ?? []) {
    if (!ALLOWED_OPTIONAL_HOSTS.has(host)) problem(where, `unexpected optional host "${host}"`);
  }
  if (manifest.content_security_policy) problem(where, 'the content security policy is changed; keep the default');
  if (browser === 'firefox') {
    const gecko = manifest.browser_specific_settings?.gecko;
    if (!gecko?.id) problem(where, 'no browser_specific_settings.gecko.id');
    if (JSON.stringify(gecko?.data_collection_permissions?.required) !== '["none"]') {
      problem(where, 'data_collection_permissions.required must be ["none"]');
    }
  }

  for (const name of names) {
    if (name.endsWith('.map')) problem(where, `source map ${name}`);
    if (/(^|\/)(tests?|__tests__)\//.test(name) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(name))
      problem(where, `test file ${name}`);
    if (/\.(html|m?js)$/.test(name)) {
      const text = await zip.file(name)!.async('string');
      // Remote code: scripts or modules loaded from the network.
      if (/<script[^>]+src=["']?(https?:)?\/\//i.test(text)) problem(where, `${name} loads a remote script`);
      if (/\bimport\s*\(?\s*["']https?:\/\//.test(text)) problem(where, `${name} imports remote code`);
      if (/\beval\s*\(|new\s+Function\s*\(/.test(text)) problem(where, `${name} contains eval`);
    }
  }
  console.log(`${where}: ${file.replace(`${root}/`, '')} — ${kb(statSync(file).size)}, ${names.length} files`);
}

async function checkSources(file: string) {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const names = Object.keys(zip.files);
  for (const needed of [
    'package.json',
    'package-lock.json',
    'wxt.config.ts',
    'README.md',
    ...LOCALES.map((l) => `locales/${l}.yml`),
  ]) {
    if (!names.includes(needed)) problem('sources', `missing ${needed}`);
  }
  if (names.some((name) => name.startsWith('node_modules/') || name.startsWith('.output/'))) {
    problem('sources', 'contains node_modules/ or .output/');
  }
  console.log(`firefox sources: ${file.replace(`${root}/`, '')} — ${kb(statSync(file).size)}, ${names.length} entries`);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

const zips = readdirSync(outDir).filter(
  (name) => name.startsWith(`${pkg.name}-${pkg.version}-`) && name.endsWith('.zip'),
);
const find = (suffix: string) => zips.find((name) => name.endsWith(suffix));
const chrome = find('-chrome.zip');
const firefox = find('-firefox.zip');
const sources = find('-sources.zip');
if (!chrome || !firefox || !sources) {
  console.error(`Missing packages in .output (found: ${zips.join(', ') || 'none'}): run \`npm run zip\` first.`);
  process.exit(1);
}
await checkExtension(resolve(outDir, chrome), 'chrome');
await checkExtension(resolve(outDir, firefox), 'firefox');
await checkSources(resolve(outDir, sources));

if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('Packages OK.');
