import type { SeededRandom } from '../random';
import * as tf from '../tf';
import type { DatasetData, SampleSet } from './types';

/** `batch` distinct row indices, uniformly at random. */
export function sampleBatch(set: SampleSet, batch: number, rng: SeededRandom): Int32Array {
  if (batch > set.n) throw new RangeError(`batch of ${batch} is larger than the ${set.n} samples`);
  return rng.sampleWithoutReplacement(set.n, batch);
}

/**
 * The whole split on the device once, as float32 [n, featureSize]. Images keep their 0..255 values: float32
 * is the one dtype every backend stores natively, and integers are exact even in WebGL's half-float
 * textures (a 10k-image set is 31 MB).
 */
export function uploadSet(set: SampleSet, dataset: DatasetData): tf.Tensor2D {
  const values = set.x instanceof Float32Array ? set.x : Float32Array.from(set.x);
  return tf.tensor2d(values, [set.n, dataset.featureSize], 'float32');
}

/** Rows of an uploaded split, as model inputs: [B, d] unit vectors, or [B, rows, cols, 1] images in [0, 1]. */
export function gatherInputs(device: tf.Tensor, indices: Int32Array, dataset: DatasetData): tf.Tensor {
  return tf.tidy(() => {
    const rows = tf.gather(device, tf.tensor1d(indices, 'int32'));
    if (dataset.kind === 'vector') return rows;
    return tf.div(tf.reshape(rows, [indices.length, ...dataset.inputShape]), 255);
  });
}
