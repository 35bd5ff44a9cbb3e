import type { TrainingConfig } from '../../core/config';
import type { Result } from '../../core/result';
import type { SweepDefinition } from '../../core/sweep/definition';
import { runKey, type SweepFile, type SweepRun } from '../../core/sweep/results';
import { runSweep, type RunOutcome } from '../../core/sweep/schedule';
import { initialSweepState, sweepReducer, type SweepAction, type SweepState } from '../../state/sweep';
import type { BackendChoice } from '../../worker/backends';
import { dataBaseUrl } from '../../worker/client';
import type { OwnDataFiles } from '../../io/ownData';
import { currentOwnDataFiles } from '../ownData/ownDataFiles';
import { createSweepWorker, type SweepWorkerHandle } from '../../worker/sweepClient';
import { SweepStore } from './sweepStore';

/** A pool of `max(1, cores − 1)` workers: one core is left to the page. */
export const poolSize = (cores: number | undefined): number => Math.max(1, (cores ?? 2) - 1);

class Cancelled extends Error {}

export interface SweepControllerOptions {
  readonly jobs: number;
  readonly createWorker: (index: number) => SweepWorkerHandle;
  readonly openStore: () => Promise<Result<SweepStore>>;
  /** The app's data/ folder, where the workers fetch image datasets. */
  readonly dataBaseUrl: () => string;
  /** The user's own data loaded in this tab, for a sweep on it. */
  readonly ownDataFiles: () => OwnDataFiles | null;
}

const defaultOptions = (): SweepControllerOptions => ({
  jobs: poolSize(typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency),
  createWorker: createSweepWorker,
  openStore: () => SweepStore.open(),
  dataBaseUrl,
  ownDataFiles: currentOwnDataFiles,
});

/**
 * The lab's sweep: core runSweep with each run handed to a free worker of the pool. Pause lets the runs in
 * flight finish and starts no new one; Cancel terminates the workers (the runs in flight are lost, finished
 * ones kept). Every finished run is written to IndexedDB before the next is reported, so a reload shows it
 * and Resume trains only the rest.
 */
export class SweepController {
  private state: SweepState = initialSweepState;
  private readonly listeners = new Set<() => void>();
  private readonly options: SweepControllerOptions;
  private workers: SweepWorkerHandle[] = [];
  private free: SweepWorkerHandle[] = [];
  /** Set while paused: runs wait on it before they start. */
  private gate: { readonly opened: Promise<void>; readonly open: () => void } | null = null;
  /** Rejects when the current sweep is cancelled, so that runs waiting on a terminated worker end. */
  private stop: { readonly stopped: Promise<never>; readonly cancel: () => void } | null = null;
  private store: Promise<SweepStore | null> | undefined;

