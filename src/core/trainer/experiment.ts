import type { HistoryPoint } from '../config';
import { historyPoint } from './history';
import type { Divergence, Snapshot } from './snapshot';
import type { Trainer } from './trainer';

export interface ExperimentOptions {
  readonly steps: number;
  readonly evalEvery: number;
  /** Called after every evaluation, step 0 (the untrained encoder) first. */
  readonly onEvaluation?: (snapshot: Snapshot, point: HistoryPoint) => void;
}

export interface ExperimentOutcome {
  readonly history: readonly HistoryPoint[];
  /** Set when the run stopped being finite; the history ends at the last good evaluation before it. */
  readonly divergence: Divergence | null;
}

/**
 * A headless run: evaluate the untrained encoder at step 0, then train in chunks of `evalEvery` steps,
 * evaluating after each, until `steps` or a divergence. The runner, comparisons and sweeps all run this, so a
 * sweep's cell is exactly the run the runner makes with the same config.
 */
export async function runExperiment(trainer: Trainer, { steps, evalEvery, onEvaluation }: ExperimentOptions): Promise<ExperimentOutcome> {
  const history: HistoryPoint[] = [];
  const evaluate = async (): Promise<Snapshot> => {
    const snapshot = await trainer.snapshot();
    const point = historyPoint(snapshot);
    history.push(point);
    onEvaluation?.(snapshot, point);
    return snapshot;
  };
  let snapshot = await evaluate();
  while (trainer.step < steps && !snapshot.divergence) {
    trainer.train(Math.min(evalEvery - (trainer.step % evalEvery), steps - trainer.step));
    snapshot = await evaluate();
  }
  return { history, divergence: snapshot.divergence ?? null };
}
