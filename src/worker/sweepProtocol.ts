import type { HistoryPoint } from '../core/config';
import type { ImageFormat } from '../core/data/ownDataset';
import type { Result } from '../core/result';
import type { OwnDataFiles, OwnDataSummary } from '../io/ownData';
import type { BackendChoice, BackendName } from './backends';

/**
 * A sweep worker's API: it trains one config at a time, headless, the way the runner does (runExperiment:
 * step 0, then every `evalEvery` steps). The page keeps a pool of these and hands each the next run.
 */

export interface SweepTrainRequest {
  /** A TrainingConfig; checked in the worker. */
  readonly config: unknown;
  readonly steps: number;
  readonly evalEvery: number;
  readonly backend: BackendChoice;
  /** The app's data/ folder, for the image datasets. */
  readonly dataBaseUrl: string;
}

export interface SweepTrainOutcome {
  /** Evaluations from step 0 on. */
  readonly history: readonly HistoryPoint[];
  /** Set when the run stopped being finite; the history ends at the last good evaluation. */
  readonly divergence: { readonly message: string } | null;
  readonly backend: BackendName;
}

export interface SweepWorkerApi {
  /**
   * Decodes the user's own data (the vectors or image zip of "Your data") and keeps it for the runs whose
   * dataset is `vectors` or `images`; null forgets it. Bad files are reported, naming the file and the
   * problem, and change nothing.
   */
  setOwnData(files: OwnDataFiles | null, imageFormat: ImageFormat): Promise<Result<OwnDataSummary | null>>;
  train(request: SweepTrainRequest): Promise<Result<SweepTrainOutcome>>;
}
