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
  return tf.tidy(() => asInputs(tf.gather(device, tf.tensor1d(indices, 'int32')), indices.length, dataset));
}

/**
 * The same inputs as gatherInputs, the rows gathered on the host into `scratch` (at least indices.length ×
 * featureSize) and uploaded. For the backends whose tensors live in the page's own memory (wasm, cpu): there an
 * upload is a copy (0.1 ms for 128 MNIST images), while tfjs-wasm's GatherV2 takes ~4 ms (CPU time, measured alone).
 */
export function uploadRows(set: SampleSet, indices: Int32Array, dataset: DatasetData, scratch: Float32Array): tf.Tensor {
  const size = dataset.featureSize;
  indices.forEach((row, i) => scratch.set(set.x.subarray(row * size, (row + 1) * size), i * size));
  return tf.tidy(() => asInputs(tf.tensor2d(scratch.subarray(0, indices.length * size), [indices.length, size], 'float32'), indices.length, dataset));
}

/** Whether a backend's tensors live in this thread's memory, so that uploadRows beats a device gather. */
export const gathersOnHost = (backend: string): boolean => backend === 'wasm' || backend === 'cpu';

function asInputs(rows: tf.Tensor, batch: number, dataset: DatasetData): tf.Tensor {
  if (dataset.kind === 'vector') return rows;
  return tf.div(tf.reshape(rows, [batch, ...dataset.inputShape]), 255);
}
