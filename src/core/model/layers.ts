import * as tf from '../tf';
import { matMul } from './matmul';

/** A dense layer's variables. He-normal weights (ReLU nets), zero bias; seeded, so runs reproduce. */
export interface Dense {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
}

export function dense(inputs: number, outputs: number, seed: number): Dense {
  return {
    w: tf.variable(tf.randomNormal([inputs, outputs], 0, Math.sqrt(2 / inputs), 'float32', seed)),
    b: tf.variable(tf.zeros([outputs])),
  };
}

export const applyDense = (x: tf.Tensor2D, layer: Dense): tf.Tensor2D => tf.add(matMul(x, layer.w), layer.b);

/** A 3×3 'same' convolution's variables (NHWC). */
export interface Conv {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
}

export function conv3x3(inChannels: number, outChannels: number, seed: number): Conv {
  return {
    w: tf.variable(tf.randomNormal([3, 3, inChannels, outChannels], 0, Math.sqrt(2 / (9 * inChannels)), 'float32', seed)),
    b: tf.variable(tf.zeros([outChannels])),
  };
}

/**
 * 3×3 'same' convolution as patches × weights (im2col): pad, nine shifted slices, one matMul. The same result
 * as tf.conv2d, but its gradient needs only slice/concat/matMul, which every backend has — tfjs-backend-wasm
 * 4.22 has no Conv2DBackpropFilter, so tf.conv2d cannot be trained there.
 */
export function applyConv(x: tf.Tensor4D, layer: Conv): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const patches: tf.Tensor4D[] = [];
  for (let dy = 0; dy < 3; dy++) {
    for (let dx = 0; dx < 3; dx++) patches.push(tf.slice(padded, [0, dy, dx, 0], [batch, height, width, channels]));
  }
  const columns = tf.reshape(tf.concat(patches, 3), [batch * height * width, 9 * channels]);
  const outChannels = layer.w.shape[3]!;
  const kernel = tf.reshape(layer.w, [9 * channels, outChannels]);
  return tf.reshape(tf.add(matMul(columns, kernel), layer.b), [batch, height, width, outChannels]);
}

/** 2×2 max pooling by reshapes and max (whose gradient every backend has; wasm lacks MaxPoolGrad). */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const h = Math.floor(height / 2);
  const w = Math.floor(width / 2);
  const cropped = tf.slice(x, [0, 0, 0, 0], [batch, 2 * h, 2 * w, channels]);
  const rows = tf.max(tf.reshape(cropped, [batch, h, 2, 2 * w * channels]), 2);
  return tf.max(tf.reshape(rows, [batch, h, w, 2, channels]), 3) as tf.Tensor4D;
}
