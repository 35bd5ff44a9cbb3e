import { describe, expect, it } from 'vitest';
import { describeDifference, pairedDifference, studentTCdf, studentTQuantile, summarise } from '../../src/core/sweep/statistics';

/** Two-sided 95 % critical values t(0.975, df) from published tables (R's qt to 15 digits). */
const T975: readonly (readonly [number, number])[] = [
  [1, 12.706204736174694],
  [2, 4.302652729749462],
  [3, 3.182446305283708],
  [4, 2.776445105197794],
  [5, 2.570581835636314],
  [9, 2.262157162798205],
  [29, 2.045229642132704],
  [1000, 1.9623390808264078],
];

/** The t density integrated by Simpson's rule from 0 to t, plus ½: an independent route to the CDF. */
function naiveCdf(t: number, df: number): number {
  const density = (x: number): number => {
    let logNorm = 0;
    // Γ((df+1)/2) / (√(dfπ) Γ(df/2)) through the product of half-integer steps, valid for integer df.
    const lgamma = (z: number): number => {
      let acc = 0;
      let x0 = z;
      while (x0 > 1) {
        x0 -= 1;
        acc += Math.log(x0);
      }
      return acc + (Math.abs(x0 - 0.5) < 1e-9 ? 0.5 * Math.log(Math.PI) : 0);
    };
    logNorm = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI);
    return Math.exp(logNorm - ((df + 1) / 2) * Math.log(1 + (x * x) / df));
  };
  const n = 20_000;
  const h = t / n;
  const w = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) w[i] = density(i * h) * (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2);
  return 0.5 + (h / 3) * w.reduce((s, v) => s + v, 0);
}

describe('Student t', () => {
  it('gives the published two-sided 95 % critical values', () => {
    for (const [df, t] of T975) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 9);
  });

  it('has a CDF equal to the integrated density, symmetric about 0', () => {
    for (const df of [1, 2, 3, 7, 30]) {
      for (const t of [0.1, 0.7, 1.5, 3, 6]) {
        expect(studentTCdf(t, df)).toBeCloseTo(naiveCdf(t, df), 9);
        expect(studentTCdf(-t, df)).toBeCloseTo(1 - studentTCdf(t, df), 12);
      }
    }
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776445105197794, 9);
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(1, 4)).toBeNaN();
  });
});

describe('summarise', () => {
  it('gives the mean, sample sd and t-interval computed by hand', () => {
    const s = summarise([0.8, 0.9, 1.0]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(0.9, 14);
    expect(s.sd).toBeCloseTo(0.1, 14);
    // t(0.975, 2)·0.1/√3
    expect(s.halfWidth).toBeCloseTo((4.302652729749462 * 0.1) / Math.sqrt(3), 9);
    expect(s.low).toBeCloseTo(0.9 - 0.24841377, 7);
  });

  it('leaves out non-finite values and counts them; one value has no spread', () => {
    const s = summarise([0.5, NaN, Infinity]);
    expect(s).toMatchObject({ n: 1, dropped: 2, mean: 0.5 });
    expect(s.sd).toBeNaN();
    expect(s.halfWidth).toBeNaN();
    expect(summarise([]).mean).toBeNaN();
  });
});

describe('paired difference to the reference', () => {
  const seeds = (values: readonly number[]) => new Map(values.map((v, i) => [i + 1, v]));

  it('pairs by seed and calls a difference whose interval covers zero not distinguishable', () => {
    const d = pairedDifference(seeds([0.9, 0.92, 0.95]), seeds([0.88, 0.91, 0.9]));
    expect(d.seeds).toEqual([1, 2, 3]);
    expect(d.mean).toBeCloseTo(0.08 / 3, 12);
    expect(d.sd).toBeCloseTo(Math.sqrt(0.00086666666 / 2), 8);
    expect(d.indistinguishable).toBe(true);
    expect(describeDifference(d)).toBe('+0.027 ± 0.052 (95 % CI, n = 3): not distinguishable at n = 3');
  });

  it('calls a consistent difference distinguishable', () => {
    const d = pairedDifference(seeds([0.92, 0.94, 0.925]), seeds([0.9, 0.91, 0.9]));
    expect(d.mean).toBeCloseTo(0.025, 12);
    expect(d.halfWidth).toBeCloseTo((4.302652729749462 * 0.005) / Math.sqrt(3), 9);
    expect(d.indistinguishable).toBe(false);
    expect(describeDifference(d)).toBe('+0.025 ± 0.012 (95 % CI, n = 3)');
  });

  it('uses only the seeds both sides finished', () => {
    const cell = new Map([
      [1, 0.9],
      [2, NaN],
      [3, 0.95],
      [4, 0.97],
    ]);
    const reference = new Map([
      [1, 0.88],
      [2, 0.9],
      [3, 0.9],
    ]);
    const d = pairedDifference(cell, reference);
    expect(d.seeds).toEqual([1, 3]);
    expect(d.n).toBe(2);
    expect(describeDifference(pairedDifference(new Map([[1, 0.9]]), reference))).toBe('not distinguishable at n = 1');
  });
});
