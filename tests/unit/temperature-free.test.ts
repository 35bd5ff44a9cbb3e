import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { negativeProfile } from '../../src/core/analysis';
import { defaultLossOptions, ntXentLoss, type LossOptions } from '../../src/core/loss';
import { parseTemperatureSpec, type Temperature } from '../../src/core/temperature';
import { pytorchSnippet } from '../../src/core/temperature/pytorch';
import { temperatureTensor } from '../../src/core/temperature/tensor';
import { lossOptionsAt } from '../../src/core/trainer/trainer';
import { finiteDifferenceGradient, naiveLogitNtXent, normaliseRows, randomMatrix } from './support/naive';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

function temperatureFree(): Temperature {
  const r = parseTemperatureSpec('temperature-free');
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The paper's logit 2·atanh(s), with s clamped to ±(1 − 2⁻²⁰) as the lab states (the paper's code was not found). */
const CLAMP = 2 ** -20;
const referenceLogit = (s: number): number => 2 * Math.atanh(Math.min(Math.max(s, -1 + CLAMP), 1 - CLAMP));

/** NT-Xent over the 2B batch with logit 2·atanh(s_ij), positive at i ± B, plain loops in float64. */
const naiveTemperatureFreeLoss = (raw: Float64Array, rows: number, cols: number): number => naiveLogitNtXent(raw, rows, cols, referenceLogit);

describe('temperature-free: τ(s) = s / (2·artanh(s))', () => {
  const t = temperatureFree();
  it('is ½ at s = 0 exactly and finite everywhere on [−1, 1]', () => {
    expect(t.scalar(0)).toBe(0.5);
    expect(t.scalar(-0)).toBe(0.5);
    for (let k = 0; k <= 2000; k++) {
      const s = -1 + k / 1000;
      expect(Number.isFinite(t.scalar(s)) && t.scalar(s) > 0).toBe(true);
    }
  });
  it('matches the float64 reference s / logit(s) on both sides of the series switch and at the clamp', () => {
    const grid = [-1, -0.9999995, -0.9, -0.5, -0.1000001, -0.1, -0.0999999, -0.05, -1e-9, 1e-9, 0.03, 0.0999999, 0.1, 0.3, 0.7, 0.99, 0.9999999, 1];
    for (const s of grid) {
      const expected = s / referenceLogit(s);
      expect(Math.abs(t.scalar(s) - expected) / expected).toBeLessThan(1e-10);
    }
    // The clamp: τ(±1) = 1/(2·artanh(1 − 2⁻²⁰)) ≈ 0.0687.
    expect(t.scalar(1)).toBeCloseTo(1 / (2 * Math.atanh(1 - CLAMP)), 12);
    expect(t.scalar(1)).toBeCloseTo(0.0687, 4);
  });
  it('the tensor form has no NaN at s = 0, in value or in gradient through τ', () => {
    const s = [-1, -0.5, -0.1, -0.05, 0, 0.05, 0.1, 0.5, 1];
    const [values, grads] = tf.tidy(() => {
      const logit = (x: tf.Tensor) => tf.sum(tf.div(x, temperatureTensor(t, x, { step: 0, alignment: 0 })));
      const x = tf.tensor1d(s);
      return [tf.div(x, temperatureTensor(t, x, { step: 0, alignment: 0 })).arraySync() as number[], tf.grad(logit)(x).arraySync() as number[]];
    });
    s.forEach((x, i) => {
      expect(values[i]).toBeCloseTo(referenceLogit(x), 4);
      // d/ds 2·artanh(s) = 2/(1 − s²) inside the clamp.
      if (Math.abs(x) < 1) expect(grads[i]).toBeCloseTo(2 / (1 - x * x), 3);
      expect(Number.isFinite(grads[i]!)).toBe(true);
    });
  });
});

describe('temperature-free NT-Xent vs the naive float64 reference', () => {
  const B = 5;
  const D = 4;
  const raw = randomMatrix(2 * B, D, 11);
  const t = temperatureFree();
  const options: LossOptions = lossOptionsAt(defaultLossOptions(t), 1);
  const loss = (x: Float64Array) =>
    tf.tidy(() => {
      const [z1, z2] = tf.split(tf.tensor2d(Float32Array.from(x), [2 * B, D]), 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return ntXentLoss(z1, z2, options).arraySync() as number;
    });

  it('the trainer never detaches it, whatever the switch says', () => {
    expect(defaultLossOptions(t).detachTemperature).toBe(true);
    expect(options.detachTemperature).toBe(false);
    const constant = parseTemperatureSpec('constant:0.2');
    if (!constant.ok) throw new Error(constant.error);
    expect(lossOptionsAt(defaultLossOptions(constant.value), 1).detachTemperature).toBe(true);
  });
  it('value', () => {
    expect(loss(raw)).toBeCloseTo(naiveTemperatureFreeLoss(raw, 2 * B, D), 4);
  });
  it('gradient equals finite differences of the reference (through artanh)', () => {
    const g = tf.tidy(() =>
      tf.grad((z: tf.Tensor) => {
        const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
        return ntXentLoss(z1, z2, options);
      })(tf.tensor2d(Float32Array.from(raw), [2 * B, D])).arraySync() as number[][],
    ).flat();
    const expected = finiteDifferenceGradient((x) => naiveTemperatureFreeLoss(x, 2 * B, D), raw);
    const scale = Math.max(...expected.map(Math.abs));
    g.forEach((v, k) => expect(Math.abs(v - expected[k]!) / scale).toBeLessThan(2e-3));
    // Detaching τ would give s·(2·artanh(s)/s)′-free gradients: a different method, and a different gradient.
    const detached = tf.tidy(() =>
      tf.grad((z: tf.Tensor) => {
        const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
        return ntXentLoss(z1, z2, { ...options, detachTemperature: true });
      })(tf.tensor2d(Float32Array.from(raw), [2 * B, D])).arraySync() as number[][],
    ).flat();
    expect(Math.max(...detached.map((v, k) => Math.abs(v - expected[k]!))) / scale).toBeGreaterThan(1e-2);
  });
  it('the PyTorch module computes τ with the same branches and never detaches by default', () => {
    const code = pytorchSnippet(t, { detachTemperature: true, decoupled: false });
    expect(code).toContain('detach_tau=False');
    expect(code).toContain('torch.where(torch.abs(s) < 0.1');
    expect(code).toContain('torch.log(');
  });
});

describe('the gradient figure under temperature-free', () => {
  it('weighs each negative by P_ij·2/(1 − s²), the slope of 2·artanh(s), since τ is never detached', () => {
    const t = temperatureFree();
    const rows = 6;
    const z = normaliseRows(randomMatrix(rows, 3, 4), rows, 3);
    const similarity = new Float64Array(rows * rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) for (let k = 0; k < 3; k++) similarity[i * rows + j] += z[i * 3 + k]! * z[j * 3 + k]!;
    const profile = negativeProfile(similarity, rows, t);
    let k = 0;
    for (let i = 0; i < rows; i++) {
      const logits = Array.from({ length: rows }, (_, j) => (j === i ? -Infinity : referenceLogit(similarity[i * rows + j]!)));
      const denominator = logits.reduce((a, l) => a + Math.exp(l), 0);
      for (let j = 0; j < rows; j++) {
        if (j === i || j === (i + rows / 2) % rows) continue;
        const s = similarity[i * rows + j]!;
        expect(profile.weight[k]! / ((Math.exp(logits[j]!) / denominator) * (2 / (1 - s * s)))).toBeCloseTo(1, 6);
        k++;
      }
    }
  });
});
