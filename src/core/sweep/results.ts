import { historyPointSchema, type HistoryPoint } from '../config';
import { fail, ok, type Result } from '../result';
import { parseSweepDefinition, type SweepDefinition } from './definition';
import { optimalRegion, type Direction, type Region, type SeedValues } from './region';
import { pairedDifference, summarise, type PairedDifference } from './statistics';

/** The final metrics a sweep compares, and which way each improves. */
export const SWEEP_METRICS = {
  knnAccuracy: { label: 'kNN accuracy', direction: 'higher' },
  loss: { label: 'loss', direction: 'lower' },
  alignment: { label: 'alignment', direction: 'lower' },
  uniformity: { label: 'uniformity', direction: 'lower' },
  tolerance: { label: 'tolerance', direction: 'higher' },
  interClassUniformity: { label: 'inter-class uniformity', direction: 'lower' },
} as const satisfies Record<string, { label: string; direction: Direction }>;

export type SweepMetric = keyof typeof SWEEP_METRICS;
export const SWEEP_METRIC_KEYS = Object.keys(SWEEP_METRICS) as SweepMetric[];

export type RunStatus = 'ok' | 'diverged' | 'skipped';

/** Which run: a cell of the grid or a point of the constant-τ line, and a seed. */
export type RunTarget = { readonly cell: number; readonly seed: number } | { readonly constantTau: number; readonly seed: number };

/** One finished (or skipped) run of a sweep, as sweep.json keeps it. */
export interface SweepRun {
  readonly target: RunTarget;
  readonly status: RunStatus;
  /** Why it was skipped, or the divergence message. */
  readonly reason?: string;
  /** Evaluations from step 0 on. */
  readonly history: readonly HistoryPoint[];
}

export const SWEEP_FILE_FORMAT = 'dystress-lab-sweep';

/** sweep.json: the definition and every finished run, as the CLI writes it and the lab will read it. */
export interface SweepFile {
  readonly format: typeof SWEEP_FILE_FORMAT;
  readonly version: 1;
  readonly definition: SweepDefinition;
  readonly runs: readonly SweepRun[];
}

/** A stable name for a run, used to find finished runs again when a sweep resumes. */
export const runKey = (target: RunTarget): string =>
  'cell' in target ? `cell ${target.cell} seed ${target.seed}` : `constant ${target.constantTau} seed ${target.seed}`;

const metricAt = (point: HistoryPoint | undefined, metric: SweepMetric): number => {
  const value = point?.[metric];
  return typeof value === 'number' ? value : NaN;
};

/** The metric at the run's last evaluation; NaN for a run that did not finish. */
export const finalMetric = (run: SweepRun, metric: SweepMetric): number => (run.status === 'ok' ? metricAt(run.history.at(-1), metric) : NaN);

/** The metric of the untrained encoder (the step-0 evaluation). */
export const initialMetric = (run: SweepRun, metric: SweepMetric): number => metricAt(run.history.find((p) => p.step === 0), metric);

function bySeed(runs: readonly SweepRun[], metric: SweepMetric, matches: (target: RunTarget) => boolean): SeedValues {
  return new Map(runs.filter((r) => matches(r.target)).map((r) => [r.target.seed, finalMetric(r, metric)]));
}

export interface SweepSummary {
  readonly metric: SweepMetric;
  /** Per cell of the grid (expandCells order): mean ± CI, and whether it is in the optimal region. */
  readonly region: Region;
  /** The constant τ with the best mean, and each cell's difference to it paired by seed. */
  readonly bestConstant: { readonly tau: number; readonly mean: number } | null;
  readonly toBestConstant: readonly PairedDifference[];
}

/** Everything the heatmap and the study report for one metric. */
export function summariseSweep(definition: SweepDefinition, cellCount: number, runs: readonly SweepRun[], metric: SweepMetric): SweepSummary {
  const direction = SWEEP_METRICS[metric].direction;
  const cells = Array.from({ length: cellCount }, (_, i) => bySeed(runs, metric, (t) => 'cell' in t && t.cell === i));
  const constants = definition.referenceTaus.map((tau) => ({ tau, values: bySeed(runs, metric, (t) => 'constantTau' in t && t.constantTau === tau) }));
  let bestConstant: SweepSummary['bestConstant'] = null;
  let bestValues: SeedValues = new Map();
  for (const { tau, values } of constants) {
    const mean = summarise([...values.values()]).mean;
    if (!Number.isFinite(mean)) continue;
    if (!bestConstant || (direction === 'higher' ? mean > bestConstant.mean : mean < bestConstant.mean)) {
      bestConstant = { tau, mean };
      bestValues = values;
    }
  }
  return {
    metric,
    region: optimalRegion(cells, direction),
    bestConstant,
    toBestConstant: cells.map((values) => pairedDifference(values, bestValues)),
  };
}

