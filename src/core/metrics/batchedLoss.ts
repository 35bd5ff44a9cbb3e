import * as tf from '../tf';
import { defaultLossOptions, ntXentLoss } from '../loss';
import { SeededRandom } from '../random';
import type { Temperature } from '../temperature';
import type { EmbeddingMatrix } from './types';

export interface LossBatching {
  /** Pairs per batch (B: the batch holds 2B rows, as a training batch). */
  readonly batch: number;
  readonly seed: number;
}

export interface BatchedLoss {
  readonly loss: number;
  readonly batches: number;
  /** Pairs left out: the remainder of n after whole batches. */
  readonly leftOut: number;
}

/**
 * NT-Xent as training computes it: the n pairs in a seeded random order, cut into ⌊n / B⌋ batches of B pairs
 * (the remainder left out, as a training epoch that drops its last partial batch), each batch's loss by the
 * training loss itself (ntXentLoss: normalised rows, τ of the batch's detached similarities, MACL's A of the
 * batch), and their mean. Memory: one batch at a time.
 */
export async function batchedLoss(view1: EmbeddingMatrix, view2: EmbeddingMatrix, temperature: Temperature, batching: LossBatching): Promise<BatchedLoss> {
  const { rows: n, cols: d } = view1;
  const size = Math.min(batching.batch, n);
  const batches = Math.floor(n / size);
  const order = new SeededRandom(batching.seed).sampleWithoutReplacement(n, n);
  const options = defaultLossOptions(temperature);
  const gather = (m: EmbeddingMatrix, first: number): Float32Array => {
    const out = new Float32Array(size * d);
    for (let r = 0; r < size; r++) {
      const i = order[first + r]!;
      out.set(m.data.subarray(i * d, (i + 1) * d), r * d);
    }
    return out;
  };
  let sum = 0;
  for (let b = 0; b < batches; b++) {
    const loss = tf.tidy(() => ntXentLoss(tf.tensor2d(gather(view1, b * size), [size, d]), tf.tensor2d(gather(view2, b * size), [size, d]), options));
    sum += (await loss.data())[0]!;
    loss.dispose();
  }
  return { loss: sum / batches, batches, leftOut: n - batches * size };
}
