import { fail, ok, type Result } from '../core/result';

/**
 * How fast the training loop runs, as pure functions of what it has measured, so they can be tested without
 * a clock.
 *
 * The cost of a step is measured as busy time (dispatching chunks plus the snapshot read-back, which waits
 * for every queued GPU step) divided by the steps done. On WebGPU/WebGL dispatching returns before the GPU
 * has computed anything, so the dispatch time alone would make chunks grow without bound and queue seconds
 * of work behind the next read-back; the read-back puts the GPU time back into the measurement.
 */

export interface Speed {
  /** Upper bound on training steps per second; 0 means as fast as possible. */
  readonly stepsPerSecond: number;
  /** Upper bound on snapshots (read-backs) per second. */
  readonly snapshotsPerSecond: number;
}

export const defaultSpeed: Speed = { stepsPerSecond: 0, snapshotsPerSecond: 10 };

const MAX_STEPS_PER_SECOND = 10_000;
const MAX_SNAPSHOTS_PER_SECOND = 60;

/** Merges a partial speed setting into the current one, or says what is out of range. */
export function mergeSpeed(current: Speed, change: Partial<Speed>): Result<Speed> {
  const next = { ...current, ...change };
  const { stepsPerSecond: steps, snapshotsPerSecond: snapshots } = next;
  if (!(Number.isFinite(steps) && steps >= 0 && steps <= MAX_STEPS_PER_SECOND)) {
    return fail(`steps per second must be from 0 (unlimited) to ${MAX_STEPS_PER_SECOND} (got ${steps})`);
  }
  if (!(Number.isFinite(snapshots) && snapshots > 0 && snapshots <= MAX_SNAPSHOTS_PER_SECOND)) {
    return fail(`snapshots per second must be above 0 and at most ${MAX_SNAPSHOTS_PER_SECOND} (got ${snapshots})`);
  }
  return ok(next);
}

/** A chunk should keep the worker busy for about this long: short enough that pause and setParams feel instant. */
export const TARGET_CHUNK_MS = 40;
export const MAX_CHUNK_STEPS = 1000;

/** Steps in the next chunk so that it costs about TARGET_CHUNK_MS; one step while the cost is unknown. */
export function chunkSize(msPerStep: number | undefined): number {
  if (msPerStep === undefined || !(msPerStep > 0)) return 1;
  return Math.max(1, Math.min(MAX_CHUNK_STEPS, Math.floor(TARGET_CHUNK_MS / msPerStep)));
}

/** Weight of the newest measurement: steps vary little, but the first ones include shader compilation. */
const COST_SMOOTHING = 0.5;

export function updateStepCost(previous: number | undefined, measured: number): number | undefined {
  if (!(measured > 0 && Number.isFinite(measured))) return previous;
  return previous === undefined ? measured : previous + COST_SMOOTHING * (measured - previous);
}

/** What the loop measured since the last snapshot and since the speed limit was (re)started. */
export interface LoopState {
  readonly msSinceSnapshot: number;
  readonly stepsSinceSnapshot: number;
  /** Smoothed per-step cost, undefined until the first snapshot has measured it. */
  readonly msPerStep: number | undefined;
  readonly msSinceLimitStart: number;
  readonly stepsSinceLimitStart: number;
}

/** Timers are no finer than this anyway; a smaller wait could stall on rounding. */
const MIN_WAIT_MS = 1;

export type LoopAction =
  | { readonly kind: 'snapshot' }
  | { readonly kind: 'train'; readonly steps: number }
  | { readonly kind: 'wait'; readonly ms: number };

/**
 * The loop's next move. A snapshot comes once per 1/snapshotsPerSecond of wall time, or up to half a step
 * earlier when one more step would end further past that (and right after the first chunk, to measure the
 * cost). Work is counted too: once the steps since the last snapshot amount to a
 * whole interval, the loop waits for the clock instead of dispatching more, which on a GPU would only queue
 * up behind the next read-back. Otherwise it trains a chunk, within the speed limit and the interval.
 */
export function nextAction(state: LoopState, speed: Speed): LoopAction {
  const interval = 1000 / speed.snapshotsPerSecond;
  const { msSinceSnapshot, stepsSinceSnapshot, msPerStep } = state;
  // Due, or closer to due than one more step would end past it: a slow step never pushes the snapshot (and
  // so the figures) a whole step late.
  const due = msPerStep === undefined || msSinceSnapshot >= interval - msPerStep / 2;
  if (stepsSinceSnapshot > 0 && due) return { kind: 'snapshot' };
  const work = msPerStep === undefined ? 0 : stepsSinceSnapshot * msPerStep;
  if (work >= interval) return { kind: 'wait', ms: Math.max(MIN_WAIT_MS, interval - msSinceSnapshot) };
  const allowance = stepAllowance(speed, state.msSinceLimitStart, state.stepsSinceLimitStart);
  if (allowance.steps < 1) return { kind: 'wait', ms: Math.max(MIN_WAIT_MS, allowance.waitMs) };
  // Whole steps that fit in what is left of the interval (at least one).
  const rest = msPerStep === undefined ? Infinity : Math.max(1, Math.floor((interval - work) / msPerStep));
  return { kind: 'train', steps: Math.min(chunkSize(msPerStep), allowance.steps, rest) };
}

/**
 * The speed limit as a token bucket started when the limit (or play) was last set: step k (0-based) may run
 * once k / stepsPerSecond seconds have passed. Returns how many steps may run now (Infinity when unlimited)
 * and, when none may, how long to wait for the next one.
 */
export function stepAllowance(speed: Speed, msSinceLimitStart: number, stepsSinceLimitStart: number): { steps: number; waitMs: number } {
  if (speed.stepsPerSecond === 0) return { steps: Infinity, waitMs: 0 };
  const msPerStep = 1000 / speed.stepsPerSecond;
  const earned = Math.floor(msSinceLimitStart / msPerStep) + 1;
  const steps = Math.max(0, earned - stepsSinceLimitStart);
  return { steps, waitMs: steps > 0 ? 0 : stepsSinceLimitStart * msPerStep - msSinceLimitStart };
}

/**
 * A clock that jumps (a tab frozen in the background for an hour, a laptop asleep) must not earn a burst of
 * steps under a speed limit: at most MAX_BACKLOG_MS of steps may be owed. Returns the limit's start moved
 * forward so that no more is; unchanged when nothing more is owed, or without a limit.
 */
export const MAX_BACKLOG_MS = 1000;

export function limitStartWithoutBurst(speed: Speed, limitStartedAt: number, now: number, stepsSinceLimitStart: number): number {
  if (speed.stepsPerSecond === 0) return limitStartedAt;
  const msPerStep = 1000 / speed.stepsPerSecond;
  const owedSince = limitStartedAt + stepsSinceLimitStart * msPerStep;
  return now - owedSince > MAX_BACKLOG_MS ? now - MAX_BACKLOG_MS - stepsSinceLimitStart * msPerStep : limitStartedAt;
}
