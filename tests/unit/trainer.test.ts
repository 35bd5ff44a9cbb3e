import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallTrainingConfig, spheresOf, trainerFor, trainInBlocks } from './support/trainers';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('Trainer', () => {
  it('learns: loss falls and kNN accuracy rises over the untrained encoder (spheres)', async () => {
    const t = trainerFor(smallTrainingConfig());
    const before = await t.snapshot();
    const after = await trainInBlocks(t, 300, 100);
    const last = after[after.length - 1]!;
    t.dispose();
    expect(after[0]!.loss).toBeGreaterThan(last.loss + 0.2);
    expect(last.metrics.knnAccuracy!).toBeGreaterThan(before.metrics.knnAccuracy! + 0.1);
    expect(last.metrics.knnAccuracy!).toBeGreaterThan(0.8);
    // The untrained encoder maps everything close together; training spreads the embeddings out.
    expect(last.metrics.uniformity).toBeLessThan(before.metrics.uniformity - 0.5);
  });

  it('does not leak tensors over 1000 steps', async () => {
    const t = trainerFor(smallTrainingConfig({ batchSize: 16, model: { hidden: 16, featureDim: 8, embeddingDim: 4 }, evaluation: { samples: 40, k: 5 } }));
    t.train(5);
    await t.snapshot();
    const before = tf.memory().numTensors;
    await trainInBlocks(t, 1005, 100);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    // 1000 steps on cpu: about 30 s alone, up to twice that on a loaded machine.
  }, 180_000);

  it('is reproducible: same seed, same numbers', async () => {
    const a = trainerFor(smallTrainingConfig());
    const b = trainerFor(smallTrainingConfig());
    const [sa, sb] = [await trainInBlocks(a, 20, 10), await trainInBlocks(b, 20, 10)];
    a.dispose();
    b.dispose();
    expect(sa.map((s) => s.loss)).toEqual(sb.map((s) => s.loss));
    expect(sa[1]!.metrics).toEqual(sb[1]!.metrics);
  });

  it('a snapshot reports the batch by pair type, τ statistics and embeddings', async () => {
    const c = smallTrainingConfig();
    const t = trainerFor(c);
    t.train(3);
    const s = await t.snapshot();
    t.dispose();
    const B = c.batchSize;
    expect(s.step).toBe(3);
    expect(s.batch.similarity).toHaveLength(4 * B * B);
    expect(s.batch.pairs.truePositive).toHaveLength(B);
    expect(s.batch.pairs.truePositive.length + s.batch.pairs.falseNegative.length + s.batch.pairs.trueNegative.length).toBe((2 * B * (2 * B - 1)) / 2);
    // dystress (0.1, 0.2): τ within [τmin, τmax]; positives (s near 1) hotter than negatives on average.
    expect(s.tau.negative.min).toBeGreaterThanOrEqual(0.1 - 1e-9);
    expect(s.tau.positive.max).toBeLessThanOrEqual(0.2 + 1e-9);
    expect(s.embedding.points).toHaveLength(s.embedding.labels.length * c.model.embeddingDim);
    const norm = Math.hypot(...s.embedding.points.slice(0, c.model.embeddingDim));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('sends the positive pairs of the first held-out samples, whose mean squared distance is the alignment', async () => {
    const c = smallTrainingConfig({ evaluation: { samples: 40, k: 5 } });
    const data = spheresOf(c);
    const t = trainerFor(c, data);
    t.train(2);
    const s = await t.snapshot();
    const samples = t.embeddingSamples();
    t.dispose();
    const d = c.model.embeddingDim;
    const { pairs, a, b } = s.embedding.views;
    expect(pairs).toBe(40);
    expect(a).toHaveLength(40 * d);
    expect(b).toHaveLength(40 * d);
    let sum = 0;
    for (let i = 0; i < pairs; i++) {
      let normA = 0;
      for (let k = 0; k < d; k++) {
        normA += a[i * d + k]! ** 2;
        sum += (a[i * d + k]! - b[i * d + k]!) ** 2;
      }
      expect(Math.sqrt(normA)).toBeCloseTo(1, 5);
    }
    // All 40 held-out samples are shown, so the pairs are the very ones the alignment is measured on.
    expect(sum / pairs).toBeCloseTo(s.metrics.alignment, 5);
    // The embedding points are these samples of the eval split, in this order.
    expect(Array.from(samples, (i) => data.eval.labels[i])).toEqual(Array.from(s.embedding.labels));
  });

  it('changes the temperature live, and rejects a bad one with a message', async () => {
    const c = smallTrainingConfig({ temperature: { family: 'constant', params: { tau: 0.5 } } });
    const a = trainerFor(c);
    const b = trainerFor(c);
    a.train(5);
    b.train(5);
    expect(b.setParams({ temperature: { family: 'constant', params: { tau: 0.05 } } }).ok).toBe(true);
    a.train(1);
    b.train(1);
    const [sa, sb] = [await a.snapshot(), await b.snapshot()];
    expect(sb.tau.positive.mean).toBeCloseTo(0.05, 6);
    expect(sa.tau.positive.mean).toBeCloseTo(0.5, 6);
    const bad = b.setParams({ temperature: { family: 'dystress', params: { tmin: 0.3, tmax: 0.2 } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/τ min \(0.3\) must not exceed τ max/);
    a.dispose();
    b.dispose();
  });

  it('trains on when a small head maps a sample to exactly zero (its ReLUs all closed)', async () => {
    // Seed 1 of this 8-unit head gives one such sample in the first batch; its gradient is huge but finite.
    const c = smallTrainingConfig({ seed: 1, batchSize: 16, dataset: { id: 'spheres', spheres: { dim: 5, classes: 3, instancesPerClass: 30, evalPerClass: 10 } }, model: { hidden: 16, featureDim: 8, embeddingDim: 4 }, evaluation: { samples: 30, k: 5 } });
    const t = trainerFor(c);
    const snapshots = await trainInBlocks(t, 20, 10);
    t.dispose();
    expect(snapshots.map((s) => s.divergence)).toEqual([undefined, undefined]);
    expect(snapshots.map((s) => s.step)).toEqual([10, 20]);
    expect(Number.isFinite(snapshots[1]!.loss)).toBe(true);
  });

  it('stops being finite → rolls back to the last healthy weights and says why', async () => {
    const c = smallTrainingConfig();
    const data = spheresOf(c);
    const t = trainerFor(c, data);
    t.train(10);
    const healthy = await t.snapshot();
    // A corrupt training sample (as user data can be): every batch that draws it has a NaN loss.
    (data.train.x as Float32Array).fill(NaN);
    const poisoned = trainerFor(c, data);
    poisoned.train(4);
    const report = await poisoned.snapshot();
    expect(report.divergence?.quantity).toBe('loss');
    expect(report.divergence?.step).toBe(1);
    expect(report.divergence?.rolledBackTo).toBe(0);
    expect(report.step).toBe(0);
    expect(Number.isFinite(report.metrics.uniformity)).toBe(true);
    expect(healthy.divergence).toBeUndefined();
    t.dispose();
    poisoned.dispose();
  });
});
