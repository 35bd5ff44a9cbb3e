import { describe, expect, it } from 'vitest';
import type { DatasetData } from '../../src/core/data';
import { sampleImages } from '../../src/worker/datasets';

function dataset(kind: 'image' | 'vector'): DatasetData {
  // Three 2×3 "images" whose pixels encode their sample and position: 10·sample + position.
  const x = kind === 'image' ? Uint8Array.from({ length: 18 }, (_, k) => 10 * Math.floor(k / 6) + (k % 6)) : new Float32Array(6);
  const set = { n: 3, x, labels: Int32Array.from([0, 1, 2]) };
  return { id: 'mnist', label: 'test', kind, inputShape: kind === 'image' ? [2, 3, 1] : [2], featureSize: 6, classes: 3, classNames: ['a', 'b', 'c'], train: set, eval: set };
}

describe('sample images for the embedding view', () => {
  it('copies the eval images at the given indices, in their order', () => {
    const images = sampleImages(dataset('image'), Int32Array.from([2, 0]))!;
    expect(images.rows).toBe(2);
    expect(images.cols).toBe(3);
    expect(Array.from(images.pixels)).toEqual([20, 21, 22, 23, 24, 25, 0, 1, 2, 3, 4, 5]);
  });

  it('has none for a vector dataset', () => {
    expect(sampleImages(dataset('vector'), Int32Array.from([0]))).toBeUndefined();
  });
});

describe('sample images of your own RGB data', () => {
  it('copies every channel and shows them uninverted', () => {
    // Two 1×2 RGB images: pixel values 10·sample + position.
    const x = Uint8Array.from({ length: 12 }, (_, k) => 10 * Math.floor(k / 6) + (k % 6));
    const set = { n: 2, x, labels: Int32Array.from([0, 1]) };
    const d: DatasetData = { id: 'images', label: 'pets.zip', kind: 'image', inputShape: [1, 2, 3], featureSize: 6, classes: 2, classNames: ['a', 'b'], train: set, eval: set };
    const images = sampleImages(d, Int32Array.from([1]))!;
    expect(images).toMatchObject({ rows: 1, cols: 2, channels: 3, inverted: false });
    expect(Array.from(images.pixels)).toEqual([10, 11, 12, 13, 14, 15]);
  });
});
