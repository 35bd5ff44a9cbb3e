import type { EmbeddingReport, PairSplit } from '../core/metrics';
import type { Result } from '../core/result';
import type { TemperatureSetting } from '../core/temperature';
import type { FileNames, InputFile } from '../io/embeddings';
import type { PairCounts, PairDistancesW1 } from './analysisSample';
import type { Projection } from './analysisProjection';

export type { Projection, PairCounts, PairDistancesW1 };

/**
 * The analysis worker's API (comlink): it parses loaded embeddings with the analyzer's parser, keeps them,
 * and computes what the lab shows of them progressively — sampled pair types and the PCA first, the full
 * streamed metrics (the analyzer's analyseEmbeddings) later — and projects the training run's embedding
 * with UMAP. Work runs one task at a time, in order.
 */
export interface AnalysisApi {
  /**
   * Parses the files (their buffers are transferred) and, when they are valid, replaces the loaded data and
   * starts the analysis, whose results arrive at `listener` tagged with `id`. A bad file leaves the loaded
   * data as it was and returns the parser's message.
   */
  load(id: number, files: LoadFiles, options: AnalysisSettings, listener: AnalysisListener): Promise<Result<LoadedSummary>>;
  /** The loss under another temperature; the latest setting wins when several arrive during a pass. */
  setTemperature(setting: TemperatureSetting): void;
  /** UMAP of the loaded embeddings' subsample; arrives as a 'projection' event. */
  umapLoaded(): void;
  /** UMAP of any n × dim points (the training run's embedding), with progress. */
  umap(points: Float32Array, n: number, dim: number, onProgress: (fraction: number) => void): Promise<Result<Projection>>;
}

export interface LoadFiles {
  readonly view1: InputFile;
  readonly view2?: InputFile;
  readonly labels?: InputFile;
}

export interface AnalysisSettings {
  readonly temperature: TemperatureSetting;
  readonly k: number;
  readonly knnT: number;
}

export interface LoadedSummary {
  readonly names: FileNames;
  readonly n: number;
  readonly dim: number;
  readonly views: 1 | 2;
  readonly classes: number;
  readonly parseMs: number;
}

/** Pairs by type (a uniform sample of each when there are more than the cap) with their W₁ distances. */
export interface PairsResult {
  readonly pairs: PairSplit;
  readonly distances: PairDistancesW1;
  readonly total: PairCounts;
  readonly sampled: boolean;
}

/** A 2m×2m similarity matrix of m sampled samples' two views, as a training batch's. */
export interface BatchSample {
  readonly similarity: Float32Array;
  readonly rows: number;
  /** Mean positive similarity of all n samples: MACL's A, as the analyzer's loss uses it. */
  readonly alignment: number;
}

export interface ProjectionSample {
  readonly projection: Projection;
  /** Labels of the projected rows (−1 without labels). */
  readonly labels: Int32Array;
}

export type AnalysisEvent =
  | { readonly type: 'pairs'; readonly pairs: PairsResult; readonly batch: BatchSample | null; readonly ms: number }
  | { readonly type: 'projection'; readonly sample: ProjectionSample; readonly ms: number }
  | { readonly type: 'umapProgress'; readonly fraction: number }
  | { readonly type: 'metrics'; readonly report: EmbeddingReport; readonly temperature: string; readonly backend: string; readonly ms: number }
  | { readonly type: 'loss'; readonly loss: number; readonly temperature: string; readonly ms: number }
  | { readonly type: 'pending'; readonly what: 'metrics' | 'loss'; readonly temperature: string }
  | { readonly type: 'error'; readonly message: string };

export type AnalysisListener = (id: number, event: AnalysisEvent) => void;

/** Pairs of each type drawn for the histograms and W₁ at most. */
export const PAIR_SAMPLE_CAP = 20_000;
/** Samples in the gradient profile's batch matrix (2m rows with two views): the lab's default batch size. */
export const BATCH_SAMPLE = 128;
/** Points projected for the embedding view. */
export const PROJECTION_SAMPLE = 1_000;