const csvNumber = (v: number): string => (Number.isFinite(v) ? String(v) : '');

/**
 * sweep.csv: one row per run, grid cells first (in expandCells order, seeds in order), then the constant-τ
 * line; the swept parameters by name, `constantTau` for the reference line, then each final metric and the
 * same at step 0.
 */
export function sweepCsv(definition: SweepDefinition, cells: readonly { readonly x: number; readonly y?: number }[], runs: readonly SweepRun[]): string {
  const axes = [definition.x.param, ...(definition.y ? [definition.y.param] : [])];
  const header = [...axes, 'constantTau', 'seed', 'status', ...SWEEP_METRIC_KEYS, ...SWEEP_METRIC_KEYS.map((m) => `${m}AtStep0`)];
  const row = (axisValues: readonly string[], constantTau: string, run: SweepRun): string =>
    [
      ...axisValues,
      constantTau,
      String(run.target.seed),
      run.status,
      ...SWEEP_METRIC_KEYS.map((m) => csvNumber(finalMetric(run, m))),
      ...SWEEP_METRIC_KEYS.map((m) => csvNumber(initialMetric(run, m))),
    ].join(',');
  const order = (a: SweepRun, b: SweepRun) => a.target.seed - b.target.seed;
  const lines = [header.join(',')];
  for (const [i, cell] of cells.entries()) {
    const axisValues = [String(cell.x), ...(definition.y ? [String(cell.y)] : [])];
    for (const run of runs.filter((r) => 'cell' in r.target && r.target.cell === i).sort(order)) lines.push(row(axisValues, '', run));
  }
  for (const tau of definition.referenceTaus) {
    for (const run of runs.filter((r) => 'constantTau' in r.target && r.target.constantTau === tau).sort(order)) lines.push(row(axes.map(() => ''), String(tau), run));
  }
  return `${lines.join('\n')}\n`;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function readRun(raw: unknown, index: number): Result<SweepRun> {
  const where = `runs[${index}]`;
  if (!isObject(raw) || !isObject(raw.target)) return fail(`${where}: not a run with a target`);
  const { target, status, reason, history } = raw;
  const seed = target.seed;
  if (typeof seed !== 'number') return fail(`${where}.target.seed: not a number`);
  const cell = target.cell;
  const constantTau = target.constantTau;
  if (typeof cell !== 'number' && typeof constantTau !== 'number') return fail(`${where}.target: neither a cell nor a constant τ`);
  if (status !== 'ok' && status !== 'diverged' && status !== 'skipped') return fail(`${where}.status: ok, diverged or skipped (got ${String(status)})`);
  if (!Array.isArray(history)) return fail(`${where}.history: not a list`);
  const points: HistoryPoint[] = [];
  for (const [k, point] of history.entries()) {
    const parsed = historyPointSchema.safeParse(point);
    if (!parsed.success) return fail(`${where}.history[${k}]: not an evaluation (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    points.push(parsed.data);
  }
  return ok({
    target: typeof cell === 'number' ? { cell, seed } : { constantTau: constantTau as number, seed },
    status,
    ...(typeof reason === 'string' ? { reason } : {}),
    history: points,
  });
}

/** sweep.json as the CLI (a sweep run here, or collected from exported PyTorch runs) or the lab wrote it. */
export function parseSweepFile(json: unknown): Result<SweepFile> {
  if (!isObject(json) || json.format !== SWEEP_FILE_FORMAT) return fail(`not a sweep file (its format must be “${SWEEP_FILE_FORMAT}”)`);
  if (json.version !== 1) return fail(`a sweep file of version ${String(json.version)}, which this lab does not read`);
  const definition = parseSweepDefinition(json.definition);
  if (!definition.ok) return fail(`definition: ${definition.error}`);
  if (!Array.isArray(json.runs)) return fail('runs: not a list');
  const runs: SweepRun[] = [];
  for (const [i, raw] of json.runs.entries()) {
    const run = readRun(raw, i);
    if (!run.ok) return run;
    runs.push(run.value);
  }
  return ok({ format: SWEEP_FILE_FORMAT, version: 1, definition: definition.value, runs });
}
