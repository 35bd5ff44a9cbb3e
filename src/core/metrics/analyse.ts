import * as tf from '../tf';
import { l2Normalise, NtXentAccumulator } from '../loss';
import { variesPerSample, type Temperature } from '../temperature';
import { denseLabels, interClassUniformity, PairMetrics } from './pairMetrics';
import { forEachPairBlock } from './similarityBlocks';
import type { EmbeddingMatrix } from './types';

export interface EmbeddingReport {
  readonly n: number;
  readonly dim: number;
  readonly alignment?: number;
  readonly uniformity: number;
  readonly tolerance?: number;
  readonly interClassUniformity?: number;
  readonly knnAccuracy?: number;
  readonly loss?: number;
}

export interface AnalysisInput {
  readonly view1: EmbeddingMatrix;
  readonly view2?: EmbeddingMatrix;
  readonly labels?: Int32Array;
}

export interface AnalysisOptions {
  /** For the loss (needs view2). */
  readonly temperature?: Temperature;
  readonly k: number;
  readonly knnT: number;
  /** Largest similarity block held at once, in elements (rows × columns). */
  readonly blockElements?: number;
}

const DEFAULT_BLOCK_ELEMENTS = 4_000_000;

/**
 * Every metric the inputs allow, on L2-normalised embeddings: alignment and loss need view2; tolerance,
 * inter-class uniformity and kNN accuracy need labels. One pass over the similarity matrix of [view1; view2]
 * in row blocks serves all of them: its top-left n×n part is view1's.
 */
export async function analyseEmbeddings(input: AnalysisInput, options: AnalysisOptions): Promise<EmbeddingReport> {
  const { view1, view2, labels } = input;
  const n = view1.rows;
  const d = view1.cols;
  const labelling = labels ? denseLabels(labels) : undefined;
  const z1 = tf.tidy(() => l2Normalise(tf.tensor2d(view1.data, [n, d])));
  const z2 = view2 ? tf.tidy(() => l2Normalise(tf.tensor2d(view2.data, [n, d]))) : undefined;
  const z = z2 ? tf.concat([z1, z2], 0) : z1;
  try {
    const pairs = new PairMetrics(n, labelling, options.k, options.knnT);
    const positives = new Float64Array(z2 ? n : 0);
    // A τ trained per sample or predicted by an encoder is not in the embeddings: no loss to compute with it.
    const lossInputs = z2 && options.temperature && !variesPerSample(options.temperature.family) ? { temperature: options.temperature } : undefined;
    let loss: NtXentAccumulator | undefined;
    if (z2 && lossInputs) {
      // MACL's τ depends on the mean positive similarity A, needed before the first block.
      const a = tf.tidy(() => tf.mean(tf.sum(tf.mul(z1, z2), 1)));
      const alignment = (await a.data())[0]!;
      a.dispose();
      loss = new NtXentAccumulator(n, lossInputs.temperature, { decoupled: false, step: 0, alignment });
    }
    await forEachPairBlock(z, options.blockElements ?? DEFAULT_BLOCK_ELEMENTS, (block) => {
      pairs.addBlock(block);
      // Positive pairs (i, i + n) of [view1; view2]: column i, row i + n.
      for (let i = block.start; i < block.start + block.columns && i < n && z2; i++) {
        positives[i] = block.values[(i + n - block.start) * block.columns + i - block.start]!;
      }
      loss?.addBlock(block);
    });

    const report: { -readonly [K in keyof EmbeddingReport]: EmbeddingReport[K] } = { n, dim: d, ...pairs.result() };
    if (z2) {
      // ‖z1_i − z2_i‖² = 2 − 2 s_i,i+n for unit vectors.
      report.alignment = positives.reduce((acc, s) => acc + (2 - 2 * s), 0) / n;
      if (loss) report.loss = loss.result();
    }
    if (labelling && labelling.classes >= 2) {
      report.interClassUniformity = interClassUniformity((await z1.data()) as Float32Array, d, labelling);
    }
    return report;
  } finally {
    z1.dispose();
    z2?.dispose();
    if (z !== z1) z.dispose();
  }
}
