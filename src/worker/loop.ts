import { errorMessage } from '../core/errors';
import type { Snapshot } from '../core/trainer';
import { defaultSpeed, limitStartWithoutBurst, nextAction, updateStepCost, type Speed } from './pacing';
import type { EngineStatus } from './protocol';
import { realScheduler, type Scheduler } from './scheduler';

/** The part of the Trainer the loop drives. */
export interface Trainable {
  readonly step: number;
  /** Dispatches n steps without reading anything back. */
  train(n: number): void;
  /** The one read-back; may report (and has then already rolled back) a divergence. */
  snapshot(): Promise<Snapshot>;
}

export interface LoopListeners {
  snapshot(snapshot: Snapshot): void;
  status(status: EngineStatus): void;
}

/** A wait is cut into slices this long, so that pause is noticed promptly. */
const MAX_SLEEP_MS = 50;

/**
 * Runs a trainer in chunks of about TARGET_CHUNK_MS, yields to the event loop between chunks so that
 * messages are handled, and reads back at most `snapshotsPerSecond` times a second (see nextAction). All
 * trainer calls go through one lock, so a stepOnce never interleaves with a chunk or a snapshot.
 */
export class TrainingLoop {
  private running = false;
  private runner: Promise<void> | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private speed: Speed = defaultSpeed;
  /** Smoothed cost of one step, including its share of the read-back that waits for the GPU. */
  private msPerStep: number | undefined;
  private stepsSinceSnapshot = 0;
  private busyMsSinceSnapshot = 0;
  private lastSnapshotAt: number;
  private limitStartedAt = 0;
  private stepsSinceLimitStart = 0;

  constructor(
    private readonly trainer: Trainable,
    private readonly listeners: LoopListeners,
    private readonly scheduler: Scheduler = realScheduler,
  ) {
    this.lastSnapshotAt = scheduler.now();
  }

  play(): void {
    if (this.running) return;
    this.running = true;
    this.restartSpeedLimit();
    this.listeners.status({ type: 'running', step: this.trainer.step });
    this.runner ??= this.run();
  }

  /** Resolves once the loop has stopped and sent its last snapshot. */
  async pause(): Promise<void> {
    this.running = false;
    await this.runner;
  }

  /** Pauses and waits until nothing uses the trainer any more, so that it can be disposed. */
  async stop(): Promise<void> {
    await this.pause();
    await this.exclusive(async () => undefined);
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.restartSpeedLimit();
  }

  stepOnce(n: number): Promise<void> {
    return this.exclusive(async () => {
      this.train(n);
      await this.takeSnapshot();
    });
  }

  private async run(): Promise<void> {
    try {
      do {
        while (this.running) await this.tick();
        // The last snapshot shows where the run stopped; play() may have come back meanwhile.
        await this.exclusive(async () => {
          if (this.stepsSinceSnapshot > 0) await this.takeSnapshot();
        });
      } while (this.running);
    } catch (e) {
      this.running = false;
      this.listeners.status({ type: 'error', message: `training stopped: ${errorMessage(e)}` });
    } finally {
      this.runner = undefined;
      this.listeners.status({ type: 'paused', step: this.trainer.step });
    }
  }

  private async tick(): Promise<void> {
    const now = this.scheduler.now();
    this.limitStartedAt = limitStartWithoutBurst(this.speed, this.limitStartedAt, now, this.stepsSinceLimitStart);
    const action = nextAction(
      {
        msSinceSnapshot: now - this.lastSnapshotAt,
        stepsSinceSnapshot: this.stepsSinceSnapshot,
        msPerStep: this.msPerStep,
        msSinceLimitStart: now - this.limitStartedAt,
        stepsSinceLimitStart: this.stepsSinceLimitStart,
      },
      this.speed,
    );
    if (action.kind === 'wait') {
      await this.scheduler.sleep(Math.min(action.ms, MAX_SLEEP_MS));
      return;
    }
    await this.exclusive(async () => {
      // A stepOnce may have run meanwhile: its snapshot makes this one unnecessary.
      if (!this.running || (action.kind === 'snapshot' && this.stepsSinceSnapshot === 0)) return;
      if (action.kind === 'snapshot') {
        await this.takeSnapshot();
      } else {
        this.train(action.steps);
        this.stepsSinceLimitStart += action.steps;
      }
    });
    await this.scheduler.yieldNow();
  }

  private train(n: number): void {
    const started = this.scheduler.now();
    this.trainer.train(n);
    this.busyMsSinceSnapshot += this.scheduler.now() - started;
    this.stepsSinceSnapshot += n;
  }

  private async takeSnapshot(): Promise<void> {
    const started = this.scheduler.now();
    const snapshot = await this.trainer.snapshot();
    const finished = this.scheduler.now();
    if (this.stepsSinceSnapshot > 0) {
      const busy = this.busyMsSinceSnapshot + (finished - started);
      this.msPerStep = updateStepCost(this.msPerStep, busy / this.stepsSinceSnapshot);
    }
    this.stepsSinceSnapshot = 0;
    this.busyMsSinceSnapshot = 0;
    this.lastSnapshotAt = finished;
    this.listeners.snapshot(snapshot);
    if (snapshot.divergence) {
      this.running = false;
      this.listeners.status({ type: 'divergence', divergence: snapshot.divergence });
    }
  }

  private restartSpeedLimit(): void {
    this.limitStartedAt = this.scheduler.now();
    this.stepsSinceLimitStart = 0;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.lock.then(task);
    this.lock = result.catch(() => undefined);
    return result;
  }
}
