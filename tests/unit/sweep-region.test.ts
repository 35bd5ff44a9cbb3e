import { describe, expect, it } from 'vitest';
import { optimalRegion } from '../../src/core/sweep/region';

const bySeed = (...values: number[]) => new Map(values.map((v, i) => [i + 1, v]));

describe('optimal region', () => {
  // Seeds 1–3. Cell 0 is best; cell 1 trails it by 0.003 ± a lot (noise); cell 2 trails by a steady 0.05.
  const cells = [bySeed(0.95, 0.96, 0.94), bySeed(0.95, 0.95, 0.95), bySeed(0.9, 0.91, 0.89), bySeed(NaN, NaN, NaN)];

  it('marks the best mean and the cells not distinguishable from it, paired by seed', () => {
    const region = optimalRegion(cells, 'higher');
    expect(region.best).toBe(0);
    expect(region.cells.map((c) => c.optimal)).toEqual([true, true, false, false]);
    // Cell 1 − cell 0 by seed: 0, −0.01, +0.01 → mean 0, sd 0.01.
    expect(region.cells[1]!.toBest.mean).toBeCloseTo(0, 12);
    expect(region.cells[1]!.toBest.sd).toBeCloseTo(0.01, 12);
    // Cell 2 − cell 0: −0.05 on every seed → sd 0, interval [−0.05, −0.05]: distinguishable.
    expect(region.cells[2]!.toBest.mean).toBeCloseTo(-0.05, 12);
    expect(region.cells[2]!.toBest.indistinguishable).toBe(false);
    expect(region.cells[3]!.summary.n).toBe(0);
  });

  it('follows the direction of the metric', () => {
    const region = optimalRegion(cells, 'lower');
    expect(region.best).toBe(2);
    expect(region.cells.map((c) => c.optimal)).toEqual([false, false, true, false]);
  });

  it('has no best when no cell finished', () => {
    const region = optimalRegion([bySeed(NaN), bySeed()], 'higher');
    expect(region.best).toBe(-1);
    expect(region.cells.every((c) => !c.optimal)).toBe(true);
  });
});

describe('cells that cannot be judged', () => {
  it('leaves out a cell with a single seed paired with the best', () => {
    const region = optimalRegion([bySeed(0.95, 0.96, 0.94), new Map([[1, 0.99]])], 'higher');
    // The single-seed cell has the better mean, so it is the best; the other is judged against one pair only.
    expect(region.best).toBe(1);
    expect(region.cells.map((c) => c.optimal)).toEqual([false, true]);
  });
});
