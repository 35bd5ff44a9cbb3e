import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import type { Snapshot } from '../../src/core/trainer/snapshot';
import { initialRunState, runReducer, type RunAction, type RunState } from '../../src/state/run';
import { formatRate, formatStatus } from '../../src/state/status';
import type { EngineInfo } from '../../src/worker/protocol';
import { fakeSnapshot } from './support/fixtures';

const info: EngineInfo = {
  backend: { requested: 'wasm', actual: 'wasm', attempts: [{ name: 'wasm', ok: true, selfTestMs: 12 }] },
  datasetSummary: { id: 'spheres', label: 'Spheres (S^2)', kind: 'vector', inputShape: [3], classes: 6, classNames: [], trainSize: 1200, evalSize: 300 },
  config: defaultConfig(),
};

const snapshot = (step: number, loss = 3.5): Snapshot => fakeSnapshot(step, { loss });

const run = (...actions: RunAction[]): RunState => actions.reduce(runReducer, initialRunState('wasm'));
const ready: RunAction = { type: 'ready', info };

describe('run state', () => {
  it('starts without a run and ignores events until the engine is ready', () => {
    const state = run({ type: 'snapshot', snapshot: snapshot(5), at: 0 });
    expect(state.phase).toBe('starting');
    expect(state.latest).toBeUndefined();
    expect(formatStatus(state)).toBe('starting the training engine (wasm)…');
  });

  it('folds snapshots into the histories and measures the speed while running', () => {
    const state = run(
      ready,
      { type: 'status', status: { type: 'running', step: 0 }, at: 1000 },
      { type: 'snapshot', snapshot: snapshot(40, 3.51234), at: 2000 },
      { type: 'snapshot', snapshot: snapshot(1240, 3.5118), at: 3000 },
    );
    expect(state.step).toBe(1240);
    expect(state.history.points.map((p) => p.step)).toEqual([40, 1240]);
    expect(state.distances.points[1]).toEqual({ step: 1240, distances: { tpFn: 0.1, fnTn: 0.2, tpTn: 0.3 } });
    // 40 steps/s first, then 1200: smoothed in between.
    expect(state.stepsPerSecond).toBeCloseTo(40 + 0.3 * (1200 - 40), 9);
    expect(formatStatus(state)).toBe('step 1,240 · loss 3.512 · 388 steps/s · wasm');
  });

  it('says paused, and keeps the step, once the loop stops', () => {
    const state = run(
      ready,
      { type: 'status', status: { type: 'running', step: 0 }, at: 0 },
      { type: 'snapshot', snapshot: snapshot(12), at: 500 },
      { type: 'status', status: { type: 'paused', step: 12 }, at: 600 },
    );
    expect(state.running).toBe(false);
    expect(formatStatus(state)).toBe('step 12 · loss 3.500 · paused · wasm');
  });

  it('pauses on a divergence, keeps the explanation, and forgets the steps that were rolled back', () => {
    const divergence = { quantity: 'loss' as const, step: 57, rolledBackTo: 40, message: 'The loss stopped being finite at step 57.' };
    const state = run(
      ready,
      { type: 'status', status: { type: 'running', step: 0 }, at: 0 },
      { type: 'snapshot', snapshot: snapshot(20), at: 100 },
      { type: 'snapshot', snapshot: snapshot(40), at: 200 },
      { type: 'snapshot', snapshot: { ...snapshot(40), divergence }, at: 300 },
      { type: 'status', status: { type: 'divergence', divergence }, at: 300 },
    );
    expect(state.running).toBe(false);
    expect(state.alert).toEqual({ kind: 'divergence', divergence });
    expect(state.history.points.map((p) => p.step)).toEqual([20, 40]);
    expect(runReducer(state, { type: 'dismissAlert' }).alert).toBeNull();
  });

  it('clears the run on a reset and reports a failed start', () => {
    const trained = run(ready, { type: 'snapshot', snapshot: snapshot(9), at: 0 });
    const restarting = runReducer(trained, { type: 'starting', backend: 'cpu' });
    expect(restarting.step).toBe(0);
    expect(restarting.history.points).toEqual([]);
    expect(restarting.info).toBe(info);
    const failed = runReducer(restarting, { type: 'failed', message: 'spheres: dim must be…' });
    expect(failed.alert).toEqual({ kind: 'error', message: 'spheres: dim must be…' });
    expect(formatStatus(failed)).toBe('the training engine is not running');
    expect(runReducer(failed, ready).step).toBe(0);
  });

  it('keeps the history when the worker is lost, and the news of a backend change through the restart', () => {
    const running: RunAction = { type: 'status', status: { type: 'running', step: 0 }, at: 0 };
    const lost = run(ready, running, { type: 'snapshot', snapshot: snapshot(10), at: 100 }, { type: 'snapshot', snapshot: snapshot(20), at: 200 }, { type: 'lost', why: 'the worker was closed' });
    expect(lost.phase).toBe('failed');
    expect(lost.running).toBe(false);
    expect(lost.alert).toEqual({ kind: 'lost', step: 20, why: 'the worker was closed' });
    expect(lost.history.points.map((p) => p.step)).toEqual([10, 20]);

    const news = { step: 20, from: 'webgpu', to: 'webgl', why: 'destroyed' };
    const moved = [{ type: 'fellBack', news } as const, { type: 'starting', backend: 'webgl' } as const, ready].reduce(runReducer, lost);
    expect(moved.alert).toEqual({ kind: 'fellBack', ...news });
    expect(moved.history.points).toEqual([]);
    // Any other alert goes with the restart.
    expect(runReducer(lost, { type: 'starting', backend: 'wasm' }).alert).toBeNull();
  });

  it('formats slow speeds with a decimal and unknown ones with a dash', () => {
    expect(formatRate(2.345)).toBe('2.3 steps/s');
    expect(formatRate(12345.6)).toBe('12,346 steps/s');
    expect(formatRate(null)).toBe('– steps/s');
  });
});
