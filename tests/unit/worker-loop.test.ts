import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/trainer';
import { TrainingLoop, type Trainable } from '../../src/worker/loop';
import { defaultSpeed } from '../../src/worker/pacing';
import type { EngineStatus } from '../../src/worker/protocol';
import type { Scheduler } from '../../src/worker/scheduler';
import { fakeSnapshot } from './support/fixtures';

/** Virtual time: only the fake trainer and sleep() move it, so the tests are exact and instant. */
class FakeClock implements Scheduler {
  time = 0;
  now = (): number => this.time;
  yieldNow = (): Promise<void> => new Promise((resume) => setImmediate(resume));
  sleep = async (ms: number): Promise<void> => {
    this.time += ms;
    await this.yieldNow();
  };
}

interface TrainerCosts {
  /** Time train(n) takes per step (the dispatch; on a GPU much less than the compute). */
  readonly dispatchMs: number;
  /** Compute per step that only the read-back waits for (GPU); 0 for cpu-like backends. */
  readonly queuedMs: number;
  readonly snapshotMs: number;
}

/** Records every chunk and snapshot, and fails if the loop ever trains while a snapshot is in flight. */
class FakeTrainer implements Trainable {
  step = 0;
  readonly chunks: number[] = [];
  readonly snapshotTimes: number[] = [];
  /** Steps between consecutive snapshots. */
  readonly stepsPerSnapshot: number[] = [];
  divergeAtSnapshot = -1;
  throwOnTrain = false;
  private queued = 0;
  private stepAtLastSnapshot = 0;
  private reading = false;

  constructor(
    private readonly clock: FakeClock,
    private readonly costs: TrainerCosts,
  ) {}

  train(n: number): void {
    if (this.reading) throw new Error('train() while a snapshot is being read back');
    if (this.throwOnTrain) throw new Error('out of GPU memory');
    this.chunks.push(n);
    this.step += n;
    this.clock.time += n * this.costs.dispatchMs;
    this.queued += n * this.costs.queuedMs;
  }

  async snapshot(): Promise<Snapshot> {
    this.reading = true;
    await new Promise((resume) => setImmediate(resume));
    this.clock.time += this.queued + this.costs.snapshotMs;
    this.queued = 0;
    this.reading = false;
    this.snapshotTimes.push(this.clock.time);
    this.stepsPerSnapshot.push(this.step - this.stepAtLastSnapshot);
    this.stepAtLastSnapshot = this.step;
    const diverged = this.snapshotTimes.length - 1 === this.divergeAtSnapshot;
    if (diverged) this.step = 1;
    return fakeSnapshot(this.step, diverged ? { divergence: { quantity: 'loss', step: 9, rolledBackTo: 1, message: 'NaN' } } : {});
  }
}

function setup(costs: TrainerCosts) {
  const clock = new FakeClock();
  const trainer = new FakeTrainer(clock, costs);
  const snapshots: Snapshot[] = [];
  const statuses: EngineStatus[] = [];
  let onPaused = (): void => undefined;
  const paused = new Promise<void>((resume) => (onPaused = resume));
  const loop = new TrainingLoop(
    trainer,
    {
      snapshot: (s) => snapshots.push(s),
      status: (s) => {
        statuses.push(s);
        if (s.type === 'paused') onPaused();
      },
    },
    clock,
  );
  /** Plays until `count` snapshots have arrived, then pauses. */
  const playFor = async (count: number): Promise<void> => {
    const stopAt = (): void => {
      if (snapshots.length >= count) void loop.pause();
    };
    const poll = setInterval(stopAt, 0);
    loop.play();
    await paused;
    clearInterval(poll);
  };
  return { clock, trainer, loop, snapshots, statuses, playFor, paused };
}

