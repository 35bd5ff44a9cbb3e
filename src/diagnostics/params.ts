import { fail, ok, type Result } from '../core/result';
import { isBackendChoice, type BackendChoice } from '../worker/backends';

/** What the diagnostics page checks, from its query string. */
export interface DiagnosticsParams {
  /** One backend (with the usual fallback), 'auto', or 'all' to test each backend on its own. */
  readonly backend: BackendChoice | 'all';
  /** Training steps compared with cpu. */
  readonly steps: number;
  readonly batch: number;
  /** Further steps timed after the comparison, for the steady step time (0 = skip). */
  readonly timingSteps: number;
  /** Check the training worker instead: init, stepOnce(3), play, pause. */
  readonly worker: boolean;
  /** Keep the WebGPU addN workaround (addNFix=0 shows what tfjs does without it). */
  readonly webgpuAddNWorkaround: boolean;
  /** wasm's threads (`threads`; default: the lab's, defaultWasmThreads()). */
  readonly wasmThreads?: number;
}

export const defaultDiagnosticsParams: DiagnosticsParams = {
  backend: 'auto',
  steps: 1,
  batch: 128,
  timingSteps: 3,
  worker: false,
  webgpuAddNWorkaround: true,
};

export function parseDiagnosticsParams(query: URLSearchParams): Result<DiagnosticsParams> {
  const backend = query.get('backend') ?? defaultDiagnosticsParams.backend;
  if (backend !== 'all' && !isBackendChoice(backend)) {
    return fail(`backend must be auto, all, webgpu, webgl, wasm or cpu (got “${backend}”)`);
  }
  const steps = integer(query, 'steps', defaultDiagnosticsParams.steps, 1, 100);
  if (!steps.ok) return steps;
  const batch = integer(query, 'batch', defaultDiagnosticsParams.batch, 4, 1024);
  if (!batch.ok) return batch;
  const timingSteps = integer(query, 'timing', defaultDiagnosticsParams.timingSteps, 0, 100);
  if (!timingSteps.ok) return timingSteps;
  const worker = flag(query, 'worker', defaultDiagnosticsParams.worker);
  if (!worker.ok) return worker;
  const addNFix = flag(query, 'addNFix', defaultDiagnosticsParams.webgpuAddNWorkaround);
  if (!addNFix.ok) return addNFix;
  const threads = query.has('threads') ? integer(query, 'threads', 1, 1, 16) : undefined;
  if (threads && !threads.ok) return threads;
  return ok({
    backend,
    steps: steps.value,
    batch: batch.value,
    timingSteps: timingSteps.value,
    worker: worker.value,
    webgpuAddNWorkaround: addNFix.value,
    ...(threads ? { wasmThreads: threads.value } : {}),
  });
}

function integer(query: URLSearchParams, name: string, fallback: number, min: number, max: number): Result<number> {
  const raw = query.get(name);
  if (raw === null) return ok(fallback);
  const value = Number(raw);
  return Number.isInteger(value) && value >= min && value <= max
    ? ok(value)
    : fail(`${name} must be a whole number from ${min} to ${max} (got “${raw}”)`);
}

function flag(query: URLSearchParams, name: string, fallback: boolean): Result<boolean> {
  const raw = query.get(name);
  if (raw === null) return ok(fallback);
  if (raw === '1' || raw === 'true') return ok(true);
  if (raw === '0' || raw === 'false') return ok(false);
  return fail(`${name} must be 0 or 1 (got “${raw}”)`);
}
