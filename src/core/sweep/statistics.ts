/**
 * The statistics a sweep reports per cell: mean, sample standard deviation and a Student-t 95 % interval
 * over seeds, and the difference to a reference (the best constant τ) paired by seed. Pure float64 code.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15 on the arguments used here). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the regularised incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the regularised incomplete beta function. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast only below the mean; above it, use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` > 0 degrees of freedom (bisection on the CDF, to 1e-12). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Mean, sample sd and the two-sided t-interval of the mean at `level`, over the finite values given. */
export interface Summary {
  /** How many values entered (non-finite ones are left out and counted in `dropped`). */
  readonly n: number;
  readonly dropped: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); NaN for n < 2. */
  readonly sd: number;
  /** Half-width of the interval, t(1 − (1 − level)/2, n − 1)·sd/√n; NaN for n < 2. */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
}

export const CONFIDENCE_LEVEL = 0.95;

export function summarise(values: readonly number[], level = CONFIDENCE_LEVEL): Summary {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  const mean = n > 0 ? finite.reduce((s, v) => s + v, 0) / n : NaN;
  const sd = n > 1 ? Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : NaN;
  const halfWidth = n > 1 ? (studentTQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n) : NaN;
  return { n, dropped: values.length - n, mean, sd, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}

/** A cell against a reference, seed by seed: the summary of (cell − reference) over the seeds both have. */
export interface PairedDifference extends Summary {
  /** The seeds both ran to a finite value. */
  readonly seeds: readonly number[];
  /** The interval covers zero (or there are too few pairs to tell): the two cannot be told apart. */
  readonly indistinguishable: boolean;
}

export function pairedDifference(
  cell: ReadonlyMap<number, number>,
  reference: ReadonlyMap<number, number>,
  level = CONFIDENCE_LEVEL,
): PairedDifference {
  const seeds = [...cell.keys()].filter((seed) => Number.isFinite(cell.get(seed)) && Number.isFinite(reference.get(seed))).sort((a, b) => a - b);
  const summary = summarise(
    seeds.map((seed) => cell.get(seed)! - reference.get(seed)!),
    level,
  );
  const indistinguishable = !(summary.n > 1) || !Number.isFinite(summary.halfWidth) || (summary.low <= 0 && summary.high >= 0);
  return { ...summary, seeds, indistinguishable };
}

/** How a paired difference reads to a person: "+0.012 ± 0.004 (n = 3)" or "not distinguishable at n = 3". */
export function describeDifference(difference: PairedDifference, digits = 3): string {
  if (difference.n < 2) return `not distinguishable at n = ${difference.n}`;
  const sign = difference.mean >= 0 ? '+' : '−';
  const text = `${sign}${Math.abs(difference.mean).toFixed(digits)} ± ${difference.halfWidth.toFixed(digits)} (95 % CI, n = ${difference.n})`;
  return difference.indistinguishable ? `${text}: not distinguishable at n = ${difference.n}` : text;
}
