// tfjs-core's Node build first, as in the other unit tests: it must own the global engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { datasetForConfig } from '../../src/core/trainer';
import type { BackendChoice, BackendReport } from '../../src/worker/backends';
import { CompareEngine } from '../../src/worker/compareEngine';
import { parseComparePlan, type ComparePlan } from '../../src/core/config';
import type { CompareRecord, CompareStatus } from '../../src/worker/compareProtocol';
import { CompareRunner } from '../../src/worker/compareRunner';
import { unwrap } from './support/fixtures';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const fixed = { label: 'Fixed τ = 0.2', temperature: { family: 'constant', params: { tau: 0.2 } } };
const dystress = { label: 'DySTreSS (0.1, 0.2)', temperature: { family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } } };

function plan(overrides: Record<string, unknown> = {}): ComparePlan {
  return unwrap(parseComparePlan({
    config: {
      seed: 7,
      batchSize: 16,
      dataset: { id: 'spheres', spheres: { dim: 4, classes: 3, instancesPerClass: 40, evalPerClass: 10 } },
      model: { hidden: 16, featureDim: 8, embeddingDim: 4 },
      optimizer: { learningRate: 3e-3 },
      evaluation: { samples: 30, k: 5, embeddingPoints: 0 },
    },
    settings: [fixed, dystress],
    seeds: 1,
    steps: 6,
    evalEvery: 3,
    ...overrides,
  }));
}

const noFiles = async (): Promise<ArrayBuffer> => {
  throw new Error('spheres need no files');
};

async function runner(p: ComparePlan): Promise<CompareRunner> {
  const created = await CompareRunner.create(p, (config) => datasetForConfig(config, noFiles));
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

/** Every record of a whole comparison, grouped by run. */
async function trainAll(r: CompareRunner): Promise<CompareRecord[][]> {
  const byRun: CompareRecord[][] = r.runs.map(() => []);
  for (const record of await r.evaluate()) byRun[record.run]!.push(record);
  while (!r.finished) for (const record of await r.advance()) byRun[record.run]!.push(record);
  return byRun;
}

describe('comparison plan', () => {
  it('rejects what it cannot run, saying what is wrong', () => {
    const bad = (o: Record<string, unknown>) => {
      const p = parseComparePlan({ config: {}, settings: [fixed, dystress], seeds: 1, steps: 10, evalEvery: 5, ...o });
      return p.ok ? 'ok' : p.error;
    };
    expect(bad({})).toBe('ok');
    expect(bad({ settings: [] })).toMatch(/^comparison settings:/);
    expect(bad({ settings: [fixed, dystress, fixed, dystress] })).toMatch(/^comparison settings:/);
    expect(bad({ settings: [fixed, { ...dystress, label: fixed.label }] })).toBe(
      'two compared settings are both “Fixed τ = 0.2”: compare different temperatures (or add seeds instead)',
    );
    expect(bad({ settings: [fixed, { label: 'bad', temperature: { family: 'dystress', params: { tmin: 0.3, tmax: 0.2 } } }] })).toContain(
      'τ min (0.3) must not exceed τ max (0.2)',
    );
    expect(bad({ seeds: 0 })).toMatch(/^comparison seeds:/);
    expect(bad({ steps: 1.5 })).toMatch(/^comparison steps:/);
  });
});

describe('CompareRunner (Node, cpu, spheres)', () => {
  it('steps K trainers in lockstep: different τ give different histories, the same τ and seed the same', async () => {
    const r = await runner(plan({ settings: [fixed, dystress, { ...fixed, label: 'Fixed τ = 0.2, again' }] }));
    expect(r.runs.map((run) => [run.setting, run.seed, run.label])).toEqual([
      [0, 7, 'Fixed τ = 0.2'],
      [1, 7, 'DySTreSS (0.1, 0.2)'],
      [2, 7, 'Fixed τ = 0.2, again'],
    ]);
    const records = await trainAll(r);
    r.dispose();
    expect(r.step).toBe(6);
    for (const run of records) expect(run.map((x) => x.point.step)).toEqual([0, 3, 6]);
    const [a, b, again] = records.map((run) => run.map((x) => x.point))!;
    // Step 0 is the same untrained encoder on the same held-out set for every setting (the loss needs a step).
    expect(a![0]!.loss).toBeNull();
    expect(b![0]!.uniformity).toBe(a![0]!.uniformity);
    // After training, τ made a difference…
    expect(a![2]!.loss).not.toBe(b![2]!.loss);
    expect(a![2]!.uniformity).not.toBe(b![2]!.uniformity);
    expect(a![2]!.tauPositiveMean).toBeCloseTo(0.2, 6);
    expect(b![2]!.tauPositiveMean!).toBeLessThan(0.2);
    // …and the same setting with the same seed is the same run, number for number (stepMs aside).
    const numbers = (points: typeof a) => points!.map(({ stepMs: _, ...rest }) => rest);
    expect(numbers(again)).toEqual(numbers(a));
    expect(records[2]!.map((x) => x.distances)).toEqual(records[0]!.map((x) => x.distances));
  });

  it('gives every seed of a setting its own run, and a different seed a different run', async () => {
    const r = await runner(plan({ seeds: 2, steps: 3, settings: [fixed] }));
    expect(r.runs.map((run) => [run.setting, run.seed, run.label])).toEqual([
      [0, 7, 'Fixed τ = 0.2 · seed 7'],
      [0, 8, 'Fixed τ = 0.2 · seed 8'],
    ]);
    const [first, second] = await trainAll(r);
    r.dispose();
    expect(first!.at(-1)!.point.step).toBe(3);
    expect(second!.at(-1)!.point.loss).not.toBe(first!.at(-1)!.point.loss);
  });

  it('stops a run that diverges and goes on with the others', async () => {
    const p = plan({ steps: 9 });
    // The first setting's seed gets training data that poison its loss; the other seed's are fine.
    const poisoned = await CompareRunner.create({ ...p, seeds: 2, settings: [fixed] }, async (config) => {
      const data = await datasetForConfig(config, noFiles);
      if (!data.ok || config.seed !== 7) return data;
      return { ...data, value: { ...data.value, train: { ...data.value.train, x: data.value.train.x.map(() => NaN) } } };
    });
    if (!poisoned.ok) throw new Error(poisoned.error);
    const [bad, good] = await trainAll(poisoned.value);
    poisoned.value.dispose();
    expect(bad!.map((x) => x.point.step)).toEqual([0, 0]);
    expect(bad![1]!.divergence).toMatch(/^The loss stopped being finite at step 1/);
    expect(good!.map((x) => [x.point.step, x.divergence])).toEqual([
      [0, undefined],
      [3, undefined],
      [6, undefined],
      [9, undefined],
    ]);
  });
});

/** The real selection needs a browser; here cpu stands in for whatever it would pick. */
async function cpuOnly(requested: BackendChoice): Promise<BackendReport> {
  return { requested, actual: 'cpu', attempts: [{ name: 'cpu', ok: true, selfTestMs: 1 }] };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 4000 && !condition(); i++) await new Promise((resume) => setTimeout(resume, 5));
  expect(condition()).toBe(true);
}

