import { SimilarityTable, type PairTile } from '../metrics/similarityBlocks';
import type { Temperature } from '../temperature';

export interface StreamingLossOptions {
  readonly decoupled: boolean;
  readonly step: number;
  /** The batch's mean positive similarity A (for MACL). */
  readonly alignment: number;
}

/** What one NtXentAccumulator gathered, to be merged into another (plain arrays: it crosses worker boundaries). */
export interface NtXentState {
  readonly rowSums: Float64Array;
  /** s_i,i+N where this accumulator saw the pair, 0 elsewhere. */
  readonly positives: Float64Array;
  readonly pairsSeen: number;
}

/**
 * The NT-Xent loss of a large 2N batch, accumulated on the host from the lower triangle of its similarity
 * matrix (tiles of the analyzer's pair pass, which several accumulators may share out and merge): the analyzer's loss for 10⁴–10⁵ embeddings, where the tensor form
 * (ntXentRowLosses) would evaluate τ for 4·10⁸ pairs at ~70 ns each. Each denominator term
 * exp(s/τ(s) − shift) comes from a SimilarityTable built from the same temperature function (τ is symmetric in
 * the pair, so each pair serves both rows), while every positive logit is evaluated exactly.
 */
export class NtXentAccumulator {
  private readonly table: SimilarityTable;
  private readonly shift: number;
  private readonly ctx: { step: number; alignment: number };
  private readonly rowSums: Float64Array;
  /** s_i,i+N for i < N. */
  private readonly positives: Float64Array;
  private pairsSeen = 0;

  constructor(
    private readonly half: number,
    private readonly temperature: Temperature,
    private readonly options: StreamingLossOptions,
  ) {
    this.ctx = { step: options.step, alignment: options.alignment };
    const logit = (s: number) => s / temperature.scalar(s, this.ctx);
    // Shifting by the largest logit keeps every term ≤ 1; with τ ≥ 0.01, |logit| ≤ 100, so none underflows in float64.
    let shift = -Infinity;
    for (let k = 0; k <= SimilarityTable.INTERVALS; k++) shift = Math.max(shift, logit(-1 + (2 * k) / SimilarityTable.INTERVALS));
    this.shift = shift;
    this.table = new SimilarityTable((s) => Math.exp(logit(s) - shift));
    this.rowSums = new Float64Array(2 * half);
    this.positives = new Float64Array(half);
  }

  /** The pairs j < i of a tile of [view1; view2]'s similarity matrix. */
  addTile({ rowStart, rows, colStart, columns, values }: PairTile): void {
    const { half, rowSums, table } = this;
    const decoupled = this.options.decoupled;
    for (let i = Math.max(rowStart, colStart + 1); i < rowStart + rows; i++) {
      const offset = (i - rowStart) * columns - colStart;
      const end = Math.min(colStart + columns, i);
      // i's positive partner is i − N when i ≥ N.
      const partner = i - half;
      if (partner >= colStart && partner < end) this.positives[partner] = values[offset + partner]!;
      let sum = 0;
      for (let j = colStart; j < end; j++) {
        if (decoupled && j === partner) continue;
        const term = table.at(values[offset + j]!);
        sum += term;
        rowSums[j] += term;
      }
      rowSums[i] += sum;
      this.pairsSeen += end - colStart;
    }
  }

  state(): NtXentState {
    return { rowSums: this.rowSums, positives: this.positives, pairsSeen: this.pairsSeen };
  }

  /** Adds what another accumulator over other tiles of the same batch gathered. */
  merge(other: NtXentState): void {
    if (other.rowSums.length !== this.rowSums.length) throw new Error('NtXentAccumulator.merge: the states hold different batches');
    for (let i = 0; i < this.rowSums.length; i++) this.rowSums[i] += other.rowSums[i]!;
    for (let i = 0; i < this.half; i++) this.positives[i] += other.positives[i]!;
    this.pairsSeen += other.pairsSeen;
  }

  result(): number {
    const total = 2 * this.half;
    if (this.pairsSeen !== (total * (total - 1)) / 2) throw new Error('NtXentAccumulator: the similarity matrix was not covered');
    let loss = 0;
    for (let i = 0; i < total; i++) {
      const s = this.positives[i % this.half]!;
      let rowLoss = this.shift + Math.log(this.rowSums[i]!) - s / this.temperature.scalar(s, this.ctx);
      if (this.temperature.family.reweighting === 'macl') rowLoss /= Math.max(1 - Math.exp(-rowLoss), 1e-6);
      loss += rowLoss;
    }
    return loss / total;
  }
}
