/**
 * Independent reference implementations: plain loops over Float64Array, written from the definitions in
 * paper.md §2 and §6, sharing no code with src/core beyond the scalar temperature function.
 */
export type TauFn = (s: number) => number;

export function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  // mulberry32: deterministic test data.
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float64Array.from({ length: rows * cols }, () => next() * 2 - 1);
}

export function normaliseRows(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < rows; i++) {
    let n = 0;
    for (let k = 0; k < cols; k++) n += x[i * cols + k]! ** 2;
    n = Math.sqrt(n);
    for (let k = 0; k < cols; k++) out[i * cols + k] = x[i * cols + k]! / n;
  }
  return out;
}

function dot(a: Float64Array, i: number, b: Float64Array, j: number, cols: number): number {
  let d = 0;
  for (let k = 0; k < cols; k++) d += a[i * cols + k]! * b[j * cols + k]!;
  return d;
}

export interface NaiveLossOptions {
  decoupled?: boolean;
  macl?: boolean;
  /** Batch to compute τ from; the same batch when τ is differentiated, a frozen copy when detached. */
  tauBatch?: Float64Array;
  /** Batch to compute MACL's row weights from (they are detached): a frozen copy for finite differences. */
  weightBatch?: Float64Array;
}

/**
 * NT-Xent on [z1; z2] (raw, normalised here), per-pair τ = tau(s_ij), positive of i at i ± B,
 * denominator over j ≠ i (and j ≠ positive when decoupled), mean over 2B rows.
 */
export function naiveNtXent(raw: Float64Array, rows2B: number, cols: number, tau: TauFn, o: NaiveLossOptions = {}): number {
  const rows = naiveRowLosses(raw, rows2B, cols, temperatureLogit(tau), o);
  // MACL weights each row by 1/(1 − P_pos) = 1/(1 − exp(−loss)), detached: from weightBatch when given.
  const weightRows = o.macl && o.weightBatch ? naiveRowLosses(o.weightBatch, rows2B, cols, temperatureLogit(tau), o) : rows;
  const weight = (i: number) => (o.macl ? 1 / Math.max(1 - Math.exp(-weightRows[i]!), 1e-6) : 1);
  return rows.reduce((acc, row, i) => acc + row * weight(i), 0) / rows2B;
}

/**
 * NT-Xent on [z1; z2] with each pair's logit a function of its cosine similarity alone (CLIP's exp(θ)·s,
 * temperature-free's 2·artanh(s)), positive of i at i ± B, mean over 2B rows.
 */
export function naiveLogitNtXent(raw: Float64Array, rows2B: number, cols: number, logit: (s: number) => number): number {
  return naiveRowLosses(raw, rows2B, cols, (s) => logit(s), {}).reduce((a, b) => a + b, 0) / rows2B;
}

/** A pair's logit from its similarity s and the similarity τ is computed from (a frozen copy's, when detached). */
type PairLogit = (s: number, sForTau: number) => number;

const temperatureLogit =
  (tau: TauFn): PairLogit =>
  (s, sForTau) =>
    s / tau(sForTau);

/** Each row's NT-Xent loss before MACL's weight. */
function naiveRowLosses(raw: Float64Array, rows2B: number, cols: number, logit: PairLogit, o: NaiveLossOptions): number[] {
  const z = normaliseRows(raw, rows2B, cols);
  const zt = o.tauBatch ? normaliseRows(o.tauBatch, rows2B, cols) : z;
  const half = rows2B / 2;
  const rows: number[] = [];
  for (let i = 0; i < rows2B; i++) {
    const p = (i + half) % rows2B;
    const logits: number[] = [];
    let positiveLogit = 0;
    for (let j = 0; j < rows2B; j++) {
      if (j === i) continue;
      const l = logit(dot(z, i, z, j, cols), dot(zt, i, zt, j, cols));
      if (j === p) positiveLogit = l;
      if (!(o.decoupled && j === p)) logits.push(l);
    }
    const m = Math.max(...logits);
    rows.push(m + Math.log(logits.reduce((acc, l) => acc + Math.exp(l - m), 0)) - positiveLogit);
  }
  return rows;
}

