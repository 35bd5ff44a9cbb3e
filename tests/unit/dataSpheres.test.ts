import { describe, expect, it } from 'vitest';
import { makeSpheres } from '../../src/core/data/spheresSampler';
import type { DatasetData, SampleSet } from '../../src/core/data/types';

function row(set: SampleSet, dim: number, i: number): Float64Array {
  return Float64Array.from(set.x.subarray(i * dim, (i + 1) * dim));
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, k) => s + v * b[k], 0);

/** The normalised mean of each class's rows. */
function classMeanDirections(set: SampleSet, dim: number, classes: number): Float64Array[] {
  const sums = Array.from({ length: classes }, () => new Float64Array(dim));
  for (let i = 0; i < set.n; i++) row(set, dim, i).forEach((v, k) => (sums[set.labels[i]][k] += v));
  return sums.map((s) => s.map((v) => v / Math.sqrt(dot(s, s))));
}

/** Mean cosine of class c's rows to direction m. */
function meanCosine(set: SampleSet, dim: number, c: number, m: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < set.n; i++) {
    if (set.labels[i] !== c) continue;
    sum += dot(row(set, dim, i), m);
    n++;
  }
  return sum / n;
}

function counts(set: SampleSet, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  set.labels.forEach((c) => out[c]++);
  return out;
}

/** I_v(x) for integer v, by its power series. */
function besselI(v: number, x: number): number {
  let term = (x / 2) ** v / factorial(v);
  let sum = term;
  for (let m = 1; m < 200; m++) {
    term *= (x / 2) ** 2 / (m * (m + v));
    sum += term;
  }
  return sum;
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe('makeSpheres', () => {
  it('has the documented shapes, unit rows, and balanced classes by default', () => {
    // The default task: S¹⁵, ten classes of 200 (50 held out).
    const d: DatasetData = makeSpheres();
    expect(d).toMatchObject({ id: 'spheres', label: 'Spheres (S^15)', kind: 'vector', inputShape: [16], featureSize: 16, classes: 10 });
    expect(d.classNames).toHaveLength(10);
    expect(d.train.n).toBe(2000);
    expect(d.train.x).toBeInstanceOf(Float32Array);
    expect(d.train.x.length).toBe(2000 * 16);
    expect(d.eval.n).toBe(500);
    expect(counts(d.train, 10)).toEqual(new Array(10).fill(200));
    expect(counts(d.eval, 10)).toEqual(new Array(10).fill(50));
    for (const set of [d.train, d.eval]) {
      for (let i = 0; i < set.n; i++) expect(Math.abs(Math.sqrt(dot(row(set, 16, i), row(set, 16, i))) - 1)).toBeLessThan(1e-6);
    }
  });

  it('long tail: n_c = round(n_max · r^(c/(C−1))) train instances, eval still balanced', () => {
    const d = makeSpheres({ classes: 5, instancesPerClass: 100, evalPerClass: 20, longTailRatio: 0.1 });
    // 100 · 0.1^(0, 1/4, 1/2, 3/4, 1) = 100, 56.2, 31.6, 17.8, 10
    expect(counts(d.train, 5)).toEqual([100, 56, 32, 18, 10]);
    expect(d.train.n).toBe(216);
    expect(counts(d.eval, 5)).toEqual([20, 20, 20, 20, 20]);
    // Separate streams: the long tail leaves the class means and the eval split untouched.
    const balanced = makeSpheres({ classes: 5, instancesPerClass: 100, evalPerClass: 20, longTailRatio: 1 });
    expect(balanced.eval.x).toEqual(d.eval.x);
  });

  it('is a pure function of its seed', () => {
    const a = makeSpheres({ seed: 11 });
    const b = makeSpheres({ seed: 11 });
    const c = makeSpheres({ seed: 12 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.train.labels).toEqual(b.train.labels);
    expect(a.eval.x).toEqual(b.eval.x);
    expect(c.train.x).not.toEqual(a.train.x);
  });

  it.each([2, 3, 16])('dim %i: classes are tight around their own mean and far from the others', (dim) => {
    const classes = dim === 2 ? 4 : 6;
    const d = makeSpheres({ dim, classes, instancesPerClass: 300, concentration: 50, seed: 5 });
    const means = classMeanDirections(d.train, dim, classes);
    for (let c = 0; c < classes; c++) {
      const own = meanCosine(d.train, dim, c, means[c]);
      const nearestOther = Math.max(...means.filter((_, k) => k !== c).map((m) => meanCosine(d.train, dim, c, m)));
      expect(own).toBeGreaterThan(nearestOther + 0.5);
    }
    // Means pushed apart: 4 points on the circle are 90° apart; 6 in 3-D form an octahedron (cos ≤ 0);
    // 6 in 16-D a regular simplex (cos = −1/5). Empirical means wobble by ~1/√(κ n).
    const maxCos = Math.max(...means.flatMap((a, i) => means.slice(i + 1).map((b) => dot(a, b))));
    expect(maxCos).toBeLessThan(dim === 16 ? -0.15 : 0.05);
  });

  it.each([
    [2, 5],
    [3, 20],
    [10, 20],
  ])('dim %i, κ %i: the mean cosine to the class mean is the von Mises–Fisher A_p(κ) = I_{p/2}/I_{p/2−1}', (dim, kappa) => {
    const d = makeSpheres({ dim, classes: 2, instancesPerClass: 4000, concentration: kappa, seed: 3 });
    const expected =
      dim === 3 ? 1 / Math.tanh(kappa) - 1 / kappa : besselI(dim / 2, kappa) / besselI(dim / 2 - 1, kappa);
    const means = classMeanDirections(d.train, dim, 2);
    for (let c = 0; c < 2; c++) expect(meanCosine(d.train, dim, c, means[c])).toBeCloseTo(expected, 2);
  });

  it('throws a RangeError naming the bad option', () => {
    expect(() => makeSpheres({ dim: 1 })).toThrow(/dim must be an integer from 2/);
    expect(() => makeSpheres({ longTailRatio: 0 })).toThrow(/longTailRatio must be in \(0, 1\]/);
    expect(() => makeSpheres({ concentration: -1 })).toThrow(/concentration/);
    expect(() => makeSpheres({ classes: 2.5 })).toThrow(RangeError);
  });
});
