import { variesPerSample, type Temperature } from '../temperature';
import { batchedLoss, type LossBatching } from './batchedLoss';
import { combinePairPass, DEFAULT_CHUNK_ROWS, DEFAULT_PANEL, runInThisThread, type PairPassRunner, type PairPassSpec } from './pairPass';
import { denseLabels, interClassUniformity } from './pairMetrics';
import type { EmbeddingMatrix } from './types';

/** How the loss was computed: over every pair of the 2N rows, or as training does, over seeded batches. */
export type LossMethod = { readonly method: 'whole' } | ({ readonly method: 'batched'; readonly batches: number; readonly leftOut: number } & LossBatching);

export interface EmbeddingReport {
  readonly n: number;
  readonly dim: number;
  readonly alignment?: number;
  readonly uniformity: number;
  readonly tolerance?: number;
  readonly interClassUniformity?: number;
  readonly knnAccuracy?: number;
  readonly loss?: number;
  readonly lossMethod?: LossMethod;
}

export interface AnalysisInput {
  readonly view1: EmbeddingMatrix;
  readonly view2?: EmbeddingMatrix;
  readonly labels?: Int32Array;
}

/** The whole-set loss by default up to this many pairs; above, batched as training computes it. */
export const WHOLE_LOSS_MAX_N = 10_000;
/** The lab's default training batch (pairs). */
export const DEFAULT_LOSS_BATCH = 128;
export const DEFAULT_LOSS_SEED = 1;

export interface AnalysisOptions {
  /** For the loss (needs view2). */
  readonly temperature?: Temperature;
  readonly k: number;
  readonly knnT: number;
  /** 'whole', or batches; by default whole up to WHOLE_LOSS_MAX_N pairs, batches of DEFAULT_LOSS_BATCH above. */
  readonly loss?: 'whole' | LossBatching;
  /** Who computes the pair pass's panels (default: this thread, with the active tfjs backend). */
  readonly runner?: PairPassRunner;
  /** Allocates the normalised rows handed to the runner (shared memory for worker threads). */
  readonly allocate?: (length: number) => Float32Array;
  /** Tile shape of the pair pass (columns per panel, rows per product). */
  readonly panel?: number;
  readonly chunkRows?: number;
}

/** The loss the options ask for on n pairs. */
export function chosenLoss(n: number, loss: AnalysisOptions['loss']): 'whole' | LossBatching {
  return loss ?? (n <= WHOLE_LOSS_MAX_N ? 'whole' : { batch: DEFAULT_LOSS_BATCH, seed: DEFAULT_LOSS_SEED });
}

/**
 * Rows of each matrix divided by their norm (floored at 1e-12, as l2Normalise), in float64, stacked into one
 * float32 array: the rows of the pair pass. `allocate` gives the buffer (shared memory for worker threads).
 */
export function normalisedRows(matrices: readonly EmbeddingMatrix[], allocate: (length: number) => Float32Array): Float32Array {
  const d = matrices[0]!.cols;
  const out = allocate(matrices.reduce((acc, m) => acc + m.rows, 0) * d);
  let row = 0;
  for (const { rows, data } of matrices) {
    for (let i = 0; i < rows; i++, row++) {
      let norm = 0;
      for (let q = i * d; q < (i + 1) * d; q++) norm += data[q]! * data[q]!;
      const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
      for (let q = 0; q < d; q++) out[row * d + q] = data[i * d + q]! * scale;
    }
  }
  return out;
}

/** Σ_i ‖z1_i − z2_i‖² and Σ_i z1_i · z2_i over the normalised rows (view 2 stacked under view 1), in float64. */
function positivePairs(z: Float32Array, n: number, d: number): { squaredDistance: number; similarity: number } {
  let squaredDistance = 0;
  let similarity = 0;
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < d; q++) {
      const a = z[i * d + q]!;
      const b = z[(i + n) * d + q]!;
      squaredDistance += (a - b) * (a - b);
      similarity += a * b;
    }
  }
  return { squaredDistance, similarity };
}

