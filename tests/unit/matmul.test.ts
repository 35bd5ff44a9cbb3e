import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matMul } from '../../src/core/model';
import { SeededRandom } from '../../src/core/random';

beforeAll(() => {
  tf.env().set('IS_TEST', true);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

function matrix(rows: number, cols: number, seed: number): number[][] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => 2 * rng.next() - 1));
}

const transpose = (m: number[][]): number[][] => m[0]!.map((_, j) => m.map((row) => row[j]!));
const product = (a: number[][], b: number[][]): number[][] => a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));

/** Value of sum(W ⊙ op(A)·op(B)) and its gradients, by the naive rules: dA = op⁻¹(W·op(B)ᵀ) etc. */
function naive(a: number[][], b: number[][], w: number[][], transposeA: boolean, transposeB: boolean) {
  const opA = transposeA ? transpose(a) : a;
  const opB = transposeB ? transpose(b) : b;
  const out = product(opA, opB);
  const value = out.flat().reduce((s, x, i) => s + x * w.flat()[i]!, 0);
  const dOpA = product(w, transpose(opB));
  const dOpB = product(transpose(opA), w);
  return { out, value, dA: transposeA ? transpose(dOpA) : dOpA, dB: transposeB ? transpose(dOpB) : dOpB };
}

describe('matMul without transposed operands on wasm', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    for (const [transposeA, transposeB] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      it(`${backend}, transposeA ${transposeA}, transposeB ${transposeB}: value and gradients as tf.matMul's`, async () => {
        expect(await tf.setBackend(backend)).toBe(true);
        const [m, k, n] = [5, 7, 3];
        const a = matrix(transposeA ? k : m, transposeA ? m : k, 1);
        const b = matrix(transposeB ? n : k, transposeB ? k : n, 2);
        const w = matrix(m, n, 3);
        const expected = naive(a, b, w, transposeA, transposeB);
        const before = tf.memory().numTensors;
        const [ta, tb, tw] = [tf.tensor2d(a), tf.tensor2d(b), tf.tensor2d(w)];
        const out = matMul(ta, tb, transposeA, transposeB);
        const [dA, dB] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x, y, transposeA, transposeB), tw)))([ta, tb]);
        const close = (got: number[][], want: number[][]) => got.flat().forEach((x, i) => expect(x).toBeCloseTo(want.flat()[i]!, 5));
        close(out.arraySync() as number[][], expected.out);
        close(dA!.arraySync() as number[][], expected.dA);
        close(dB!.arraySync() as number[][], expected.dB);
        tf.dispose([ta, tb, tw, out, dA!, dB!]);
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  }
});
