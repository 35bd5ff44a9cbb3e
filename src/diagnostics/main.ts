import type { TrainingConfig } from '../core/config';
import type { DatasetData } from '../core/data';
import { errorMessage } from '../core/errors';
import { backendOrder, selectBackend, tryBackend, type BackendAttempt, type BackendName, type BackendOptions } from '../worker/backends';
import { parseDiagnosticsParams, type DiagnosticsParams } from './params';
import { undecodableNotice } from './query';
import { compareRuns, diagnosticsConfig, diagnosticsDataset, runTraining, type TrainingRun } from './trainingRun';
import { renderResult, type BackendRow, type DiagnosticsResult } from './view';
import { checkWorker } from './workerCheck';

/**
 * The diagnostics page: is each tfjs backend correct here, and how fast? Query parameters: backend
 * (auto | all | webgpu | webgl | wasm | cpu), steps, batch, timing (steady steps timed), worker=1 (check the
 * training worker instead), addNFix=0 (show tfjs WebGPU's addN bug). The result ends up as JSON in
 * <pre id="result">, which the end-to-end tests read.
 */

const root = document.getElementById('diagnostics')!;
const progress = document.getElementById('progress')!;
const say = (text: string): void => {
  progress.textContent = text;
};

/** Trains the same steps on `name` and on cpu (the cpu run once for all backends) and compares them. */
class RowRunner {
  private cpuRun: Promise<TrainingRun> | undefined;
  private readonly config: TrainingConfig;
  private readonly dataset: DatasetData;

  constructor(private readonly params: DiagnosticsParams) {
    this.config = diagnosticsConfig(params.batch);
    this.dataset = diagnosticsDataset(this.config);
  }

  async row(name: BackendName, selfTest: BackendAttempt): Promise<BackendRow> {
    if (!selfTest.ok) return { backend: name, selfTest };
    say(`Training ${this.params.steps} step(s) on ${name}…`);
    const run = name === 'cpu' ? await this.cpu() : await this.train(name);
    const { embedding: _embedding, similarity: _similarity, ...training } = run;
    if (name === 'cpu') return { backend: name, selfTest, training };
    say(`Training the same step(s) on cpu…`);
    return { backend: name, selfTest, training, comparison: compareRuns(run, await this.cpu()) };
  }

  private train(name: BackendName): Promise<TrainingRun> {
    return runTraining(name, this.config, this.dataset, this.params.steps, this.params.timingSteps);
  }

  private cpu(): Promise<TrainingRun> {
    this.cpuRun ??= this.train('cpu');
    return this.cpuRun;
  }
}

async function diagnose(params: DiagnosticsParams): Promise<Omit<DiagnosticsResult, 'userAgent'>> {
  const options: BackendOptions = { webgpuAddNWorkaround: params.webgpuAddNWorkaround, ...(params.wasmThreads ? { wasmThreads: params.wasmThreads } : {}) };
  if (params.worker) {
    say(`Checking the training worker (${params.backend})…`);
    const worker = await checkWorker(diagnosticsConfig(params.batch), params.backend === 'all' ? 'auto' : params.backend);
    return { params, rows: [], worker, passed: worker.passed };
  }
  const runner = new RowRunner(params);
  const rows: BackendRow[] = [];
  if (params.backend === 'all') {
    for (const name of backendOrder) {
      say(`Self-testing ${name}…`);
      rows.push(await runner.row(name, await tryBackend(name, options)));
    }
    return { params, rows, passed: rows.every((r) => !r.comparison || r.comparison.withinTolerance) };
  }
  say(`Selecting a backend (${params.backend})…`);
  const selection = await selectBackend(params.backend, options);
  for (const attempt of selection.attempts) rows.push(await runner.row(attempt.name, attempt));
  const chosen = rows.find((r) => r.backend === selection.actual);
  return { params, selection, rows, passed: chosen?.comparison?.withinTolerance ?? selection.actual === 'cpu' };
}

/** Runs the checks the query asks for; `undecodable`: the query's parts dropped before tfjs loaded. */
async function runDiagnostics(undecodable: readonly string[]): Promise<void> {
  const userAgent = navigator.userAgent;
  const notices = undecodable.map(undecodableNotice);
  const params = parseDiagnosticsParams(new URLSearchParams(location.search));
  let result: DiagnosticsResult;
  if (!params.ok) {
    result = { userAgent, notices, rows: [], passed: false, error: params.error };
  } else {
    try {
      result = { userAgent, notices, ...(await diagnose(params.value)) };
    } catch (e) {
      result = { userAgent, notices, params: params.value, rows: [], passed: false, error: errorMessage(e) };
    }
  }
  say('Done.');
  renderResult(root, result);
}

// Left by public/readable-query.js, which ran before this page (and tfjs) loaded.
void runDiagnostics((Reflect.get(window, 'dystressDroppedQueryParts') as readonly string[] | undefined) ?? []);
