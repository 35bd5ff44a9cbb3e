/**
 * The quick, sampled side of analysing loaded embeddings: similarities by pair type from a uniform sample of
 * pairs, a small similarity matrix for the gradient profile, and a row subsample for the projections. Pure
 * host code (no tfjs, no DOM), run in the analysis worker before the full streamed metrics.
 *
 * The rows are [view1; view2] when there are two views (row i + n is sample i's second view), as in a
 * training batch: true positives pair the two views of one sample, false negatives two samples of one
 * class (any views), true negatives two samples of different classes. Without labels every negative is
 * counted as a true negative.
 */
import { wasserstein1, type EmbeddingMatrix, type PairSplit } from '../core/metrics';
import type { SeededRandom } from '../core/random';

export interface PairDistancesW1 {
  readonly tpFn: number;
  readonly fnTn: number;
  readonly tpTn: number;
}

/** How many pairs of each type exist, and how many were drawn. */
export interface PairCounts {
  readonly truePositive: number;
  readonly falseNegative: number;
  readonly trueNegative: number;
}

export interface PairSample {
  readonly pairs: PairSplit;
  readonly distances: PairDistancesW1;
  readonly total: PairCounts;
  /** True when a type has more pairs than the cap, so its histogram is a sample. */
  readonly sampled: boolean;
}

/** Rows scaled to unit length (float64 norm), as the metrics normalise them. */
export function normaliseRows({ rows, cols, data }: EmbeddingMatrix): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let norm2 = 0;
    for (let c = 0; c < cols; c++) norm2 += data[r * cols + c]! ** 2;
    const scale = 1 / Math.max(Math.sqrt(norm2), 1e-12);
    for (let c = 0; c < cols; c++) out[r * cols + c] = data[r * cols + c]! * scale;
  }
  return out;
}

/** The unit rows of both views, stacked: row i + n is view 2 of sample i. */
export interface UnitRows {
  readonly n: number;
  readonly dim: number;
  readonly views: 1 | 2;
  readonly z: Float32Array;
  readonly labels?: Int32Array;
}

export function unitRows(view1: EmbeddingMatrix, view2?: EmbeddingMatrix, labels?: Int32Array): UnitRows {
  const z1 = normaliseRows(view1);
  if (!view2) return { n: view1.rows, dim: view1.cols, views: 1, z: z1, ...(labels ? { labels } : {}) };
  const z = new Float32Array(2 * z1.length);
  z.set(z1);
  z.set(normaliseRows(view2), z1.length);
  return { n: view1.rows, dim: view1.cols, views: 2, z, ...(labels ? { labels } : {}) };
}

function dot(z: Float32Array, d: number, a: number, b: number): number {
  let s = 0;
  for (let q = 0; q < d; q++) s += z[a * d + q]! * z[b * d + q]!;
  return s;
}

function classMembers(labels: Int32Array): Int32Array[] {
  const byLabel = new Map<number, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  });
  return [...byLabel.values()].map((m) => Int32Array.from(m));
}

