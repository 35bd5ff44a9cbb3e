import { expNearZero } from './fastExp';
import { blockTile, type PairBlock, type PairTile } from './similarityBlocks';

/**
 * Uniformity, tolerance and leave-one-out weighted kNN accuracy of n normalised embeddings, accumulated in
 * float64 from the lower triangle of their similarity matrix (tiles of the analyzer's pair pass, or a trainer
 * snapshot). Several accumulators may share the tiles out and be merged. Pure: no tfjs, no DOM.
 */
export interface PairMetricsResult {
  /** log of the mean over pairs i ≠ j of exp(−2‖z_i − z_j‖²) (Wang & Isola, t = 2). */
  readonly uniformity: number;
  /** Mean s_ij over ordered same-label pairs i ≠ j (Wang & Liu). */
  readonly tolerance?: number;
  readonly knnAccuracy?: number;
}

export interface Labelling {
  /** Dense labels 0..classes−1 (see denseLabels). */
  readonly labels: Int32Array;
  readonly classes: number;
}

/** What one PairMetrics gathered, to be merged into another (plain arrays: it crosses worker boundaries). */
export interface PairMetricsState {
  readonly uniformitySum: number;
  readonly toleranceSum: number;
  readonly toleranceCount: number;
  /** Per row, its k best similarities so far (−Infinity where fewer were seen) and their columns. */
  readonly topValues: Float64Array;
  readonly topIndices: Int32Array;
}

export class PairMetrics {
  private uniformitySum = 0;
  private toleranceSum = 0;
  private toleranceCount = 0;
  private readonly k: number;
  /** Per row, the k best similarities seen so far, their columns, and the slot of the smallest. */
  private readonly topValues: Float64Array;
  private readonly topIndices: Int32Array;
  private readonly minSlot: Int32Array;
  /** topValues at minSlot: the similarity a candidate must beat. */
  private readonly threshold: Float64Array;

  constructor(
    private readonly n: number,
    private readonly labelling: Labelling | undefined,
    k: number,
    private readonly knnT: number,
  ) {
    this.k = Math.min(k, n - 1);
    this.topValues = new Float64Array(labelling ? n * this.k : 0).fill(-Infinity);
    this.topIndices = new Int32Array(labelling ? n * this.k : 0);
    this.minSlot = new Int32Array(labelling ? n : 0);
    this.threshold = new Float64Array(labelling ? n : 0).fill(-Infinity);
  }

  /** A block of the lower triangle of an N×N similarity matrix with N ≥ n (see addTile). */
  addBlock(block: PairBlock): void {
    this.addTile(blockTile(block));
  }

  /**
   * A tile of the lower triangle of an N×N similarity matrix with N ≥ n: only pairs j < i < n are read (so a
   * tile of [view1; view2]'s matrix feeds view1's metrics), each counted for both of its rows.
   */
  addTile({ rowStart, rows, colStart, columns, values }: PairTile): void {
    const labels = this.labelling?.labels;
    const threshold = this.threshold;
    // exp(−2‖z_i − z_j‖²) = exp(4s − 4) for unit vectors.
    let u = 0;
    for (let i = Math.max(rowStart, colStart + 1); i < Math.min(rowStart + rows, this.n); i++) {
      const offset = (i - rowStart) * columns - colStart;
      const end = Math.min(colStart + columns, i);
      if (!labels) {
        for (let j = colStart; j < end; j++) u += expNearZero(4 * values[offset + j]! - 4);
        continue;
      }
      // One sweep for all three: uniformity, tolerance and the kNN candidates of both rows of each pair.
      const own = labels[i]!;
      let tolerance = 0;
      let count = 0;
      let rowThreshold = threshold[i]!;
      for (let j = colStart; j < end; j++) {
        const s = values[offset + j]!;
        u += expNearZero(4 * s - 4);
        if (labels[j] === own) {
          tolerance += s;
          count++;
        }
        if (s > rowThreshold) rowThreshold = this.offer(i, j, s);
        if (s > threshold[j]!) this.offer(j, i, s);
      }
      this.toleranceSum += 2 * tolerance;
      this.toleranceCount += 2 * count;
    }
    this.uniformitySum += 2 * u;
  }

  state(): PairMetricsState {
    const { uniformitySum, toleranceSum, toleranceCount, topValues, topIndices } = this;
    return { uniformitySum, toleranceSum, toleranceCount, topValues, topIndices };
  }

