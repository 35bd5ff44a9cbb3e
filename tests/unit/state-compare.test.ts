import { describe, expect, it } from 'vitest';
import { parseComparePlan, type ComparePlan, type HistoryPoint } from '../../src/core/config';
import {
  compareReducer,
  comparisonRows,
  initialCompareState,
  MAX_PINNED_RUNS,
  pinnedRows,
  runOverlays,
  temperatureLabel,
  type CompareAction,
  type CompareState,
} from '../../src/state/compare';
import { buildComparePlan, CLASSIC_SPECS, parseCompareSeeds, parseCompareSteps } from '../../src/state/compareInputs';
import { meanDistances, meanHistory, meanSd, resultRows } from '../../src/state/compareTable';
import type { CompareRecord } from '../../src/worker/compareProtocol';

const point = (step: number, v: Partial<HistoryPoint> = {}): HistoryPoint => ({
  step,
  loss: null,
  stepMs: null,
  alignment: null,
  uniformity: null,
  tolerance: null,
  interClassUniformity: null,
  knnAccuracy: null,
  tauPositiveMean: null,
  tauNegativeMean: null,
  ...v,
});

describe('mean ± sample sd', () => {
  it('uses n − 1 and gives no sd for one value', () => {
    // 1, 2, 3, 4: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 3 → sd √(5/3).
    expect(meanSd([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3), n: 4 });
    expect(meanSd([1, 2, 3, 4])!.sd).toBeCloseTo(1.2909944, 7);
    expect(meanSd([0.5])).toEqual({ mean: 0.5, sd: null, n: 1 });
  });

  it('skips missing and non-finite values, and has nothing to say about none', () => {
    expect(meanSd([2, null, 4, NaN, undefined])).toEqual({ mean: 3, sd: Math.SQRT2, n: 2 });
    expect(meanSd([null, NaN])).toBeNull();
    expect(meanSd([])).toBeNull();
  });
});

describe('results table rows', () => {
  it('aggregates each setting’s final points over its seeds', () => {
    const rows = resultRows([
      {
        label: 'Fixed τ = 0.2',
        histories: [
          [point(0), point(100, { loss: 3.0, knnAccuracy: 0.8, uniformity: -3 })],
          [point(0), point(100, { loss: 3.2, knnAccuracy: 0.9, uniformity: -3.5 })],
          [point(0), point(100, { loss: 3.4, knnAccuracy: 0.7, uniformity: -2.5 })],
        ],
        diverged: 0,
      },
      { label: 'DySTreSS (0.1, 0.2)', histories: [[point(0), point(60, { loss: 2.5, tolerance: 0.4 })]], diverged: 1 },
    ]);
    const [fixed, dys] = rows;
    expect(fixed!.runs).toBe(3);
    expect(fixed!.step).toBe(100);
    expect(fixed!.metrics.loss!.mean).toBeCloseTo(3.2, 12);
    // Deviations ±0.2 and 0: (0.04 + 0 + 0.04) / 2 = 0.04 → sd 0.2.
    expect(fixed!.metrics.loss!.sd).toBeCloseTo(0.2, 12);
    expect(fixed!.metrics.knnAccuracy!.mean).toBeCloseTo(0.8, 12);
    expect(fixed!.metrics.knnAccuracy!.sd).toBeCloseTo(0.1, 12);
    expect(fixed!.metrics.uniformity).toEqual({ mean: -3, sd: 0.5, n: 3 });
    expect(fixed!.metrics.tolerance).toBeNull();
    expect(dys).toMatchObject({ label: 'DySTreSS (0.1, 0.2)', runs: 1, diverged: 1, step: 60 });
    expect(dys!.metrics.loss).toEqual({ mean: 2.5, sd: null, n: 1 });
    expect(dys!.metrics.tolerance).toEqual({ mean: 0.4, sd: null, n: 1 });
  });

  it('averages curves step by step over the seeds that reached each step', () => {
    const mean = meanHistory([
      [point(0, { uniformity: -1 }), point(10, { uniformity: -2, loss: 4 })],
      [point(0, { uniformity: -2 }), point(10, { uniformity: -3, loss: null })],
      [point(0, { uniformity: -3 })],
    ]);
    expect(mean.map((p) => [p.step, p.uniformity, p.loss])).toEqual([
      [0, -2, null],
      [10, -2.5, 4],
    ]);
    const d = (step: number, tpFn: number) => ({ step, distances: { tpFn, fnTn: 2 * tpFn, tpTn: NaN } });
    expect(meanDistances([[d(0, 1), d(5, 2)], [d(0, 3)]])).toEqual([
      { step: 0, distances: { tpFn: 2, fnTn: 4, tpTn: NaN } },
      { step: 5, distances: { tpFn: 2, fnTn: 4, tpTn: NaN } },
    ]);
  });
});

