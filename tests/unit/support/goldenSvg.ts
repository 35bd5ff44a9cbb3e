/**
 * A figure's markup as its golden file holds it: numbers rounded to two decimals (so that floating-point
 * noise cannot fail a test) and one element per line (so that a change shows as a readable diff).
 */
export function goldenMarkup(svg: SVGSVGElement): string {
  return new svg.ownerDocument.defaultView!.XMLSerializer()
    .serializeToString(svg)
    .replace(/-?\d+\.\d+/g, (n) => String(Number(Number(n).toFixed(2))))
    .replace(/></g, '>\n<')
    .concat('\n');
}
