import type { EngineInfo } from '../worker/protocol';
import type { RunState } from './run';

/** Grouping as in the figures ("1,240"), whatever the browser's locale, so the line reads the same everywhere. */
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatLoss(loss: number | undefined): string {
  return loss !== undefined && Number.isFinite(loss) ? loss.toFixed(3) : '–';
}

export function formatRate(stepsPerSecond: number | null): string {
  if (stepsPerSecond === null || !Number.isFinite(stepsPerSecond)) return '– steps/s';
  return `${stepsPerSecond >= 10 ? whole.format(stepsPerSecond) : stepsPerSecond.toFixed(1)} steps/s`;
}

/**
 * The one-line summary of the run for the status line, e.g. "step 1,240 · loss 3.512 · 38 steps/s · wasm":
 * the speed while running, "paused" otherwise; while the engine starts, which backend it is trying.
 */
export function formatStatus(run: RunState): string {
  if (run.phase === 'starting') return `starting the training engine (${run.requestedBackend === 'auto' ? 'choosing a backend' : run.requestedBackend})…`;
  if (run.phase === 'failed') return 'the training engine is not running';
  const backend = run.info?.backend.actual ?? run.requestedBackend;
  return [`step ${whole.format(run.step)}`, `loss ${formatLoss(run.latest?.loss)}`, run.running ? formatRate(run.stepsPerSecond) : 'paused', backend].join(' · ');
}

type BackendReport = EngineInfo['backend'];

/**
 * How wasm computes here, for the backend status: its threads, or why it has one. Null when wasm is not the
 * backend running.
 */
export function describeWasmThreads(report: BackendReport): string | null {
  const wasm = report.wasm;
  if (!wasm) return null;
  if (!wasm.crossOriginIsolated) return 'wasm runs single-threaded: this page is not cross-origin isolated, so tfjs cannot start its threaded build';
  return `wasm runs on ${wasm.threads} thread${wasm.threads === 1 ? '' : 's'} (the page is cross-origin isolated${wasm.threads === 1 ? '; one core is left to the page' : ''})`;
}

/** "18 ms/step", "1.2 s/step" */
export function formatStepTime(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s/step` : `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms/step`;
}

/**
 * What `auto` measured, for the backend status: "auto: wasm 18 ms/step, webgpu (google swiftshader) 1.2 s/step
 * → wasm". Null when nothing was measured (another backend was asked for).
 */
export function describeMeasurement(report: BackendReport): string | null {
  const measurement = report.measurement;
  if (!measurement) return null;
  const timings = measurement.timings.map((t) => (t.msPerStep !== undefined ? `${t.label} ${formatStepTime(t.msPerStep)}` : `${t.label} ${t.skipped ?? 'not measured'}`));
  const when = measurement.remembered ? ' (measured earlier on this device and configuration)' : '';
  return `auto: ${timings.join(', ') || 'nothing could be measured'} → ${measurement.chosen}${when}`;
}
