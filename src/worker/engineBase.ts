import type { ImageFormat } from '../core/data';
import { errorMessage } from '../core/errors';
import { fail, type Result } from '../core/result';
import type { OwnDataFiles, OwnDataSummary } from '../io/ownData';
import type { TrainingConfig } from '../core/config';
import type { DatasetData } from '../core/data';
import type { BackendChoice, BackendMeasurement, BackendName, BackendReport } from './backends';
import { DatasetLoader } from './datasets';
import { realScheduler, type Scheduler } from './scheduler';

export interface EngineDependencies {
  readonly selectBackend: (requested: BackendChoice) => Promise<BackendReport>;
  /** For `auto`: times training steps on each backend and leaves the fastest active (measureBackends.ts). */
  readonly measureBackends?: (config: TrainingConfig, dataset: DatasetData, provisional: BackendName) => Promise<BackendMeasurement>;
  /** wasm's threads once it is active (for the report after measuring). */
  readonly wasmThreading?: () => Promise<NonNullable<BackendReport['wasm']>>;
  readonly datasets?: DatasetLoader;
  readonly scheduler?: Scheduler;
}

/**
 * What the training and the comparison engine share: lifecycle calls run one at a time in call order, and
 * the backend is selected (with its self-test) again only when the choice changes.
 */
export abstract class EngineBase {
  protected readonly datasets: DatasetLoader;
  protected readonly scheduler: Scheduler;
  private backend: BackendReport | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dependencies: EngineDependencies) {
    this.datasets = dependencies.datasets ?? new DatasetLoader();
    this.scheduler = dependencies.scheduler ?? realScheduler;
  }

  /**
   * Decodes the user's own data and keeps it for the runs on "your data" (null forgets it); bad files are
   * reported and change nothing. In call order with the lifecycle calls, so a run started after it sees it.
   */
  setOwnData(files: OwnDataFiles | null, imageFormat: ImageFormat): Promise<Result<OwnDataSummary | null>> {
    return this.serially(() => this.datasets.setOwnData(files, imageFormat));
  }

  protected async backendFor(choice: BackendChoice): Promise<BackendReport> {
    if (this.backend?.requested !== choice) this.backend = await this.dependencies.selectBackend(choice);
    return this.backend;
  }

  /**
   * `auto` with measuring: the backend the steps of this config run fastest on (remembered per device and
   * configuration), in the report with what was measured. Any other report is returned as it is.
   */
  protected async measuredBackend(report: BackendReport, config: TrainingConfig, dataset: DatasetData): Promise<BackendReport> {
    const measure = this.dependencies.measureBackends;
    if (report.requested !== 'auto' || !measure) return report;
    const measurement = await measure(config, dataset, report.actual);
    const { wasm: _previous, ...rest } = report;
    const wasm = measurement.chosen === 'wasm' ? await this.dependencies.wasmThreading?.() : undefined;
    return { ...rest, actual: measurement.chosen, measurement, ...(wasm ? { wasm } : {}) };
  }

  /** Runs lifecycle calls in order; an exception becomes a failed Result, never a rejected call. */
  protected serially<T>(task: () => Promise<Result<T>>): Promise<Result<T>> {
    const result = this.queue.then(task).catch((e: unknown) => fail<T>(errorMessage(e)));
    this.queue = result;
    return result;
  }
}

/**
 * Calls a listener that may live in another thread (a comlink proxy returns a promise). A listener that is
 * gone (page closed) or throws must not stop training, so its failure is dropped here.
 */
export function notify<T>(listener: ((value: T) => unknown) | undefined, value: T): void {
  if (!listener) return;
  try {
    void Promise.resolve(listener(value)).catch(() => undefined);
  } catch {
    // A synchronous throw from a local listener: same policy as above.
  }
}
