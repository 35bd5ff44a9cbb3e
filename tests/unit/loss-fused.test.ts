import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchAlignment, defaultLossOptions, l2Normalise, ntXentLoss, ntXentRowLosses, pairMasks, recordedRowLosses, type LossOptions } from '../../src/core/loss';
import { matMul } from '../../src/core/model';
import { createTemperature, defaultSetting, familyIds, type Temperature } from '../../src/core/temperature';
import { finiteDifferenceGradient, naiveNtXent, randomMatrix } from './support/naive';

/**
 * The detached-τ loss is one op with its gradient written out (ntXentRowLosses → detachedRowLosses). Here it
 * is held to the chain tfjs records and differentiates itself (recordedRowLosses, τ through stopGradient) —
 * values and gradients within 1e-5 — and its gradient to finite differences of the naive float64 loss with
 * τ and MACL's weights frozen, for every family, with and without DCL.
 */
beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const B = 6;
const D = 5;
const STEP = 250;

function familyTemperature(id: string): Temperature {
  const created = createTemperature(defaultSetting(id));
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

/** The mean loss over [z1; z2] through the recorded chain: the reference. */
function recordedLoss(z1: tf.Tensor2D, z2: tf.Tensor2D, options: LossOptions): tf.Scalar {
  return tf.tidy(() => {
    const n1 = l2Normalise(z1);
    const n2 = l2Normalise(z2);
    const z = tf.concat([n1, n2], 0);
    const masks = pairMasks(0, 2 * B, 2 * B, options.decoupled);
    const s = matMul(z, z, false, true);
    const loss = tf.mean(recordedRowLosses(s, options, batchAlignment(n1, n2), masks)) as tf.Scalar;
    masks.dispose();
    return loss;
  });
}

type LossFn = (z1: tf.Tensor2D, z2: tf.Tensor2D, options: LossOptions) => tf.Scalar;

function valueAndGradient(raw: Float64Array, options: LossOptions, loss: LossFn): { value: number; gradient: Float64Array } {
  const { value, grad } = tf.tidy(() =>
    tf.valueAndGrad((z: tf.Tensor) => {
      const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return loss(z1, z2, options);
    })(tf.tensor2d(Float32Array.from(raw), [2 * B, D])),
  );
  const result = { value: value.dataSync()[0]!, gradient: Float64Array.from(grad.dataSync()) };
  tf.dispose([value, grad]);
  return result;
}

function rowLosses(raw: Float64Array, options: LossOptions, fused: boolean): Float32Array {
  return tf.tidy(() => {
    const z = l2Normalise(tf.tensor2d(Float32Array.from(raw), [2 * B, D]));
    const alignment = batchAlignment(tf.slice(z, [0, 0], [B, D]), tf.slice(z, [B, 0], [B, D]));
    const masks = pairMasks(0, 2 * B, 2 * B, options.decoupled);
    const rows = fused ? ntXentRowLosses(z, z, 0, options, alignment, masks) : recordedRowLosses(matMul(z, z, false, true), options, alignment, masks);
    const values = rows.dataSync() as Float32Array;
    masks.dispose();
    return values;
  });
}

const maxAbsDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (x, k) => Math.abs(x - b[k]!)));
const largest = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs));

/** Mean alignment of the normalised views, as the loss computes it (MACL's τ depends on it). */
function naiveAlignment(raw: Float64Array): number {
  const norm = (i: number) => Math.hypot(...raw.slice(i * D, i * D + D));
  let sum = 0;
  for (let i = 0; i < B; i++) {
    let d = 0;
    for (let k = 0; k < D; k++) d += raw[i * D + k]! * raw[(i + B) * D + k]!;
    sum += d / (norm(i) * norm(i + B));
  }
  return sum / B;
}

describe('NT-Xent with τ detached: the one-op loss equals the recorded chain', () => {
  const raw = randomMatrix(2 * B, D, 29);
  for (const id of familyIds) {
    for (const decoupled of [false, true]) {
      const name = `${id}${decoupled ? ', DCL' : ''}`;
      const options: LossOptions = { ...defaultLossOptions(familyTemperature(id)), decoupled, step: STEP };

      it(`${name}: row losses and mean within 1e-5`, () => {
        const fused = rowLosses(raw, options, true);
        const recorded = rowLosses(raw, options, false);
        expect(fused).toHaveLength(2 * B);
        expect(maxAbsDifference(fused, recorded)).toBeLessThan(1e-5);
        const a = valueAndGradient(raw, options, ntXentLoss);
        const b = valueAndGradient(raw, options, recordedLoss);
        expect(Math.abs(a.value - b.value)).toBeLessThan(1e-5);
      });

      it(`${name}: gradient within 1e-5 of the recorded chain's and equal to finite differences`, () => {
        const fused = valueAndGradient(raw, options, ntXentLoss).gradient;
        const recorded = valueAndGradient(raw, options, recordedLoss).gradient;
        expect(largest(recorded)).toBeGreaterThan(1e-3);
        expect(maxAbsDifference(fused, recorded) / Math.max(1, largest(recorded))).toBeLessThan(1e-5);

        const t = options.temperature;
        const alignment = naiveAlignment(raw);
        const naive = (x: Float64Array) =>
          naiveNtXent(x, 2 * B, D, (s) => t.scalar(s, { step: STEP, alignment }), {
            decoupled,
            macl: t.family.reweighting === 'macl',
            tauBatch: raw,
            weightBatch: raw,
          });
        const fd = finiteDifferenceGradient(naive, raw);
        expect(maxAbsDifference(fused, fd) / largest(fd)).toBeLessThan(2e-3);
      });
    }
  }

  it('the non-detached path still differentiates τ (it differs from the detached gradient)', () => {
    const options: LossOptions = { ...defaultLossOptions(familyTemperature('dystress')), step: STEP };
    const detached = valueAndGradient(raw, options, ntXentLoss).gradient;
    const differentiated = valueAndGradient(raw, { ...options, detachTemperature: false }, ntXentLoss).gradient;
    expect(maxAbsDifference(detached, differentiated) / largest(detached)).toBeGreaterThan(1e-2);
  });

  it('leaves no tensor behind, with or without a gradient tape', () => {
    const options = defaultLossOptions(familyTemperature('dystress'));
    const before = tf.memory().numTensors;
    valueAndGradient(raw, options, ntXentLoss);
    rowLosses(raw, options, true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
