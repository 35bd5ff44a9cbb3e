import * as tf from '../tf';

/**
 * tf.image.transform (bilinear, zero fill) with one transform per image; `transforms` holds B × 8
 * projective parameters. tfjs-backend-cpu 4.22's Transform kernel returns after the first image of a batch
 * and leaves the others at the fill value, so on cpu each image goes through on its own;
 * wasm, webgl and webgpu take the whole batch in one kernel.
 */
export function warpImages(x: tf.Tensor4D, transforms: Float32Array): tf.Tensor4D {
  const batch = x.shape[0];
  if (transforms.length !== batch * 8) throw new RangeError(`need 8 transform parameters per image, got ${transforms.length} for ${batch}`);
  return tf.tidy(() => {
    const t = tf.tensor2d(transforms, [batch, 8]);
    if (tf.getBackend() !== 'cpu' || batch === 1) return tf.image.transform(x, t, 'bilinear', 'constant', 0);
    const one = (b: number): tf.Tensor4D =>
      tf.image.transform(tf.slice(x, [b, 0, 0, 0], [1, -1, -1, -1]), tf.slice(t, [b, 0], [1, 8]), 'bilinear', 'constant', 0);
    return tf.concat(Array.from({ length: batch }, (_, b) => one(b)), 0);
  });
}
