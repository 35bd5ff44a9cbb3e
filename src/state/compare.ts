import { planRuns, type ComparePlan, type CompareRun, type HistoryPoint } from '../core/config';
import { findFamily, type TemperatureSetting } from '../core/temperature';
import type { CompareRecord, CompareStatus } from '../worker/compareProtocol';
import { meanDistances, meanHistory, resultRows, type ResultRow } from './compareTable';
import { appendPoint, dropAfter, emptyHistory, type DecimatedHistory } from './history';
import type { DistancePoint } from './run';

/**
 * What the page knows about comparing runs: pinned runs (a frozen history of the main run, overlaid while a
 * new one trains) and at most one comparison trained by the comparison worker. A pure reducer; the compare
 * controller feeds it the worker's records and statuses.
 */

export const MAX_PINNED_RUNS = 3;

export interface PinnedRun {
  readonly id: number;
  readonly label: string;
  readonly temperature: TemperatureSetting;
  readonly history: readonly HistoryPoint[];
  readonly distances: readonly DistancePoint[];
  /** Its last batch's similarity matrix (empty if none), for the gradient figure. */
  readonly batch: Float32Array;
}

export type ComparisonPhase = 'starting' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed';

export interface ComparedRun extends CompareRun {
  readonly history: DecimatedHistory<HistoryPoint>;
  readonly distances: DecimatedHistory<DistancePoint>;
  /** The newest batch's similarity matrix (empty before the first step). */
  readonly batch: Float32Array;
  readonly divergence: string | null;
}

export interface Comparison {
  /** Numbers comparisons, so messages of a replaced one are ignored. */
  readonly id: number;
  readonly plan: ComparePlan;
  readonly phase: ComparisonPhase;
  readonly step: number;
  readonly runs: readonly ComparedRun[];
  readonly error: string | null;
}

export interface CompareState {
  readonly pins: readonly PinnedRun[];
  readonly comparison: Comparison | null;
  /** Why the last request was refused (e.g. a fourth pin). */
  readonly notice: string | null;
  readonly nextId: number;
}

export type CompareAction =
  | {
      readonly type: 'pin';
      readonly label: string;
      readonly temperature: TemperatureSetting;
      readonly history: readonly HistoryPoint[];
      readonly distances: readonly DistancePoint[];
      readonly batch: Float32Array;
    }
  | { readonly type: 'unpin'; readonly id: number }
  | { readonly type: 'starting'; readonly plan: ComparePlan }
  | { readonly type: 'records'; readonly id: number; readonly records: readonly CompareRecord[] }
  | { readonly type: 'status'; readonly id: number; readonly status: CompareStatus }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'cancelled'; readonly id: number }
  | { readonly type: 'clear' }
  | { readonly type: 'dismissNotice' };

const NO_BATCH = new Float32Array(0);

export const initialCompareState: CompareState = { pins: [], comparison: null, notice: null, nextId: 1 };

/** Short legend text for a setting: "Fixed τ = 0.2", "DySTreSS (0.1, 0.2)", "Exponential V (0.2, 0.1, 3.5)". */
export function temperatureLabel(setting: TemperatureSetting): string {
  if (setting.family === 'custom') return `τ = ${setting.formula ?? ''}`;
  const family = findFamily(setting.family);
  if (!family) return setting.family;
  const values = family.params.map((p) => String(Number((setting.params[p.key] ?? p.default).toFixed(4))));
  if (setting.family === 'constant') return `Fixed τ = ${values[0]}`;
  const name = family.label.replace(/ \(.*\)$/, '');
  return values.length > 0 ? `${name} (${values.join(', ')})` : name;
}

function uniqueLabel(label: string, taken: readonly string[]): string {
  if (!taken.includes(label)) return label;
  for (let k = 2; ; k++) if (!taken.includes(`${label} (${k})`)) return `${label} (${k})`;
}

function withPin(state: CompareState, action: Extract<CompareAction, { type: 'pin' }>): CompareState {
  if (action.history.length === 0) return { ...state, notice: 'Train the run first: there is nothing to pin yet.' };
  if (state.pins.length >= MAX_PINNED_RUNS) return { ...state, notice: `At most ${MAX_PINNED_RUNS} runs can be pinned: unpin one first.` };
  const label = uniqueLabel(action.label, state.pins.map((p) => p.label));
  const pin: PinnedRun = { id: state.nextId, label, temperature: action.temperature, history: action.history, distances: action.distances, batch: action.batch };
  return { ...state, pins: [...state.pins, pin], notice: null, nextId: state.nextId + 1 };
}

