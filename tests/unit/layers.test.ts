import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyConv, conv3x3, maxPool2x2 } from '../../src/core/model';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('trainable-everywhere layers equal the tfjs kernels they replace', () => {
  it('im2col 3×3 same convolution = tf.conv2d, forward and gradients', () => {
    const layer = conv3x3(3, 5, 7);
    const x = tf.randomNormal([2, 6, 7, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const reference = (input: tf.Tensor4D) => tf.add(tf.conv2d(input, layer.w as tf.Tensor4D, 1, 'same'), layer.b);
    expect(maxAbsDiff(applyConv(x, layer), reference(x))).toBeLessThan(1e-5);
    const ours = tf.grads((input: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(applyConv(input as tf.Tensor4D, { w: w as tf.Variable, b: layer.b }))));
    const theirs = tf.grads((input: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.add(tf.conv2d(input as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), layer.b))));
    const [gx, gw] = ours([x, layer.w]);
    const [rx, rw] = theirs([x, layer.w]);
    expect(maxAbsDiff(gx!, rx!)).toBeLessThan(1e-3);
    expect(maxAbsDiff(gw!, rw!)).toBeLessThan(1e-3);
  });

  it('2×2 max pooling = tf.maxPool (valid), odd sizes cropped', () => {
    const x = tf.randomNormal([2, 7, 6, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
    const ours = maxPool2x2(x);
    expect(ours.shape).toEqual([2, 3, 3, 4]);
    expect(maxAbsDiff(ours, tf.maxPool(x, 2, 2, 'valid'))).toBe(0);
  });
});
