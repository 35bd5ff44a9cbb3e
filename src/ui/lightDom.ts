import type { FigureDocument, FigureElement } from '../figures/frame/document';

/**
 * An in-memory document for building figures off the page, and a patch that applies the difference between
 * two builds to the SVG on the page.
 *
 * Why: while training, the lab rebuilds each figure on screen many times a second. Built with the page's
 * document, every build would make a few hundred DOM nodes (each with a JS wrapper) only to discard them after
 * comparing them with the drawn ones, and the garbage collections that follow stretch figure builds into long
 * tasks (BENCHMARKS.md). Light nodes are plain JS objects that die young, and the page's DOM is touched only
 * where a build differs from the one before.
 *
 * Figure functions take a FigureDocument (src/figures/frame/document.ts), the part of the DOM they and
 * d3-selection use; LightDocument implements it, so the compiler checks that figures ask for nothing more.
 * What the types cannot see, tests/unit/light-dom.test.ts does: it renders every figure both ways and requires
 * the same markup. Selectors outside the simple ones below throw; d3's `.property()` and `.html()` would set
 * plain properties on a light element and draw nothing, so figures do not use them.
 */

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export interface LightAttribute {
  readonly namespaceURI: string | null;
  readonly name: string;
  value: string;
}

export abstract class LightNode {
  parentNode: LightElement | null = null;

  constructor(readonly ownerDocument: LightDocument) {}

  abstract textContent: string;

  get nextSibling(): LightNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings ? (siblings[siblings.indexOf(this) + 1] ?? null) : null;
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }
}

export class LightText extends LightNode {
  constructor(
    doc: LightDocument,
    public data: string,
  ) {
    super(doc);
  }

  get textContent(): string {
    return this.data;
  }

  /** d3's `.text()` passes numbers too; the DOM turns them into strings. */
  set textContent(value: string | null) {
    this.data = value === null ? '' : String(value);
  }
}

export class LightElement extends LightNode implements FigureElement<LightNode> {
  readonly childNodes: LightNode[] = [];
  readonly attributes: LightAttribute[] = [];

  constructor(
    doc: LightDocument,
    readonly namespaceURI: string | null,
    readonly localName: string,
  ) {
    super(doc);
  }

  get children(): LightElement[] {
    return this.childNodes.filter((n): n is LightElement => n instanceof LightElement);
  }

  get firstChild(): LightNode | null {
    return this.childNodes[0] ?? null;
  }

  get lastChild(): LightNode | null {
    return this.childNodes.at(-1) ?? null;
  }

  // ------------------------------------------------------------------------------------------ attributes

  getAttribute(name: string): string | null {
    return this.attributes.find((a) => a.name === name)?.value ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.attributes.some((a) => a.name === name);
  }

  setAttribute(name: string, value: unknown): void {
    const existing = this.attributes.find((a) => a.name === name);
    if (existing) existing.value = String(value);
    else this.attributes.push({ namespaceURI: null, name, value: String(value) });
  }

  setAttributeNS(namespaceURI: string | null, name: string, value: unknown): void {
    const existing = this.attributes.find((a) => a.namespaceURI === namespaceURI && a.name === name);
    if (existing) existing.value = String(value);
    else this.attributes.push({ namespaceURI, name, value: String(value) });
  }

  removeAttribute(name: string): void {
    const i = this.attributes.findIndex((a) => a.name === name);
    if (i >= 0) this.attributes.splice(i, 1);
  }

  // -------------------------------------------------------------------------------------------- children

  appendChild<T extends LightNode>(node: T): T {
    return this.insertBefore(node, null);
  }

  insertBefore<T extends LightNode>(node: T, reference: LightNode | null): T {
    if (!(node instanceof LightNode)) throw new TypeError('lightDom: only light nodes can be inserted');
    node.remove();
    const at = reference === null ? -1 : this.childNodes.indexOf(reference);
    if (reference !== null && at < 0) throw new Error('lightDom: the reference node is not a child');
    if (at < 0) this.childNodes.push(node);
    else this.childNodes.splice(at, 0, node);
    node.parentNode = this;
    return node;
  }

