import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLossOptions, l2Normalise, ntXentLoss, ntXentRowLosses, NtXentAccumulator, type LossOptions } from '../../src/core/loss';
import { createTemperature, defaultSetting, familyIds, parseTemperatureSpec, type Temperature } from '../../src/core/temperature';
import { finiteDifferenceGradient, naiveNtXent, randomMatrix, standardNtXent } from './support/naive';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const B = 6;
const D = 5;

function temperature(spec: string): Temperature {
  const r = parseTemperatureSpec(spec);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function tfLoss(raw: Float64Array, options: LossOptions): number {
  return tf.tidy(() => {
    const z = tf.tensor2d(Float32Array.from(raw), [2 * B, D]);
    const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    return ntXentLoss(z1, z2, options).arraySync() as number;
  });
}

function tfGradient(raw: Float64Array, options: LossOptions): Float64Array {
  const g = tf.tidy(() =>
    tf.grad((z: tf.Tensor) => {
      const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return ntXentLoss(z1, z2, options);
    })(tf.tensor2d(Float32Array.from(raw), [2 * B, D])),
  );
  const values = Float64Array.from(g.dataSync());
  g.dispose();
  return values;
}

/** Relative error scaled by the largest component, robust to near-zero entries. */
function maxRelativeError(a: Float64Array, b: Float64Array): number {
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((x, k) => Math.abs(x - b[k]!))) / scale;
}

describe('NT-Xent with per-pair temperature vs the naive float64 implementation', () => {
  const raw = randomMatrix(2 * B, D, 7);
  for (const id of familyIds) {
    it(`value, ${id}`, () => {
      const created = createTemperature(defaultSetting(id));
      if (!created.ok) throw new Error(created.error);
      const t = created.value;
      // MACL's τ depends on the batch alignment A; the naive side computes A itself.
      const z = raw;
      let alignment = 0;
      if (id === 'macl') {
        const norm = (i: number) => Math.hypot(...z.slice(i * D, i * D + D));
        for (let i = 0; i < B; i++) {
          let d = 0;
          for (let k = 0; k < D; k++) d += z[i * D + k]! * z[(i + B) * D + k]!;
          alignment += d / (norm(i) * norm(i + B)) / B;
        }
      }
      const step = 250;
      const expected = naiveNtXent(raw, 2 * B, D, (s) => t.scalar(s, { step, alignment }), { macl: id === 'macl' });
      expect(tfLoss(raw, { ...defaultLossOptions(t), step })).toBeCloseTo(expected, 4);
    });
  }
  it('DCL leaves the positive out of the denominator', () => {
    const t = temperature('dystress:0.1,0.2');
    const options = { ...defaultLossOptions(t), decoupled: true };
    const expected = naiveNtXent(raw, 2 * B, D, (s) => t.scalar(s), { decoupled: true });
    expect(tfLoss(raw, options)).toBeCloseTo(expected, 4);
    expect(Math.abs(expected - naiveNtXent(raw, 2 * B, D, (s) => t.scalar(s)))).toBeGreaterThan(1e-3);
  });
  it('a constant τ is exactly standard SimCLR NT-Xent', () => {
    for (const tau of [0.07, 0.5, 1]) {
      const expected = standardNtXent(raw.slice(0, B * D), raw.slice(B * D), B, D, tau);
      expect(tfLoss(raw, defaultLossOptions(temperature(`constant:${tau}`)))).toBeCloseTo(expected, 4);
    }
  });
  it('is stable at τ = 0.01 with identical views (s = 1): no overflow', () => {
    const half = randomMatrix(B, D, 3);
    const twin = Float64Array.from([...half, ...half]);
    const t = temperature('constant:0.01');
    const value = tfLoss(twin, defaultLossOptions(t));
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeCloseTo(naiveNtXent(twin, 2 * B, D, () => 0.01), 3);
  });
});

describe('gradients vs finite differences', () => {
  const raw = randomMatrix(2 * B, D, 11);
  for (const spec of ['dystress:0.1,0.2', 'dystress:0.05,0.4', 'dystress-shifted:0.1,0.2,-0.4,0.7', 'custom:0.1 + 0.2*s^2']) {
    const t = temperature(spec);
    it(`${spec}, τ detached (default): τ is a constant for back-prop`, () => {
      const fd = finiteDifferenceGradient((x) => naiveNtXent(x, 2 * B, D, (s) => t.scalar(s), { tauBatch: raw }), raw);
      expect(maxRelativeError(tfGradient(raw, defaultLossOptions(t)), fd)).toBeLessThan(2e-3);
    });
    it(`${spec}, τ differentiated`, () => {
      const fd = finiteDifferenceGradient((x) => naiveNtXent(x, 2 * B, D, (s) => t.scalar(s)), raw);
      const options = { ...defaultLossOptions(t), detachTemperature: false };
      expect(maxRelativeError(tfGradient(raw, options), fd)).toBeLessThan(2e-3);
    });
  }
  it('detaching changes the gradient of a similarity-dependent τ, not of a constant one', () => {
    const dys = temperature('dystress:0.1,0.2');
    const on = tfGradient(raw, defaultLossOptions(dys));
    const off = tfGradient(raw, { ...defaultLossOptions(dys), detachTemperature: false });
    expect(maxRelativeError(on, off)).toBeGreaterThan(1e-2);
    const c = temperature('constant:0.2');
    expect(maxRelativeError(tfGradient(raw, defaultLossOptions(c)), tfGradient(raw, { ...defaultLossOptions(c), detachTemperature: false }))).toBeLessThan(1e-6);
  });
});