/**
 * Standard SimCLR NT-Xent with a constant τ, in the official code's layout: positives = diag(sim, ±B),
 * negatives = sim with the diagonal and positive pairs masked out, cross-entropy with the positive at index 0.
 */
export function standardNtXent(z1: Float64Array, z2: Float64Array, batch: number, cols: number, tau: number): number {
  const z = normaliseRows(Float64Array.from([...z1, ...z2]), 2 * batch, cols);
  const n = 2 * batch;
  const sim = (i: number, j: number) => dot(z, i, z, j, cols);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const pos = i < batch ? sim(i, i + batch) : sim(i, i - batch);
    const neg: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i && j !== (i + batch) % n) neg.push(sim(i, j));
    const logits = [pos, ...neg].map((x) => x / tau);
    const m = Math.max(...logits);
    loss += -(logits[0]! - m - Math.log(logits.reduce((a, l) => a + Math.exp(l - m), 0)));
  }
  return loss / n;
}

/** Central finite differences of f at x, in float64. */
export function finiteDifferenceGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[k] += h;
    minus[k] -= h;
    g[k] = (f(plus) - f(minus)) / (2 * h);
  }
  return g;
}

function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, cols: number): number {
  let d = 0;
  for (let k = 0; k < cols; k++) d += (a[i * cols + k]! - b[j * cols + k]!) ** 2;
  return d;
}

/** The embedding metrics of paper.md §6 / the analyzer, on raw rows (normalised here). */
export function naiveMetrics(
  v1raw: Float64Array,
  v2raw: Float64Array,
  labels: Int32Array,
  n: number,
  d: number,
  k: number,
  t: number,
) {
  const v1 = normaliseRows(v1raw, n, d);
  const v2 = normaliseRows(v2raw, n, d);
  let alignment = 0;
  for (let i = 0; i < n; i++) alignment += squaredDistance(v1, i, v2, i, d) / n;

  let u = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) u += Math.exp(-2 * squaredDistance(v1, i, v1, j, d));
  const uniformity = Math.log(u / ((n * (n - 1)) / 2));

  let tol = 0;
  let count = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j && labels[i] === labels[j]) {
        tol += dot(v1, i, v1, j, d);
        count++;
      }

  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const mu = new Float64Array(classes.length * d);
  classes.forEach((c, ci) => {
    let m = 0;
    for (let i = 0; i < n; i++)
      if (labels[i] === c) {
        m++;
        for (let q = 0; q < d; q++) mu[ci * d + q] += v1[i * d + q]!;
      }
    for (let q = 0; q < d; q++) mu[ci * d + q] /= m;
  });
  let icu = 0;
  for (let a = 0; a < classes.length; a++)
    for (let b = 0; b < classes.length; b++) if (a !== b) icu += Math.exp(-2 * squaredDistance(mu, a, mu, b, d));
  const interClassUniformity = Math.log(icu / (classes.length * (classes.length - 1)));

  let correct = 0;
  for (let i = 0; i < n; i++) {
    const neighbours = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => dot(v1, i, v1, b, d) - dot(v1, i, v1, a, d));
    const score = new Map<number, number>();
    for (const j of neighbours.slice(0, k)) score.set(labels[j]!, (score.get(labels[j]!) ?? 0) + Math.exp(dot(v1, i, v1, j, d) / t));
    let best = Infinity;
    let bestScore = -Infinity;
    for (const [label, sc] of score) if (sc > bestScore || (sc === bestScore && label < best)) [best, bestScore] = [label, sc];
    if (best === labels[i]) correct++;
  }
  return { alignment, uniformity, tolerance: tol / count, interClassUniformity, knnAccuracy: correct / n };
}