  removeChild<T extends LightNode>(node: T): T {
    const i = this.childNodes.indexOf(node);
    if (i < 0) throw new Error('lightDom: not a child');
    this.childNodes.splice(i, 1);
    node.parentNode = null;
    return node;
  }

  append(...nodes: (LightNode | string)[]): void {
    for (const node of nodes) this.appendChild(typeof node === 'string' ? this.ownerDocument.createTextNode(node) : node);
  }

  replaceChildren(...nodes: (LightNode | string)[]): void {
    for (const child of [...this.childNodes]) this.removeChild(child);
    this.append(...nodes);
  }

  get textContent(): string {
    return this.childNodes.map((n) => n.textContent).join('');
  }

  /** As in the DOM: the children become one text node, or none for the empty string or null. */
  set textContent(value: string | null) {
    const text = value === null ? '' : String(value);
    this.replaceChildren(...(text === '' ? [] : [text]));
  }

  // ------------------------------------------------------------------------------------------- selectors

  querySelectorAll(selector: string): LightElement[] {
    const list = parseSelector(selector);
    const found: LightElement[] = [];
    const visit = (element: LightElement): void => {
      for (const child of element.children) {
        if (list.some((steps) => matchesSteps(child, steps, steps.length - 1))) found.push(child);
        visit(child);
      }
    };
    visit(this);
    return found;
  }

  querySelector(selector: string): LightElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }
}

export class LightDocument implements FigureDocument<LightNode> {
  createElementNS(namespaceURI: string | null, qualifiedName: string): LightElement {
    return new LightElement(this, namespaceURI, qualifiedName);
  }

  createTextNode(data: string): LightText {
    return new LightText(this, String(data));
  }
}

// ----------------------------------------------------------------------------------------------- selectors

/** One compound selector: `tag.class[attr][attr="value"]#id`. */
interface Compound {
  readonly tag: string | null;
  readonly classes: readonly string[];
  readonly attributes: readonly { readonly name: string; readonly value: string | null }[];
  readonly id: string | null;
  /** How this compound relates to the one before it. */
  readonly combinator: 'descendant' | 'child';
}

