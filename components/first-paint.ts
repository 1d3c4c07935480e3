// The popup and the new tab paint their first frame before their app has loaded: a tiny classic script
// (entrypoints/first-paint.ts) rebuilds the page's last rendered first frame from a tree kept in
// localStorage, then the app renders the same thing over it. The tree is plain data, rebuilt element by
// element from allowlists (no HTML parsing, no innerHTML): an attribute or element outside them is
// dropped, links keep only http(s) targets. No DOM library here: this module ships in that tiny script.

/** An element as `[tag, attributes, ...children]`, or a text node as its string. */
export type PaintNode = string | [tag: string, attributes: Record<string, string>, ...children: PaintNode[]];

/** What a first paint stores: the page's tree and what it must match to be shown. */
export interface FirstPaint {
  version: number;
  /** The UI language the text was written in. */
  locale: string;
  /** The hash of the snapshot it was rendered from (components/snapshot.ts): another snapshot, another frame. */
  snapshot: string;
  /** When it was rendered: its relative dates ("5 min ago") were right then. */
  renderedAt: number;
  nodes: PaintNode[];
}

export const FIRST_PAINT_VERSION = 2;

/** A kept frame older than this is not shown: its relative dates would be visibly wrong. */
export const FIRST_PAINT_MAX_AGE_MS = 60 * 60_000;

/** localStorage key of the hash of the current snapshot, written with it. */
export const SNAPSHOT_HASH_KEY = 'digest:snapshot:hash';

/** localStorage key of a page's first paint. */
export function firstPaintKey(page: 'popup' | 'newtab'): string {
  return `digest:firstPaint:${page}`;
}

/** A short hash of a text (32-bit FNV-1a), to tell one snapshot from another without reading it. */
export function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * The tree of a kept first paint, if it may be shown now: same format, language and snapshot, not too
 * old. Null for anything else, broken JSON included.
 */
export function usableFirstPaint(
  raw: string | null,
  current: { locale: string; snapshot: string | null; now: number },
): PaintNode[] | null {
  if (!raw || !current.snapshot) return null;
  try {
    const paint = JSON.parse(raw) as Partial<FirstPaint> | null;
    if (paint?.version !== FIRST_PAINT_VERSION || paint.locale !== current.locale) return null;
    if (paint.snapshot !== current.snapshot || !Array.isArray(paint.nodes)) return null;
    const age = current.now - (paint.renderedAt ?? Number.NaN);
    return age >= 0 && age <= FIRST_PAINT_MAX_AGE_MS ? paint.nodes : null;
  } catch {
    return null;
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// Every element and attribute the pages render; nothing that runs, loads or submits anything.
const HTML_TAGS = new Set([
  'div',
  'header',
  'main',
  'footer',
  'section',
  'search',
  'h1',
  'h2',
  'h3',
  'p',
  'ul',
  'li',
  'a',
  'span',
  'time',
  'button',
  'label',
  'input',
  'select',
  'option',
  'strong',
  'em',
  'small',
  'dl',
  'dt',
  'dd',
]);
const SVG_TAGS = new Set(['svg', 'path', 'circle', 'polyline', 'line', 'rect', 'g']);
const ATTRIBUTES = new Set([
  'class',
  'id',
  'title',
  'lang',
  'dir',
  'role',
  'tabindex',
  'hidden',
  'datetime',
  'type',
  'value',
  'checked',
  'disabled',
  'placeholder',
  'selected',
  'for',
  'href',
  'target',
  'rel',
  'viewBox',
  'fill',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'd',
  'cx',
  'cy',
  'r',
  'x',
  'y',
  'width',
  'height',
  'points',
  'focusable',
]);
// Input types a page uses: never file, image or submit.
const INPUT_TYPES = new Set(['search', 'checkbox', 'text', 'radio']);

/** An input of a type outside INPUT_TYPES (file, image, submit…) is left out whole, not kept as a text box. */
function allowedElement(tag: string, attributes: Record<string, unknown>): boolean {
  return tag !== 'input' || (typeof attributes.type === 'string' && INPUT_TYPES.has(attributes.type));
}

function allowedAttribute(tag: string, name: string, value: string): boolean {
  if (name.startsWith('aria-') || name.startsWith('data-')) return true;
  if (!ATTRIBUTES.has(name)) return false;
  if (name === 'href') return tag === 'a' && /^https?:\/\//i.test(value);
  if (name === 'type' && tag === 'input') return INPUT_TYPES.has(value);
  return true;
}

/** The tree of an element's children, as the allowlists keep it (form state included: it is a property). */
export function captureTree(parent: Element): PaintNode[] {
  const nodes: PaintNode[] = [];
  for (const child of parent.childNodes) {
    if (child.nodeType === 3) {
      nodes.push(child.textContent ?? '');
      continue;
    }
    if (child.nodeType !== 1) continue;
    const element = child as Element;
    const tag = element.localName;
    if (!HTML_TAGS.has(tag) && !SVG_TAGS.has(tag)) continue;
    const attributes: Record<string, string> = {};
    for (const { name, value } of element.attributes) {
      if (allowedAttribute(tag, name, value)) attributes[name] = value;
    }
    if (tag === 'input') {
      const input = element as HTMLInputElement;
      attributes.type = input.type;
      if (!allowedElement(tag, attributes)) continue;
      if (input.checked) attributes.checked = '';
      if (input.value && input.type !== 'checkbox') attributes.value = input.value;
    }
    nodes.push([tag, attributes, ...captureTree(element)]);
  }
  return nodes;
}

/** Builds the tree into `parent` with createElement and textContent only, checking every name again. */
export function buildTree(nodes: readonly PaintNode[], parent: Element, inSvg = false): void {
  const document = parent.ownerDocument;
  for (const node of nodes) {
    if (typeof node === 'string') {
      parent.append(document.createTextNode(node));
      continue;
    }
    if (!Array.isArray(node)) continue;
    const [tag, attributes, ...children] = node;
    const svg = inSvg || tag === 'svg';
    if (typeof tag !== 'string' || !(svg ? SVG_TAGS : HTML_TAGS).has(tag)) continue;
    if (!allowedElement(tag, attributes ?? {})) continue;
    const element = svg ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
      if (typeof value === 'string' && allowedAttribute(tag, name, value)) element.setAttribute(name, value);
    }
    buildTree(children, element, svg);
    parent.append(element);
  }
}
