import type { HistoryPoint, TrainingConfig } from '../core/config';
import { datasetForConfig, runExperiment, Trainer, type ExperimentOutcome, type Snapshot } from '../core/trainer';
import { ownSamplesFor, type OwnDataFiles } from '../io/ownData';
import { InputError } from './cli';
import { readDataFile } from './dataFiles';

export interface HeadlessRunOptions {
  /** The files of a run on your own data (--data), checked beforehand with checkOwnData. */
  readonly ownData?: OwnDataFiles;
  readonly steps: number;
  readonly evalEvery: number;
  readonly onEvaluation?: (snapshot: Snapshot, point: HistoryPoint) => void;
}

/**
 * One headless run on the active backend: the config's dataset from the prepared files, a trainer, step 0 and
 * then every `evalEvery` steps evaluated. The runner and the sweep's workers both train this way, so a sweep's
 * run is exactly the runner's run of the same config.
 */
export async function trainHeadless(config: TrainingConfig, { ownData, steps, evalEvery, onEvaluation }: HeadlessRunOptions): Promise<ExperimentOutcome> {
  const dataset = await datasetForConfig(config, readDataFile, ownData && ownSamplesCache(ownData));
  if (!dataset.ok) throw new InputError(ownData ? dataset.error : `${dataset.error}; run “npm run prepare-data” first if the file is missing`);
  const trainer = Trainer.create(config, dataset.value);
  if (!trainer.ok) throw new InputError(trainer.error);
  try {
    return await runExperiment(trainer.value, { steps, evalEvery, ...(onEvaluation ? { onEvaluation } : {}) });
  } finally {
    trainer.value.dispose();
  }
}

/** One decoder per loaded files, so the sweep's worker threads decode their data once, not once per run. */
const decoders = new WeakMap<OwnDataFiles, ReturnType<typeof ownSamplesFor>>();

function ownSamplesCache(files: OwnDataFiles): ReturnType<typeof ownSamplesFor> {
  let decoder = decoders.get(files);
  if (!decoder) decoders.set(files, (decoder = ownSamplesFor(files)));
  return decoder;
}
