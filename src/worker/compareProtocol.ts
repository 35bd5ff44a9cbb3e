import type { CompareRun, HistoryPoint } from '../core/config';
import type { ImageFormat } from '../core/data/ownDataset';
import type { Result } from '../core/result';
import type { OwnDataFiles, OwnDataSummary } from '../io/ownData';
import type { BackendChoice, BackendReport } from './backends';

/**
 * The comparison worker's API and its messages: K trainers (settings × seeds) on one dataset and model,
 * stepped in turn and evaluated at the same steps, so their histories line up step for step.
 */

export interface PairDistances {
  readonly tpFn: number;
  readonly fnTn: number;
  readonly tpTn: number;
}

/** One evaluation of one run. */
export interface CompareRecord {
  readonly run: number;
  readonly point: HistoryPoint;
  readonly distances: PairDistances;
  /** The last training batch's 2B×2B similarity matrix (empty before the first step), for the gradient figure. */
  readonly similarity: Float32Array;
  /** Set when the run stopped being finite; it was rolled back and trains no further. */
  readonly divergence?: string;
}

export interface CompareStarted {
  readonly backend: BackendReport;
  /** planRuns(plan). */
  readonly runs: readonly CompareRun[];
}

export type CompareStatus =
  | { readonly type: 'running'; readonly step: number }
  | { readonly type: 'paused'; readonly step: number }
  | { readonly type: 'done'; readonly step: number }
  | { readonly type: 'error'; readonly message: string };

export type RecordsListener = (records: readonly CompareRecord[]) => void;
export type CompareStatusListener = (status: CompareStatus) => void;

export interface CompareApi {
  /** Builds every trainer of the plan (replacing any earlier comparison), evaluates step 0 and starts training. */
  start(plan: unknown, backend: BackendChoice, dataBaseUrl: string): Promise<Result<CompareStarted>>;
  /**
   * Decodes the user's own data (the vectors or image zip of "Your data") and keeps it for the runs whose
   * dataset is `vectors` or `images`; null forgets it. Bad files are reported, naming the file and the
   * problem, and change nothing.
   */
  setOwnData(files: OwnDataFiles | null, imageFormat: ImageFormat): Promise<Result<OwnDataSummary | null>>;
  /** Stops after the current chunk. Resolves once stopped. */
  pause(): Promise<void>;
  resume(): Promise<Result<void>>;
  /** Stops and frees every trainer. */
  cancel(): Promise<void>;
  onRecords(listener: RecordsListener): void;
  onStatus(listener: CompareStatusListener): void;
}
