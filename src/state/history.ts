/**
 * A bounded history that always spans the whole run. Past `capacity` points, every other point is dropped
 * (halving the resolution) and later points are kept at the coarser stride. The first point and the newest
 * one are always kept, so a curve starts where the run started and ends where it is now.
 */
export interface DecimatedHistory<P> {
  readonly points: readonly P[];
  /** Arrival index of each kept point (0 = the first point ever appended). */
  readonly indices: readonly number[];
  /** Kept points are those whose arrival index is a multiple of the stride, plus the newest. */
  readonly stride: number;
  /** Points appended so far. */
  readonly received: number;
  readonly capacity: number;
}

/** Enough for a smooth curve at any figure width, few enough to redraw ten times a second. */
export const HISTORY_CAPACITY = 500;

export function emptyHistory<P>(capacity = HISTORY_CAPACITY): DecimatedHistory<P> {
  if (!(Number.isInteger(capacity) && capacity >= 2)) throw new RangeError(`history capacity must be an integer ≥ 2 (got ${capacity})`);
  return { points: [], indices: [], stride: 1, received: 0, capacity };
}

export function appendPoint<P>(history: DecimatedHistory<P>, point: P): DecimatedHistory<P> {
  let { points, indices, stride } = history;
  const last = indices.length - 1;
  // The newest point is kept even off the stride; the next arrival takes its place.
  if (last > 0 && indices[last]! % stride !== 0) {
    points = points.slice(0, last);
    indices = indices.slice(0, last);
  }
  points = [...points, point];
  indices = [...indices, history.received];
  while (points.length > history.capacity) {
    stride *= 2;
    const newest = points.length - 1;
    const keep = (i: number): boolean => indices[i]! % stride === 0 || i === newest;
    points = points.filter((_, i) => keep(i));
    indices = indices.filter((_, i) => keep(i));
  }
  return { points, indices, stride, received: history.received + 1, capacity: history.capacity };
}

/** Drops the points after `step` (a rollback restored an earlier state). */
export function dropAfter<P extends { readonly step: number }>(history: DecimatedHistory<P>, step: number): DecimatedHistory<P> {
  const keep = history.points.map((p) => p.step <= step);
  if (keep.every(Boolean)) return history;
  return {
    ...history,
    points: history.points.filter((_, i) => keep[i]),
    indices: history.indices.filter((_, i) => keep[i]),
  };
}
