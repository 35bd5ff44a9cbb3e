import type { PairSplit } from '../metrics';
import type { LearnedValues } from '../temperature';
import type { SampleTemperatures } from './sampleTemperatures';

export interface Summary {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export interface Divergence {
  /** What stopped being finite first. */
  readonly quantity: 'loss' | 'gradient';
  /** The step at which it happened. */
  readonly step: number;
  /** The step whose weights were restored. */
  readonly rolledBackTo: number;
  readonly message: string;
}

/** What the UI (or the headless runner) receives every K steps, decoded from one packed read-back. */
export interface Snapshot {
  readonly step: number;
  /** Mean training loss over the steps since the previous snapshot. */
  readonly loss: number;
  readonly learningRate: number;
  /** Wall time per step since the previous snapshot (dispatch, compute and this read-back). */
  readonly stepMs: number;
  readonly metrics: {
    readonly alignment: number;
    readonly uniformity: number;
    readonly tolerance?: number;
    readonly interClassUniformity?: number;
    readonly knnAccuracy?: number;
  };
  /** The last training batch: its 2B×2B similarity matrix, its B labels and the pair types. */
  readonly batch: {
    readonly similarity: Float32Array;
    readonly labels: Int32Array;
    readonly pairs: PairSplit;
    /** 1-D Wasserstein distances between the pair types' similarity distributions. */
    readonly distances: { readonly tpFn: number; readonly fnTn: number; readonly tpTn: number };
    /** Mean positive similarity A (MACL's alignment). */
    readonly alignment: number;
  };
  /** τ over the batch's positive and negative pairs: the τ the run trains with (a learned one where it learns τ). */
  readonly tau: { readonly positive: Summary; readonly negative: Summary };
  /** What the loss has learned in place of (or on top of) the temperature, when it learns anything. */
  readonly learned?: LearnedValues;
  /** Held-out embeddings for the embedding view. */
  readonly embedding: {
    readonly dim: number;
    readonly points: Float32Array;
    readonly labels: Int32Array;
    /** The two augmented views (positive pairs) of the first `pairs` points, row i of each a pair. */
    readonly views: { readonly pairs: number; readonly a: Float32Array; readonly b: Float32Array };
  };
  /** τ_i over samples, for temperatures trained per sample or predicted per input (absent otherwise). */
  readonly sampleTau?: SampleTemperatures;
  readonly divergence?: Divergence;
}

export function summarise(values: ArrayLike<number>): Summary {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { mean: values.length > 0 ? sum / values.length : NaN, min, max };
}
