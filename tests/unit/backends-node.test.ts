import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainingConfig, type TrainingConfig } from '../../src/core/config';
import { makeSpheres } from '../../src/core/data';
import { Trainer } from '../../src/core/trainer';
import { unwrap } from './support/fixtures';

beforeAll(() => {
  tf.env().set('IS_TEST', true);
});

function config(): TrainingConfig {
  return unwrap(parseTrainingConfig({
    seed: 11,
    batchSize: 24,
    dataset: { id: 'spheres', spheres: { dim: 6, classes: 3, instancesPerClass: 40, evalPerClass: 20 } },
    model: { hidden: 24, featureDim: 12, embeddingDim: 6 },
    evaluation: { samples: 60, k: 5 },
  }));
}

async function stepOn(backend: 'cpu' | 'wasm'): Promise<{ loss: number; uniformity: number }> {
  expect(await tf.setBackend(backend)).toBe(true);
  const c = config();
  const created = Trainer.create(c, makeSpheres({ ...c.dataset.spheres, seed: c.seed }));
  if (!created.ok) throw new Error(created.error);
  created.value.train(1);
  const s = await created.value.snapshot();
  created.value.dispose();
  return { loss: s.loss, uniformity: s.metrics.uniformity };
}

describe('backends in Node', () => {
  it('one training step gives the same loss on cpu and wasm (≤ 1e-4 relative)', async () => {
    const cpu = await stepOn('cpu');
    const wasm = await stepOn('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(Math.abs(wasm.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-4);
    // The snapshot after the update sees the updated weights: equal too.
    expect(Math.abs(wasm.uniformity - cpu.uniformity)).toBeLessThan(1e-4);
  });
});
