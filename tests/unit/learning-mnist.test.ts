import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainingConfig } from '../../src/core/config';
import { parseImageDataset } from '../../src/core/data';
import { Trainer, type Snapshot } from '../../src/core/trainer';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('learning is real on MNIST', () => {
  it('a short run lowers the loss and raises kNN accuracy over the untrained encoder', async () => {
    const bytes = readFileSync('public/data/mnist.bin');
    const data = parseImageDataset('mnist', bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    if (!data.ok) throw new Error(`${data.error} (run npm run prepare-data)`);
    const config = parseTrainingConfig({
      seed: 5,
      dataset: { id: 'mnist' },
      batchSize: 64,
      model: { encoder: 'mlp', hidden: 128, featureDim: 64, embeddingDim: 32 },
      optimizer: { learningRate: 2e-3 },
      evaluation: { samples: 500, k: 20 },
    });
    if (!config.ok) throw new Error(config.error);
    const created = Trainer.create(config.value, data.value);
    if (!created.ok) throw new Error(created.error);
    const trainer = created.value;
    const untrained = await trainer.snapshot();
    const history: Snapshot[] = [];
    for (let k = 0; k < 6; k++) {
      trainer.train(40);
      history.push(await trainer.snapshot());
    }
    trainer.dispose();
    expect(history[0]!.loss).toBeGreaterThan(history[history.length - 1]!.loss + 0.3);
    expect(history[history.length - 1]!.metrics.knnAccuracy!).toBeGreaterThan(untrained.metrics.knnAccuracy! + 0.05);
  });

  it('the small CNN encoder trains on images: finite, falling loss', async () => {
    const bytes = readFileSync('public/data/mnist.bin');
    const data = parseImageDataset('mnist', bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    if (!data.ok) throw new Error(data.error);
    const config = parseTrainingConfig({
      seed: 2,
      dataset: { id: 'mnist' },
      batchSize: 16,
      model: { encoder: 'cnn', featureDim: 32, embeddingDim: 16 },
      optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.9 },
      evaluation: { samples: 100, k: 10 },
    });
    if (!config.ok) throw new Error(config.error);
    const created = Trainer.create(config.value, data.value);
    if (!created.ok) throw new Error(created.error);
    const trainer = created.value;
    trainer.train(3);
    const first = await trainer.snapshot();
    trainer.train(20);
    const later = await trainer.snapshot();
    trainer.dispose();
    expect(Number.isFinite(first.loss)).toBe(true);
    expect(later.loss).toBeLessThan(first.loss);
    expect(later.divergence).toBeUndefined();
  });
});
