import { expandCells, type SweepDefinition } from '../core/sweep/definition';
import { runKey, type SweepRun } from '../core/sweep/results';
import { planRuns } from '../core/sweep/schedule';

/**
 * The lab's sweep as the panel shows it: the definition, every finished run (trained, read back or skipped),
 * the runs in flight and how long the trained ones took, from which the time left is estimated. Pure.
 */
export type SweepPhase =
  /** Nothing started or kept. */
  | 'idle'
  /** Read back from this browser's storage, unfinished: Resume runs the rest. */
  | 'stored'
  | 'running'
  /** No new run starts; those in flight finish. */
  | 'paused'
  | 'done'
  | 'cancelled'
  | 'failed';

export interface SweepState {
  readonly phase: SweepPhase;
  readonly definition: SweepDefinition | null;
  /** Finished runs by runKey. */
  readonly runs: ReadonlyMap<string, SweepRun>;
  /** Runs in the whole sweep (grid × seeds, then the constant-τ line × seeds). */
  readonly total: number;
  /** Workers in the pool. */
  readonly jobs: number;
  readonly inFlight: number;
  /** Wall time of each run trained in this page, ms. */
  readonly durations: readonly number[];
  readonly error: string | null;
  /** Why results cannot be kept in this browser, when they cannot; the sweep runs anyway. */
  readonly storageProblem: string | null;
}

export const initialSweepState: SweepState = {
  phase: 'idle',
  definition: null,
  runs: new Map(),
  total: 0,
  jobs: 1,
  inFlight: 0,
  durations: [],
  error: null,
  storageProblem: null,
};

export type SweepAction =
  | { readonly type: 'restored'; readonly definition: SweepDefinition; readonly runs: readonly SweepRun[] }
  /** `runs`: those kept from before (a resume), or none. */
  | { readonly type: 'started'; readonly definition: SweepDefinition; readonly jobs: number; readonly runs: readonly SweepRun[] }
  | { readonly type: 'runStarted' }
  /** A run left the pool: trained in `ms`, or abandoned (null). */
  | { readonly type: 'runEnded'; readonly ms: number | null }
  | { readonly type: 'runFinished'; readonly run: SweepRun }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  | { readonly type: 'cancelled' }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'storage'; readonly problem: string | null };

const byKey = (runs: readonly SweepRun[]): ReadonlyMap<string, SweepRun> => new Map(runs.map((r) => [runKey(r.target), r]));

const active = (phase: SweepPhase): boolean => phase === 'running' || phase === 'paused';

export function sweepReducer(state: SweepState, action: SweepAction): SweepState {
  switch (action.type) {
    case 'restored': {
      const total = planRuns(action.definition).length;
      const runs = byKey(action.runs);
      return { ...initialSweepState, storageProblem: state.storageProblem, phase: runs.size >= total ? 'done' : 'stored', definition: action.definition, runs, total };
    }
    case 'started':
      return {
        ...initialSweepState,
        storageProblem: state.storageProblem,
        phase: 'running',
        definition: action.definition,
        runs: byKey(action.runs),
        total: planRuns(action.definition).length,
        jobs: action.jobs,
      };
    case 'runStarted':
      return { ...state, inFlight: state.inFlight + 1 };
    case 'runEnded':
      return { ...state, inFlight: Math.max(0, state.inFlight - 1), durations: action.ms === null ? state.durations : [...state.durations, action.ms] };
    case 'runFinished': {
      if (!state.definition) return state;
      const runs = new Map(state.runs);
      runs.set(runKey(action.run.target), action.run);
      return { ...state, runs };
    }
    case 'paused':
      return state.phase === 'running' ? { ...state, phase: 'paused' } : state;
    case 'resumed':
      return state.phase === 'paused' ? { ...state, phase: 'running' } : state;
    case 'cancelled':
      return active(state.phase) ? { ...state, phase: 'cancelled', inFlight: 0 } : state;
    case 'done':
      return active(state.phase) ? { ...state, phase: 'done', inFlight: 0 } : state;
    case 'failed':
      return { ...state, phase: 'failed', inFlight: 0, error: action.message };
    case 'storage':
      return { ...state, storageProblem: action.problem };
  }
}

/** Whether a sweep is training (or pausing) now. */
export const sweepActive = (state: SweepState): boolean => active(state.phase);

/** Whether the kept runs leave some to train: Resume is offered. */
export const sweepResumable = (state: SweepState): boolean =>
  state.definition !== null && (state.phase === 'stored' || state.phase === 'cancelled' || state.phase === 'failed') && state.runs.size < state.total;

export interface CellProgress {
  readonly index: number;
  /** Seeds finished (trained, read back or skipped) of `seeds`. */
  readonly done: number;
  readonly seeds: number;
}

/** Per cell of the grid (expandCells order): how many of its seeds are finished. */
export function cellProgress(state: SweepState): readonly CellProgress[] {
  const definition = state.definition;
  if (!definition) return [];
  const done = new Map<number, number>();
  for (const run of state.runs.values()) if ('cell' in run.target) done.set(run.target.cell, (done.get(run.target.cell) ?? 0) + 1);
  return expandCells(definition).map((cell) => ({ index: cell.index, done: done.get(cell.index) ?? 0, seeds: definition.seeds.length }));
}

/**
 * The time left, ms: the runs still to train, in rounds of one run per worker, × the mean duration of those
 * trained here. Null until one run has been timed.
 */
export function sweepTimeLeftMs(state: SweepState): number | null {
  if (state.durations.length === 0) return null;
  const mean = state.durations.reduce((a, b) => a + b, 0) / state.durations.length;
  const left = Math.max(0, state.total - state.runs.size);
  return Math.ceil(left / Math.max(1, state.jobs)) * mean;
}

/** Every finished run, in no particular order (the figure and the CSV find them by target). */
export const sweepRuns = (state: SweepState): readonly SweepRun[] => [...state.runs.values()];
