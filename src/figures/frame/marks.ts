/**
 * A dot as a closed subpath (two arcs), so many dots can share one <path>: one element to build instead of
 * one per point. Coordinates are written with `digits` decimals.
 */
export function dotSubpath(cx: number, cy: number, r: number, digits: number): string {
  return `M${(cx - r).toFixed(digits)},${cy.toFixed(digits)}${circleArcs(r)}`;
}

const arcsByRadius = new Map<number, string>();

/** The two arcs of a dot of radius r, from its leftmost point: the same string for every dot of a figure. */
function circleArcs(r: number): string {
  let arcs = arcsByRadius.get(r);
  if (arcs === undefined) {
    arcs = `a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    if (arcsByRadius.size < 64) arcsByRadius.set(r, arcs);
  }
  return arcs;
}
