import { planRuns, runConfig, type ComparePlan, type CompareRun, type TrainingConfig } from '../core/config';
import type { DatasetData } from '../core/data';
import { fail, ok, type Result } from '../core/result';
import { historyPoint, Trainer, type Snapshot } from '../core/trainer';
import type { CompareRecord } from './compareProtocol';

export type LoadDataset = (config: TrainingConfig) => Promise<Result<DatasetData>>;

/**
 * Owns the K trainers of a comparison and steps them in turn: every live run trains the same number of
 * steps, then each is evaluated, so all histories have points at the same steps. A run that diverges is
 * rolled back (by its Trainer), reported once and trains no further; the others go on.
 */
export class CompareRunner {
  private stepCount = 0;
  private readonly stopped = new Set<number>();

  private constructor(
    readonly plan: ComparePlan,
    readonly runs: readonly CompareRun[],
    private readonly trainers: readonly Trainer[],
  ) {}

  /** Builds every trainer; the same seed gives the same data, model and batches for every setting. */
  static async create(plan: ComparePlan, loadDataset: LoadDataset): Promise<Result<CompareRunner>> {
    const runs = planRuns(plan);
    const trainers: Trainer[] = [];
    const datasets = new Map<number, DatasetData>();
    const discard = (error: string): Result<CompareRunner> => {
      trainers.forEach((t) => t.dispose());
      return fail(error);
    };
    for (const run of runs) {
      const config = runConfig(plan, run.setting, run.seed);
      let dataset = datasets.get(config.seed);
      if (!dataset) {
        const loaded = await loadDataset(config);
        if (!loaded.ok) return discard(loaded.error);
        dataset = loaded.value;
        datasets.set(config.seed, dataset);
      }
      const trainer = Trainer.create(config, dataset);
      if (!trainer.ok) return discard(`${plan.settings[run.setting]!.label}: ${trainer.error}`);
      trainers.push(trainer.value);
    }
    return ok(new CompareRunner(plan, runs, trainers));
  }

  /** Steps trained by every run that has not diverged. */
  get step(): number {
    return this.stepCount;
  }

  get finished(): boolean {
    return this.stepCount >= this.plan.steps || this.stopped.size === this.runs.length;
  }

  /** One evaluation of every live run, e.g. of the untrained encoders at step 0. */
  async evaluate(): Promise<CompareRecord[]> {
    const records: CompareRecord[] = [];
    for (const run of this.runs) {
      if (this.stopped.has(run.index)) continue;
      records.push(this.record(run.index, await this.trainers[run.index]!.snapshot()));
    }
    return records;
  }

  /**
   * Trains every live run up to the next evaluation (evalEvery steps, or what is left), one run after the
   * other with `between` awaited in between (the worker yields there, so pause and cancel are heard), then
   * evaluates them.
   */
  async advance(between: () => Promise<void> = async () => undefined): Promise<CompareRecord[]> {
    const n = Math.min(this.plan.evalEvery, this.plan.steps - this.stepCount);
    if (n <= 0) return [];
    for (const run of this.runs) {
      if (this.stopped.has(run.index)) continue;
      this.trainers[run.index]!.train(n);
      await between();
    }
    this.stepCount += n;
    return this.evaluate();
  }

  private record(run: number, snapshot: Snapshot): CompareRecord {
    const base = { run, point: historyPoint(snapshot), distances: snapshot.batch.distances, similarity: snapshot.batch.similarity };
    if (!snapshot.divergence) return base;
    this.stopped.add(run);
    return { ...base, divergence: snapshot.divergence.message };
  }

  dispose(): void {
    this.trainers.forEach((t) => t.dispose());
  }
}
