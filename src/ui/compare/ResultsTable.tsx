import { format } from 'd3';
import type { ResultMetric, ResultRow, MeanSd } from '../../state/compareTable';

export interface TableRow extends ResultRow {
  readonly key: string;
  readonly color: string;
  readonly kind: 'pinned' | 'compared';
}

const COLUMNS: readonly { key: ResultMetric; label: string; hint?: string }[] = [
  { key: 'loss', label: 'final loss' },
  { key: 'knnAccuracy', label: 'kNN accuracy' },
  { key: 'alignment', label: 'alignment', hint: '↓' },
  { key: 'uniformity', label: 'uniformity', hint: '↓' },
  { key: 'tolerance', label: 'tolerance', hint: '↑' },
  { key: 'interClassUniformity', label: 'inter-class uniformity', hint: '↓' },
];

const decimal = format('.3f');
const percent = format('.1%');

/** The mean, and under it the sd when there is one (the text reads "0.512 ± 0.013"). */
function Cell({ metric, value }: { readonly metric: ResultMetric; readonly value: MeanSd | null }) {
  if (!value) return <>–</>;
  const f = metric === 'knnAccuracy' ? percent : decimal;
  if (value.sd === null) return <>{f(value.mean)}</>;
  return (
    <>
      {f(value.mean)} <span className="sd">± {f(value.sd)}</span>
    </>
  );
}

/** Final metrics of every pinned and compared run; several seeds give mean ± sample sd. */
export function ResultsTable({ rows, final }: { readonly rows: readonly TableRow[]; readonly final: boolean }) {
  const seeded = rows.some((r) => r.runs > 1);
  return (
    <div className="compare-table-wrap">
      <table className="compare-table" data-role="results">
        <caption>
          {final ? 'Final metrics' : 'Metrics at the newest evaluation'} on the held-out set{seeded ? ': mean ± sample standard deviation (n − 1) over the seeds' : ''}. Arrows: which way is
          better by the metric’s definition.
        </caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">seeds</th>
            <th scope="col">step</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
                {c.hint && <span aria-label={c.hint === '↓' ? ' (lower is better)' : ' (higher is better)'}> {c.hint}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-run={r.label} data-kind={r.kind}>
              <th scope="row">
                <span className="run-swatch" style={{ background: r.color }} aria-hidden="true" />
                {r.label}
                {r.kind === 'pinned' && <span className="tag">pinned</span>}
              </th>
              <td>
                {r.runs}
                {r.diverged > 0 && <span className="diverged"> ({r.diverged} diverged)</span>}
              </td>
              <td>{r.step === null ? '–' : r.step.toLocaleString('en-US')}</td>
              {COLUMNS.map((c) => (
                <td key={c.key} data-metric={c.key}>
                  <Cell metric={c.key} value={r.metrics[c.key]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