  /** Adds what another accumulator over other tiles of the same rows gathered. */
  merge(other: PairMetricsState): void {
    this.uniformitySum += other.uniformitySum;
    this.toleranceSum += other.toleranceSum;
    this.toleranceCount += other.toleranceCount;
    const { k, threshold } = this;
    if (other.topValues.length !== this.topValues.length) throw new Error('PairMetrics.merge: the states hold different rows');
    for (let row = 0; row < this.topValues.length / Math.max(k, 1); row++) {
      for (let q = row * k; q < (row + 1) * k; q++) {
        const s = other.topValues[q]!;
        if (s > threshold[row]!) this.offer(row, other.topIndices[q]!, s);
      }
    }
  }

  /** Replaces row's weakest neighbour by (column, s); returns the row's new threshold. */
  private offer(row: number, column: number, s: number): number {
    const base = row * this.k;
    const slot = base + this.minSlot[row]!;
    this.topValues[slot] = s;
    this.topIndices[slot] = column;
    let min = 0;
    for (let q = 1; q < this.k; q++) if (this.topValues[base + q]! < this.topValues[base + min]!) min = q;
    this.minSlot[row] = min;
    return (this.threshold[row] = this.topValues[base + min]!);
  }

  /** Weighted vote of the k most similar j ≠ i; the highest score wins, ties to the lowest label. */
  private predict(i: number, scores: Float64Array): number {
    const labels = this.labelling!.labels;
    const base = i * this.k;
    let best = -Infinity;
    for (let q = 0; q < this.k; q++) best = Math.max(best, this.topValues[base + q]!);
    scores.fill(0);
    // Subtracting the best similarity keeps exp finite for small t; it scales every vote of the row alike.
    for (let q = 0; q < this.k; q++) {
      scores[labels[this.topIndices[base + q]!]!] += Math.exp((this.topValues[base + q]! - best) / this.knnT);
    }
    let winner = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[winner]!) winner = c;
    return winner;
  }

  /** Per sample, whether the weighted kNN classifies it correctly (1) or not (0); undefined without labels. */
  knnCorrect(): Uint8Array | undefined {
    if (!this.labelling) return undefined;
    const scores = new Float64Array(this.labelling.classes);
    const labels = this.labelling.labels;
    return Uint8Array.from({ length: this.n }, (_, i) => (this.predict(i, scores) === labels[i] ? 1 : 0));
  }

  result(): PairMetricsResult {
    const uniformity = Math.log(this.uniformitySum / (this.n * (this.n - 1)));
    if (!this.labelling) return { uniformity };
    const scores = new Float64Array(this.labelling.classes);
    let correct = 0;
    for (let i = 0; i < this.n; i++) if (this.predict(i, scores) === this.labelling.labels[i]) correct++;
    return {
      uniformity,
      ...(this.toleranceCount > 0 ? { tolerance: this.toleranceSum / this.toleranceCount } : {}),
      knnAccuracy: correct / this.n,
    };
  }
}

/** Maps arbitrary integer labels to 0..C−1 in ascending order, so "ties to the lowest label" is preserved. */
export function denseLabels(labels: Int32Array): Labelling {
  const sorted = [...new Set(labels)].sort((a, b) => a - b);
  const index = new Map(sorted.map((v, i) => [v, i]));
  return { labels: labels.map((v) => index.get(v)!), classes: sorted.length };
}

/**
 * Inter-class uniformity: log of the mean over ordered class pairs c ≠ c′ of exp(−2‖μ_c − μ_c′‖²), μ_c the
 * mean of class c's normalised embeddings (row-major n×d), not re-normalised. An assumed reading of the
 * paper's Eq. 12. Undefined (NaN) for fewer than two classes.
 */
export function interClassUniformity(z: ArrayLike<number>, d: number, labelling: Labelling): number {
  const { labels, classes } = labelling;
  if (classes < 2) return NaN;
  const mu = new Float64Array(classes * d);
  const count = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    count[c]++;
    for (let q = 0; q < d; q++) mu[c * d + q] += z[i * d + q]!;
  }
  for (let c = 0; c < classes; c++) for (let q = 0; q < d; q++) mu[c * d + q] /= count[c]!;
  let sum = 0;
  for (let a = 0; a < classes; a++) {
    for (let b = 0; b < classes; b++) {
      if (a === b) continue;
      let d2 = 0;
      for (let q = 0; q < d; q++) d2 += (mu[a * d + q]! - mu[b * d + q]!) ** 2;
      sum += Math.exp(-2 * d2);
    }
  }
  return Math.log(sum / (classes * (classes - 1)));
}

/** The whole similarity matrix of n embeddings (row-major n×d) as one PairBlock, computed on the host. */
export function pairBlockFromEmbeddings(z: ArrayLike<number>, n: number, d: number): PairBlock {
  const values = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += z[i * d + q]! * z[j * d + q]!;
      values[j * n + i] = s;
    }
  }
  return { start: 0, columns: n, rows: n, values };
}