describe('CompareEngine (Node, cpu)', () => {
  let engine: CompareEngine | undefined;
  afterEach(async () => {
    await engine?.cancel();
  });

  function start() {
    engine = new CompareEngine({ selectBackend: cpuOnly });
    const records: CompareRecord[] = [];
    const statuses: CompareStatus[] = [];
    engine.onRecords((r) => records.push(...r));
    engine.onStatus((s) => statuses.push(s));
    return { engine, records, statuses };
  }

  it('trains the plan to the end, reporting records and progress, and says it is done', async () => {
    const { engine, records, statuses } = start();
    const started = await engine.start(plan(), 'cpu', 'http://localhost/data/');
    expect(started.ok && started.value.runs.length).toBe(2);
    await until(() => statuses.some((s) => s.type === 'done'));
    expect(statuses.at(-1)).toEqual({ type: 'done', step: 6 });
    expect(statuses.filter((s) => s.type === 'running').map((s) => s.type === 'running' && s.step)).toEqual([0, 3, 6]);
    expect(records.map((r) => [r.run, r.point.step])).toEqual([
      [0, 0],
      [1, 0],
      [0, 3],
      [1, 3],
      [0, 6],
      [1, 6],
    ]);
  });

  it('pauses between chunks, resumes where it stopped, and refuses a bad plan without touching the current one', async () => {
    const { engine, records, statuses } = start();
    await engine.start(plan({ steps: 300, evalEvery: 2 }), 'cpu', 'http://localhost/data/');
    await until(() => records.length >= 4);
    await engine.pause();
    const paused = statuses.at(-1)!;
    expect(paused.type).toBe('paused');
    const count = records.length;
    await new Promise((resume) => setTimeout(resume, 50));
    expect(records.length).toBe(count);

    const bad = await engine.start({ settings: [] }, 'cpu', 'x');
    expect(bad.ok).toBe(false);
    expect(await engine.resume()).toEqual({ ok: true, value: undefined });
    await until(() => records.length > count);
    const steps = records.filter((r) => r.run === 0).map((r) => r.point.step);
    expect(steps).toEqual(steps.map((_, i) => 2 * i));
  });
});
