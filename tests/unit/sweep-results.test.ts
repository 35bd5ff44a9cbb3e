import { describe, expect, it } from 'vitest';
import { expandCells, parseSweepDefinition, type SweepDefinition } from '../../src/core/sweep/definition';
import { parseSweepFile, runKey, summariseSweep, sweepCsv, type RunTarget, type SweepRun } from '../../src/core/sweep/results';
import { historyAt } from './support/fixtures';

const definition = ((): SweepDefinition => {
  const parsed = parseSweepDefinition({ x: { param: 'tmin', values: [0.05, 0.1] }, seeds: [1, 2, 3], referenceTaus: [0.1, 0.5] });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
})();

const run = (target: RunTarget, knn: number, status: SweepRun['status'] = 'ok'): SweepRun => ({ target, status, history: [historyAt(0, 0.3, 6), historyAt(100, knn)] });

// kNN by seed 1, 2, 3. Cell 0: 0.90 0.92 0.94; cell 1: 0.80 0.81 (seed 3 diverged).
// Constant 0.1: 0.88 0.90 0.92 (best); constant 0.5: 0.70 0.71 0.72.
const runs: SweepRun[] = [
  run({ cell: 0, seed: 2 }, 0.92),
  run({ cell: 0, seed: 1 }, 0.9),
  run({ cell: 0, seed: 3 }, 0.94),
  run({ cell: 1, seed: 1 }, 0.8),
  run({ cell: 1, seed: 2 }, 0.81),
  run({ cell: 1, seed: 3 }, NaN, 'diverged'),
  ...[0.88, 0.9, 0.92].map((v, i) => run({ constantTau: 0.1, seed: i + 1 }, v)),
  ...[0.7, 0.71, 0.72].map((v, i) => run({ constantTau: 0.5, seed: i + 1 }, v)),
];

describe('sweep summary', () => {
  const summary = summariseSweep(definition, 2, runs, 'knnAccuracy');

  it('finds the best cell and the best constant τ by mean, leaving diverged runs out', () => {
    expect(summary.region.best).toBe(0);
    expect(summary.region.cells[0]!.summary.mean).toBeCloseTo(0.92, 12);
    expect(summary.region.cells[1]!.summary.n).toBe(2);
    expect(summary.region.cells[1]!.summary.dropped).toBe(1);
    expect(summary.bestConstant).toEqual({ tau: 0.1, mean: expect.closeTo(0.9, 12) });
  });

  it('pairs each cell with the best constant τ seed by seed', () => {
    // Cell 0 − constant 0.1: +0.02 on every seed: sd 0, a real difference.
    expect(summary.toBestConstant[0]!.mean).toBeCloseTo(0.02, 12);
    expect(summary.toBestConstant[0]!.sd).toBeCloseTo(0, 12);
    expect(summary.toBestConstant[0]!.indistinguishable).toBe(false);
    // Cell 1 − constant 0.1 over seeds 1 and 2: −0.08, −0.09.
    expect(summary.toBestConstant[1]!.seeds).toEqual([1, 2]);
    expect(summary.toBestConstant[1]!.mean).toBeCloseTo(-0.085, 12);
  });

  it('follows the metric’s direction', () => {
    expect(summariseSweep(definition, 2, runs, 'loss').bestConstant?.mean).toBe(5);
  });
});

describe('sweep.csv', () => {
  it('writes one row per run, cells then the constant-τ line, seeds in order, with the step-0 metrics', () => {
    const lines = sweepCsv(definition, expandCells(definition), runs).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'tmin,constantTau,seed,status,knnAccuracy,loss,alignment,uniformity,tolerance,interClassUniformity,' +
        'knnAccuracyAtStep0,lossAtStep0,alignmentAtStep0,uniformityAtStep0,toleranceAtStep0,interClassUniformityAtStep0',
    );
    expect(lines[1]).toBe('0.05,,1,ok,0.9,5,0.5,-2,0.6,-1,0.3,6,0.5,-2,0.6,-1');
    expect(lines[6]).toBe('0.1,,3,diverged,,,,,,,0.3,6,0.5,-2,0.6,-1');
    expect(lines[7]).toBe(',0.1,1,ok,0.88,5,0.5,-2,0.6,-1,0.3,6,0.5,-2,0.6,-1');
    expect(lines).toHaveLength(1 + 12);
  });

  it('names runs so a resumed sweep finds them', () => {
    expect(runKey({ cell: 3, seed: 2 })).toBe('cell 3 seed 2');
    expect(runKey({ constantTau: 0.2, seed: 1 })).toBe('constant 0.2 seed 1');
  });
});

describe('parseSweepFile: sweep.json read back', () => {
  const parsed = parseSweepDefinition({ x: { param: 'tmin', values: [0.05, 0.1] }, seeds: [1], steps: 20, evalEvery: 10, referenceTaus: [0.2] });
  if (!parsed.ok) throw new Error(parsed.error);
  const definition = parsed.value;
  const history = [
    { step: 0, loss: null, stepMs: null, alignment: 0.5, uniformity: -1, knnAccuracy: 0.4 },
    { step: 20, loss: 4, stepMs: 3, alignment: 0.4, uniformity: -2, knnAccuracy: 0.7 },
  ];
  const file = {
    format: 'dystress-lab-sweep',
    version: 1,
    definition,
    runs: [
      { target: { cell: 0, seed: 1 }, status: 'ok', history },
      { target: { constantTau: 0.2, seed: 1 }, status: 'diverged', reason: 'the loss stopped being finite', history },
    ],
  };

  it('reads what the CLI writes, runs and definition', () => {
    const read = parseSweepFile(JSON.parse(JSON.stringify(file)));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.definition).toEqual(definition);
    expect(read.value.runs).toEqual(file.runs);
  });

  it.each([
    [{ ...file, format: 'dystress-lab-run' }, /not a sweep file/],
    [{ ...file, version: 2 }, /version 2/],
    [{ ...file, definition: { ...definition, x: { param: 'warmth', values: [1] } } }, /definition: unknown parameter “warmth”/],
    [{ ...file, runs: [{ target: { cell: 0 }, status: 'ok', history }] }, /runs\[0\]\.target\.seed/],
    [{ ...file, runs: [{ target: { cell: 0, seed: 1 }, status: 'fine', history }] }, /runs\[0\]\.status/],
    [{ ...file, runs: [{ target: { cell: 0, seed: 1 }, status: 'ok', history: [{ step: 'x' }] }] }, /runs\[0\]\.history\[0\]/],
  ])('says what is wrong with a malformed file (%#)', (json, message) => {
    const read = parseSweepFile(json);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(message);
  });
});
