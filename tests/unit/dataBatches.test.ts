import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherInputs, makeSpheres, sampleBatch, uploadRows, uploadSet, type DatasetData } from '../../src/core/data';
import { SeededRandom } from '../../src/core/random';
import * as tf from '../../src/core/tf';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** A 3-image, 2×2-pixel image dataset. */
const tinyImages: DatasetData = {
  id: 'mnist',
  label: 'tiny',
  kind: 'image',
  inputShape: [2, 2, 1],
  featureSize: 4,
  classes: 10,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  train: { n: 3, x: Uint8Array.of(0, 51, 102, 255, 10, 20, 30, 40, 255, 255, 0, 0), labels: Int32Array.of(1, 2, 3) },
  eval: { n: 0, x: new Uint8Array(0), labels: new Int32Array(0) },
};

describe('sampleBatch', () => {
  it('draws distinct in-range indices, reproducibly from the generator', () => {
    const set = makeSpheres().train;
    const a = sampleBatch(set, 256, new SeededRandom(1));
    expect(new Set(a).size).toBe(256);
    for (const i of a) expect(i >= 0 && i < set.n).toBe(true);
    expect(sampleBatch(set, 256, new SeededRandom(1))).toEqual(a);
    expect(sampleBatch(set, 256, new SeededRandom(2))).not.toEqual(a);
    expect(Array.from(sampleBatch(set, set.n, new SeededRandom(3))).sort((x, y) => x - y)).toEqual(Array.from({ length: set.n }, (_, i) => i));
    expect(() => sampleBatch(set, set.n + 1, new SeededRandom(1))).toThrow(/batch of 2001 is larger than the 2000 samples/);
  });
});

describe('uploadSet and gatherInputs', () => {
  it('gathers vector rows unchanged', () => {
    const d = makeSpheres({ dim: 4 });
    const device = uploadSet(d.train, d);
    expect(device.shape).toEqual([d.train.n, 4]);
    const before = tf.memory().numTensors;
    const x = gatherInputs(device, Int32Array.of(5, 0, 17), d);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(x.shape).toEqual([3, 4]);
    expect(Array.from(x.dataSync())).toEqual([5, 0, 17].flatMap((i) => Array.from(d.train.x.subarray(i * 4, i * 4 + 4))));
    tf.dispose([device, x]);
  });

  it('gathers images as [B, rows, cols, 1] floats in [0, 1]', () => {
    const device = uploadSet(tinyImages.train, tinyImages);
    expect(device.dtype).toBe('float32');
    const x = gatherInputs(device, Int32Array.of(2, 0), tinyImages);
    expect(x.shape).toEqual([2, 2, 2, 1]);
    const values = Array.from(x.dataSync());
    [1, 1, 0, 0, 0, 0.2, 0.4, 1].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 6));
    tf.dispose([device, x]);
  });

  it('uploadRows (the host gather of wasm and cpu) gives exactly what gatherInputs gives, and leaves one tensor', () => {
    const spheres = makeSpheres({ dim: 4 });
    for (const [d, indices] of [
      [spheres, Int32Array.of(5, 0, 17, 1999)],
      [tinyImages, Int32Array.of(2, 0, 1)],
    ] as const) {
      const device = uploadSet(d.train, d);
      const expected = gatherInputs(device, indices, d);
      // A scratch larger than the batch, with stale values: only the batch's rows are read.
      const scratch = new Float32Array((indices.length + 2) * d.featureSize).fill(7);
      const before = tf.memory().numTensors;
      const x = uploadRows(d.train, indices, d, scratch);
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(x.shape).toEqual(expected.shape);
      expect(Array.from(x.dataSync())).toEqual(Array.from(expected.dataSync()));
      tf.dispose([device, expected, x]);
    }
  });
});