const COMPOUND = /^([a-zA-Z][\w-]*|\*)?((?:\.[\w-]+|#[\w-]+|\[[\w-]+(?:=(?:"[^"]*"|'[^']*'|[\w-]+))?\])*)$/;
const PART = /\.([\w-]+)|#([\w-]+)|\[([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([\w-]+)))?\]/g;

const parsed = new Map<string, Compound[][]>();

/** Selector lists of compound selectors joined by descendant or child combinators; anything else throws. */
function parseSelector(selector: string): Compound[][] {
  const known = parsed.get(selector);
  if (known) return known;
  const list = splitOutside(selector, ',').map((alternative) => {
    const compounds: Compound[] = [];
    let combinator: Compound['combinator'] = 'descendant';
    for (const token of splitOutside(alternative.replace(/\s*>\s*/g, ' > '), ' ')) {
      if (token === '') continue;
      if (token === '>') {
        combinator = 'child';
        continue;
      }
      const match = COMPOUND.exec(token);
      if (!match) throw new Error(`lightDom: unsupported selector "${selector}"`);
      const compound = { tag: match[1] && match[1] !== '*' ? match[1] : null, classes: [] as string[], attributes: [] as { name: string; value: string | null }[], id: null as string | null, combinator };
      for (const part of (match[2] ?? '').matchAll(PART)) {
        if (part[1] !== undefined) compound.classes.push(part[1]);
        else if (part[2] !== undefined) compound.id = part[2];
        else compound.attributes.push({ name: part[3]!, value: part[4] ?? part[5] ?? part[6] ?? null });
      }
      compounds.push(compound);
      combinator = 'descendant';
    }
    if (compounds.length === 0) throw new Error(`lightDom: unsupported selector "${selector}"`);
    return compounds;
  });
  parsed.set(selector, list);
  return list;
}

/** Splits on `separator` outside brackets and quotes. */
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

function matchesCompound(element: LightElement, compound: Compound): boolean {
  if (compound.tag !== null && compound.tag !== element.localName) return false;
  if (compound.id !== null && element.getAttribute('id') !== compound.id) return false;
  if (compound.classes.length > 0) {
    const classes = (element.getAttribute('class') ?? '').split(/\s+/);
    if (!compound.classes.every((c) => classes.includes(c))) return false;
  }
  return compound.attributes.every(({ name, value }) => (value === null ? element.hasAttribute(name) : element.getAttribute(name) === value));
}

function matchesSteps(element: LightElement, steps: readonly Compound[], i: number): boolean {
  const step = steps[i]!;
  if (!matchesCompound(element, step)) return false;
  if (i === 0) return true;
  if (step.combinator === 'child') return element.parentNode !== null && matchesSteps(element.parentNode, steps, i - 1);
  for (let ancestor = element.parentNode; ancestor; ancestor = ancestor.parentNode) if (matchesSteps(ancestor, steps, i - 1)) return true;
  return false;
}

// ------------------------------------------------------------------------------------ building and drawing

/**
 * Runs a figure function against a fresh light document. The page's render callbacks are typed with Document
 * because exports call the same callbacks with the page's document; the figure functions they call take any
 * FigureDocument, which LightDocument implements. That is why the cast below is sound, and the root is checked.
 */
export function buildLight(render: (doc: Document) => Element): LightElement {
  const root: unknown = render(new LightDocument() as unknown as Document);
  if (!(root instanceof LightElement)) throw new Error('lightDom: the figure did not return an element of the light document');
  return root;
}

function setAttribute(live: Element, a: LightAttribute): void {
  if (a.namespaceURI === null) live.setAttribute(a.name, a.value);
  else live.setAttributeNS(a.namespaceURI, a.name, a.value);
}

/** The real DOM for a light node, made with `doc`. */
export function actualize(node: LightNode, doc: Document): Node {
  if (node instanceof LightText) return doc.createTextNode(node.data);
  const light = node as LightElement;
  const element = doc.createElementNS(light.namespaceURI, light.localName);
  for (const a of light.attributes) setAttribute(element, a);
  for (const child of light.childNodes) element.appendChild(actualize(child, doc));
  return element;
}

const localPart = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * Sets the attribute values that differ. When the names or their order differ, rewrites them all, so that the
 * markup (what an export of the page writes) is the build's.
 */
function patchAttributes(live: Element, after: readonly LightAttribute[]): void {
  const names = live.getAttributeNames();
  if (names.length === after.length && after.every((a, i) => a.name === names[i])) {
    for (const a of after) {
      const value = a.namespaceURI === null ? live.getAttribute(a.name) : live.getAttributeNS(a.namespaceURI, localPart(a.name));
      if (value !== a.value) setAttribute(live, a);
    }
    return;
  }
  for (const name of names) live.removeAttribute(name);
  for (const a of after) setAttribute(live, a);
}

function sameTag(live: Node, light: LightElement): live is Element {
  return live.nodeType === ELEMENT_NODE && (live as Element).localName === light.localName && (live as Element).namespaceURI === light.namespaceURI;
}

/**
 * Makes `live` show `after`, child by child in order: text and attributes that differ are set, a node whose
 * kind or tag differs is replaced, and children are appended or removed at the end. The page is read, not
 * a copy of the previous build, so nothing from one build is kept alive until the next.
 */
function patchElement(live: Element, after: LightElement): void {
  patchAttributes(live, after.attributes);
  const doc = live.ownerDocument;
  let child = live.firstChild;
  for (const next of after.childNodes) {
    if (!child) {
      live.appendChild(actualize(next, doc));
      continue;
    }
    const following = child.nextSibling;
    if (next instanceof LightText && child.nodeType === TEXT_NODE) {
      if ((child as Text).data !== next.data) (child as Text).data = next.data;
    } else if (next instanceof LightElement && sameTag(child, next)) patchElement(child, next);
    else live.replaceChild(actualize(next, doc), child);
    child = following;
  }
  while (child) {
    const following = child.nextSibling;
    live.removeChild(child);
    child = following;
  }
}

/** Shows `next` in `container`: patches the figure drawn there when it has the same tag, else puts in a new one. */
export function drawLight(container: Element, next: LightElement): void {
  const drawn = container.firstElementChild;
  if (drawn && drawn === container.lastChild && sameTag(drawn, next)) patchElement(drawn, next);
  else container.replaceChildren(actualize(next, container.ownerDocument));
}
