/**
 * What the figures show of temperatures that are trained per sample (iSogCLR) or predicted per input
 * (Temperature as Uncertainty): the distribution of τ_i over samples, never a curve τ(s).
 */
export interface SampleTemperatures {
  readonly kind: 'per-sample' | 'predicted';
  /** Whose τ_i: the training samples visited so far (iSogCLR) or the held-out evaluation subset (TaU). */
  readonly population: 'training' | 'held-out';
  /** How many samples the quantiles describe, out of `total` (the unvisited ones still have τ init). */
  readonly count: number;
  readonly total: number;
  /** Quantiles of τ_i over the `count` samples. */
  readonly quantiles: TauQuantiles;
  /** Up to STRIP_SAMPLES τ_i (a fixed, seeded choice of samples) with their labels, for the strip plot. */
  readonly values: Float32Array;
  readonly labels: Int32Array;
  /** Held-out only: whether the weighted kNN classified each of `values`' samples correctly (1) or not (0). */
  readonly knnCorrect?: Uint8Array;
}

export interface TauQuantiles {
  readonly p05: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export const STRIP_SAMPLES = 2000;

/** Linear-interpolated quantile q of ascending `sorted` (NaN when empty), as numpy's default. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const at = q * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (at - lo) * (sorted[hi]! - sorted[lo]!);
}

export function tauQuantiles(values: ArrayLike<number>): TauQuantiles {
  const sorted = Float64Array.from(values).sort();
  const q = (p: number) => quantileSorted(sorted, p);
  return { p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) };
}

/**
 * τ_i of the training samples visited so far: quantiles over all of them, and the first STRIP_SAMPLES visited
 * ones in `order` (a fixed permutation, so the strip shows mostly the same samples from snapshot to snapshot).
 */
export function trainingSampleTemperatures(tau: Float32Array, visited: Uint8Array, labels: Int32Array, order: Int32Array): SampleTemperatures {
  const seen: number[] = [];
  for (let i = 0; i < tau.length; i++) if (visited[i]) seen.push(tau[i]!);
  const chosen: number[] = [];
  for (let k = 0; k < order.length && chosen.length < STRIP_SAMPLES; k++) if (visited[order[k]!]) chosen.push(order[k]!);
  return {
    kind: 'per-sample',
    population: 'training',
    count: seen.length,
    total: tau.length,
    quantiles: tauQuantiles(seen),
    values: Float32Array.from(chosen, (i) => tau[i]!),
    labels: Int32Array.from(chosen, (i) => labels[i]!),
  };
}

/** τ_i of held-out samples, each with whether the kNN got it right. */
export function heldOutSampleTemperatures(tau: Float32Array, labels: Int32Array, knnCorrect: Uint8Array | undefined): SampleTemperatures {
  const n = Math.min(tau.length, STRIP_SAMPLES);
  return {
    kind: 'predicted',
    population: 'held-out',
    count: tau.length,
    total: tau.length,
    quantiles: tauQuantiles(tau),
    values: tau.slice(0, n),
    labels: labels.slice(0, n),
    ...(knnCorrect ? { knnCorrect: knnCorrect.slice(0, n) } : {}),
  };
}
