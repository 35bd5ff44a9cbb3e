import type { EmbeddingPlot } from '../../figures/embeddingFigure';
import type { TrainingCurvesGeometry } from '../../figures/trainingCurvesFigure';

/**
 * Linked hover on the rendered training figures: which training step or point the pointer is over, from the
 * geometry the figure functions return with what they drew (the figures draw the hovered step themselves).
 */

/** The pointer in the SVG's own units, given the figure's width in them; null when the SVG has no size. */
function pointerInSvg(svg: Element, width: number, clientX: number, clientY: number): { readonly x: number; readonly y: number; readonly scale: number } | null {
  const frame = svg.getBoundingClientRect();
  if (!(frame.width > 0) || !(width > 0)) return null;
  const scale = width / frame.width;
  return { x: (clientX - frame.left) * scale, y: (clientY - frame.top) * scale, scale };
}

/** The step under the pointer in the training curves, by the step scale of the panel it is over; null off the panels. */
export function stepUnderPointer(svg: Element, geometry: TrainingCurvesGeometry, clientX: number, clientY: number): number | null {
  const pointer = pointerInSvg(svg, geometry.width, clientX, clientY);
  if (!pointer) return null;
  const { x, y } = pointer;
  const panel = geometry.panels.find(({ box }) => x >= box.left && x <= box.right && y >= box.top && y <= box.bottom);
  if (!panel) return null;
  const [d0, d1] = panel.stepDomain;
  const [r0, r1] = panel.stepRange;
  if (r0 === r1) return null;
  return d0 + ((x - r0) * (d1 - d0)) / (r1 - r0);
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

/** The embedding point under the pointer: the nearest on the front within `radius` px, by the figure's plot mapping. */
export function pointUnderPointer(
  svg: Element,
  plot: EmbeddingPlot,
  projection: { readonly n: number; readonly x: ArrayLike<number>; readonly y: ArrayLike<number>; readonly depth: ArrayLike<number> },
  clientX: number,
  clientY: number,
  radius = 10,
): number | null {
  const { half, left, top, side } = plot;
  const pointer = pointerInSvg(svg, plot.width, clientX, clientY);
  if (!pointer || !(half > 0)) return null;
  const unit = side / (2 * half);
  let best: number | null = null;
  let bestDistance = radius * pointer.scale;
  for (let i = 0; i < projection.n; i++) {
    if (projection.depth[i]! < 0) continue;
    const d = Math.hypot(left + (projection.x[i]! + half) * unit - pointer.x, top + side - (projection.y[i]! + half) * unit - pointer.y);
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