/** Index drawn with probability proportional to `cumulative`'s increments (cumulative ascending). */
function pick(cumulative: Float64Array, random: SeededRandom): number {
  const u = random.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Pair similarities by type: every pair of a type when there are at most `cap`, otherwise `cap` pairs drawn
 * uniformly (with replacement) from all of that type. W₁ distances between the three samples.
 */
export function samplePairs(rows: UnitRows, cap: number, random: SeededRandom): PairSample {
  const { n, dim: d, views, z, labels } = rows;
  const viewPairs = views === 2 ? 4 : 1;
  const classes = labels ? classMembers(labels) : [];
  const sameLabelPairs = classes.reduce((acc, m) => acc + (m.length * (m.length - 1)) / 2, 0);
  const instancePairs = (n * (n - 1)) / 2;
  const total: PairCounts = {
    truePositive: views === 2 ? n : 0,
    falseNegative: labels ? viewPairs * sameLabelPairs : 0,
    trueNegative: viewPairs * (labels ? instancePairs - sameLabelPairs : instancePairs),
  };
  const row = (sample: number, view: number): number => sample + view * n;
  const randomView = (): number => (views === 2 ? random.int(2) : 0);
  const differs = (i: number, j: number): boolean => (labels ? labels[i] !== labels[j] : i !== j);

  const truePositive = new Float32Array(Math.min(total.truePositive, cap));
  if (total.truePositive > cap) for (let k = 0; k < cap; k++) {
    const i = random.int(n);
    truePositive[k] = dot(z, d, i, i + n);
  }
  else for (let i = 0; i < truePositive.length; i++) truePositive[i] = dot(z, d, i, i + n);

  const falseNegative = new Float32Array(Math.min(total.falseNegative, cap));
  if (total.falseNegative > cap) {
    // A class with probability ∝ its pairs, then two of its samples: uniform over same-class pairs.
    let acc = 0;
    const cumulative = Float64Array.from(classes, (m) => (acc += m.length * (m.length - 1)));
    for (let k = 0; k < cap; k++) {
      const members = classes[pick(cumulative, random)]!;
      const a = random.int(members.length);
      const b = (a + 1 + random.int(members.length - 1)) % members.length;
      falseNegative[k] = dot(z, d, row(members[a]!, randomView()), row(members[b]!, randomView()));
    }
  } else {
    let k = 0;
    for (const members of classes) {
      for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) {
        for (let va = 0; va < views; va++) for (let vb = 0; vb < views; vb++) falseNegative[k++] = dot(z, d, row(members[a]!, va), row(members[b]!, vb));
      }
    }
  }

  const trueNegative = new Float32Array(Math.min(total.trueNegative, cap));
  if (total.trueNegative > cap) {
    // Two samples drawn uniformly until their labels differ: uniform over different-label pairs.
    for (let k = 0; k < cap; ) {
      const i = random.int(n);
      const j = random.int(n);
      if (!differs(i, j)) continue;
      trueNegative[k++] = dot(z, d, row(i, randomView()), row(j, randomView()));
    }
  } else {
    let k = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      if (!differs(i, j)) continue;
      for (let va = 0; va < views; va++) for (let vb = 0; vb < views; vb++) trueNegative[k++] = dot(z, d, row(i, va), row(j, vb));
    }
  }

  const pairs: PairSplit = { truePositive, falseNegative, trueNegative };
  return {
    pairs,
    distances: {
      tpFn: wasserstein1(truePositive, falseNegative),
      fnTn: wasserstein1(falseNegative, trueNegative),
      tpTn: wasserstein1(truePositive, trueNegative),
    },
    total,
    sampled: total.truePositive > cap || total.falseNegative > cap || total.trueNegative > cap,
  };
}

/** `m` distinct rows of [0, n), ascending (all of them when m ≥ n). */
export function sampleRows(n: number, m: number, random: SeededRandom): Int32Array {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  return random.sampleWithoutReplacement(n, m).sort();
}

/**
 * The full 2m×2m similarity matrix (row-major, diagonal 1) of m sampled samples' two views, [view1; view2]
 * as in a training batch, with the samples' labels (−1 without labels): what negativeProfile reads.
 */
export function batchMatrix(rows: UnitRows, indices: Int32Array): { similarity: Float32Array; rows: number; labels: Int32Array } {
  if (rows.views !== 2) throw new Error('batchMatrix needs two views');
  const m = indices.length;
  const size = 2 * m;
  const at = (k: number): number => (k < m ? indices[k]! : indices[k - m]! + rows.n);
  const similarity = new Float32Array(size * size);
  for (let a = 0; a < size; a++) {
    similarity[a * size + a] = dot(rows.z, rows.dim, at(a), at(a));
    for (let b = a + 1; b < size; b++) {
      const s = dot(rows.z, rows.dim, at(a), at(b));
      similarity[a * size + b] = s;
      similarity[b * size + a] = s;
    }
  }
  const labels = Int32Array.from(indices, (i) => rows.labels?.[i] ?? -1);
  return { similarity, rows: size, labels };
}

/** The selected rows of view 1 (unit vectors), row-major. */
export function gatherRows(rows: UnitRows, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * rows.dim);
  indices.forEach((i, k) => out.set(rows.z.subarray(i * rows.dim, (i + 1) * rows.dim), k * rows.dim));
  return out;
}
