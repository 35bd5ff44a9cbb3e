import { parseComparePlan } from '../core/config';
import { fail, ok, type Result } from '../core/result';
import type { BackendChoice, BackendReport } from './backends';
import { CompareRunner } from './compareRunner';
import {
  type CompareApi,
  type CompareStarted,
  type CompareStatus,
  type CompareStatusListener,
  type RecordsListener,
} from './compareProtocol';
import { DatasetLoader } from './datasets';
import { realScheduler, type Scheduler } from './scheduler';

export interface CompareEngineDependencies {
  readonly selectBackend: (requested: BackendChoice) => Promise<BackendReport>;
  readonly datasets?: DatasetLoader;
  readonly scheduler?: Scheduler;
}

/**
 * The comparison worker's engine (see CompareApi): one CompareRunner at a time, trained chunk by chunk
 * (evalEvery steps of every run, then one evaluation of each) until done, paused or cancelled. Lifecycle
 * calls run one at a time in call order; pause acts between two runs' chunks.
 */
export class CompareEngine implements CompareApi {
  private runner: CompareRunner | undefined;
  private backend: BackendReport | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private recordsListener: RecordsListener | undefined;
  private statusListener: CompareStatusListener | undefined;
  private readonly datasets: DatasetLoader;
  private readonly scheduler: Scheduler;

  constructor(private readonly dependencies: CompareEngineDependencies) {
    this.datasets = dependencies.datasets ?? new DatasetLoader();
    this.scheduler = dependencies.scheduler ?? realScheduler;
  }

  start(plan: unknown, backend: BackendChoice, dataBaseUrl: string): Promise<Result<CompareStarted>> {
    return this.serially(async () => {
      const parsed = parseComparePlan(plan);
      if (!parsed.ok) return parsed;
      await this.close();
      if (this.backend?.requested !== backend) this.backend = await this.dependencies.selectBackend(backend);
      const runner = await CompareRunner.create(parsed.value, (config) => this.datasets.load(config, dataBaseUrl));
      if (!runner.ok) return runner;
      this.runner = runner.value;
      this.emitRecords(await runner.value.evaluate());
      this.play();
      return ok({ backend: this.backend, runs: runner.value.runs });
    });
  }

  async pause(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  resume(): Promise<Result<void>> {
    return this.serially(async () => {
      if (!this.runner) return fail('there is no comparison to resume');
      this.play();
      return ok(undefined);
    });
  }

  cancel(): Promise<void> {
    return this.serially(async () => {
      await this.close();
      return ok(undefined);
    }).then(() => undefined);
  }

  onRecords(listener: RecordsListener): void {
    this.recordsListener = listener;
  }

  onStatus(listener: CompareStatusListener): void {
    this.statusListener = listener;
  }

  private play(): void {
    const runner = this.runner;
    if (!runner || this.running) return;
    if (runner.finished) {
      this.emitStatus({ type: 'done', step: runner.step });
      return;
    }
    this.running = true;
    this.emitStatus({ type: 'running', step: runner.step });
    this.loop = this.run(runner);
  }

  private async run(runner: CompareRunner): Promise<void> {
    try {
      while (this.running && !runner.finished) {
        const records = await runner.advance(() => this.scheduler.yieldNow());
        this.emitRecords(records);
        this.emitStatus({ type: 'running', step: runner.step });
        await this.scheduler.yieldNow();
      }
      this.emitStatus(runner.finished ? { type: 'done', step: runner.step } : { type: 'paused', step: runner.step });
    } catch (e) {
      this.emitStatus({ type: 'error', message: `the comparison stopped: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      this.running = false;
      this.loop = undefined;
    }
  }

  private async close(): Promise<void> {
    await this.pause();
    this.runner?.dispose();
    this.runner = undefined;
  }

  private emitRecords(records: Parameters<RecordsListener>[0]): void {
    if (records.length > 0) notify(this.recordsListener, records);
  }

  private emitStatus(status: CompareStatus): void {
    notify(this.statusListener, status);
  }

  /** Runs lifecycle calls in order; an exception becomes a failed Result, never a rejected call. */
  private serially<T>(task: () => Promise<Result<T>>): Promise<Result<T>> {
    const result = this.queue.then(task).catch((e: unknown) => fail<T>(e instanceof Error ? e.message : String(e)));
    this.queue = result;
    return result;
  }
}

/** A listener in another thread may be gone or throw: that must not stop the comparison. */
function notify<T>(listener: ((value: T) => unknown) | undefined, value: T): void {
  if (!listener) return;
  try {
    void Promise.resolve(listener(value)).catch(() => undefined);
  } catch {
    // Same policy for a synchronous throw.
  }
}
