import type { HistoryPoint, TrainingConfig } from '../config';
import { expandCells, referenceConfigs, withSeed, type SweepDefinition } from './definition';
import { runKey, type RunTarget, type SweepRun } from './results';

/** One run a sweep makes: what it belongs to and the config it trains, or why it is skipped. */
export type PlannedRun = { readonly target: RunTarget } & ({ readonly config: TrainingConfig } | { readonly skipped: string });

/** Every run of the sweep: each cell × seed (seeds in order), then the constant-τ line × seed. */
export function planRuns(definition: SweepDefinition): readonly PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const cell of expandCells(definition)) {
    for (const seed of definition.seeds) {
      const target = { cell: cell.index, seed };
      runs.push('config' in cell.outcome ? { target, config: withSeed(cell.outcome.config, seed) } : { target, skipped: cell.outcome.skipped });
    }
  }
  for (const { tau, config } of referenceConfigs(definition)) {
    for (const seed of definition.seeds) runs.push({ target: { constantTau: tau, seed }, config: withSeed(config, seed) });
  }
  return runs;
}

/** What training one config for the sweep's steps gave. */
export interface RunOutcome {
  readonly history: readonly HistoryPoint[];
  readonly divergence: { readonly message: string } | null;
}

export interface SweepProgress {
  readonly run: SweepRun;
  /** Read back from an earlier invocation rather than trained now. */
  readonly reused: boolean;
  /** Runs finished (trained, reused or skipped) and in all. */
  readonly done: number;
  readonly total: number;
}

export interface RunSweepOptions {
  /** Trains one config; several may be in flight at once, up to `jobs`. */
  readonly runOne: (config: TrainingConfig) => Promise<RunOutcome>;
  readonly jobs: number;
  /** Runs finished earlier, by runKey: they are reported as reused and not trained again. */
  readonly previous?: ReadonlyMap<string, SweepRun>;
  /** After every run, in the order they finish: the place to write results so an interruption keeps them. */
  readonly onRun?: (progress: SweepProgress) => void | Promise<void>;
}

/**
 * Runs a sweep on a pool of `jobs` trainers: skipped cells first (they need no training), then earlier runs
 * read back, then the rest in plan order. A diverged run is recorded as such and the sweep goes on. Returns
 * every run in plan order.
 */
export async function runSweep(definition: SweepDefinition, { runOne, jobs, previous = new Map(), onRun }: RunSweepOptions): Promise<readonly SweepRun[]> {
  const plan = planRuns(definition);
  const results = new Map<string, SweepRun>();
  let done = 0;
  // Reports are chained so that onRun sees one run at a time, in the order they finish.
  let reporting = Promise.resolve();
  const finish = (run: SweepRun, reused: boolean): Promise<void> => {
    results.set(runKey(run.target), run);
    done++;
    const progress = { run, reused, done, total: plan.length };
    reporting = reporting.then(() => onRun?.(progress));
    return reporting;
  };

  const toTrain: { readonly target: RunTarget; readonly config: TrainingConfig }[] = [];
  for (const planned of plan) {
    const earlier = previous.get(runKey(planned.target));
    if ('skipped' in planned) await finish({ target: planned.target, status: 'skipped', reason: planned.skipped, history: [] }, false);
    else if (earlier && earlier.status !== 'skipped') await finish(earlier, true);
    else toTrain.push(planned);
  }

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < toTrain.length) {
      const { target, config } = toTrain[next++]!;
      const outcome = await runOne(config);
      const run: SweepRun = outcome.divergence
        ? { target, status: 'diverged', reason: outcome.divergence.message, history: outcome.history }
        : { target, status: 'ok', history: outcome.history };
      await finish(run, false);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, toTrain.length)) }, worker));
  await reporting;
  return plan.map((p) => results.get(runKey(p.target))!);
}
