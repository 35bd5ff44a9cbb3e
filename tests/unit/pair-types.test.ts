import { describe, expect, it } from 'vitest';
import { splitBatchPairs, wasserstein1 } from '../../src/core/metrics';
import { randomMatrix } from './support/naive';

/** W1 as the mean absolute difference of quantiles, on a fine grid: an independent route for the test. */
function quantileW1(a: ArrayLike<number>, b: ArrayLike<number>, grid = 200_000): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let sum = 0;
  for (let k = 0; k < grid; k++) {
    const u = (k + 0.5) / grid;
    sum += Math.abs(x[Math.floor(u * x.length)]! - y[Math.floor(u * y.length)]!);
  }
  return sum / grid;
}

describe('1-D Wasserstein distance', () => {
  it('a shift by c costs c', () => {
    const a = [0.1, 0.5, -0.3, 0.9];
    expect(wasserstein1(a, a.map((x) => x + 0.25))).toBeCloseTo(0.25, 12);
  });
  it('matches the quantile formula for samples of different sizes', () => {
    const a = randomMatrix(1, 37, 1);
    const b = randomMatrix(1, 53, 2).map((x) => x * 0.5 + 0.2);
    expect(wasserstein1(a, b)).toBeCloseTo(quantileW1(a, b), 4);
  });
  it('is symmetric, zero on itself and NaN when a side is empty', () => {
    const a = randomMatrix(1, 20, 3);
    const b = randomMatrix(1, 11, 4);
    expect(wasserstein1(a, b)).toBeCloseTo(wasserstein1(b, a), 12);
    expect(wasserstein1(a, a)).toBe(0);
    expect(wasserstein1([], a)).toBeNaN();
    expect(wasserstein1([0.1, NaN], a)).toBeNaN();
  });
});

describe('pair types of a 2B batch', () => {
  it('counts and values', () => {
    const labels = [0, 1, 0]; // B = 3: samples 0 and 2 share a class
    const rows = 6;
    const similarity = Float32Array.from({ length: rows * rows }, (_, k) => Math.floor(k / rows) * 10 + (k % rows));
    const split = splitBatchPairs(similarity, labels);
    // Positives (i, i+3): 3 pairs. Same class, different sample: {0,2} × views → (0,2), (0,5), (2,3), (3,5).
    expect(Array.from(split.truePositive)).toEqual([3, 14, 25]);
    expect(Array.from(split.falseNegative)).toEqual([2, 5, 23, 35]);
    expect(split.trueNegative).toHaveLength(15 - 3 - 4);
  });
});
