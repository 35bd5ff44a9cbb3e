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
