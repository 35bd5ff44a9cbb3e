import type { HistoryPoint, TrainingConfig } from '../core/config';
import { datasetForConfig, runExperiment, Trainer, type ExperimentOutcome, type Snapshot } from '../core/trainer';
import { InputError } from './cli';
import { readDataFile } from './dataFiles';

export interface HeadlessRunOptions {
  readonly steps: number;
  readonly evalEvery: number;
  readonly onEvaluation?: (snapshot: Snapshot, point: HistoryPoint) => void;
}

/**
 * One headless run on the active backend: the config's dataset from the prepared files, a trainer, step 0 and
 * then every `evalEvery` steps evaluated. The runner and the sweep's workers both train this way, so a sweep's
 * run is exactly the runner's run of the same config.
 */
export async function trainHeadless(config: TrainingConfig, { steps, evalEvery, onEvaluation }: HeadlessRunOptions): Promise<ExperimentOutcome> {
  const dataset = await datasetForConfig(config, readDataFile);
  if (!dataset.ok) throw new InputError(`${dataset.error}; run “npm run prepare-data” first if the file is missing`);
  const trainer = Trainer.create(config, dataset.value);
  if (!trainer.ok) throw new InputError(trainer.error);
  try {
    return await runExperiment(trainer.value, { steps, evalEvery, ...(onEvaluation ? { onEvaluation } : {}) });
  } finally {
    trainer.value.dispose();
  }
}
