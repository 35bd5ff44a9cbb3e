import type { HistoryPoint } from '../core/config';
import type { PairDistances } from '../worker/compareProtocol';
import type { DistancePoint } from './run';

/**
 * The comparison's numbers: each run's final metrics, aggregated per setting over its seeds as mean ± sample
 * standard deviation (n − 1 in the denominator; no sd from a single run), and the per-step mean curves the
 * figures draw for a setting trained with several seeds.
 */

export const RESULT_METRICS = ['loss', 'knnAccuracy', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity'] as const;
export type ResultMetric = (typeof RESULT_METRICS)[number];

export interface MeanSd {
  readonly mean: number;
  /** Sample standard deviation (n − 1); null for a single value. */
  readonly sd: number | null;
  readonly n: number;
}

/** Mean and sample sd of the finite values; null when there are none. */
export function meanSd(values: readonly (number | null | undefined)[]): MeanSd | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : null;
  return { mean, sd, n };
}

export interface ResultGroup {
  readonly label: string;
  /** Each seed's history (the last point is its final state). */
  readonly histories: readonly (readonly HistoryPoint[])[];
  /** Seeds whose run diverged (they stopped early; their last healthy point counts). */
  readonly diverged: number;
}

export interface ResultRow {
  readonly label: string;
  readonly runs: number;
  readonly diverged: number;
  /** The final step, the same for every seed unless one diverged (then the smallest). */
  readonly step: number | null;
  readonly metrics: Readonly<Record<ResultMetric, MeanSd | null>>;
}

export function resultRows(groups: readonly ResultGroup[]): ResultRow[] {
  return groups.map((group) => {
    const finals = group.histories.map((h) => h.at(-1)).filter((p): p is HistoryPoint => p !== undefined);
    const metrics = Object.fromEntries(RESULT_METRICS.map((m) => [m, meanSd(finals.map((p) => p[m]))])) as Record<ResultMetric, MeanSd | null>;
    return {
      label: group.label,
      runs: group.histories.length,
      diverged: group.diverged,
      step: finals.length > 0 ? Math.min(...finals.map((p) => p.step)) : null,
      metrics,
    };
  });
}

const HISTORY_KEYS = ['loss', 'stepMs', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'knnAccuracy', 'tauPositiveMean', 'tauNegativeMean'] as const;

/** Points with the same step averaged over runs; a metric is averaged over the runs that have it. */
function meanByStep<P extends { readonly step: number }>(series: readonly (readonly P[])[], average: (points: readonly P[], step: number) => P): P[] {
  if (series.length === 1) return [...series[0]!];
  const byStep = new Map<number, P[]>();
  for (const points of series) for (const p of points) byStep.set(p.step, [...(byStep.get(p.step) ?? []), p]);
  return [...byStep.entries()].sort(([a], [b]) => a - b).map(([step, points]) => average(points, step));
}

export function meanHistory(histories: readonly (readonly HistoryPoint[])[]): HistoryPoint[] {
  return meanByStep(histories, (points, step) => {
    const mean = (key: (typeof HISTORY_KEYS)[number]) => meanSd(points.map((p) => p[key]))?.mean ?? null;
    return { step, ...Object.fromEntries(HISTORY_KEYS.map((k) => [k, mean(k)])) } as HistoryPoint;
  });
}

export function meanDistances(series: readonly (readonly DistancePoint[])[]): DistancePoint[] {
  return meanByStep(series, (points, step) => {
    const mean = (key: keyof PairDistances) => meanSd(points.map((p) => p.distances[key]))?.mean ?? NaN;
    return { step, distances: { tpFn: mean('tpFn'), fnTn: mean('fnTn'), tpTn: mean('tpTn') } };
  });
}
