import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictedTau, tauUncertaintyLoss } from '../../src/core/loss/tauUncertainty';
import { parseTemperatureSpec } from '../../src/core/temperature';
import { finiteDifferenceGradient, randomMatrix } from './support/naive';
import { naiveTauUncertainty } from './support/naivePerSample';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const B = 4;
const D = 5;
const T = 0.1;

function labLoss(raw: Float64Array, u: Float64Array, t = T): number {
  return tf.tidy(() => {
    const z = tf.tensor2d(Float32Array.from(raw), [2 * B, D]);
    const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    const [u1, u2] = tf.split(tf.tensor1d(Float32Array.from(u)), 2) as [tf.Tensor1D, tf.Tensor1D];
    return tauUncertaintyLoss(z1, z2, u1, u2, t).arraySync() as number;
  });
}

function labGradient(raw: Float64Array, u: Float64Array, wrt: 'u' | 'z'): Float64Array {
  const gradient = tf.tidy(() => {
    const z = tf.tensor2d(Float32Array.from(raw), [2 * B, D]);
    const uu = tf.tensor1d(Float32Array.from(u));
    const loss = (zz: tf.Tensor, uv: tf.Tensor) => {
      const [z1, z2] = tf.split(zz, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      const [u1, u2] = tf.split(uv, 2) as [tf.Tensor1D, tf.Tensor1D];
      return tauUncertaintyLoss(z1, z2, u1, u2, T);
    };
    const [gz, gu] = tf.grads(loss)([z, uu]);
    return wrt === 'u' ? gu! : gz!;
  });
  const values = Float64Array.from(gradient.dataSync());
  gradient.dispose();
  return values;
}

describe('Temperature as Uncertainty (TaU_SimCLR) against a float64 loop over the official code', () => {
  const raw = randomMatrix(2 * B, D, 11);
  const u = randomMatrix(2 * B, 1, 12).map((x) => 3 * x);

  it('gives the same loss value', () => {
    const expected = naiveTauUncertainty(raw, u, B, D, T);
    expect(labLoss(raw, u)).toBeCloseTo(expected, 4);
    // u matters: the same embeddings with σ(u) = ½ everywhere give another loss.
    expect(Math.abs(naiveTauUncertainty(raw, new Float64Array(2 * B), B, D, T) - expected)).toBeGreaterThan(0.05);
  });

  it('has the finite-difference gradient with respect to u (including the positive’s use of view 1’s u)', () => {
    const expected = finiteDifferenceGradient((x) => naiveTauUncertainty(raw, x, B, D, T), u);
    const got = labGradient(raw, u, 'u');
    expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(0.01);
    expected.forEach((g, k) => expect(got[k]).toBeCloseTo(g, 4));
  });

  it('has the finite-difference gradient with respect to the embeddings', () => {
    const expected = finiteDifferenceGradient((x) => naiveTauUncertainty(x, u, B, D, T), raw);
    const got = labGradient(raw, u, 'z');
    expected.forEach((g, k) => expect(got[k]).toBeCloseTo(g, 3));
  });

  it('shows τ_i = T/σ(u_i)', () => {
    const tau = tf.tidy(() => Array.from(predictedTau(tf.tensor1d([0, 2, -1]), 0.1).dataSync()));
    [0.2, 0.1 * (1 + Math.exp(-2)), 0.1 * (1 + Math.E)].forEach((v, k) => expect(tau[k]).toBeCloseTo(v, 6));
  });

  it('parses tau-uncertainty:T', () => {
    const t = parseTemperatureSpec('tau-uncertainty:0.1');
    expect(t.ok && t.value.family.trained).toBe('predicted');
    expect(t.ok && t.value.params).toEqual({ t: 0.1 });
    expect(parseTemperatureSpec('tau-uncertainty:0.01').ok).toBe(false);
  });
});
