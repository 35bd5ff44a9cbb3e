// tfjs-core's Node build first, as in the other unit tests: it must own the global engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/trainer';
import { defaultSetting } from '../../src/core/temperature';
import type { BackendChoice, BackendReport } from '../../src/worker/backends';
import { DatasetLoader } from '../../src/worker/datasets';
import { TrainingEngine } from '../../src/worker/engine';
import type { EngineStatus } from '../../src/worker/protocol';

beforeAll(() => {
  tf.env().set('IS_TEST', true);
});

/** The real selection needs a browser; here cpu stands in for whatever it would pick. */
async function cpuOnly(requested: BackendChoice): Promise<BackendReport> {
  if (!(await tf.setBackend('cpu'))) throw new Error('no cpu backend');
  return { requested, actual: 'cpu', attempts: [{ name: 'cpu', ok: true, selfTestMs: 1 }] };
}

const smallRun = {
  seed: 5,
  batchSize: 16,
  dataset: { id: 'spheres', spheres: { dim: 4, classes: 3, instancesPerClass: 40, evalPerClass: 10 } },
  model: { hidden: 16, featureDim: 8, embeddingDim: 4 },
  evaluation: { samples: 30, k: 5, embeddingPoints: 20 },
};

let engine: TrainingEngine;

function start(datasets?: DatasetLoader) {
  engine = new TrainingEngine({ selectBackend: cpuOnly, ...(datasets ? { datasets } : {}) });
  const snapshots: Snapshot[] = [];
  const statuses: EngineStatus[] = [];
  engine.onSnapshot((s) => snapshots.push(s));
  engine.onStatus((s) => statuses.push(s));
  return { engine, snapshots, statuses };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resume) => setTimeout(resume, 5));
  expect(condition()).toBe(true);
}

afterEach(async () => {
  await engine?.pause();
});

describe('training engine (Node, cpu)', () => {
  it('refuses to run before init, with a message instead of an exception', async () => {
    const { engine } = start();
    await expect(engine.play()).resolves.toEqual({ ok: false, error: 'the engine has no run yet: call init first' });
    await expect(engine.stepOnce(1)).resolves.toMatchObject({ ok: false });
    expect(engine.setParams({ learningRate: 0.01 }).ok).toBe(false);
  });

  it('says what is wrong with a config', async () => {
    const { engine } = start();
    const result = await engine.init({ ...smallRun, batchSize: 2 }, 'auto', 'http://127.0.0.1/data/');
    expect(result.ok || result.error).toMatch(/^batchSize: /);
  });

  it('inits, reports the backend and dataset, and sends a snapshot per stepOnce with owned arrays', async () => {
    const { engine, snapshots } = start();
    const init = await engine.init(smallRun, 'auto', 'http://127.0.0.1/data/');
    if (!init.ok) throw new Error(init.error);
    expect(init.value.backend.actual).toBe('cpu');
    expect(init.value.datasetSummary).toMatchObject({ id: 'spheres', classes: 3, trainSize: 120, evalSize: 30 });
    expect(init.value.config.optimizer.kind).toBe('adam');

    await expect(engine.stepOnce(2)).resolves.toEqual({ ok: true, value: undefined });
    expect(snapshots).toHaveLength(1);
    const s = snapshots[0]!;
    expect(s.step).toBe(2);
    expect(Number.isFinite(s.loss)).toBe(true);
    expect(s.batch.similarity).toHaveLength(32 * 32);
    expect(s.embedding.points).toHaveLength(20 * 4);
    // Every array has a buffer of its own, so all of them can be transferred.
    const arrays = [s.batch.similarity, s.batch.labels, s.embedding.points, s.embedding.labels, ...Object.values(s.batch.pairs)];
    expect(new Set(arrays.map((a) => a.buffer)).size).toBe(arrays.length);
    for (const a of arrays) expect(a.byteLength).toBe(a.buffer.byteLength);

    await expect(engine.stepOnce(0)).resolves.toEqual({ ok: false, error: 'steps must be a whole number from 1 to 10000 (got 0)' });
  });

  it('plays, pauses with a last snapshot, and reports running and paused', async () => {
    const { engine, snapshots, statuses } = start();
    expect((await engine.init(smallRun, 'cpu', 'http://127.0.0.1/data/')).ok).toBe(true);
    expect((await engine.play()).ok).toBe(true);
    await until(() => snapshots.length >= 3);
    await engine.pause();
    const last = snapshots.at(-1)!;
    expect(statuses.map((s) => s.type)).toEqual(['running', 'paused']);
    expect(statuses.at(-1)).toEqual({ type: 'paused', step: last.step });
    expect(last.step).toBeGreaterThan(snapshots[0]!.step);
    const count = snapshots.length;
    await new Promise((resume) => setTimeout(resume, 50));
    expect(snapshots.length).toBe(count);
  });

  it('applies live parameters, rejects bad ones, and keeps them across a reset', async () => {
    const { engine, snapshots } = start();
    expect((await engine.init(smallRun, 'cpu', 'http://127.0.0.1/data/')).ok).toBe(true);
    expect(engine.setParams({ learningRate: -1 })).toEqual({ ok: false, error: 'learning rate must be in (0, 10] (got -1)' });
    expect(engine.setParams({ temperature: defaultSetting('constant'), learningRate: 0.01 }).ok).toBe(true);
    expect((await engine.stepOnce(3)).ok).toBe(true);
    expect(snapshots.at(-1)!.learningRate).toBeCloseTo(0.01, 10);

    const reset = await engine.reset();
    if (!reset.ok) throw new Error(reset.error);
    expect(reset.value.config.temperature.family).toBe('constant');
    expect(reset.value.config.optimizer.learningRate).toBe(0.01);
    expect((await engine.stepOnce(1)).ok).toBe(true);
    expect(snapshots.at(-1)!.step).toBe(1);
  });

  it('resets to a new config while playing', async () => {
    const { engine, snapshots } = start();
    expect((await engine.init(smallRun, 'cpu', 'http://127.0.0.1/data/')).ok).toBe(true);
    await engine.play();
    await until(() => snapshots.length >= 2);
    const reset = await engine.reset({ ...smallRun, batchSize: 8 });
    if (!reset.ok) throw new Error(reset.error);
    expect(reset.value.config.batchSize).toBe(8);
    expect((await engine.stepOnce(1)).ok).toBe(true);
    expect(snapshots.at(-1)!.step).toBe(1);
    expect(snapshots.at(-1)!.batch.similarity).toHaveLength(16 * 16);
  });

  it('validates speed settings', () => {
    const { engine } = start();
    expect(engine.setSpeed({ stepsPerSecond: 30 })).toEqual({ ok: true, value: { stepsPerSecond: 30, snapshotsPerSecond: 10 } });
    expect(engine.setSpeed({ snapshotsPerSecond: -2 }).ok).toBe(false);
  });

  it('reports a dataset file that cannot be downloaded', async () => {
    const requested: string[] = [];
    const { engine } = start(
      new DatasetLoader(async (url) => {
        requested.push(url);
        throw new Error('HTTP 404 Not Found');
      }),
    );
    const result = await engine.init({ ...smallRun, dataset: { id: 'mnist' } }, 'cpu', 'http://127.0.0.1:5173/lab/data/');
    expect(requested).toEqual(['http://127.0.0.1:5173/lab/data/mnist.bin']);
    expect(result).toEqual({
      ok: false,
      error: 'mnist: the prepared data file mnist.bin could not be read (could not download http://127.0.0.1:5173/lab/data/mnist.bin: HTTP 404 Not Found)',
    });
  });
});