describe('training loop', () => {
  it('grows chunks to about 40 ms of work once the step cost is known', async () => {
    const { trainer, playFor } = setup({ dispatchMs: 2, queuedMs: 0, snapshotMs: 5 });
    await playFor(6);
    expect(trainer.chunks[0]).toBe(1);
    // Chunks fill 40 ms of measured cost (the read-back's share included), except the last of an interval,
    // which only fills it up.
    const late = trainer.chunks.slice(-8);
    expect(Math.max(...late) * 2).toBeGreaterThanOrEqual(30);
    for (const n of late) expect(n * 2).toBeLessThanOrEqual(40);
  });

  it('reads back at most 10 times a second', async () => {
    const { trainer, playFor } = setup({ dispatchMs: 1, queuedMs: 0, snapshotMs: 2 });
    await playFor(12);
    const gaps = trainer.snapshotTimes.slice(1).map((t, i) => t - trainer.snapshotTimes[i]!);
    // The last snapshot is the one pause() takes, whenever it comes.
    for (const gap of gaps.slice(0, -1)) expect(gap).toBeGreaterThanOrEqual(100);
    // …and not much less often, once the cost is measured: at most one chunk and one read-back over.
    for (const gap of gaps.slice(2, -1)) expect(gap).toBeLessThanOrEqual(100 + 40 + 2);
  });

  it('on a GPU, where dispatch is nearly free, queues no more than one interval of work per read-back', async () => {
    const { trainer, playFor } = setup({ dispatchMs: 0.01, queuedMs: 8, snapshotMs: 20 });
    await playFor(10);
    for (const steps of trainer.stepsPerSnapshot.slice(3)) expect(steps * 8).toBeLessThanOrEqual(100 + 40);
    // The measured cost includes the GPU time, so chunks stay small (40 ms / ~10 ms per step).
    expect(Math.max(...trainer.chunks.slice(5))).toBeLessThanOrEqual(5);
  });

  it('keeps to a speed limit', async () => {
    const { clock, trainer, loop, playFor } = setup({ dispatchMs: 1, queuedMs: 0, snapshotMs: 1 });
    loop.setSpeed({ ...defaultSpeed, stepsPerSecond: 20 });
    await playFor(30);
    // Started at t = 0 with one step allowed at once, then one per 50 ms.
    expect(trainer.step).toBeLessThanOrEqual(Math.floor(clock.time / 50) + 1);
    expect(trainer.step).toBeGreaterThanOrEqual(Math.floor(clock.time / 50) - 2);
  });

  it('after the clock jumps an hour (a frozen background tab, a laptop asleep), owes at most a second of steps: no burst', async () => {
    const { clock, trainer, loop, playFor, snapshots } = setup({ dispatchMs: 1, queuedMs: 0, snapshotMs: 1 });
    loop.setSpeed({ ...defaultSpeed, stepsPerSecond: 20 });
    let jumped = false;
    const jump = setInterval(() => {
      if (jumped || snapshots.length < 5) return;
      jumped = true;
      clock.time += 3_600_000;
    }, 0);
    await playFor(40);
    clearInterval(jump);
    const jumpedAt = trainer.snapshotTimes.findIndex((t) => t >= 3_600_000);
    expect(jumpedAt).toBeGreaterThan(0);
    expect(snapshots.length - jumpedAt).toBeGreaterThan(10);
    // In the second after the jump: one second's worth (20 steps) and a step, not 72,000.
    const after = trainer.stepsPerSnapshot.slice(jumpedAt);
    expect(Math.max(...after)).toBeLessThanOrEqual(21 + 20);
    // And the rate holds afterwards: no more than the limit allows plus the one-second backlog.
    expect(trainer.step).toBeLessThanOrEqual(Math.floor((clock.time - 3_600_000) / 50) + 1 + 21 + snapshots.length);
  });

  it('sends running, then a last snapshot of the steps since the previous one, then paused', async () => {
    const { trainer, snapshots, statuses, playFor } = setup({ dispatchMs: 1, queuedMs: 0, snapshotMs: 1 });
    await playFor(3);
    expect(statuses[0]).toEqual({ type: 'running', step: 0 });
    expect(statuses.at(-1)).toEqual({ type: 'paused', step: trainer.step });
    expect(snapshots.at(-1)!.step).toBe(trainer.step);
    const trainedAfterPause = trainer.chunks.length;
    await new Promise((resume) => setTimeout(resume, 20));
    expect(trainer.chunks.length).toBe(trainedAfterPause);
  });

  it('pauses on a divergence and reports it', async () => {
    const { trainer, loop, statuses, paused } = setup({ dispatchMs: 1, queuedMs: 0, snapshotMs: 1 });
    trainer.divergeAtSnapshot = 2;
    loop.play();
    await paused;
    expect(statuses.map((s) => s.type)).toEqual(['running', 'divergence', 'paused']);
    expect(statuses[1]).toMatchObject({ divergence: { step: 9, rolledBackTo: 1 } });
  });

  it('turns an exception into an error status and stops', async () => {
    const { trainer, loop, statuses, paused } = setup({ dispatchMs: 1, queuedMs: 0, snapshotMs: 1 });
    trainer.throwOnTrain = true;
    loop.play();
    await paused;
    expect(statuses).toEqual([
      { type: 'running', step: 0 },
      { type: 'error', message: 'training stopped: out of GPU memory' },
      { type: 'paused', step: 0 },
    ]);
  });

  it('runs stepOnce between chunks, never during a read-back', async () => {
    const { trainer, loop, snapshots, paused } = setup({ dispatchMs: 1, queuedMs: 0, snapshotMs: 3 });
    loop.play();
    const stepped = Promise.all([loop.stepOnce(7), loop.stepOnce(7)]);
    await stepped;
    await loop.pause();
    await paused;
    // A read-back in flight would have made train() throw (FakeTrainer), failing the loop with an error.
    expect(trainer.chunks.filter((n) => n === 7).length).toBeGreaterThanOrEqual(2);
    expect(snapshots.at(-1)!.step).toBe(trainer.step);
  });

  it('stop() waits for a pending stepOnce, so the trainer can be disposed', async () => {
    const { trainer, loop } = setup({ dispatchMs: 1, queuedMs: 0, snapshotMs: 3 });
    const stepping = loop.stepOnce(5);
    await loop.stop();
    expect(trainer.step).toBe(5);
    await stepping;
  });
});
