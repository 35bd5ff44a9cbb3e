import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainingConfig, type TrainingConfig } from '../../src/core/config';
import { makeSpheres, type DatasetData } from '../../src/core/data';
import { historyPoint, runExperiment, Trainer } from '../../src/core/trainer';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const config = ((): TrainingConfig => {
  const parsed = parseTrainingConfig({
    seed: 5,
    batchSize: 16,
    dataset: { id: 'spheres', spheres: { dim: 6, classes: 3, instancesPerClass: 40, evalPerClass: 15, concentration: 10 } },
    model: { hidden: 16, featureDim: 8, embeddingDim: 4 },
    evaluation: { samples: 45, k: 5 },
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
})();

const spheres = (): DatasetData => makeSpheres({ ...config.dataset.spheres, seed: config.seed });

function trainer(data = spheres()): Trainer {
  const created = Trainer.create(config, data);
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

const withoutTimes = <T extends { stepMs: number | null }>(points: readonly T[]) => points.map((p) => ({ ...p, stepMs: null }));

describe('runExperiment', () => {
  it('evaluates the untrained encoder at step 0, then every evalEvery steps, ending at steps', async () => {
    const seen: number[] = [];
    const t = trainer();
    const outcome = await runExperiment(t, { steps: 25, evalEvery: 10, onEvaluation: (_s, p) => seen.push(p.step) });
    t.dispose();
    expect(outcome.history.map((p) => p.step)).toEqual([0, 10, 20, 25]);
    expect(seen).toEqual([0, 10, 20, 25]);
    expect(outcome.divergence).toBeNull();
    // No training yet at step 0: no loss, but every held-out metric of the untrained encoder.
    expect(outcome.history[0]!.loss).toBeNull();
    expect(Number.isFinite(outcome.history[0]!.knnAccuracy)).toBe(true);
    expect(Number.isFinite(outcome.history[3]!.loss)).toBe(true);
  });

  it('is the run a hand-written loop of train and snapshot makes with the same config', async () => {
    const a = trainer();
    const outcome = await runExperiment(a, { steps: 20, evalEvery: 10 });
    a.dispose();
    const b = trainer();
    const manual = [historyPoint(await b.snapshot())];
    for (let i = 0; i < 2; i++) {
      b.train(10);
      manual.push(historyPoint(await b.snapshot()));
    }
    b.dispose();
    expect(withoutTimes(outcome.history)).toEqual(withoutTimes(manual));
  });

  it('stops at a divergence and reports it', async () => {
    const data = spheres();
    (data.train.x as Float32Array).fill(NaN);
    const t = trainer(data);
    const outcome = await runExperiment(t, { steps: 30, evalEvery: 10 });
    t.dispose();
    expect(outcome.divergence?.quantity).toBe('loss');
    expect(outcome.history.map((p) => p.step)).toEqual([0, 0]);
  });
});
