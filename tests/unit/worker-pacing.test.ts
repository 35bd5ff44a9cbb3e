import { describe, expect, it } from 'vitest';
import {
  chunkSize,
  defaultSpeed,
  MAX_CHUNK_STEPS,
  mergeSpeed,
  nextAction,
  limitStartWithoutBurst,
  MAX_BACKLOG_MS,
  stepAllowance,
  TARGET_CHUNK_MS,
  updateStepCost,
  type LoopState,
} from '../../src/worker/pacing';

describe('chunk size', () => {
  it('starts with one step while the cost is unknown', () => {
    expect(chunkSize(undefined)).toBe(1);
  });

  it('fills about TARGET_CHUNK_MS, at least one step and at most MAX_CHUNK_STEPS', () => {
    expect(chunkSize(4)).toBe(TARGET_CHUNK_MS / 4);
    expect(chunkSize(7) * 7).toBeLessThanOrEqual(TARGET_CHUNK_MS);
    expect(chunkSize(1600)).toBe(1);
    expect(chunkSize(1e-4)).toBe(MAX_CHUNK_STEPS);
  });
});

describe('step cost', () => {
  it('takes the first measurement, then moves halfway to each new one', () => {
    expect(updateStepCost(undefined, 12)).toBe(12);
    expect(updateStepCost(12, 4)).toBe(8);
  });

  it('forgets a first step slowed by shader compilation within a few snapshots', () => {
    let cost = updateStepCost(undefined, 12_000);
    for (let i = 0; i < 12; i++) cost = updateStepCost(cost, 10);
    expect(cost).toBeLessThan(13);
  });

  it('ignores measurements that are not positive and finite', () => {
    expect(updateStepCost(5, 0)).toBe(5);
    expect(updateStepCost(5, NaN)).toBe(5);
    expect(updateStepCost(undefined, Infinity)).toBeUndefined();
  });
});

describe('next action', () => {
  const speed = defaultSpeed; // 10 snapshots a second: one per 100 ms
  const state = (s: Partial<LoopState>): LoopState => ({
    msSinceSnapshot: 0,
    stepsSinceSnapshot: 0,
    msPerStep: 2,
    msSinceLimitStart: 0,
    stepsSinceLimitStart: 0,
    ...s,
  });

  it('trains one step, then snapshots at once, while the cost is unknown', () => {
    expect(nextAction(state({ msPerStep: undefined }), speed)).toEqual({ kind: 'train', steps: 1 });
    expect(nextAction(state({ msPerStep: undefined, stepsSinceSnapshot: 1 }), speed)).toEqual({ kind: 'snapshot' });
  });

  it('snapshots once per interval of wall time, never without new steps', () => {
    expect(nextAction(state({ msSinceSnapshot: 100, stepsSinceSnapshot: 3 }), speed)).toEqual({ kind: 'snapshot' });
    expect(nextAction(state({ msSinceSnapshot: 10_000 }), speed)).toEqual({ kind: 'train', steps: TARGET_CHUNK_MS / 2 });
  });

  it('trains chunks of about TARGET_CHUNK_MS, but not past the interval', () => {
    expect(nextAction(state({ msSinceSnapshot: 10, stepsSinceSnapshot: 5 }), speed)).toEqual({ kind: 'train', steps: 20 });
    // 45 steps × 2 ms = 90 ms of work done: 5 more fill the interval.
    expect(nextAction(state({ msSinceSnapshot: 90, stepsSinceSnapshot: 45 }), speed)).toEqual({ kind: 'train', steps: 5 });
  });

  it('snapshots up to half a step early rather than a whole step late', () => {
    // 15 snapshots a second (66.7 ms) at 55 ms a step: after one step (45 ms in) a second would end at ~100 ms,
    // 33 ms late, while snapshotting now is 22 ms early.
    const fifteen = { ...speed, snapshotsPerSecond: 15 };
    expect(nextAction(state({ msSinceSnapshot: 45, stepsSinceSnapshot: 1, msPerStep: 55 }), fifteen)).toEqual({ kind: 'snapshot' });
    // At 2 ms a step, 90 ms into a 100 ms interval is still too early.
    expect(nextAction(state({ msSinceSnapshot: 90, stepsSinceSnapshot: 45 }), speed)).toEqual({ kind: 'train', steps: 5 });
  });

  it('on a GPU, waits for the clock rather than queue more than an interval of work', () => {
    // Dispatching 30 steps took 5 ms of wall time, but at 4 ms a step they are 120 ms of GPU work.
    expect(nextAction(state({ msSinceSnapshot: 5, stepsSinceSnapshot: 30, msPerStep: 4 }), speed)).toEqual({ kind: 'wait', ms: 95 });
  });

  it('waits for the speed limit', () => {
    const limited = { ...speed, stepsPerSecond: 10 };
    expect(nextAction(state({ msSinceLimitStart: 30, stepsSinceLimitStart: 1 }), limited)).toEqual({ kind: 'wait', ms: 70 });
    expect(nextAction(state({ msSinceLimitStart: 250, stepsSinceLimitStart: 1 }), limited)).toEqual({ kind: 'train', steps: 2 });
  });
});

