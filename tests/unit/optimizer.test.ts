import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainingConfigSchema } from '../../src/core/config';
import { createOptimizer, type OptimizerConfig } from '../../src/core/model';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const optimizerConfig = (o: Partial<OptimizerConfig>): OptimizerConfig => ({ ...trainingConfigSchema.parse({}).optimizer, ...o });

function run(config: OptimizerConfig, start: number[], grads: number[][]): number[] {
  const v = tf.variable(tf.tensor1d(start));
  const opt = createOptimizer(config, [v]);
  grads.forEach((g, k) => tf.tidy(() => opt.apply([tf.tensor1d(g)], k + 1)));
  const out = Array.from(v.dataSync());
  opt.dispose();
  v.dispose();
  return out;
}

describe('optimizers, against the update rules written out by hand', () => {
  it('AdamW: two steps', () => {
    const lr = 0.1;
    const wd = 0.01;
    const g = [
      [0.5, -2],
      [0.1, 1],
    ];
    let theta = [1, -1];
    let m = [0, 0];
    let v = [0, 0];
    g.forEach((gt, k) => {
      const t = k + 1;
      m = m.map((x, i) => 0.9 * x + 0.1 * gt[i]!);
      v = v.map((x, i) => 0.999 * x + 0.001 * gt[i]! ** 2);
      theta = theta.map((x, i) => x - lr * ((m[i]! / (1 - 0.9 ** t)) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8) + wd * x));
    });
    const got = run(optimizerConfig({ kind: 'adam', learningRate: lr, weightDecay: wd }), [1, -1], g);
    got.forEach((x, i) => expect(x).toBeCloseTo(theta[i]!, 5));
  });

  it('SGD with momentum and weight decay: two steps', () => {
    const [lr, mu, wd] = [0.5, 0.9, 0.1];
    // buffer₁ = g₁ + wd·θ₀ = 1 + 0.1 = 1.1 → θ₁ = 1 − 0.55 = 0.45
    // buffer₂ = 0.9·1.1 + (2 + 0.045) = 3.035 → θ₂ = 0.45 − 1.5175 = −1.0675
    const got = run(optimizerConfig({ kind: 'sgd', learningRate: lr, momentum: mu, weightDecay: wd }), [1], [[1], [2]]);
    expect(got[0]).toBeCloseTo(-1.0675, 5);
  });

  it('cosine schedule: full rate at the start, half at the middle, zero at the end and after', () => {
    const v = tf.variable(tf.zeros([1]));
    const opt = createOptimizer(optimizerConfig({ learningRate: 0.2, cosineSchedule: true, scheduleSteps: 100 }), [v]);
    expect(opt.learningRateAt(0)).toBeCloseTo(0.2, 12);
    expect(opt.learningRateAt(50)).toBeCloseTo(0.1, 12);
    expect(opt.learningRateAt(100)).toBeCloseTo(0, 12);
    expect(opt.learningRateAt(150)).toBeCloseTo(0, 12);
    opt.setLearningRate(0.4);
    expect(opt.learningRateAt(50)).toBeCloseTo(0.2, 12);
    opt.dispose();
    v.dispose();
  });
});
