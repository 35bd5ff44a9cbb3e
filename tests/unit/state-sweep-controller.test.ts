import { describe, expect, it } from 'vitest';
import type { TrainingConfig } from '../../src/core/config';
import { fail, ok, type Result } from '../../src/core/result';
import { parseSweepDefinition, type SweepDefinition } from '../../src/core/sweep/definition';
import type { SweepRun } from '../../src/core/sweep/results';
import { poolSize, SweepController } from '../../src/ui/sweep/sweepController';
import type { SweepStore } from '../../src/ui/sweep/sweepStore';
import type { SweepWorkerHandle } from '../../src/worker/sweepClient';
import type { SweepTrainOutcome, SweepTrainRequest } from '../../src/worker/sweepProtocol';

/** 2 cells × 2 seeds and one constant τ × 2 seeds: six runs. */
function definition(): SweepDefinition {
  const parsed = parseSweepDefinition({ x: { param: 'tmin', values: [0.05, 0.1] }, seeds: [1, 2], steps: 20, evalEvery: 10, referenceTaus: [0.1] });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

interface Call {
  readonly worker: number;
  readonly config: TrainingConfig;
  readonly finish: () => void;
}

/** Workers that train nothing: each call waits until the test finishes it. */
function fakePool() {
  const calls: Call[] = [];
  const disposed: number[] = [];
  let created = 0;
  const createWorker = (index: number): SweepWorkerHandle => {
    created++;
    const train = (request: SweepTrainRequest): Promise<Result<SweepTrainOutcome>> =>
      new Promise((resolve) => {
        const config = request.config as TrainingConfig;
        const history = [{ step: 0 }, { step: 20, loss: config.seed }] as unknown as SweepTrainOutcome['history'];
        calls.push({ worker: index, config, finish: () => resolve(ok({ history, divergence: null, backend: 'cpu' })) });
      });
    return { api: { train } as unknown as SweepWorkerHandle['api'], dispose: () => disposed.push(index) };
  };
  return { calls, disposed, createWorker, created: () => created };
}

function fakeStore(saved: SweepRun[]): SweepStore {
  return {
    begin: async () => ok(undefined),
    saveRun: async (run: SweepRun) => (saved.push(run), ok(undefined)),
    load: async () => ok(null),
    clear: async () => ok(undefined),
  } as unknown as SweepStore;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('the sweep controller', () => {
  it('leaves one core to the page, and keeps at least one worker', () => {
    expect([poolSize(8), poolSize(2), poolSize(1), poolSize(undefined)]).toEqual([7, 1, 1, 1]);
  });

  it('runs on a pool of `jobs` workers; pause lets runs in flight finish and starts none; cancel keeps finished runs', async () => {
    const pool = fakePool();
    const saved: SweepRun[] = [];
    const controller = new SweepController({ jobs: 2, createWorker: pool.createWorker, openStore: async () => ok(fakeStore(saved)), dataBaseUrl: () => 'http://lab/data/' });
    void controller.start(definition(), 'cpu');
    await settle();
    expect(pool.calls.map((c) => [c.worker, c.config.temperature.params.tmin, c.config.seed])).toEqual([
      [0, 0.05, 1],
      [1, 0.05, 2],
    ]);
    expect(controller.getState().inFlight).toBe(2);

    controller.pause();
    pool.calls[0]!.finish();
    await settle();
    // The finished run is kept and written; no new run started while paused.
    expect(pool.calls).toHaveLength(2);
    expect(controller.getState().phase).toBe('paused');
    expect([...controller.getState().runs.keys()]).toEqual(['cell 0 seed 1']);
    expect(saved.map((r) => r.target)).toEqual([{ cell: 0, seed: 1 }]);

    controller.resume();
    await settle();
    // The freed worker takes the next run in plan order.
    expect(pool.calls.map((c) => [c.worker, c.config.temperature.params.tmin, c.config.seed])).toEqual([
      [0, 0.05, 1],
      [1, 0.05, 2],
      [0, 0.1, 1],
    ]);
    expect(pool.created()).toBe(2);

    pool.calls[1]!.finish();
    await settle();
    expect(pool.calls.map((c) => [c.worker, c.config.temperature.params.tmin, c.config.seed]).at(-1)).toEqual([1, 0.1, 2]);
    controller.cancel();
    // A run that ends after Cancel is not kept; the other one in flight never ends (its worker is gone).
    pool.calls[2]!.finish();
    await settle();
    const state = controller.getState();
    expect(state.phase).toBe('cancelled');
    expect([...state.runs.keys()]).toEqual(['cell 0 seed 1', 'cell 0 seed 2']);
    expect(pool.disposed.sort()).toEqual([0, 1]);
    expect(saved).toHaveLength(2);
    expect(state.durations).toHaveLength(2);

    // Resume trains only the four runs missing, and the sweep ends done.
    void controller.resumeKept('cpu');
    await settle();
    for (let i = 4; i < 8; i++) {
      await settle();
      pool.calls[i]!.finish();
    }
    await settle();
    expect(pool.calls.slice(4).map((c) => [c.config.temperature.family, c.config.temperature.params, c.config.seed])).toEqual([
      ['dystress', { tmin: 0.1, tmax: 0.2 }, 1],
      ['dystress', { tmin: 0.1, tmax: 0.2 }, 2],
      ['constant', { tau: 0.1 }, 1],
      ['constant', { tau: 0.1 }, 2],
    ]);
    expect(pool.calls).toHaveLength(8);
    expect(controller.getState().phase).toBe('done');
    expect(controller.getState().runs.size).toBe(6);
  });

  it('runs all the same when the browser keeps nothing, and says so', async () => {
    const pool = fakePool();
    const controller = new SweepController({ jobs: 1, createWorker: pool.createWorker, openStore: async () => fail('this browser has no IndexedDB'), dataBaseUrl: () => 'http://lab/data/' });
    void controller.start(definition(), 'cpu');
    for (let i = 0; i < 6; i++) {
      await settle();
      pool.calls[i]!.finish();
    }
    await settle();
    expect(controller.getState().phase).toBe('done');
    expect(controller.getState().storageProblem).toBe('Sweeps cannot be kept in this browser (this browser has no IndexedDB); this one runs all the same.');
  });

  it('opens a sweep.json (e.g. collected from PyTorch runs): shown as finished, kept, nothing trained', async () => {
    const pool = fakePool();
    const saved: SweepRun[] = [];
    const controller = new SweepController({ jobs: 1, createWorker: pool.createWorker, openStore: async () => ok(fakeStore(saved)), dataBaseUrl: () => 'http://lab/data/' });
    const d = definition();
    const history = [{ step: 0, loss: null, stepMs: null, alignment: 0.5, uniformity: -1 }, { step: 20, loss: 4, stepMs: 3, alignment: 0.4, uniformity: -2 }];
    const targets = [{ cell: 0, seed: 1 }, { cell: 0, seed: 2 }, { cell: 1, seed: 1 }, { cell: 1, seed: 2 }, { constantTau: 0.1, seed: 1 }, { constantTau: 0.1, seed: 2 }];
    const runs: SweepRun[] = targets.map((target) => ({ target, status: 'ok', history }));
    await controller.open({ format: 'dystress-lab-sweep', version: 1, definition: d, runs });
    expect(controller.getState().phase).toBe('done');
    expect(controller.getState().runs.size).toBe(6);
    expect(saved).toEqual(runs);
    expect(pool.created()).toBe(0);
    // With a run missing it is kept, and the lab offers to train the rest.
    await controller.open({ format: 'dystress-lab-sweep', version: 1, definition: d, runs: runs.slice(1) });
    expect(controller.getState().phase).toBe('stored');
    expect(controller.getState().runs.size).toBe(5);
  });
});

describe('the sweep controller with your own data', () => {
  it('gives every new worker the files loaded in the tab before its first run', async () => {
    const events: string[] = [];
    const files = { data: { name: 'f.npy', bytes: new ArrayBuffer(8) } };
    const createWorker = (index: number): SweepWorkerHandle => {
      const api = {
        setOwnData: async (given: typeof files, format: string) => (events.push(`${index}: data ${given.data.name} ${format}`), ok(null)),
        train: async () => (events.push(`${index}: train`), ok({ history: [{ step: 0 }], divergence: null, backend: 'cpu' })),
      };
      return { api: api as unknown as SweepWorkerHandle['api'], dispose: () => undefined };
    };
    const controller = new SweepController({ jobs: 1, createWorker, openStore: async () => fail('no storage here'), dataBaseUrl: () => 'http://x/', ownDataFiles: () => files });
    await controller.start(definition(), 'cpu');
    await settle();
    expect(events[0]).toBe('0: data f.npy grey-28');
    expect(events.slice(1).every((e) => e === '0: train')).toBe(true);
    expect(events.length).toBeGreaterThan(2);
  });
});
