// The popup and the new tab paint their first frame before their app has loaded: a tiny classic script
// (entrypoints/first-paint.ts) rebuilds the page's last rendered first frame from a tree kept in
// localStorage, then the app renders the same thing over it. The tree is plain data, rebuilt element by
// element from allowlists (no HTML parsing, no innerHTML): an attribute or element outside them is
// dropped, links keep only http(s) targets. No DOM library here: this module ships in that tiny script.

/** An element as `[tag, attributes, ...children]`, or a text node as its string. */
export type PaintNode = string | [tag: string, attributes: Record<string, string>, ...children: PaintNode[]];

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
  'elementtiming',
]);
// Input types a page uses: never file, image or submit.
const INPUT_TYPES = new Set(['search', 'checkbox', 'text', 'radio']);

/** An input of a type outside INPUT_TYPES (file, image, submit…) is left out whole, not kept as a text box. */
function allowedElement(tag: string, attributes: Record<string, unknown>): boolean {
  return tag !== 'input' || (typeof attributes.type === 'string' && INPUT_TYPES.has(attributes.type));
}

// SVG paint: no url(…), which could fetch a resource.
const PAINT = /^(none|currentColor|#[0-9a-f]{3,8})$/i;

function allowedAttribute(tag: string, name: string, value: string): boolean {
  // Names setAttribute accepts: a bad one would throw and cost the whole frame.
  if (/^(aria|data)-[a-z0-9-]+$/.test(name)) return true;
  if (!ATTRIBUTES.has(name)) return false;
  if (name === 'href') return tag === 'a' && /^https?:\/\//i.test(value);
  if (name === 'type' && tag === 'input') return INPUT_TYPES.has(value);
  if (name === 'fill' || name === 'stroke') return PAINT.test(value);
  return true;
}

/** A link opens in a new tab with no opener and no referrer, whatever the tree says (target and rel are not kept). */
function linkTarget(element: Element): void {
  if (element.localName !== 'a' || !element.hasAttribute('href')) return;
  element.setAttribute('target', '_blank');
  element.setAttribute('rel', 'noopener noreferrer');
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
    linkTarget(element);
    buildTree(children, element, svg);
    parent.append(element);
  }
}
