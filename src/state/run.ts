import type { BackendChoice, HistoryPoint } from '../core/config';
import { historyPoint } from '../core/trainer/history';
import type { Divergence, Snapshot } from '../core/trainer/snapshot';
import type { EngineInfo, EngineStatus } from '../worker/protocol';
import { appendPoint, dropAfter, emptyHistory, type DecimatedHistory } from './history';
import type { RecordedRun } from './runFiles';

/**
 * The state of the training run as the page sees it: what the engine is doing, the newest snapshot, bounded
 * histories for the curves, the measured speed and any problem to explain. A pure reducer over the engine's
 * events; the controller feeds it and decides when the figures redraw.
 */

export type EnginePhase = 'starting' | 'ready' | 'failed';

export interface DistancePoint {
  readonly step: number;
  readonly distances: Snapshot['batch']['distances'];
}

export type RunAlert =
  | { readonly kind: 'divergence'; readonly divergence: Divergence }
  | { readonly kind: 'error'; readonly message: string }
  /** The training worker ended under the run (crashed, closed by the browser); its history is still here. */
  | { readonly kind: 'lost'; readonly step: number; readonly why: string }
  /** The GPU device was lost at `step`: the run moved to backend `to`, its history drawn beside the new run. */
  | { readonly kind: 'fellBack'; readonly step: number; readonly from: string; readonly to: string; readonly why: string };

export interface RunState {
  readonly phase: EnginePhase;
  /** The backend asked for at the last (re)start. */
  readonly requestedBackend: BackendChoice;
  /** What the engine reported at the last successful init or reset. */
  readonly info: EngineInfo | undefined;
  readonly running: boolean;
  readonly step: number;
  readonly latest: Snapshot | undefined;
  readonly history: DecimatedHistory<HistoryPoint>;
  readonly distances: DecimatedHistory<DistancePoint>;
  /** Smoothed training speed while running; null until measured. */
  readonly stepsPerSecond: number | null;
  /** Where the speed was last measured from: a step and the time (ms) it was reached. */
  readonly rateMark: { readonly step: number; readonly at: number } | null;
  readonly alert: RunAlert | null;
  /** A run opened from a file or from storage, drawn beside this one; it outlives restarts. */
  readonly recorded: RecordedRun | null;
}

export type RunAction =
  /** An init or reset was sent: the old run's figures go, nothing from it is accepted any more. */
  | { readonly type: 'starting'; readonly backend: BackendChoice }
  | { readonly type: 'ready'; readonly info: EngineInfo }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'fellBack'; readonly news: Omit<Extract<RunAlert, { kind: 'fellBack' }>, 'kind'> }
  /** The worker ended: the run stops where the last snapshot left it, history kept. */
  | { readonly type: 'lost'; readonly why: string }
  /** `at`: when it arrived, in ms (performance.now()). */
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot; readonly at: number }
  | { readonly type: 'status'; readonly status: EngineStatus; readonly at: number }
  | { readonly type: 'dismissAlert' }
  | { readonly type: 'showRecorded'; readonly recorded: RecordedRun | null };

export function initialRunState(backend: BackendChoice): RunState {
  return {
    phase: 'starting',
    requestedBackend: backend,
    info: undefined,
    running: false,
    step: 0,
    latest: undefined,
    history: emptyHistory(),
    distances: emptyHistory(),
    stepsPerSecond: null,
    rateMark: null,
    alert: null,
    recorded: null,
  };
}

/** Weight of the newest measurement: steady enough to read, quick enough to follow a speed change. */
const RATE_SMOOTHING = 0.3;

function measureRate(state: RunState, step: number, at: number): Pick<RunState, 'stepsPerSecond' | 'rateMark'> {
  const mark = state.rateMark;
  if (!state.running || !mark || step <= mark.step || at <= mark.at) return { stepsPerSecond: state.stepsPerSecond, rateMark: { step, at } };
  const measured = ((step - mark.step) * 1000) / (at - mark.at);
  const previous = state.stepsPerSecond;
  return {
    stepsPerSecond: previous === null ? measured : previous + RATE_SMOOTHING * (measured - previous),
    rateMark: { step, at },
  };
}

function withSnapshot(state: RunState, snapshot: Snapshot, at: number): RunState {
  // A rollback restores an earlier step: what came after it never happened.
  const history = dropAfter(state.history, snapshot.step - 1);
  const distances = dropAfter(state.distances, snapshot.step - 1);
  const point = historyPoint(snapshot);
  return {
    ...state,
    ...measureRate(state, snapshot.step, at),
    step: snapshot.step,
    latest: snapshot,
    history: appendPoint(history, point),
    distances: appendPoint(distances, { step: snapshot.step, distances: snapshot.batch.distances }),
  };
}

function withStatus(state: RunState, status: EngineStatus, at: number): RunState {
  switch (status.type) {
    case 'running':
      return { ...state, running: true, alert: null, rateMark: { step: status.step, at } };
    case 'paused':
      return { ...state, running: false, rateMark: null };
    case 'divergence':
      return { ...state, running: false, rateMark: null, alert: { kind: 'divergence', divergence: status.divergence } };
    case 'error':
      return { ...state, running: false, rateMark: null, alert: { kind: 'error', message: status.message } };
    case 'deviceLost':
      // The controller moves the run to the next backend and says so (a 'fellBack' alert).
      return { ...state, running: false, rateMark: null };
  }
}

/** What a restart keeps of the old run: the recorded run beside it, and the news that it moved backend. */
const kept = (state: RunState): Pick<RunState, 'recorded' | 'alert'> => ({ recorded: state.recorded, alert: state.alert?.kind === 'fellBack' ? state.alert : null });

export function runReducer(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'starting':
      return { ...initialRunState(action.backend), info: state.info, ...kept(state) };
    case 'ready':
      return { ...initialRunState(state.requestedBackend), phase: 'ready', info: action.info, ...kept(state) };
    case 'fellBack':
      return { ...state, alert: { kind: 'fellBack', ...action.news } };
    case 'failed':
      return { ...state, phase: 'failed', running: false, alert: { kind: 'error', message: action.message } };
    case 'lost':
      return { ...state, phase: 'failed', running: false, rateMark: null, stepsPerSecond: null, alert: { kind: 'lost', step: state.step, why: action.why } };
    case 'snapshot':
      return state.phase === 'ready' ? withSnapshot(state, action.snapshot, action.at) : state;
    case 'status':
      return state.phase === 'ready' ? withStatus(state, action.status, action.at) : state;
    case 'dismissAlert':
      return { ...state, alert: null };
    case 'showRecorded':
      return { ...state, recorded: action.recorded };
  }
}
