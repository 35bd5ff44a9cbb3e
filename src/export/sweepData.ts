import { expandCells } from '../core/sweep/definition';
import { finalMetric, summariseSweep } from '../core/sweep/results';
import { summarise } from '../core/sweep/statistics';
import type { SweepFigureData } from '../figures/sweepFigure';
import type { Cell, DataTable } from './figureData';

const flag = (value: boolean): string => (value ? 'true' : 'false');

/**
 * The sweep figure's numbers: one row per grid cell (its axis values, the runs by status, mean, sd and 95 %
 * interval over seeds, whether it is the best cell or in the optimal region, and its difference to the best
 * constant τ paired by seed), and one row per constant τ of the reference line.
 */
export function sweepFigureTables({ definition, runs, view }: SweepFigureData): readonly DataTable[] {
  const cells = expandCells(definition);
  const summary = summariseSweep(definition, cells.length, runs, view.metric);
  const axes = [definition.x.param, ...(definition.y ? [definition.y.param] : [])];
  const cellRows = cells.map((cell, i): Cell[] => {
    const own = runs.filter((r) => 'cell' in r.target && r.target.cell === i);
    const count = (status: string): number => own.filter((r) => r.status === status).length;
    const { summary: s, optimal } = summary.region.cells[i]!;
    const d = summary.toBestConstant[i]!;
    return [
      i,
      cell.x,
      ...(definition.y ? [cell.y] : []),
      count('ok'),
      count('diverged'),
      'skipped' in cell.outcome ? definition.seeds.length : count('skipped'),
      'skipped' in cell.outcome ? cell.outcome.skipped : '',
      s.n,
      s.mean,
      s.sd,
      s.low,
      s.high,
      flag(optimal),
      flag(i === summary.region.best),
      d.n,
      d.mean,
      d.low,
      d.high,
      flag(d.indistinguishable),
    ];
  });
  const constantRows = definition.referenceTaus.map((tau): Cell[] => {
    const own = runs.filter((r) => 'constantTau' in r.target && r.target.constantTau === tau);
    const s = summarise(own.map((r) => finalMetric(r, view.metric)));
    return [tau, own.filter((r) => r.status === 'ok').length, own.filter((r) => r.status === 'diverged').length, s.n, s.mean, s.sd, s.low, s.high, flag(summary.bestConstant?.tau === tau)];
  });
  return [
    {
      name: `sweep-cells-${view.metric}`,
      columns: [
        'cell',
        ...axes,
        'ok',
        'diverged',
        'skipped',
        'skipped_reason',
        'n',
        'mean',
        'sd',
        'ci_low',
        'ci_high',
        'optimal',
        'best',
        'vs_constant_n',
        'vs_constant_mean',
        'vs_constant_low',
        'vs_constant_high',
        'vs_constant_indistinguishable',
      ],
      rows: cellRows,
    },
    { name: `sweep-constant-${view.metric}`, columns: ['tau', 'ok', 'diverged', 'n', 'mean', 'sd', 'ci_low', 'ci_high', 'best'], rows: constantRows },
  ];
}
