/**
 * Linked hover on the rendered training figures: which training step the pointer is over, read from the
 * SVG the figure functions drew (the figures draw the hovered step themselves).
 */

/**
 * The step under the pointer in the training curves, from the step scale the panel it is over carries
 * (data-step-domain, data-step-range in the SVG's own units); null when the pointer is not over a panel.
 */
export function stepUnderPointer(svg: SVGSVGElement, clientX: number, clientY: number): number | null {
  const frame = svg.getBoundingClientRect();
  const width = Number(svg.getAttribute('width'));
  if (!(frame.width > 0) || !(width > 0)) return null;
  for (const panel of svg.querySelectorAll('g[data-panel]')) {
    const box = panel.getBoundingClientRect();
    if (clientX < box.left || clientX > box.right || clientY < box.top || clientY > box.bottom) continue;
    const [d0, d1] = (panel.getAttribute('data-step-domain') ?? '').split(' ').map(Number);
    const [r0, r1] = (panel.getAttribute('data-step-range') ?? '').split(' ').map(Number);
    if (![d0, d1, r0, r1].every(Number.isFinite) || r0 === r1) return null;
    const x = ((clientX - frame.left) * width) / frame.width;
    return d0! + ((x - r0!) * (d1! - d0!)) / (r1! - r0!);
  }
  return null;
}

/** The step of the trajectory marker nearest the pointer, if one is within `radius` px. */
export function markerUnderPointer(svg: SVGSVGElement, clientX: number, clientY: number, radius = 16): number | null {
  let best: { step: number; distance: number } | null = null;
  for (const marker of svg.querySelectorAll('[data-role="steps"] circle[data-step]')) {
    const box = marker.getBoundingClientRect();
    const distance = Math.hypot(box.left + box.width / 2 - clientX, box.top + box.height / 2 - clientY);
    if (distance <= radius && (!best || distance < best.distance)) best = { step: Number(marker.getAttribute('data-step')), distance };
  }
  return best?.step ?? null;
}

/**
 * The embedding point under the pointer: the nearest on the front within `radius` px, using the plot
 * mapping the embedding figure writes on its plot group (data-plot: half-side, left, top, side).
 */
export function pointUnderPointer(
  svg: SVGSVGElement,
  projection: { readonly n: number; readonly x: ArrayLike<number>; readonly y: ArrayLike<number>; readonly depth: ArrayLike<number> },
  clientX: number,
  clientY: number,
  radius = 10,
): number | null {
  const [half, left, top, side] = (svg.querySelector('[data-plot]')?.getAttribute('data-plot') ?? '').split(' ').map(Number);
  const frame = svg.getBoundingClientRect();
  const width = Number(svg.getAttribute('width'));
  if (![half, left, top, side].every(Number.isFinite) || !(half! > 0) || !(frame.width > 0) || !(width > 0)) return null;
  const scale = width / frame.width;
  const px = (clientX - frame.left) * scale;
  const py = (clientY - frame.top) * scale;
  const unit = side! / (2 * half!);
  let best: number | null = null;
  let bestDistance = radius * scale;
  for (let i = 0; i < projection.n; i++) {
    if (projection.depth[i]! < 0) continue;
    const d = Math.hypot(left! + (projection.x[i]! + half!) * unit - px, top! + side! - (projection.y[i]! + half!) * unit - py);
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
