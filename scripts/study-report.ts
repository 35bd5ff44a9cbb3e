/**
 * Tables for a worked study from a sweep's directory: per metric, each cell's mean ± sd over seeds with its
 * 95 % interval, the best cell and the optimal region, each cell against the best constant τ paired by seed,
 * and the constant-τ line; as Markdown on stdout.
 * Usage: npx tsx scripts/study-report.ts DIR [metric …]   (default metrics: knnAccuracy uniformity tolerance)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandCells } from '../src/core/sweep/definition';
import { describeDifference, summarise } from '../src/core/sweep/statistics';
import { finalMetric, initialMetric, summariseSweep, SWEEP_METRICS, type SweepFile, type SweepMetric } from '../src/core/sweep/results';

const [dir, ...metricArgs] = process.argv.slice(2);
if (!dir) throw new Error('usage: npx tsx scripts/study-report.ts DIR [metric …]');
const file = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepFile;
const { definition, runs } = file;
const metrics = (metricArgs.length > 0 ? metricArgs : ['knnAccuracy', 'uniformity', 'tolerance']) as SweepMetric[];
const cells = expandCells(definition);
const digits = 3;
const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

const out: string[] = [];
const seeds = definition.seeds.join(', ');
out.push(`Sweep of ${definition.x.param}${definition.y ? ` × ${definition.y.param}` : ''}, seeds ${seeds}, ${definition.steps} steps; ${runs.filter((r) => r.status === 'ok').length} runs ok, ${runs.filter((r) => r.status === 'diverged').length} diverged, ${runs.filter((r) => r.status === 'skipped').length} skipped.`, '');

for (const metric of metrics) {
  const { label, direction } = SWEEP_METRICS[metric];
  const summary = summariseSweep(definition, cells.length, runs, metric);
  out.push(`**${label}** (${direction} is better; mean ± sd over seeds, [95 % CI]; ★ best, ◆ not distinguishable from it)`, '');
  const xs = definition.x.values;
  const ys = definition.y?.values ?? [undefined];
  out.push(`| ${definition.y ? `${definition.y.param} \\ ` : ''}${definition.x.param} | ${xs.join(' | ')} |`, `|---|${xs.map(() => '---').join('|')}|`);
  for (const y of ys) {
    const row = xs.map((x) => {
      const cell = cells.find((c) => c.x === x && c.y === y)!;
      if ('skipped' in cell.outcome) return 'skipped';
      const verdict = summary.region.cells[cell.index]!;
      const s = verdict.summary;
      if (s.n === 0) return runs.some((r) => 'cell' in r.target && r.target.cell === cell.index) ? 'diverged' : 'not run';
      const mark = summary.region.best === cell.index ? ' ★' : verdict.optimal ? ' ◆' : '';
      return `${fmt(s.mean)} ± ${fmt(s.sd)} [${fmt(s.low)}, ${fmt(s.high)}]${mark}`;
    });
    out.push(`| ${y ?? ''} | ${row.join(' | ')} |`);
  }
  out.push('');
  if (summary.bestConstant) {
    out.push(`Best constant τ: ${summary.bestConstant.tau} (mean ${fmt(summary.bestConstant.mean)}). Each cell minus it, paired by seed:`, '');
    for (const cell of cells) {
      if ('skipped' in cell.outcome) continue;
      const where = `${definition.x.param} ${cell.x}${definition.y ? `, ${definition.y.param} ${cell.y}` : ''}`;
      out.push(`- ${where}: ${describeDifference(summary.toBestConstant[cell.index]!, digits)}`);
    }
    out.push('');
  }
  const line = definition.referenceTaus.map((tau) => {
    const values = runs.filter((r) => 'constantTau' in r.target && r.target.constantTau === tau).map((r) => finalMetric(r, metric));
    const s = summarise(values);
    return `τ = ${tau}: ${fmt(s.mean)} ± ${fmt(s.sd)}`;
  });
  out.push(`Constant-τ line: ${line.join('; ')}.`, '');
  const untrained = summarise(runs.filter((r) => r.status !== 'skipped').map((r) => initialMetric(r, metric)));
  out.push(`Untrained encoder (step 0): ${fmt(untrained.mean)} ± ${fmt(untrained.sd)}.`, '');
}
process.stdout.write(`${out.join('\n')}\n`);