/** The loss alone (the page's loss under another temperature): the whole-set pass or the batches, as chosen. */
export async function analyseLoss(
  view1: EmbeddingMatrix,
  view2: EmbeddingMatrix,
  temperature: Temperature,
  options: Pick<AnalysisOptions, 'loss' | 'runner' | 'allocate' | 'panel' | 'chunkRows'>,
): Promise<{ loss: number; lossMethod: LossMethod }> {
  const n = view1.rows;
  const choice = chosenLoss(n, options.loss);
  if (choice !== 'whole') {
    const batched = await batchedLoss(view1, view2, temperature, choice);
    return { loss: batched.loss, lossMethod: { method: 'batched', ...choice, batches: batched.batches, leftOut: batched.leftOut } };
  }
  const z = normalisedRows([view1, view2], options.allocate ?? ((length) => new Float32Array(length)));
  const spec: PairPassSpec = {
    n,
    rows: 2 * n,
    dim: view1.cols,
    metrics: false,
    k: 1,
    knnT: 1,
    loss: { temperature: temperature.setting, alignment: positivePairs(z, n, view1.cols).similarity / n, decoupled: false },
    panel: options.panel ?? DEFAULT_PANEL,
    chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
  };
  const pass = combinePairPass(spec, await (options.runner ?? runInThisThread)(z, spec));
  return { loss: pass.loss!, lossMethod: { method: 'whole' } };
}

/**
 * Every metric the inputs allow: alignment and loss need view2; tolerance, inter-class uniformity and kNN
 * accuracy need labels. The rows are L2-normalised on the host; one pair pass (pairPass.ts) over view 1's
 * rows — or over [view1; view2]'s when the whole-set loss is asked for — serves the pair metrics and that
 * loss; alignment and the class means are O(n·d) sums; the batched loss runs the training loss on its batches.
 */
export async function analyseEmbeddings(input: AnalysisInput, options: AnalysisOptions): Promise<EmbeddingReport> {
  const { view1, view2, labels } = input;
  const n = view1.rows;
  const d = view1.cols;
  const labelling = labels ? denseLabels(labels) : undefined;
  // A τ trained per sample or predicted by an encoder is not in the embeddings: no loss to compute with it.
  const lossChoice = view2 && options.temperature && !variesPerSample(options.temperature.family) ? chosenLoss(n, options.loss) : undefined;
  const whole = lossChoice === 'whole';
  const z = normalisedRows(whole ? [view1, view2!] : view2 ? [view1, view2] : [view1], options.allocate ?? ((length) => new Float32Array(length)));
  const positives = view2 ? positivePairs(z, n, d) : undefined;

  const spec: PairPassSpec = {
    n,
    rows: whole ? 2 * n : n,
    dim: d,
    ...(labelling ? { labelling } : {}),
    k: options.k,
    knnT: options.knnT,
    ...(whole && options.temperature ? { loss: { temperature: options.temperature.setting, alignment: positives!.similarity / n, decoupled: false } } : {}),
    panel: options.panel ?? DEFAULT_PANEL,
    chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
  };
  const pass = combinePairPass(spec, await (options.runner ?? runInThisThread)(whole ? z : z.subarray(0, n * d), spec));

  const report: { -readonly [K in keyof EmbeddingReport]: EmbeddingReport[K] } = { n, dim: d, ...pass.pairs };
  if (view2 && positives) report.alignment = positives.squaredDistance / n;
  if (pass.loss !== undefined) {
    report.loss = pass.loss;
    report.lossMethod = { method: 'whole' };
  } else if (view2 && options.temperature && lossChoice && lossChoice !== 'whole') {
    const batched = await batchedLoss(view1, view2, options.temperature, lossChoice);
    report.loss = batched.loss;
    report.lossMethod = { method: 'batched', ...lossChoice, batches: batched.batches, leftOut: batched.leftOut };
  }
  if (labelling && labelling.classes >= 2) report.interClassUniformity = interClassUniformity(z.subarray(0, n * d), d, labelling);
  return report;
}
