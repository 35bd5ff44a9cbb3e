import * as tf from '../tf';

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

export const applyDense = (x: tf.Tensor2D, layer: Dense): tf.Tensor2D => tf.add(tf.matMul(x, layer.w), layer.b);

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

export const applyConv = (x: tf.Tensor4D, layer: Conv): tf.Tensor4D =>
  tf.add(tf.conv2d(x, layer.w as tf.Tensor4D, 1, 'same'), layer.b);
