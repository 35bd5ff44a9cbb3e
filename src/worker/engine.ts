import { transfer } from 'comlink';
import { parseTrainingConfig, withLiveParams, type LiveParams, type TrainingConfig } from '../core/config';
import { fail, ok, type Result } from '../core/result';
import { Trainer } from '../core/trainer';
import type { BackendChoice, BackendReport } from './backends';
import { sampleImages, summariseDataset } from './datasets';
import { EngineBase, notify } from './engineBase';
import { TrainingLoop } from './loop';
import { defaultSpeed, mergeSpeed, type Speed } from './pacing';
import { MAX_STEPS_PER_CALL, type EngineApi, type EngineInfo, type SnapshotListener, type StatusListener } from './protocol';
import { transferableSnapshot } from './transferable';

/** One trainer and the loop that drives it, from init/reset to the next. */
interface Session {
  readonly trainer: Trainer;
  readonly loop: TrainingLoop;
  readonly info: EngineInfo;
  readonly dataBaseUrl: string;
  /** The config with the live parameters applied since, so that reset() keeps them. */
  config: TrainingConfig;
}

/**
 * The training worker's engine (see EngineApi). Lifecycle calls (init, reset, play, stepOnce) run one at a
 * time in call order; pause, setParams and setSpeed act at once, between two chunks of training.
 */
export class TrainingEngine extends EngineBase implements EngineApi {
  private session: Session | undefined;
  private speed: Speed = defaultSpeed;
  private snapshotListener: SnapshotListener | undefined;
  private statusListener: StatusListener | undefined;
  /** Held by the worker's entry (training.worker.ts); resolved at once where there is no worker (tests). */
  lifeline: Promise<void> = Promise.resolve();

  alive(): Promise<void> {
    return this.lifeline;
  }

  /** The step the worker's trainer has reached (ahead of the last snapshot the page drew); 0 before a run. */
  get trainedSteps(): number {
    return this.session?.trainer.step ?? 0;
  }

  /** The GPU device under the run was lost: training stops and the page hears why (it moves to another backend). */
  async deviceLost(message: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    await session.loop.pause();
    notify(this.statusListener, { type: 'deviceLost', step: session.trainer.step, message });
  }

  init(config: unknown, backend: BackendChoice, dataBaseUrl: string): Promise<Result<EngineInfo>> {
    return this.serially(async () => {
      const parsed = parseTrainingConfig(config);
      if (!parsed.ok) return parsed;
      await this.closeSession();
      return this.openSession(parsed.value, await this.backendFor(backend), dataBaseUrl);
    });
  }

  reset(config?: unknown): Promise<Result<EngineInfo>> {
    return this.serially(async () => {
      const session = this.session;
      if (!session) return notInitialised();
      const parsed = config === undefined ? ok(session.config) : parseTrainingConfig(config);
      if (!parsed.ok) return parsed;
      await this.closeSession();
      return this.openSession(parsed.value, session.info.backend, session.dataBaseUrl);
    });
  }

  play(): Promise<Result<void>> {
    return this.serially(async () => {
      if (!this.session) return notInitialised();
      this.session.loop.play();
      return ok(undefined);
    });
  }

  async pause(): Promise<void> {
    await this.session?.loop.pause();
  }

  stepOnce(n: number): Promise<Result<void>> {
    return this.serially(async () => {
      if (!this.session) return notInitialised();
      if (!(Number.isInteger(n) && n >= 1 && n <= MAX_STEPS_PER_CALL)) {
        return fail(`steps must be a whole number from 1 to ${MAX_STEPS_PER_CALL} (got ${n})`);
      }
      await this.session.loop.stepOnce(n);
      return ok(undefined);
    });
  }

  setParams(params: LiveParams): Result<void> {
    const session = this.session;
    if (!session) return notInitialised();
    const applied = session.trainer.setParams(params);
    if (applied.ok) session.config = withLiveParams(session.config, params);
    return applied;
  }

  setSpeed(change: Partial<Speed>): Result<Speed> {
    const merged = mergeSpeed(this.speed, change);
    if (merged.ok) {
      this.speed = merged.value;
      this.session?.loop.setSpeed(merged.value);
    }
    return merged;
  }

  onSnapshot(listener: SnapshotListener): void {
    this.snapshotListener = listener;
  }

  onStatus(listener: StatusListener): void {
    this.statusListener = listener;
  }

  private async openSession(config: TrainingConfig, backend: BackendReport, dataBaseUrl: string): Promise<Result<EngineInfo>> {
    const dataset = await this.datasets.load(config, dataBaseUrl);
    if (!dataset.ok) return dataset;
    backend = await this.measuredBackend(backend, config, dataset.value);
    const trainer = Trainer.create(config, dataset.value);
    if (!trainer.ok) return trainer;
    const loop = new TrainingLoop(
      trainer.value,
      {
        snapshot: (snapshot) => {
          const owned = transferableSnapshot(snapshot);
          notify(this.snapshotListener, transfer(owned.snapshot, owned.buffers));
        },
        status: (status) => notify(this.statusListener, status),
      },
      this.scheduler,
    );
    loop.setSpeed(this.speed);
    const samples = sampleImages(dataset.value, trainer.value.embeddingSamples());
    const info: EngineInfo = { backend, datasetSummary: summariseDataset(dataset.value), config, ...(samples ? { samples } : {}) };
    this.session = { trainer: trainer.value, loop, info, dataBaseUrl, config };
    return ok(info);
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    await session.loop.stop();
    session.trainer.dispose();
  }

}

const notInitialised = <T>(): Result<T> => fail('the engine has no run yet: call init first');