describe('row blocks', () => {
  it('per-row losses computed in blocks equal the whole batch', () => {
    const raw = randomMatrix(2 * B, D, 5);
    const t = temperature('dystress:0.1,0.2');
    const options = defaultLossOptions(t);
    const [whole, blocks] = tf.tidy(() => {
      const z = l2Normalise(tf.tensor2d(Float32Array.from(raw), [2 * B, D]));
      const all = ntXentRowLosses(z, z, 0, options, 0).arraySync();
      const parts = [0, 5, 9].map((start, k, starts) => {
        const end = starts[k + 1] ?? 2 * B;
        return ntXentRowLosses(tf.slice(z, [start, 0], [end - start, D]), z, start, options, 0).arraySync();
      });
      return [all, parts.flat()];
    });
    expect(blocks).toHaveLength(2 * B);
    blocks.forEach((x, i) => expect(x).toBeCloseTo(whole[i]!, 6));
  });
});

describe('the streaming (analyzer) loss equals the tensor loss', () => {
  const n = 40;
  const d = 8;
  const raw = randomMatrix(2 * n, d, 21);
  for (const spec of ['constant:0.01', 'dystress:0.1,0.2', 'dystress-shifted:0.1,0.2,-0.4,0.7', 'cosconst:0.07,0.2', 'macl:0.1,0.5,0', 'custom:s < 0.3 ? 0.05 : 0.5']) {
    for (const decoupled of [false, true]) {
      it(`${spec}${decoupled ? ', DCL' : ''}`, async () => {
        const t = temperature(spec);
        const z = tf.tidy(() => l2Normalise(tf.tensor2d(Float32Array.from(raw), [2 * n, d])));
        const alignmentTensor = tf.tidy(() => tf.mean(tf.sum(tf.mul(tf.slice(z, [0, 0], [n, d]), tf.slice(z, [n, 0], [n, d])), 1)));
        const alignment = alignmentTensor.dataSync()[0]!;
        const options = { ...defaultLossOptions(t), decoupled };
        const exact = tf.tidy(() => tf.mean(ntXentRowLosses(z, z, 0, options, alignment))).dataSync()[0]!;
        const streaming = new NtXentAccumulator(n, t, { decoupled, step: 0, alignment });
        // Two tiles over the rows (the second starting mid-matrix), as the analyzer's pair pass shares them out.
        const values = tf.tidy(() => tf.matMul(z, z, false, true)).dataSync() as Float32Array;
        const split = 7;
        streaming.addTile({ rowStart: 0, rows: split, colStart: 0, columns: 2 * n, values: values.slice(0, split * 2 * n) });
        streaming.addTile({ rowStart: split, rows: 2 * n - split, colStart: 0, columns: 2 * n, values: values.slice(split * 2 * n) });
        expect(Math.abs(streaming.result() - exact) / Math.abs(exact)).toBeLessThan(2e-6);
        tf.dispose([z, alignmentTensor]);
      });
    }
  }
});

describe('L2 normalisation', () => {
  it('gives unit rows equal to z/‖z‖ computed in float64, and a zero row stays zero', () => {
    const raw = [3, 4, 0, 0, 0, 0, 1e-3, -2e-3, 2];
    const z = tf.tidy(() => l2Normalise(tf.tensor2d(raw, [3, 3])).arraySync());
    for (const [r, row] of z.entries()) {
      const x = raw.slice(3 * r, 3 * r + 3);
      const norm = Math.hypot(...x);
      row.forEach((v, i) => expect(v).toBeCloseTo(norm === 0 ? 0 : x[i]! / norm, 6));
    }
  });

  it('has a finite gradient at a zero row (an embedding whose ReLUs all closed), so training does not stop', () => {
    const grad = tf.tidy(() =>
      tf
        .grad((x: tf.Tensor) => tf.sum(tf.mul(l2Normalise(x as tf.Tensor2D), tf.tensor2d([[1, 2, 3], [0.5, -1, 2]]))))(tf.tensor2d([[0, 0, 0], [1, 2, 2]]))
        .arraySync() as number[][],
    );
    expect(grad.flat().every(Number.isFinite)).toBe(true);
    // The non-zero row's gradient is (w − (w·u)u)/‖z‖ with u = z/‖z‖, as for any normalisation.
    const u = [1 / 3, 2 / 3, 2 / 3];
    const w = [0.5, -1, 2];
    const wu = w.reduce((s, wi, i) => s + wi * u[i]!, 0);
    grad[1]!.forEach((g, i) => expect(g).toBeCloseTo((w[i]! - wu * u[i]!) / 3, 6));
  });
});
