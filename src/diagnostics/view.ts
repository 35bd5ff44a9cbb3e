import type { BackendAttempt, BackendName, BackendReport } from '../worker/backends';
import type { DiagnosticsParams } from './params';
import type { StepComparison, TrainingRun } from './trainingRun';
import type { WorkerCheck } from './workerCheck';

/** One backend's line in the table. Typed arrays are left out: this is also the page's JSON output. */
export interface BackendRow {
  readonly backend: BackendName;
  readonly selfTest: BackendAttempt;
  readonly training?: Omit<TrainingRun, 'embedding' | 'similarity'>;
  readonly comparison?: StepComparison;
}

export interface DiagnosticsResult {
  readonly params?: DiagnosticsParams;
  readonly userAgent: string;
  /** The usual selection with fallback (absent when every backend is tested on its own, or for the worker). */
  readonly selection?: BackendReport;
  readonly rows: readonly BackendRow[];
  readonly worker?: WorkerCheck;
  readonly passed: boolean;
  readonly error?: string;
  /** What the page's link asked for that was ignored, one sentence each. */
  readonly notices?: readonly string[];
}

const ms = (value: number | undefined): string =>
  value === undefined ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const small = (value: number): string => (value === 0 ? '0' : value.toExponential(1));

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function comparisonSentence(c: StepComparison, steps: number): string {
  const what = steps === 1 ? 'One training step' : `${steps} training steps`;
  return (
    `${what} on ${c.backend} vs cpu: loss ${c.loss.toFixed(5)} vs ${c.cpuLoss.toFixed(5)} ` +
    `(relative difference ${small(c.lossRelativeDifference)}), max embedding difference ${small(c.maxEmbeddingDifference)}, ` +
    `max similarity difference ${small(c.maxSimilarityDifference)} — ${c.withinTolerance ? 'agrees' : 'DISAGREES'}`
  );
}

function rowCells(row: BackendRow): string[] {
  const t = row.training;
  const selfTest = row.selfTest.ok ? 'passed' : `skipped: ${row.selfTest.reason ?? 'failed'}`;
  const versus = row.comparison ? (row.comparison.withinTolerance ? 'agrees' : 'disagrees') : row.backend === 'cpu' && t ? 'reference' : '—';
  return [
    row.backend,
    selfTest,
    ms(row.selfTest.selfTestMs),
    ms(t?.firstStepsMs),
    ms(t?.steadyStepMs),
    ms(t?.snapshotMs),
    t ? t.loss.toFixed(5) : '—',
    versus,
  ];
}

/** Replaces the page's content with the result: sentences, a table, and the JSON in <pre id="result">. */
export function renderResult(root: HTMLElement, result: DiagnosticsResult): void {
  root.replaceChildren();
  root.append(element('p', result.passed ? 'All checks passed.' : 'Some checks failed.', result.passed ? 'passed' : 'failed'));
  for (const notice of result.notices ?? []) root.append(element('p', notice));
  if (result.error) root.append(element('p', `Error: ${result.error}`, 'failed'));
  if (result.selection) {
    const s = result.selection;
    root.append(element('p', `Requested ${s.requested}: training would use ${s.actual}.`));
  }
  for (const row of result.rows) {
    if (row.comparison) root.append(element('p', comparisonSentence(row.comparison, row.training?.steps ?? 1)));
  }
  if (result.rows.length > 0) {
    const table = element('table');
    const head = element('tr');
    for (const h of ['backend', 'self-test', 'self-test time', 'first step(s)', 'steady step', 'snapshot', 'loss', 'vs cpu']) {
      head.append(element('th', h));
    }
    table.append(head);
    for (const row of result.rows) {
      const tr = element('tr');
      for (const cell of rowCells(row)) tr.append(element('td', cell));
      table.append(tr);
    }
    root.append(table);
  }
  if (result.worker) {
    const w = result.worker;
    root.append(
      element(
        'p',
        `Worker on ${w.backend.actual}: step ${w.afterStepOnce.step} loss ${w.afterStepOnce.loss.toFixed(5)} after stepOnce(3); ` +
          `step ${w.afterPlay.step} loss ${w.afterPlay.loss.toFixed(5)} after play and pause (${w.snapshots} snapshots) — ` +
          (w.passed ? 'works' : 'FAILED'),
      ),
    );
  }
  const json = element('pre', JSON.stringify(result, null, 2));
  json.id = 'result';
  root.append(element('h2', 'Result (JSON)'), json);
}
