import { parseSweepDefinition, type SweepDefinition } from '../../src/core/sweep/definition';
import type { RunTarget, SweepRun } from '../../src/core/sweep/results';
import { createTemperature, type TemperatureSetting } from '../../src/core/temperature';
import type { LabelledCurve } from '../../src/figures/similarityCurves';
import { historyAt } from './support/fixtures';

/**
 * Fixed sweeps for the sweep figure's tests, with numbers chosen so that the best cell, the optimal region and
 * the differences to the best constant τ are known by hand (see the comments).
 */

export function definitionOf(input: unknown): SweepDefinition {
  const parsed = parseSweepDefinition(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}


/** A finished run whose final kNN accuracy is `knn` (and loss 6 − 2·knn, so lower loss goes with higher kNN). */
export const finished = (target: RunTarget, knn: number): SweepRun => ({ target, status: 'ok', history: [historyAt(0, 0.3, 6), historyAt(100, knn, 6 - 2 * knn)] });
export const diverged = (target: RunTarget): SweepRun => ({ target, status: 'diverged', reason: 'loss is NaN at step 40', history: [historyAt(0, 0.3, 6)] });

/**
 * τ min (x) 0.05, 0.1, 0.2 × τ max (y) 0.1, 0.2, 0.5; cells in expandCells order (x fastest):
 *   y 0.1: cell 0 diverged on every seed · cell 1 0.80 0.82 0.84 · cell 2 skipped (τ min 0.2 > τ max 0.1)
 *   y 0.2: cell 3 0.86 0.89 0.89 · cell 4 0.90 0.92 0.94 (best, mean 0.92) · cell 5 0.89 0.90 0.93
 *   y 0.5: cell 6 0.84 0.85 0.86 · cell 7 0.91 0.89 0.95 · cell 8 not run yet
 * Paired with the best (cell 4), seeds 1, 2, 3: cell 5 −0.01 −0.02 −0.01 and cell 7 +0.01 −0.03 +0.01 have
 * intervals covering 0 (t(0.975, 2) = 4.303): the optimal region is cells 4, 5, 7. Cell 3 (−0.04 ± 0.025),
 * cell 6 (−0.07 ± 0.025) and cell 1 are out.
 * Constant τ: 0.1 → 0.85 0.86 0.87 · 0.2 → 0.88 0.90 0.92 (best, mean 0.90) · 0.5 → 0.80 0.81 0.82.
 */
export const grid = definitionOf({
  x: { param: 'tmin', values: [0.05, 0.1, 0.2] },
  y: { param: 'tmax', values: [0.1, 0.2, 0.5] },
  seeds: [1, 2, 3],
  steps: 600,
  referenceTaus: [0.1, 0.2, 0.5],
});

export const GRID_KNN: Readonly<Record<number, readonly number[]>> = {
  1: [0.8, 0.82, 0.84],
  3: [0.86, 0.89, 0.89],
  4: [0.9, 0.92, 0.94],
  5: [0.89, 0.9, 0.93],
  6: [0.84, 0.85, 0.86],
  7: [0.91, 0.89, 0.95],
};

const CONSTANT_KNN: Readonly<Record<number, readonly number[]>> = { 0.1: [0.85, 0.86, 0.87], 0.2: [0.88, 0.9, 0.92], 0.5: [0.8, 0.81, 0.82] };

const constantRuns = (): SweepRun[] =>
  Object.entries(CONSTANT_KNN).flatMap(([tau, values]) => values.map((v, i) => finished({ constantTau: Number(tau), seed: i + 1 }, v)));

export const gridRuns: readonly SweepRun[] = [
  ...[1, 2, 3].map((seed) => diverged({ cell: 0, seed })),
  ...Object.entries(GRID_KNN).flatMap(([cell, values]) => values.map((v, i) => finished({ cell: Number(cell), seed: i + 1 }, v))),
  ...[1, 2, 3].map((seed): SweepRun => ({ target: { cell: 2, seed }, status: 'skipped', reason: 'τ min (0.2) must not exceed τ max (0.1)', history: [] })),
  ...constantRuns(),
];

/**
 * One axis, τ min 0.025, 0.05, 0.1, 0.2 (a geometric progression: a log axis), τ max 0.2 from the base:
 *   cell 0 0.85 0.86 0.87 · cell 1 0.90 0.91 0.95 · cell 2 0.91 0.93 0.95 (best) · cell 3 0.88 0.89 0.90
 */
export const line = definitionOf({
  x: { param: 'tmin', values: [0.025, 0.05, 0.1, 0.2] },
  seeds: [1, 2, 3],
  steps: 600,
  referenceTaus: [0.1, 0.2, 0.5],
});

export const LINE_KNN: readonly (readonly number[])[] = [
  [0.85, 0.86, 0.87],
  [0.9, 0.91, 0.95],
  [0.91, 0.93, 0.95],
  [0.88, 0.89, 0.9],
];

export const lineRuns: readonly SweepRun[] = [...LINE_KNN.flatMap((values, cell) => values.map((v, i) => finished({ cell, seed: i + 1 }, v))), ...constantRuns()];

/** 101 similarities from −1 to 1, as the temperature figure samples them. */
export const SIMILARITIES: readonly number[] = Array.from({ length: 101 }, (_, i) => -1 + i / 50);

/** A τ curve sampled at SIMILARITIES (τ at step 0). */
export function labelled(label: string, setting: TemperatureSetting): LabelledCurve {
  const temperature = createTemperature(setting);
  if (!temperature.ok) throw new Error(temperature.error);
  const tau = SIMILARITIES.map((s) => temperature.value.scalar(s));
  return { label, curve: { s: SIMILARITIES, tau, logit: SIMILARITIES.map((s, i) => s / tau[i]!) } };
}

/** An 8 × 8 sweep, every cell run on three seeds with smooth made-up accuracies: the figure at its most crowded. */
export const crowded = definitionOf({
  x: { param: 'tmin', values: [0.02, 0.03, 0.05, 0.07, 0.1, 0.14, 0.2, 0.3] },
  y: { param: 'tmax', values: [0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2] },
  seeds: [1, 2, 3],
  steps: 2000,
  referenceTaus: [0.1, 0.2, 0.5],
});

export const crowdedRuns: readonly SweepRun[] = [
  ...Array.from({ length: 64 }, (_, cell) => {
    const [col, row] = [cell % 8, Math.floor(cell / 8)];
    const mean = 0.93 - 0.004 * (col - 4) ** 2 - 0.003 * (row - 2) ** 2;
    return [1, 2, 3].map((seed) => finished({ cell, seed }, mean + 0.006 * (seed - 2) * (1 + (cell % 3))));
  }).flat(),
  ...constantRuns(),
];
