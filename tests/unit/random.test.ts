import { describe, expect, it } from 'vitest';
import { mixSeed, SeededRandom } from '../../src/core/random';

const draws = (rng: SeededRandom, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('SeededRandom', () => {
  it('repeats its sequence for a seed, and the sequence is pinned (same in every JS engine)', () => {
    expect(draws(new SeededRandom(42), 500)).toEqual(draws(new SeededRandom(42), 500));
    expect(draws(new SeededRandom(42), 3)).toEqual([0.17905897344462574, 0.6975071509368718, 0.29162600194104016]);
    expect(draws(new SeededRandom(43), 3)).not.toEqual(draws(new SeededRandom(42), 3));
  });

  it('next() is in [0, 1) and roughly uniform; int(n) covers [0, n) evenly', () => {
    const rng = new SeededRandom(1);
    const u = draws(rng, 20_000);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    // Each bin ~ 10,000 ± 95 (binomial sd); 500 is > 5 sd.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => rng.int(0)).toThrow(RangeError);
  });

  it('normal() has mean 0 and variance 1 over 1e5 draws', () => {
    const rng = new SeededRandom(7);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(0.015); // sd of the mean: 0.0032
    expect(Math.abs(variance - 1)).toBeLessThan(0.02); // sd of the variance: 0.0045
  });

  it('sampleWithoutReplacement gives distinct values in range, a permutation when k = n, uniform positions', () => {
    const rng = new SeededRandom(3);
    const sample = rng.sampleWithoutReplacement(1_000_000, 256);
    expect(sample.length).toBe(256);
    expect(new Set(sample).size).toBe(256);
    for (const v of sample) expect(v >= 0 && v < 1_000_000).toBe(true);
    const perm = rng.sampleWithoutReplacement(500, 500);
    expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    const first = new Array<number>(5).fill(0);
    for (let t = 0; t < 10_000; t++) first[rng.sampleWithoutReplacement(5, 2)[0]]++;
    for (const c of first) expect(Math.abs(c - 2000)).toBeLessThan(250); // sd 40
    expect(rng.sampleWithoutReplacement(4, 0).length).toBe(0);
    expect(() => rng.sampleWithoutReplacement(3, 4)).toThrow(RangeError);
  });

  it('fork(label) depends on the seed and label only, not on draws made before', () => {
    const a = new SeededRandom(9);
    const b = new SeededRandom(9);
    draws(b, 17);
    expect(draws(a.fork(1), 10)).toEqual(draws(b.fork(1), 10));
    expect(draws(a.fork(1), 10)).not.toEqual(draws(a.fork(2), 10));
    expect(draws(a.fork(1), 10)).not.toEqual(draws(new SeededRandom(9), 10));
  });
});

describe('mixSeed', () => {
  it('is a deterministic, order-sensitive unsigned 32-bit hash of integers', () => {
    expect(mixSeed(1, 2, 3)).toBe(mixSeed(1, 2, 3));
    expect(mixSeed(1, 2, 3)).not.toBe(mixSeed(3, 2, 1));
    expect(mixSeed(1)).not.toBe(mixSeed(1, 0));
    expect(mixSeed(1)).not.toBe(mixSeed(2 ** 32 + 1)); // the high word counts
    const seeds = new Set(Array.from({ length: 10_000 }, (_, step) => mixSeed(5, step)));
    expect(seeds.size).toBe(10_000);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(() => mixSeed(1.5)).toThrow(RangeError);
  });
});
