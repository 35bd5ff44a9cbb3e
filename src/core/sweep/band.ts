import { createTemperature, variesPerSample } from '../temperature';
import { expandCells, type SweepDefinition } from './definition';
import type { Region } from './region';

/** The pointwise range of τ(s) over the optimal region's cells: where τ should be low and where high. */
export interface TemperatureBand {
  readonly s: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];
  /** How many cells of the region entered (cells whose temperature the family builds). */
  readonly cells: number;
}

/**
 * For the τ setting of every cell in the optimal region, the minimum and the maximum of τ(s) at each s (τ at
 * step 0 and zero alignment, as the temperature figure draws it); null when the region is empty or its
 * temperatures are trained per sample (no curve τ(s)).
 */
export function optimalTemperatureBand(definition: SweepDefinition, region: Region, s: readonly number[]): TemperatureBand | null {
  const low = s.map(() => Infinity);
  const high = s.map(() => -Infinity);
  let cells = 0;
  for (const cell of expandCells(definition)) {
    if (!region.cells[cell.index]?.optimal || !('config' in cell.outcome)) continue;
    const temperature = createTemperature(cell.outcome.config.temperature);
    // A τ trained per sample has no curve τ(s): it adds nothing to a band of curves.
    if (!temperature.ok || variesPerSample(temperature.value.family)) continue;
    cells++;
    s.forEach((v, k) => {
      const tau = temperature.value.scalar(v);
      low[k] = Math.min(low[k]!, tau);
      high[k] = Math.max(high[k]!, tau);
    });
  }
  return cells > 0 ? { s: [...s], low, high, cells } : null;
}
