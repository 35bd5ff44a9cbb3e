import type { LoadedAnalysis } from '../../state/byo';

type MetricKey = 'alignment' | 'uniformity' | 'tolerance' | 'interClassUniformity' | 'knnAccuracy' | 'loss';

const ROWS: readonly { key: MetricKey; name: string; needs: 'view1' | 'view2' | 'labels'; help: string }[] = [
  { key: 'alignment', name: 'Alignment', needs: 'view2', help: 'mean ‖z₁ − z₂‖² over positive pairs (lower: the views agree)' },
  { key: 'uniformity', name: 'Uniformity', needs: 'view1', help: 'log mean exp(−2‖zᵢ − zⱼ‖²) over pairs of view 1 (lower: more uniform)' },
  { key: 'tolerance', name: 'Tolerance', needs: 'labels', help: 'mean similarity of same-class pairs (higher: tighter classes)' },
  { key: 'interClassUniformity', name: 'Inter-class uniformity', needs: 'labels', help: 'log mean exp(−2‖μc − μc′‖²) over class means (lower: classes apart)' },
  { key: 'knnAccuracy', name: 'kNN accuracy', needs: 'labels', help: 'leave-one-out weighted kNN on view 1, k = 20, votes exp(s/0.1)' },
  { key: 'loss', name: 'Loss', needs: 'view2', help: 'NT-Xent on [view 1; view 2] with the temperature of the studio' },
];

/** Pairs of [view 1; view 2] (or of view 1) the streamed pass visits. */
function pairCount(summary: LoadedAnalysis['summary']): number {
  const rows = summary.n * summary.views;
  return (rows * (rows - 1)) / 2;
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '…' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);

/**
 * The analyzer's metrics of the loaded embeddings, computed over every pair (nothing sampled). Each value
 * cell carries data-metric and its full-precision data-value; the loss names its temperature spec.
 */
export function MetricsTable({ loaded, temperatureSpec }: { readonly loaded: LoadedAnalysis; readonly temperatureSpec: string }) {
  const { summary, report, timings } = loaded;
  const has = { view1: true, view2: summary.views === 2, labels: summary.classes > 0 };
  const valueOf = (key: MetricKey): number | undefined => (key === 'loss' ? loaded.loss : report?.[key]);
  const cell = (key: MetricKey, needs: keyof typeof has) => {
    if (!has[needs]) return <td className="metric-missing">needs {needs === 'view2' ? 'view 2' : 'labels'}</td>;
    const value = valueOf(key);
    const stale = key === 'loss' && loaded.lossTemperature !== undefined && loaded.lossTemperature !== temperatureSpec;
    if (value === undefined) return <td className="metric-pending">computing…</td>;
    return (
      <td data-metric={key} data-value={String(value)} {...(key === 'loss' ? { 'data-temperature': loaded.lossTemperature } : {})} className={stale ? 'metric-stale' : undefined}>
        {value.toFixed(6)}
        {stale && <span className="metric-note"> (for {loaded.lossTemperature}; updating…)</span>}
      </td>
    );
  };
  return (
    <div className="metrics-card">
      <h3>Metrics of the loaded embeddings</h3>
      <p className="metrics-meta">
        {summary.n.toLocaleString('en-US')} samples × {summary.dim.toLocaleString('en-US')} dimensions · {summary.views === 2 ? 'two views' : 'one view'}
        {summary.classes > 0 ? ` · ${summary.classes} classes` : ' · no labels'} · every pair, as <code>npm run analyze</code> computes them
      </p>
      <table className="metrics-table">
        <thead>
          <tr>
            <th scope="col">metric</th>
            <th scope="col">value</th>
            <th scope="col">meaning</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              {cell(row.key, row.needs)}
              <td className="metric-help">{row.key === 'loss' ? `NT-Xent on [view 1; view 2], τ = ${loaded.lossTemperature ?? temperatureSpec}` : row.help}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {loaded.metricsPending && (
        <p className="metrics-timing" role="status">
          Computing every metric over all {pairCount(summary).toLocaleString('en-US')} pairs in the background; the figures above come from samples and are ready.
        </p>
      )}
      <p className="metrics-timing" data-timing-first-figures={timings.pairsMs} data-timing-metrics={timings.metricsMs}>
        Since the request: files read and checked {seconds(timings.parseMs)} · pair types {seconds(timings.pairsMs)} · PCA {seconds(timings.projectionMs)} ·
        all metrics {seconds(timings.metricsMs)}
        {loaded.backend ? ` (tfjs ${loaded.backend})` : ''}
        {timings.lossMs !== undefined ? ` · last loss update ${seconds(timings.lossMs)}` : ''}
      </p>
      {loaded.error && (
        <p className="error" role="alert">
          The analysis stopped: {loaded.error}
        </p>
      )}
    </div>
  );
}