const dys = { family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } };
const fixed = { family: 'constant', params: { tau: 0.2 } };

describe('temperature labels', () => {
  it('name the family and its values briefly', () => {
    expect(temperatureLabel(fixed)).toBe('Fixed τ = 0.2');
    expect(temperatureLabel(dys)).toBe('DySTreSS (0.1, 0.2)');
    expect(temperatureLabel({ family: 'exponential', params: {} })).toBe('Exponential V (0.2, 0.1, 3.5)');
    expect(temperatureLabel({ family: 'custom', params: {}, formula: '0.1+s*s' })).toBe('τ = 0.1+s*s');
  });
});

function plan(seeds: number): ComparePlan {
  const p = parseComparePlan({
    config: {},
    settings: [
      { label: 'Fixed τ = 0.2', temperature: fixed },
      { label: 'DySTreSS (0.1, 0.2)', temperature: dys },
    ],
    seeds,
    steps: 20,
    evalEvery: 10,
  });
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

const reduce = (state: CompareState, ...actions: CompareAction[]): CompareState => actions.reduce(compareReducer, state);
const pin = (label: string, history = [point(0), point(5, { loss: 1 })]): CompareAction => ({
  type: 'pin',
  label,
  temperature: dys,
  history,
  distances: [],
  batch: new Float32Array(4).fill(label.length),
});
const record = (run: number, step: number, loss: number, divergence?: string): CompareRecord => ({
  run,
  point: point(step, { loss }),
  distances: { tpFn: 0, fnTn: 0, tpTn: 0 },
  similarity: new Float32Array(4).fill(run + step),
  ...(divergence ? { divergence } : {}),
});

describe('compare state', () => {
  it(`pins up to ${MAX_PINNED_RUNS} runs with distinct labels, refuses an empty or a fourth one, and unpins`, () => {
    let s = reduce(initialCompareState, pin('DySTreSS (0.1, 0.2)'), pin('DySTreSS (0.1, 0.2)'), pin('Fixed τ = 0.2'));
    expect(s.pins.map((p) => p.label)).toEqual(['DySTreSS (0.1, 0.2)', 'DySTreSS (0.1, 0.2) (2)', 'Fixed τ = 0.2']);
    s = reduce(s, pin('one more'));
    expect(s.pins).toHaveLength(3);
    expect(s.notice).toBe('At most 3 runs can be pinned: unpin one first.');
    s = reduce(s, { type: 'unpin', id: s.pins[1]!.id });
    expect(s.pins.map((p) => p.label)).toEqual(['DySTreSS (0.1, 0.2)', 'Fixed τ = 0.2']);
    expect(s.notice).toBeNull();
    expect(pinnedRows(s.pins).map((r) => [r.label, r.runs, r.step, r.metrics.loss])).toEqual([
      ['DySTreSS (0.1, 0.2)', 1, 5, { mean: 1, sd: null, n: 1 }],
      ['Fixed τ = 0.2', 1, 5, { mean: 1, sd: null, n: 1 }],
    ]);
    s = reduce(s, pin('empty', []));
    expect(s.pins).toHaveLength(2);
    expect(s.notice).toMatch(/nothing to pin/);
  });

  it('follows a comparison from start to done, ignoring a replaced comparison’s messages', () => {
    let s = reduce(initialCompareState, pin('DySTreSS (0.1, 0.2), lr 0.01'), { type: 'starting', plan: plan(2) });
    const id = s.comparison!.id;
    expect(s.comparison!.runs.map((r) => [r.index, r.setting, r.seed, r.label])).toEqual([
      [0, 0, 1, 'Fixed τ = 0.2 · seed 1'],
      [1, 1, 1, 'DySTreSS (0.1, 0.2) · seed 1'],
      [2, 0, 2, 'Fixed τ = 0.2 · seed 2'],
      [3, 1, 2, 'DySTreSS (0.1, 0.2) · seed 2'],
    ]);
    s = reduce(
      s,
      { type: 'records', id, records: [record(0, 10, 3), record(1, 10, 2), record(2, 10, 5), record(3, 10, 4, 'The loss stopped being finite')] },
      { type: 'status', id, status: { type: 'running', step: 10 } },
      { type: 'records', id: id - 1, records: [record(0, 20, 99)] },
      { type: 'records', id, records: [record(0, 20, 1), record(1, 20, 1.5), record(2, 20, 2)] },
      { type: 'status', id, status: { type: 'done', step: 20 } },
    );
    expect(s.comparison!.phase).toBe('done');
    expect(s.comparison!.step).toBe(20);
    expect(s.comparison!.runs[0]!.history.points.map((p) => p.loss)).toEqual([3, 1]);

    const rows = comparisonRows(s.comparison!);
    expect(rows.map((r) => [r.label, r.runs, r.diverged, r.step])).toEqual([
      ['Fixed τ = 0.2', 2, 0, 20],
      ['DySTreSS (0.1, 0.2)', 2, 1, 10],
    ]);
    expect(rows[0]!.metrics.loss).toEqual({ mean: 1.5, sd: Math.SQRT1_2, n: 2 });
    // The diverged seed counts with its last healthy point: mean of 1.5 and 4.
    expect(rows[1]!.metrics.loss!.mean).toBe(2.75);

    const overlays = runOverlays(s);
    expect(overlays.map((o) => [o.label, o.colorIndex])).toEqual([
      ['DySTreSS (0.1, 0.2), lr 0.01', 1],
      ['Fixed τ = 0.2 (mean of 2 seeds)', 2],
      ['DySTreSS (0.1, 0.2) (mean of 2 seeds)', 3],
    ]);
    expect(overlays[1]!.history.map((p) => [p.step, p.loss])).toEqual([
      [10, 4],
      [20, 1.5],
    ]);
    expect(overlays[2]!.temperature).toEqual(dys);
    // The gradient figure gets every seed's newest batch (a diverged run keeps its last one).
    expect(overlays[0]!.batches.map((b) => b[0])).toEqual(['DySTreSS (0.1, 0.2), lr 0.01'.length]);
    expect(overlays[1]!.batches.map((b) => b[0])).toEqual([0 + 20, 2 + 20]);
    expect(overlays[2]!.batches.map((b) => b[0])).toEqual([1 + 20, 3 + 10]);

    expect(reduce(s, { type: 'cancelled', id }).comparison!.phase).toBe('done');
    expect(reduce(s, { type: 'status', id, status: { type: 'running', step: 20 } }, { type: 'cancelled', id }).comparison!.phase).toBe('cancelled');
    s = reduce(s, { type: 'status', id, status: { type: 'error', message: 'boom' } });
    expect(s.comparison).toMatchObject({ phase: 'failed', error: 'boom' });
    s = reduce(s, { type: 'clear' });
    expect(s.comparison).toBeNull();
    expect(runOverlays(s).map((o) => o.label)).toEqual(['DySTreSS (0.1, 0.2), lr 0.01']);
  });

  it('drops the points a rollback undid', () => {
    let s = reduce(initialCompareState, { type: 'starting', plan: plan(1) });
    const id = s.comparison!.id;
    s = reduce(
      s,
      { type: 'records', id, records: [record(0, 0, 1), record(0, 10, 2), record(0, 20, 3)] },
      { type: 'records', id, records: [record(0, 10, 2.5, 'diverged')] },
    );
    expect(s.comparison!.runs[0]!.history.points.map((p) => [p.step, p.loss])).toEqual([
      [0, 1],
      [10, 2.5],
    ]);
    expect(s.comparison!.runs[0]!.divergence).toBe('diverged');
  });
});

describe('comparison inputs', () => {
  it('reads steps and seeds as whole numbers in range, saying what is allowed', () => {
    expect(parseCompareSteps(' 300 ')).toEqual({ ok: true, value: 300 });
    expect(parseCompareSteps('0')).toEqual({ ok: false, error: 'Steps must be a whole number from 1 to 20,000, e.g. 300.' });
    expect(parseCompareSteps('1e3').ok).toBe(false);
    expect(parseCompareSeeds('5')).toEqual({ ok: true, value: 5 });
    expect(parseCompareSeeds('6')).toEqual({ ok: false, error: 'Runs per setting must be a whole number from 1 to 5, e.g. 3.' });
  });

  it('builds the classic plan on the current config, evaluating about 30 times', () => {
    const config = { ...plan(1).config, seed: 42 };
    const built = buildComparePlan(config, CLASSIC_SPECS, 300, 2);
    if (!built.ok) throw new Error(built.error);
    expect(built.value.settings).toEqual([
      { label: 'Fixed τ = 0.2', temperature: fixed },
      { label: 'DySTreSS (0.1, 0.2)', temperature: dys },
    ]);
    expect([built.value.steps, built.value.evalEvery, built.value.seeds, built.value.config.seed]).toEqual([300, 10, 2, 42]);
    expect(buildComparePlan(config, ['constant:0.2'], 7, 1).ok && buildComparePlan(config, ['constant:0.2'], 7, 1)).toMatchObject({ value: { evalEvery: 1 } });
  });

  it('names the run whose spec is wrong, and refuses the same setting twice', () => {
    expect(buildComparePlan(plan(1).config, ['constant:0.2', 'dystress:0.3,0.2'], 10, 1)).toEqual({
      ok: false,
      error: 'Run 2: τ min (0.3) must not exceed τ max (0.2)',
    });
    expect(buildComparePlan(plan(1).config, ['constant:0.2', 'constant:0.20'], 10, 1)).toEqual({
      ok: false,
      error: 'two compared settings are both “Fixed τ = 0.2”: compare different temperatures (or add seeds instead)',
    });
  });
});
