import { describe, expect, it } from 'vitest';
import { parseSweepDefinition, type SweepDefinition } from '../../src/core/sweep/definition';
import type { SweepRun } from '../../src/core/sweep/results';
import { cellProgress, initialSweepState, sweepReducer, sweepResumable, sweepTimeLeftMs, type SweepAction, type SweepState } from '../../src/state/sweep';

function definition(): SweepDefinition {
  const parsed = parseSweepDefinition({
    x: { param: 'tmin', values: [0.05, 0.1] },
    y: { param: 'tmax', values: [0.2, 0.5] },
    seeds: [1, 2],
    steps: 20,
    evalEvery: 10,
    referenceTaus: [0.1, 0.2],
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const run = (cell: number, seed: number): SweepRun => ({ target: { cell, seed }, status: 'ok', history: [] });
const reduce = (actions: readonly SweepAction[], from: SweepState = initialSweepState): SweepState => actions.reduce(sweepReducer, from);

describe('sweep state', () => {
  it('counts the whole plan: 2 × 2 cells × 2 seeds and 2 constant τ × 2 seeds', () => {
    const state = reduce([{ type: 'started', definition: definition(), jobs: 3, runs: [] }]);
    expect(state.phase).toBe('running');
    expect(state.total).toBe(12);
    expect(state.runs.size).toBe(0);
  });

  it('tracks each cell’s finished seeds, a run finished twice counted once', () => {
    const state = reduce([
      { type: 'started', definition: definition(), jobs: 1, runs: [run(2, 1)] },
      { type: 'runFinished', run: run(0, 1) },
      { type: 'runFinished', run: run(0, 2) },
      { type: 'runFinished', run: run(0, 2) },
      { type: 'runFinished', run: { target: { constantTau: 0.1, seed: 1 }, status: 'ok', history: [] } },
    ]);
    expect(cellProgress(state).map((c) => [c.index, c.done, c.seeds])).toEqual([
      [0, 2, 2],
      [1, 0, 2],
      [2, 1, 2],
      [3, 0, 2],
    ]);
    expect(state.runs.size).toBe(4);
  });

  it('estimates the time left from the runs trained here, in rounds of one run per worker', () => {
    let state = reduce([
      { type: 'started', definition: definition(), jobs: 3, runs: [run(3, 1), run(3, 2)] },
      { type: 'runStarted' },
      { type: 'runStarted' },
    ]);
    expect(state.inFlight).toBe(2);
    expect(sweepTimeLeftMs(state)).toBeNull();
    state = reduce(
      [
        { type: 'runEnded', ms: 1000 },
        { type: 'runFinished', run: run(0, 1) },
        { type: 'runEnded', ms: 3000 },
        { type: 'runFinished', run: run(0, 2) },
        // Abandoned (cancelled) runs are not timed.
        { type: 'runStarted' },
        { type: 'runEnded', ms: null },
      ],
      state,
    );
    // 12 − 4 finished = 8 left, ceil(8 / 3) = 3 rounds × mean 2000 ms.
    expect(sweepTimeLeftMs(state)).toBe(6000);
    expect(state.inFlight).toBe(0);
  });

  it('pauses, resumes, and cancels keeping the finished runs, which Resume then completes', () => {
    let state = reduce([{ type: 'started', definition: definition(), jobs: 2, runs: [] }, { type: 'runFinished', run: run(1, 1) }, { type: 'paused' }]);
    expect(state.phase).toBe('paused');
    expect(reduce([{ type: 'resumed' }], state).phase).toBe('running');
    state = reduce([{ type: 'runStarted' }, { type: 'cancelled' }], state);
    expect(state.phase).toBe('cancelled');
    expect(state.inFlight).toBe(0);
    expect([...state.runs.keys()]).toEqual(['cell 1 seed 1']);
    expect(sweepResumable(state)).toBe(true);
    // Cancel after the end changes nothing.
    expect(reduce([{ type: 'done' }, { type: 'cancelled' }], state).phase).toBe('cancelled');
  });

  it('reads a kept sweep back as unfinished, or done when every run is there', () => {
    const def = definition();
    const some = reduce([{ type: 'restored', definition: def, runs: [run(0, 1)] }]);
    expect(some.phase).toBe('stored');
    expect(sweepResumable(some)).toBe(true);
    const all: SweepRun[] = [];
    for (let cell = 0; cell < 4; cell++) for (const seed of [1, 2]) all.push(run(cell, seed));
    for (const tau of [0.1, 0.2]) for (const seed of [1, 2]) all.push({ target: { constantTau: tau, seed }, status: 'ok', history: [] });
    const every = reduce([{ type: 'restored', definition: def, runs: all }]);
    expect(every.phase).toBe('done');
    expect(sweepResumable(every)).toBe(false);
  });

  it('keeps a storage problem across a new start and says why a sweep failed', () => {
    const state = reduce([
      { type: 'storage', problem: 'full' },
      { type: 'started', definition: definition(), jobs: 1, runs: [] },
      { type: 'failed', message: 'The sweep stopped: no backend' },
    ]);
    expect(state.storageProblem).toBe('full');
    expect(state.phase).toBe('failed');
    expect(state.error).toBe('The sweep stopped: no backend');
  });
});