describe('speed limit', () => {
  it('is unlimited at 0 steps per second', () => {
    expect(stepAllowance({ ...defaultSpeed, stepsPerSecond: 0 }, 0, 1e9)).toEqual({ steps: Infinity, waitMs: 0 });
  });

  it('allows the first step at once, then one per period', () => {
    const speed = { ...defaultSpeed, stepsPerSecond: 20 }; // one per 50 ms
    expect(stepAllowance(speed, 0, 0)).toEqual({ steps: 1, waitMs: 0 });
    expect(stepAllowance(speed, 10, 1)).toEqual({ steps: 0, waitMs: 40 });
    expect(stepAllowance(speed, 50, 1)).toEqual({ steps: 1, waitMs: 0 });
    expect(stepAllowance(speed, 1000, 5).steps).toBe(16);
  });

  it('keeps the long-run rate: after t ms exactly ⌊t·rate⌋ + 1 steps', () => {
    const speed = { ...defaultSpeed, stepsPerSecond: 7 };
    const earned = (t: number) => Math.floor((t * 7) / 1000) + 1;
    let done = 0;
    let t = 0;
    for (; t <= 3000; t += 13) {
      done += stepAllowance(speed, t, done).steps;
      expect(done).toBe(earned(t));
    }
    expect(done).toBe(earned(t - 13));
  });
});

describe('speed settings', () => {
  it('merges a partial change', () => {
    expect(mergeSpeed(defaultSpeed, { stepsPerSecond: 5 })).toEqual({ ok: true, value: { stepsPerSecond: 5, snapshotsPerSecond: 10 } });
  });

  it('says what is out of range', () => {
    expect(mergeSpeed(defaultSpeed, { stepsPerSecond: -1 })).toEqual({
      ok: false,
      error: 'steps per second must be from 0 (unlimited) to 10000 (got -1)',
    });
    const noSnapshots = mergeSpeed(defaultSpeed, { snapshotsPerSecond: 0 });
    expect(noSnapshots.ok || noSnapshots.error).toMatch(/snapshots per second must be above 0/);
    expect(mergeSpeed(defaultSpeed, { stepsPerSecond: NaN }).ok).toBe(false);
  });
});

describe('no burst after a clock jump', () => {
  it('owes at most MAX_BACKLOG_MS of steps, however long the clock stood still', () => {
    const speed = { ...defaultSpeed, stepsPerSecond: 10 }; // one per 100 ms
    for (const gap of [0, 500, 1000, 5000, 3_600_000]) {
      const start = limitStartWithoutBurst(speed, 0, gap, 3);
      const owed = stepAllowance(speed, gap - start, 3).steps;
      // Steps 0–2 ran; step 3 was due at 300 ms. Owed: what the time since allows, capped at a second's worth (+1).
      const uncapped = Math.max(0, Math.floor(gap / 100) + 1 - 3);
      expect(owed).toBe(Math.min(uncapped, MAX_BACKLOG_MS / 100 + 1));
    }
    expect(limitStartWithoutBurst({ ...defaultSpeed, stepsPerSecond: 0 }, 5, 3_600_000, 0)).toBe(5);
  });
});
