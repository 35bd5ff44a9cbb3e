import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainingConfig, type TrainingConfig } from '../../src/core/config';
import { makeSpheres } from '../../src/core/data';
import { trainingStepFlops, trainingStepMatMuls } from '../../src/core/model';
import { Trainer } from '../../src/core/trainer';
import { unwrap } from './support/fixtures';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** FLOPs of the matrix products tfjs really runs in one training step, from its kernel profile. */
async function profiledMatMulFlops(config: TrainingConfig): Promise<number> {
  const dataset = makeSpheres({ ...config.dataset.spheres, seed: config.seed });
  const created = Trainer.create(config, dataset);
  if (!created.ok) throw new Error(created.error);
  const trainer = created.value;
  try {
    const profile = await tf.profile(() => trainer.train(1));
    const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
    // Output [.., m, n] and input a (m·k values whatever its transpose): m·n·k multiply–adds.
    return profile.kernels
      .filter((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul')
      .reduce((sum, k) => {
        const out = k.outputShapes[0]!;
        const m = out[out.length - 2]!;
        const batches = size(out.slice(0, -2));
        return sum + 2 * size(out) * (size(k.inputShapes[0]!) / (batches * m));
      }, 0);
  } finally {
    trainer.dispose();
  }
}

describe('training-step FLOP counter', () => {
  it('counts a tiny MLP by hand', () => {
    // 2 views of 3 inputs; layers 3→4→2, head 2→2→2; 2-D embeddings.
    const model = { encoder: 'mlp' as const, hidden: 4, featureDim: 2, embeddingDim: 2 };
    const forward = 2 * 2 * (3 * 4 + 4 * 2 + 2 * 2 + 2 * 2);
    const weightGradients = forward;
    const inputGradients = 2 * 2 * (4 * 2 + 2 * 2 + 2 * 2);
    const similarity = 2 * 2 * 2 * 2;
    expect(trainingStepFlops(model, [3], 1)).toBe(forward + weightGradients + inputGradients + 3 * similarity);
    expect(trainingStepMatMuls(model, [3], 1)).toHaveLength(4 + 4 + 3 + 3);
  });

  it('agrees with the matrix products tfjs runs in a real training step', async () => {
    const config = unwrap(
      parseTrainingConfig({
        seed: 2,
        batchSize: 6,
        dataset: { id: 'spheres', spheres: { dim: 5, classes: 3, instancesPerClass: 10, evalPerClass: 5 } },
        model: { hidden: 9, featureDim: 6, embeddingDim: 3 },
        evaluation: { samples: 20, k: 3 },
      }),
    );
    expect(await profiledMatMulFlops(config)).toBe(trainingStepFlops(config.model, [5], 6));
  });

  it('counts the CNN as im2col products, the first layer without an input gradient', () => {
    const model = { encoder: 'cnn' as const, hidden: 8, featureDim: 4, embeddingDim: 2 };
    const products = trainingStepMatMuls(model, [8, 8, 1], 1);
    const conv1 = products.filter((p) => p.k === 9 || p.m === 9 || p.n === 9);
    expect(conv1.map((p) => [p.m, p.k, p.n])).toEqual([
      [2 * 64, 9, 16],
      [9, 2 * 64, 16],
    ]);
    expect(products.filter((p) => p.role === 'forward').map((p) => p.m * p.k * p.n)).toEqual([
      2 * 64 * 9 * 16,
      2 * 16 * 144 * 32,
      2 * 4 * 32 * 4,
      2 * 4 * 4,
      2 * 4 * 2,
    ]);
  });
});
