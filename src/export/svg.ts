import { asciiJson } from './png';
import { exportSizes, type ExportLook, type FigureSize } from './looks';
import type { Drawn } from '../figures/frame/document';
import type { Theme } from '../figures/theme';
import type { ExportMetadata } from './metadata';

/**
 * A figure as a self-contained SVG file: drawn by its pure figure function in an export theme (never taken
 * from the page), written at the look's size, with no page CSS needed (class attributes dropped, colours
 * and fonts as attributes), an explicit colour for `currentColor`, and its metadata inside.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A figure function bound to its data: draws at `size` in `theme` (with its geometry, for the page's pointer). */
export type FigureRenderer = (doc: Document, size: FigureSize, theme: Theme) => SVGSVGElement | Drawn<unknown, SVGSVGElement>;

export const METADATA_ID = 'dystress-lab-metadata';

export function renderExportSvg(
  doc: Document,
  render: FigureRenderer,
  look: ExportLook,
  wide: boolean,
  heightFor: (width: number) => number,
  metadata: ExportMetadata,
): SVGSVGElement {
  const { layout, output } = exportSizes(look, wide, heightFor);
  const figure = render(doc, layout, look.theme);
  const svg = 'geometry' in figure ? figure.element : figure;
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(output.width));
  svg.setAttribute('height', String(output.height));
  svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
  svg.setAttribute('color', look.theme.foreground);
  svg.setAttribute('font-family', look.theme.fontFamily);
  for (const element of [svg, ...svg.querySelectorAll('*')]) element.removeAttribute('class');
  const meta = doc.createElementNS(SVG_NS, 'metadata');
  meta.setAttribute('id', METADATA_ID);
  meta.textContent = asciiJson(metadata);
  // After <title> and <desc>, so readers that take the first children as the name still find them.
  const anchor = svg.querySelector(':scope > desc') ?? svg.querySelector(':scope > title');
  svg.insertBefore(meta, anchor ? anchor.nextSibling : svg.firstChild);
  return svg;
}

/** The SVG file text, with an XML declaration. */
export function serialiseSvg(doc: Document, svg: SVGSVGElement): string {
  const Serializer = doc.defaultView?.XMLSerializer ?? globalThis.XMLSerializer;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new Serializer().serializeToString(svg)}\n`;
}

/** The same SVG drawn `scale` times larger (for rasterising crisply at that size). */
export function scaledSvgText(doc: Document, svg: SVGSVGElement, scale: number): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('width', String(Number(svg.getAttribute('width')) * scale));
  copy.setAttribute('height', String(Number(svg.getAttribute('height')) * scale));
  return serialiseSvg(doc, copy);
}
