import { pairedDifference, summarise, type PairedDifference, type Summary } from './statistics';

/** Which way a metric improves: kNN accuracy and tolerance up, loss, alignment and uniformity down. */
export type Direction = 'higher' | 'lower';

/** One cell's final metric, by seed (NaN or absent for a seed that diverged or was skipped). */
export type SeedValues = ReadonlyMap<number, number>;

export interface CellVerdict {
  readonly summary: Summary;
  /** This cell minus the best one, paired by seed; the best cell's own is all zeros. */
  readonly toBest: PairedDifference;
  /** The best cell, or not distinguishable from it over at least two paired seeds: the optimal region. */
  readonly optimal: boolean;
}

export interface Region {
  /** Index of the cell with the best mean, or −1 when no cell has a finite one. */
  readonly best: number;
  readonly cells: readonly CellVerdict[];
}

/**
 * The best cell by mean over seeds, and the optimal region: every cell whose difference to the best, paired by
 * seed, has a 95 % interval covering zero. A cell with fewer than two seeds paired with the best cannot be
 * judged and is left out. With few seeds the region is wide, which is the honest answer.
 */
export function optimalRegion(cells: readonly SeedValues[], direction: Direction): Region {
  const summaries = cells.map((values) => summarise([...values.values()]));
  let best = -1;
  for (const [i, s] of summaries.entries()) {
    if (!Number.isFinite(s.mean)) continue;
    if (best < 0 || (direction === 'higher' ? s.mean > summaries[best]!.mean : s.mean < summaries[best]!.mean)) best = i;
  }
  return {
    best,
    cells: cells.map((values, i) => {
      const toBest = pairedDifference(values, best < 0 ? new Map() : cells[best]!);
      return { summary: summaries[i]!, toBest, optimal: best >= 0 && (i === best || (toBest.n >= 2 && toBest.indistinguishable)) };
    }),
  };
}
