/**
 * Linked hover on the rendered training figures: which training step the pointer is over, and a ring on
 * the uniformity–tolerance trajectory at a given step. Read from the SVG the figure functions drew, so the
 * figures stay pure.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** d3's axis binds each tick's value to its element as __data__. */
function tickValue(tick: Element): number | null {
  const value: unknown = Reflect.get(tick, '__data__');
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function centreX(element: Element): number {
  const box = element.getBoundingClientRect();
  return box.left + box.width / 2;
}

/**
 * The step under the pointer in the training curves, from the x axis of the panel it is over (two ticks give
 * the scale); null when the pointer is not over a panel.
 */
export function stepUnderPointer(svg: SVGSVGElement, clientX: number, clientY: number): number | null {
  for (const panel of svg.querySelectorAll('g[data-panel]')) {
    const box = panel.getBoundingClientRect();
    if (clientX < box.left || clientX > box.right || clientY < box.top || clientY > box.bottom) continue;
    const ticks = [...panel.querySelectorAll('g[data-axis="x"] .tick')]
      .map((t) => ({ value: tickValue(t), x: centreX(t) }))
      .filter((t): t is { value: number; x: number } => t.value !== null);
    if (ticks.length < 2) return null;
    const a = ticks[0]!;
    const b = ticks[ticks.length - 1]!;
    if (b.x === a.x) return null;
    return a.value + ((clientX - a.x) * (b.value - a.value)) / (b.x - a.x);
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

/** Rings the trajectory marker nearest to `step` (markers are thinned, so the nearest drawn one). */
export function ringStep(svg: SVGSVGElement, step: number, color: string): void {
  let nearest: Element | null = null;
  let gap = Infinity;
  for (const marker of svg.querySelectorAll('[data-role="steps"] circle[data-step]')) {
    const d = Math.abs(Number(marker.getAttribute('data-step')) - step);
    if (d < gap) {
      gap = d;
      nearest = marker;
    }
  }
  if (!nearest) return;
  const ring = svg.ownerDocument.createElementNS(SVG_NS, 'circle');
  for (const [name, value] of [
    ['cx', nearest.getAttribute('cx')],
    ['cy', nearest.getAttribute('cy')],
    ['r', '7'],
    ['fill', 'none'],
    ['stroke', color],
    ['stroke-width', '2'],
    ['data-role', 'hover'],
    ['data-step', nearest.getAttribute('data-step')],
  ] as const) {
    if (value !== null) ring.setAttribute(name, value);
  }
  nearest.parentNode!.parentNode!.appendChild(ring);
}