function withRecords(comparison: Comparison, records: readonly CompareRecord[]): Comparison {
  const runs = comparison.runs.map((run) => {
    let { history, distances, batch, divergence } = run;
    for (const r of records) {
      if (r.run !== run.index) continue;
      // A rollback restores an earlier step: what came after it never happened.
      history = appendPoint(dropAfter(history, r.point.step - 1), r.point);
      distances = appendPoint(dropAfter(distances, r.point.step - 1), { step: r.point.step, distances: r.distances });
      if (r.similarity.length > 0) batch = r.similarity;
      divergence = r.divergence ?? divergence;
    }
    return history === run.history ? run : { ...run, history, distances, batch, divergence };
  });
  return { ...comparison, runs };
}

function withStatus(comparison: Comparison, status: CompareStatus): Comparison {
  switch (status.type) {
    case 'running':
    case 'paused':
    case 'done':
      return { ...comparison, phase: status.type, step: status.step };
    case 'error':
      return { ...comparison, phase: 'failed', error: status.message };
  }
}

/** Applies `update` to the comparison with this id; messages for an older one change nothing. */
function onComparison(state: CompareState, id: number, update: (c: Comparison) => Comparison): CompareState {
  return state.comparison && state.comparison.id === id ? { ...state, comparison: update(state.comparison) } : state;
}

export function compareReducer(state: CompareState, action: CompareAction): CompareState {
  switch (action.type) {
    case 'pin':
      return withPin(state, action);
    case 'unpin':
      return { ...state, pins: state.pins.filter((p) => p.id !== action.id), notice: null };
    case 'starting':
      return {
        ...state,
        notice: null,
        nextId: state.nextId + 1,
        comparison: {
          id: state.nextId,
          plan: action.plan,
          phase: 'starting',
          step: 0,
          runs: planRuns(action.plan).map((run) => ({ ...run, history: emptyHistory(), distances: emptyHistory(), batch: NO_BATCH, divergence: null })),
          error: null,
        },
      };
    case 'records':
      return onComparison(state, action.id, (c) => withRecords(c, action.records));
    case 'status':
      return onComparison(state, action.id, (c) => withStatus(c, action.status));
    case 'failed':
      return onComparison(state, action.id, (c) => ({ ...c, phase: 'failed', error: action.message }));
    case 'cancelled':
      return onComparison(state, action.id, (c) => (c.phase === 'done' || c.phase === 'failed' ? c : { ...c, phase: 'cancelled' }));
    case 'clear':
      return { ...state, comparison: null };
    case 'dismissNotice':
      return { ...state, notice: null };
  }
}

/** A series the figures overlay on the main run: a pinned run, or one compared setting (mean over its seeds). */
export interface RunOverlay {
  readonly key: string;
  readonly label: string;
  /** Place in the run palette (0 is the main run). */
  readonly colorIndex: number;
  readonly temperature: TemperatureSetting;
  readonly history: readonly HistoryPoint[];
  readonly distances: readonly DistancePoint[];
  /** Last-batch similarity matrices, one per seed that has one. */
  readonly batches: readonly Float32Array[];
}

/** The runs of each compared setting, in setting order. */
function settingGroups(comparison: Comparison): { label: string; temperature: TemperatureSetting; runs: ComparedRun[] }[] {
  return comparison.plan.settings.map((s, i) => ({ label: s.label, temperature: s.temperature, runs: comparison.runs.filter((r) => r.setting === i) }));
}

/** Pins first, then the compared settings; colours follow that order. */
export function runOverlays(state: CompareState): RunOverlay[] {
  const batches = (list: readonly Float32Array[]) => list.filter((b) => b.length > 0);
  const pins = state.pins.map((p) => ({
    key: `pin-${p.id}`,
    label: p.label,
    temperature: p.temperature,
    history: p.history,
    distances: p.distances,
    batches: batches([p.batch]),
  }));
  const compared = state.comparison
    ? settingGroups(state.comparison)
        .filter((g) => g.runs.length > 0)
        .map((g, i) => ({
          key: `compare-${state.comparison!.id}-${i}`,
          label: g.runs.length > 1 ? `${g.label} (mean of ${g.runs.length} seeds)` : g.label,
          temperature: g.temperature,
          history: meanHistory(g.runs.map((r) => r.history.points)),
          distances: meanDistances(g.runs.map((r) => r.distances.points)),
          batches: batches(g.runs.map((r) => r.batch)),
        }))
    : [];
  return [...pins, ...compared].map((o, i) => ({ ...o, colorIndex: i + 1 }));
}

/** The results table's rows: one per compared setting. */
export function comparisonRows(comparison: Comparison): ResultRow[] {
  return resultRows(
    settingGroups(comparison).map((g) => ({
      label: g.label,
      histories: g.runs.map((r) => r.history.points),
      diverged: g.runs.filter((r) => r.divergence !== null).length,
    })),
  );
}

/** A pinned run as a row of the results table (one run, no sd). */
export function pinnedRows(pins: readonly PinnedRun[]): ResultRow[] {
  return resultRows(pins.map((p) => ({ label: p.label, histories: [p.history], diverged: 0 })));
}
