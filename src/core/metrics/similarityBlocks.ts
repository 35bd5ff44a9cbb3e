/**
 * A block of the similarity matrix S = z·zᵀ below its diagonal: the pairs (i, j) with i in
 * [start, start + columns) and j in [start, n), stored with one row per j:
 * values[(j − start)·columns + (i − start)] = s_ij. Consumers read the entries with j > i and count each
 * pair for both of its rows (S is symmetric), so every pair is computed once.
 */
export interface PairBlock {
  readonly start: number;
  readonly columns: number;
  /** n − start. */
  readonly rows: number;
  readonly values: Float32Array;
}

/**
 * A tile of the similarity matrix: rows [rowStart, rowStart + rows) × columns [colStart, colStart + columns),
 * values[(i − rowStart)·columns + (j − colStart)] = s_ij. Consumers read only the pairs with j < i (the lower
 * triangle) and count each for both of its rows, so tiles covering the lower triangle once visit every pair once.
 */
export interface PairTile {
  readonly rowStart: number;
  readonly rows: number;
  readonly colStart: number;
  readonly columns: number;
  readonly values: Float32Array;
}

/** A PairBlock is the tile below the diagonal of its columns. */
export const blockTile = ({ start, rows, columns, values }: PairBlock): PairTile => ({ rowStart: start, rows, colStart: start, columns, values });


/** f on [−1, 1] tabulated at 2^17 + 1 nodes and interpolated linearly: for the smooth exponentials used here
 *  the error (h²/8·f″) stays below the float32 rounding of s itself, and a lookup costs a fraction of Math.exp. */
export class SimilarityTable {
  static readonly INTERVALS = 1 << 17;
  private readonly values: Float64Array;

  constructor(f: (s: number) => number) {
    const k = SimilarityTable.INTERVALS;
    this.values = Float64Array.from({ length: k + 1 }, (_, i) => f(-1 + (2 * i) / k));
  }

  at(s: number): number {
    const k = SimilarityTable.INTERVALS;
    // Similarities of float32 unit vectors may stray just outside [−1, 1].
    const x = (s > 1 ? 2 : s < -1 ? 0 : s + 1) * (k / 2);
    const i = x >= k ? k - 1 : x | 0;
    const a = this.values[i]!;
    return a + (x - i) * (this.values[i + 1]! - a);
  }
}
