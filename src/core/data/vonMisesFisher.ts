import type { SeededRandom } from '../random';

/**
 * Draws from the von Mises–Fisher distribution on S^(p−1), density ∝ exp(κ μ·x), with Wood's (1994)
 * rejection sampler: the cosine w = μ·x comes from an envelope accepted with probability ≥ ~0.6 for every κ
 * and p, and the remaining direction is uniform in the tangent space of μ. κ = 0 is the uniform sphere.
 * Float64 throughout; `mean` must be a unit vector of length p ≥ 2.
 */
export function sampleVonMisesFisher(mean: Float64Array, kappa: number, rng: SeededRandom): Float64Array {
  const p = mean.length;
  const w = sampleCosine(p, kappa, rng);
  const v = tangentDirection(mean, rng);
  const sine = Math.sqrt(Math.max(0, 1 - w * w));
  const x = new Float64Array(p);
  for (let i = 0; i < p; i++) x[i] = w * mean[i] + sine * v[i];
  return normaliseInPlace(x);
}

function sampleCosine(p: number, kappa: number, rng: SeededRandom): number {
  const m = p - 1;
  // b = (−2κ + √(4κ² + m²)) / m, written without the cancellation that ruins it for large κ.
  const b = m / (2 * kappa + Math.sqrt(4 * kappa * kappa + m * m));
  const x0 = (1 - b) / (1 + b);
  const c = kappa * x0 + m * Math.log(1 - x0 * x0);
  for (;;) {
    const z = betaSymmetric(m / 2, rng);
    const w = (1 - (1 + b) * z) / (1 - (1 - b) * z);
    const u = 1 - rng.next(); // (0, 1]
    if (kappa * w + m * Math.log(1 - x0 * w) - c >= Math.log(u)) return w;
  }
}

/** Beta(m/2, m/2) as X / (X + Y) with X, Y ~ χ²_m: m is the integer p − 1, so sums of squared normals do. */
function betaSymmetric(halfM: number, rng: SeededRandom): number {
  const m = 2 * halfM;
  let x = 0;
  let y = 0;
  for (let i = 0; i < m; i++) {
    x += rng.normal() ** 2;
    y += rng.normal() ** 2;
  }
  return x / (x + y);
}

/** A uniformly random unit vector orthogonal to `mean`. */
function tangentDirection(mean: Float64Array, rng: SeededRandom): Float64Array {
  for (;;) {
    const g = randomGaussianVector(mean.length, rng);
    const along = dot(g, mean);
    for (let i = 0; i < g.length; i++) g[i] -= along * mean[i];
    if (norm(g) > 1e-9) return normaliseInPlace(g);
  }
}

export function randomUnitVector(dim: number, rng: SeededRandom): Float64Array {
  for (;;) {
    const g = randomGaussianVector(dim, rng);
    if (norm(g) > 1e-9) return normaliseInPlace(g);
  }
}

function randomGaussianVector(dim: number, rng: SeededRandom): Float64Array {
  const g = new Float64Array(dim);
  for (let i = 0; i < dim; i++) g[i] = rng.normal();
  return g;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

export function normaliseInPlace(a: Float64Array): Float64Array {
  const n = norm(a);
  for (let i = 0; i < a.length; i++) a[i] /= n;
  return a;
}