  constructor(options: Partial<SweepControllerOptions> = {}) {
    this.options = { ...defaultOptions(), ...options };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SweepState => this.state;

  /** Shows the sweep kept in this browser, if any. */
  async restore(): Promise<void> {
    const store = await this.openStore();
    if (!store || this.state.phase !== 'idle') return;
    const loaded = await store.load();
    if (!loaded.ok) this.dispatch({ type: 'storage', problem: `Sweeps cannot be kept in this browser: ${loaded.error}.` });
    else if (loaded.value && this.state.phase === 'idle') this.dispatch({ type: 'restored', ...loaded.value });
  }

  /**
   * A finished sweep from its sweep.json (e.g. collected from exported PyTorch runs with
   * `npm run sweep -- --collect`): shown as if it had run here, and kept in place of the kept one.
   */
  async open(file: SweepFile): Promise<void> {
    this.closePool();
    const store = await this.openStore();
    if (store) {
      const begun = await store.begin(file.definition);
      const saved = begun.ok ? await Promise.all(file.runs.map((run) => store.saveRun(run))) : [begun];
      const failed = saved.find((r) => !r.ok);
      if (failed && !failed.ok) this.dispatch({ type: 'storage', problem: `This sweep will not be kept: ${failed.error}.` });
    }
    this.dispatch({ type: 'restored', definition: file.definition, runs: file.runs });
  }

  /** A new sweep: the kept one is forgotten. */
  async start(definition: SweepDefinition, backend: BackendChoice): Promise<void> {
    this.closePool();
    const store = await this.openStore();
    const begun = await store?.begin(definition);
    if (begun && !begun.ok) this.dispatch({ type: 'storage', problem: `This sweep will not be kept: ${begun.error}.` });
    await this.run(definition, [], backend);
  }

  /** Trains the runs the kept (or cancelled) sweep lacks. */
  async resumeKept(backend: BackendChoice): Promise<void> {
    const { definition, runs } = this.state;
    if (!definition) return;
    this.closePool();
    await this.run(definition, [...runs.values()], backend);
  }

  pause(): void {
    if (this.state.phase !== 'running') return;
    let open = (): void => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { opened, open };
    this.dispatch({ type: 'paused' });
  }

  resume(): void {
    this.openGate();
    this.dispatch({ type: 'resumed' });
  }

  cancel(): void {
    this.closePool();
    this.dispatch({ type: 'cancelled' });
  }

  dispose(): void {
    this.closePool();
  }

  private async run(definition: SweepDefinition, kept: readonly SweepRun[], backend: BackendChoice): Promise<void> {
    const jobs = this.options.jobs;
    let cancel = (): void => undefined;
    const stopped = new Promise<never>((_, reject) => (cancel = () => reject(new Cancelled())));
    stopped.catch(() => undefined);
    const stop = { stopped, cancel };
    this.stop = stop;
    this.dispatch({ type: 'started', definition, jobs, runs: kept });
    const store = await this.openStore();
    const runOne = async (config: TrainingConfig): Promise<RunOutcome> => {
      while (this.gate) await Promise.race([this.gate.opened, stop.stopped]);
      this.dispatch({ type: 'runStarted' });
      const worker = this.takeWorker(definition);
      const started = performance.now();
      let ms: number | null = null;
      try {
        const result = await Promise.race([worker.api.train({ config, steps: definition.steps, evalEvery: definition.evalEvery, backend, dataBaseUrl: this.options.dataBaseUrl() }), stop.stopped]);
        if (!result.ok) throw new Error(result.error);
        ms = performance.now() - started;
        return result.value;
      } finally {
        if (this.stop === stop) {
          this.free.push(worker);
          this.dispatch({ type: 'runEnded', ms });
        }
      }
    };
    try {
      await runSweep(definition, {
        runOne,
        jobs,
        previous: new Map(kept.map((r) => [runKey(r.target), r])),
        onRun: async ({ run }) => {
          if (this.stop !== stop) return;
          this.dispatch({ type: 'runFinished', run });
          const saved = await store?.saveRun(run);
          if (saved && !saved.ok && this.state.storageProblem === null) this.dispatch({ type: 'storage', problem: `Finished runs are not being kept: ${saved.error}.` });
        },
      });
      if (this.stop === stop) {
        this.closePool();
        this.dispatch({ type: 'done' });
      }
    } catch (e) {
      if (this.stop !== stop || e instanceof Cancelled) return;
      this.closePool();
      this.dispatch({ type: 'failed', message: `The sweep stopped: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private takeWorker(definition: SweepDefinition): SweepWorkerHandle {
    const worker = this.free.pop();
    if (worker) return worker;
    const created = this.options.createWorker(this.workers.length);
    // A sweep on your own data trains on the files loaded in this tab (none after a reload: its runs say so).
    const files = this.options.ownDataFiles();
    if (files) void created.api.setOwnData(files, definition.base.dataset.own.imageFormat);
    this.workers.push(created);
    return created;
  }

  private openGate(): void {
    this.gate?.open();
    this.gate = null;
  }

  private closePool(): void {
    this.stop?.cancel();
    this.stop = null;
    this.openGate();
    for (const worker of this.workers) worker.dispose();
    this.workers = [];
    this.free = [];
  }

  private openStore(): Promise<SweepStore | null> {
    this.store ??= this.options.openStore().then((opened) => {
      if (opened.ok) return opened.value;
      this.dispatch({ type: 'storage', problem: `Sweeps cannot be kept in this browser (${opened.error}); this one runs all the same.` });
      return null;
    });
    return this.store;
  }

  private dispatch(action: SweepAction): void {
    this.state = sweepReducer(this.state, action);
    for (const listener of this.listeners) listener();
  }
}
