import { select, type Selection } from 'd3';

/**
 * The part of the DOM a figure function may use. The page's document satisfies it, and so does the light
 * document the page builds figures in (src/ui/lightDom.ts), which implements exactly this.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An element as figures and d3-selection use it: `append` and `insert` create children through
 * `ownerDocument.createElementNS` in the parent's `namespaceURI`; `attr` sets, reads and removes attributes
 * (`setAttributeNS` for `xmlns`); `text` sets `textContent`; `select`, `selectAll` and `insert`'s reference
 * use the query methods; `remove` calls its parent's `removeChild`. `N` is the document's node type (the
 * DOM's Node, or the light document's node), which is all a parent takes as a child.
 */
export interface FigureElement<N = unknown> {
  readonly ownerDocument: FigureDocument<N>;
  readonly namespaceURI: string | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  setAttributeNS(namespaceURI: string | null, qualifiedName: string, value: string): void;
  removeAttribute(name: string): void;
  appendChild(node: N): unknown;
  insertBefore(node: N, reference: N | null): unknown;
  removeChild(node: N): unknown;
  querySelector(selectors: string): FigureElement<N> | null;
  querySelectorAll(selectors: string): ArrayLike<FigureElement<N>>;
}

export interface FigureDocument<N = unknown> {
  createElementNS(namespaceURI: string | null, qualifiedName: string): FigureElement<N> & N;
}

/**
 * What a figure function returns for `doc`: the DOM's SVGSVGElement for a DOM document, the light document's
 * element for the light one.
 */
export type FigureRoot<D extends FigureDocument> = D extends Document ? SVGSVGElement : ReturnType<D['createElementNS']>;

/** A figure and the geometry the page's pointer handling needs, as values (no markup to parse back). */
export interface Drawn<G, E> {
  readonly element: E;
  readonly geometry: G;
}

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type Group = Selection<SVGGElement, unknown, null, undefined>;

/**
 * A new <svg> in `doc`, as a d3 selection, and the same element as `doc`'s own type for the figure function to
 * return. The only casts between figure elements and DOM types: d3-selection's typings take DOM nodes only,
 * while it calls on them only what FigureElement declares (see above), so a light element serves it as well as
 * a DOM one; tests/unit/light-dom.test.ts renders every figure both ways and compares the markup.
 */
export function createSvg<D extends FigureDocument>(doc: D): { readonly svg: Svg; readonly root: FigureRoot<D> } {
  const element = doc.createElementNS(SVG_NS, 'svg');
  return { svg: select(element as unknown as SVGSVGElement), root: element as FigureRoot<D> };
}

/** The element a selection holds, seen as a figure element. */
export function figureElement(selection: Svg | Group): FigureElement {
  return selection.node()!;
}
