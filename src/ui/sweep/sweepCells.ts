import { expandCells, type SweepDefinition } from '../../core/sweep/definition';
import { SWEEP_METRICS, summariseSweep, type SweepMetric, type SweepRun } from '../../core/sweep/results';
import { formatValue } from '../format';

/** One line per cell of the grid for the panel's list: where it is, its mean ± CI, and how far it has got. */
export interface CellLine {
  readonly index: number;
  /** "tmin 0.1, tmax 0.2". */
  readonly place: string;
  /** "kNN accuracy 0.912 ± 0.011", "skipped: …", or "not run yet". */
  readonly value: string;
  readonly best: boolean;
  readonly optimal: boolean;
  readonly trainable: boolean;
}

const number = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : '–');

export function cellLines(definition: SweepDefinition, runs: readonly SweepRun[], metric: SweepMetric): readonly CellLine[] {
  const cells = expandCells(definition);
  const { region } = summariseSweep(definition, cells.length, runs, metric);
  const label = SWEEP_METRICS[metric].label;
  return cells.map((cell) => {
    const place = [`${definition.x.param} ${formatValue(cell.x)}`, ...(definition.y && cell.y !== undefined ? [`${definition.y.param} ${formatValue(cell.y)}`] : [])].join(', ');
    const verdict = region.cells[cell.index]!;
    const { n, mean, halfWidth } = verdict.summary;
    let value: string;
    if ('skipped' in cell.outcome) value = `skipped: ${cell.outcome.skipped}`;
    else if (n === 0) value = runs.some((r) => 'cell' in r.target && r.target.cell === cell.index) ? `${label}: diverged` : `${label}: not run yet`;
    else value = `${label} ${number(mean)}${n > 1 ? ` ± ${number(halfWidth)}` : ''} (n = ${n})`;
    return { index: cell.index, place, value, best: region.best === cell.index, optimal: verdict.optimal, trainable: 'config' in cell.outcome };
  });
}
