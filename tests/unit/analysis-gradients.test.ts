import { describe, expect, it } from 'vitest';
import { negativeProfile, negativeProfileInParts } from '../../src/core/analysis';
import { createTemperature, type Temperature } from '../../src/core/temperature';
import { SeededRandom } from '../../src/core/random';

function temperatureOf(family: string, params: Record<string, number>): Temperature {
  const created = createTemperature({ family, params });
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

/** A symmetric 2B×2B cosine-similarity matrix of random unit vectors, in float64. */
function similarityMatrix(rows: number, dim: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const z = Array.from({ length: rows }, () => {
    const v = Array.from({ length: dim }, () => random.uniform(-1, 1));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
  const s = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) s[i * rows + j] = z[i]!.reduce((acc, x, k) => acc + x * z[j]![k]!, 0);
  return s;
}

/**
 * Row i's NT-Xent loss as a function of its similarities, with each τ frozen at its value for the original
 * similarities (detached, as in the loss by default).
 */
function rowLoss(row: Float64Array, frozenTau: Float64Array, i: number, positive: number): number {
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) if (j !== i) max = Math.max(max, row[j]! / frozenTau[j]!);
  let sum = 0;
  for (let j = 0; j < row.length; j++) if (j !== i) sum += Math.exp(row[j]! / frozenTau[j]! - max);
  return -(row[positive]! / frozenTau[positive]! - max - Math.log(sum));
}

describe('negativeProfile', () => {
  const rows = 8;
  const half = rows / 2;
  const s = similarityMatrix(rows, 5, 7);
  const temperature = temperatureOf('dystress', { tmin: 0.1, tmax: 0.3 });
  const profile = negativeProfile(s, rows, temperature);

  it('gives each negative the size of its gradient (τ detached) and its ratio to the positive’s, as finite differences do', () => {
    const h = 1e-6;
    for (let i = 0; i < rows; i++) {
      const positive = (i + half) % rows;
      const row = s.slice(i * rows, (i + 1) * rows);
      const tau = row.map((v) => temperature.scalar(v));
      const slope = (j: number): number => {
        const up = row.slice();
        const down = row.slice();
        up[j]! += h;
        down[j]! -= h;
        return (rowLoss(up, tau, i, positive) - rowLoss(down, tau, i, positive)) / (2 * h);
      };
      const positiveGradient = -slope(positive);
      let k = i * (rows - 2);
      for (let j = 0; j < rows; j++) {
        if (j === i || j === positive) continue;
        expect(profile.s[k]).toBe(s[i * rows + j]);
        expect(profile.weight[k]).toBeCloseTo(slope(j), 7);
        expect(profile.relativePenalty[k]).toBeCloseTo(slope(j) / positiveGradient, 6);
        k++;
      }
    }
  });

  it('reduces to exp(s/τ) over the negatives’ sum for a constant τ', () => {
    const tau = 0.2;
    const constant = negativeProfile(s, rows, temperatureOf('constant', { tau }));
    for (let i = 0; i < rows; i++) {
      const positive = (i + half) % rows;
      let sum = 0;
      for (let j = 0; j < rows; j++) if (j !== i && j !== positive) sum += Math.exp(s[i * rows + j]! / tau);
      let k = i * (rows - 2);
      for (let j = 0; j < rows; j++) {
        if (j === i || j === positive) continue;
        expect(constant.relativePenalty[k]).toBeCloseTo(Math.exp(s[i * rows + j]! / tau) / sum, 12);
        k++;
      }
    }
  });

  it('comes out the same computed in parts of any size, and once', () => {
    const parts = negativeProfileInParts(s, rows, temperature);
    parts.fill(3);
    parts.fill(2);
    parts.fill(7);
    const result = parts.result();
    expect(Array.from(result.weight)).toEqual(Array.from(profile.weight));
    expect(Array.from(result.relativePenalty)).toEqual(Array.from(profile.relativePenalty));
    expect(Array.from(result.s)).toEqual(Array.from(profile.s));
    expect(parts.result()).toBe(result);
  });

  it('refuses a matrix that is not 2B×2B', () => {
    expect(() => negativeProfile(new Float64Array(12), 3, temperature)).toThrow(/2B×2B/);
  });
});
