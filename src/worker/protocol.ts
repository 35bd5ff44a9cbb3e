import type { LiveParams, TrainingConfig } from '../core/config';
import type { ImageFormat } from '../core/data/ownDataset';
import type { OwnDataFiles, OwnDataSummary } from '../io/ownData';
import type { Result } from '../core/result';
import type { Divergence, Snapshot } from '../core/trainer';
import type { BackendChoice, BackendReport } from './backends';
import type { DatasetSummary, SampleImages } from './datasets';
import type { Speed } from './pacing';

/**
 * The training worker's API, called through comlink (which numbers the calls and carries replies and
 * thrown errors). Every method that can fail returns a Result instead of throwing, and failures of the
 * running loop arrive as status events, so the page never sees an unhandled rejection.
 */
export interface EngineApi {
  /**
   * Selects the backend (with its self-test), loads the dataset and builds a fresh trainer, paused at step 0.
   * `dataBaseUrl` is the app's data/ folder as an absolute URL (see `dataBaseUrl()` in client.ts).
   */
  init(config: unknown, backend: BackendChoice, dataBaseUrl: string): Promise<Result<EngineInfo>>;
  /**
   * Decodes the user's own data (the vectors or image zip of "Your data") and keeps it for the runs whose
   * dataset is `vectors` or `images`; null forgets it. Bad files are reported, naming the file and the
   * problem, and change nothing.
   */
  setOwnData(files: OwnDataFiles | null, imageFormat: ImageFormat): Promise<Result<OwnDataSummary | null>>;
  /** Trains continuously until pause(), a divergence or an error. */
  play(): Promise<Result<void>>;
  /** Stops after the current chunk; a last snapshot shows the final state. Resolves once stopped. */
  pause(): Promise<void>;
  /** Trains n steps (1 ≤ n ≤ 10 000) and sends one snapshot. */
  stepOnce(n: number): Promise<Result<void>>;
  /** A fresh trainer at step 0, paused; with the current config unless a new one is given. Same backend. */
  reset(config?: unknown): Promise<Result<EngineInfo>>;
  /** Applied from the next step. */
  setParams(params: LiveParams): Result<void>;
  setSpeed(speed: Partial<Speed>): Result<Speed>;
  /** The listener receives every snapshot; its typed arrays are transferred (owned by the receiver). */
  onSnapshot(listener: SnapshotListener): void;
  onStatus(listener: StatusListener): void;
  /** Resolves once the worker holds its lifeline (lifeline.ts), so the page can watch for its end. */
  alive(): Promise<void>;
}

export interface EngineInfo {
  readonly backend: BackendReport;
  readonly datasetSummary: DatasetSummary;
  /** The validated config, defaults filled in. */
  readonly config: TrainingConfig;
  /** Images of the embedding view's points, for image datasets. */
  readonly samples?: SampleImages;
}

export type EngineStatus =
  | { readonly type: 'running'; readonly step: number }
  | { readonly type: 'paused'; readonly step: number }
  /** The trainer rolled back to its last healthy weights; the loop paused. */
  | { readonly type: 'divergence'; readonly divergence: Divergence }
  /** The loop stopped on an unexpected error (also paused). */
  | { readonly type: 'error'; readonly message: string }
  /** The GPU device was lost (driver reset, GPU removed, the browser reclaimed it): the run cannot go on here. */
  | { readonly type: 'deviceLost'; readonly step: number; readonly message: string };

export type SnapshotListener = (snapshot: Snapshot) => void;
export type StatusListener = (status: EngineStatus) => void;

export const MAX_STEPS_PER_CALL = 10_000;
