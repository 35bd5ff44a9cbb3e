/**
 * The paper's pair taxonomy for a 2B batch (two views of B distinct samples; labels are used for analysis
 * only, never in training): true positives are the two views of one sample, false negatives are different
 * samples of the same class, true negatives are samples of different classes.
 */
export interface PairSplit {
  readonly truePositive: Float32Array;
  readonly falseNegative: Float32Array;
  readonly trueNegative: Float32Array;
}

/** Splits the similarities of the pairs i < j of a 2B×2B matrix (row-major); `labels[i]` is sample i's class (i < B). */
export function splitBatchPairs(similarity: ArrayLike<number>, labels: ArrayLike<number>): PairSplit {
  const half = labels.length;
  const rows = 2 * half;
  const tp: number[] = [];
  const fn: number[] = [];
  const tn: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      const s = similarity[i * rows + j]!;
      if (j === i + half) tp.push(s);
      else if (labels[i % half] === labels[j % half]) fn.push(s);
      else tn.push(s);
    }
  }
  return { truePositive: Float32Array.from(tp), falseNegative: Float32Array.from(fn), trueNegative: Float32Array.from(tn) };
}

/**
 * Exact 1-D Wasserstein-1 (earth mover's) distance between two empirical distributions: ∫|F_a(x) − F_b(x)| dx,
 * by a merge over the sorted samples. NaN when either is empty or holds NaN.
 */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return wasserstein1Sorted(Float64Array.from(a).sort(), Float64Array.from(b).sort());
}

/** The same distance between two samples already sorted ascending (sort each once for several distances). */
export function wasserstein1Sorted(x: Float64Array, y: Float64Array): number {
  if (x.length === 0 || y.length === 0) return NaN;
  // Walk the merged order one sample at a time; between consecutive values the CDFs differ by |i/n − j/m|.
  let i = 0;
  let j = 0;
  let distance = 0;
  let previous = Math.min(x[0]!, y[0]!);
  while (i < x.length || j < y.length) {
    const fromX = j >= y.length || (i < x.length && x[i]! <= y[j]!);
    const next = fromX ? x[i]! : y[j]!;
    distance += Math.abs(i / x.length - j / y.length) * (next - previous);
    previous = next;
    if (fromX) i++;
    else j++;
  }
  return distance;
}
