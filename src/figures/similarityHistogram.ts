import { area, line, type ScaleLinear } from 'd3';
import type { Group } from './frame/document';
import { memoisePerData } from './memo';

/** The similarities of a batch's pairs by type; structural, so the core's PairSplit fits. */
export interface PairSimilarities {
  readonly truePositive: ArrayLike<number>;
  readonly falseNegative: ArrayLike<number>;
  readonly trueNegative: ArrayLike<number>;
}

export const HISTOGRAM_BINS = 50;

/**
 * The share of `values` in each of `bins` equal bins over [−1, 1] (s = 1 falls in the last bin; values
 * outside are clamped, non-finite ones ignored). The shares sum to 1, or are all 0 when nothing is finite.
 */
export function similarityHistogram(values: ArrayLike<number>, bins = HISTOGRAM_BINS): Float64Array {
  const counts = new Float64Array(bins);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((v + 1) / 2) * bins)));
    counts[b]++;
    n++;
  }
  if (n > 0) for (let b = 0; b < bins; b++) counts[b] /= n;
  return counts;
}

/** The mean of the finite values, NaN when there are none. */
export function finiteMean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}

export interface PairTypeSummary {
  /** similarityHistogram of the values. */
  readonly shares: Float64Array;
  /** finiteMean of the values. */
  readonly mean: number;
}

const pairTypeSummaries = memoisePerData((values: ArrayLike<number>, bins: number): PairTypeSummary => ({ shares: similarityHistogram(values, bins), mean: finiteMean(values) }));

/**
 * The histogram and mean of one pair type's similarities, once per array and bin count (see memoisePerData):
 * the pair and τ-over-the-batch figures share them.
 */
export function summarisePairType(values: ArrayLike<number>, bins = HISTOGRAM_BINS): PairTypeSummary {
  return pairTypeSummaries(values, bins);
}

/** The first and last bins holding anything; [−1, −1] when all are empty. */
function occupied(shares: Float64Array): [number, number] {
  let first = -1;
  let last = -1;
  for (let b = 0; b < shares.length; b++) {
    if (shares[b]! > 0) {
      if (first < 0) first = b;
      last = b;
    }
  }
  return [first, last];
}

/** The step function through the bin tops over [−1, 1], from the first to the last non-empty bin; [] if none. */
function stepCorners(shares: Float64Array): [number, number][] {
  const edge = (b: number): number => -1 + (2 * b) / shares.length;
  const [first, last] = occupied(shares);
  const corners: [number, number][] = [];
  if (first < 0) return corners;
  for (let b = first; b <= last; b++) corners.push([edge(b), shares[b]!], [edge(b + 1), shares[b]!]);
  return corners;
}

/**
 * Draws a histogram over [−1, 1]: the bins as one translucent step area (its data-shares holds every bin's
 * share) under a step outline, so overlapping pair types stay readable. One path rather than a rect per bin
 * keeps a redraw during training cheap.
 */
export function drawHistogram(
  g: Group,
  shares: Float64Array,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  color: string,
  name: string,
  fillOpacity = 0.2,
): void {
  const layer = g.append('g').attr('data-histogram', name);
  const steps = stepCorners(shares);
  if (steps.length === 0) return;
  // Down to 0 at both ends.
  const corners: [number, number][] = [[steps[0]![0], 0], ...steps, [steps.at(-1)![0], 0]];
  const outline = line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1])).digits(2)(corners) ?? '';
  layer
    .append('path')
    .attr('d', `${outline}Z`)
    .attr('fill', color)
    .attr('fill-opacity', fillOpacity)
    .attr('data-shares', Array.from(shares).join(' '));
  layer
    .append('path')
    .attr('d', outline)
    .attr('fill', 'none')
    .attr('stroke', color)
    .attr('stroke-width', 1.5)
    .attr('stroke-linejoin', 'miter');
}

/** A filled step area without per-bin rects, for histograms drawn as context under other marks. */
export function drawHistogramArea(
  g: Group,
  shares: Float64Array,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  color: string,
  name: string,
): void {
  const layer = g.append('g').attr('data-histogram', name);
  const corners = stepCorners(shares);
  if (corners.length === 0) return;
  layer
    .append('path')
    .attr('d', area<[number, number]>().x((p) => x(p[0])).y0(y(0)).y1((p) => y(p[1])).digits(2)(corners) ?? '')
    .attr('fill', color)
    .attr('fill-opacity', 0.22)
    .attr('stroke', color)
    .attr('stroke-width', 1.25)
    .attr('stroke-opacity', 0.9)
    .attr('data-shares', Array.from(shares, (s) => s.toFixed(4)).join(' '));
}
