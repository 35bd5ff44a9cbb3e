import { SimilarityTable, type PairBlock } from '../metrics/similarityBlocks';
import type { Temperature } from '../temperature';

export interface StreamingLossOptions {
  readonly decoupled: boolean;
  readonly step: number;
  /** The batch's mean positive similarity A (for MACL). */
  readonly alignment: number;
}

/**
 * The NT-Xent loss of a large 2N batch, accumulated on the host from the lower triangle of its similarity
 * matrix (forEachPairBlock): the analyzer's loss for 10⁴–10⁵ embeddings, where the tensor form
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

  addBlock({ start, columns, rows, values }: PairBlock): void {
    const { half, rowSums, table } = this;
    for (let j = start + 1; j < start + rows; j++) {
      const offset = (j - start) * columns - start;
      const end = Math.min(start + columns, j);
      // j's positive partner is j − N when j ≥ N.
      const partner = j - half;
      if (partner >= start && partner < end) this.positives[partner] = values[offset + partner]!;
      let sum = 0;
      for (let i = start; i < end; i++) {
        if (this.options.decoupled && i === partner) continue;
        const term = table.at(values[offset + i]!);
        sum += term;
        rowSums[i] += term;
      }
      rowSums[j] += sum;
      this.pairsSeen += end - start;
    }
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
