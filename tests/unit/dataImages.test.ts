import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFileName, parseImageDataset, type ImageDatasetId } from '../../src/core/data/imageDataset';
import { encodeImageFile } from '../../src/core/data/imageFile';
import type { DatasetData } from '../../src/core/data/types';
import { DATA_DIR, fashionSources, mnistSources, prepareData } from '../../scripts/prepare-data';

beforeAll(() => {
  prepareData();
});

function readPrepared(id: ImageDatasetId): ArrayBuffer {
  const bytes = fs.readFileSync(path.join(DATA_DIR, datasetFileName(id)));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}

function load(id: ImageDatasetId): DatasetData {
  const r = parseImageDataset(id, readPrepared(id));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const image = (d: DatasetData, split: 'train' | 'eval', i: number): number[] =>
  Array.from(d[split].x.subarray(i * 784, (i + 1) * 784));

/** Reads an IDX file here, independently of the script: 8-byte (labels) or 16-byte (images) header. */
function idx(file: string, headerBytes: number): Uint8Array {
  return new Uint8Array(fs.readFileSync(file).subarray(headerBytes));
}

describe('prepare-data', () => {
  it('writes both files, byte for byte the same every time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-data-'));
    try {
      const fresh = prepareData(dir);
      expect(fresh.map((r) => [path.basename(r.file), r.status])).toEqual([
        ['mnist.bin', 'written'],
        ['fashion-mnist.bin', 'written'],
      ]);
      for (const r of fresh) {
        // 28-byte header + 12,000 labels + 12,000 × 784 pixels
        expect(r.bytes).toBe(28 + 12_000 * 785);
        expect(fs.readFileSync(r.file).equals(fs.readFileSync(path.join(DATA_DIR, path.basename(r.file))))).toBe(true);
      }
      expect(fs.readdirSync(dir).sort()).toEqual(['fashion-mnist.bin', 'mnist.bin']); // no temporary files left
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips files that are newer than their sources', () => {
    const again = prepareData();
    expect(again.map((r) => r.status)).toEqual(['up to date', 'up to date']);
    for (const r of again) expect(r.ms).toBeLessThan(100);
  });
});

describe('parseImageDataset: MNIST', () => {
  it('holds the first 1,000 (train) and 200 (test split) images of each digit, in file order', () => {
    const d = load('mnist');
    expect(d).toMatchObject({ id: 'mnist', kind: 'image', inputShape: [28, 28, 1], featureSize: 784, classes: 10 });
    expect(d.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(d.train.n).toBe(10_000);
    expect(d.eval.n).toBe(2_000);
    expect(d.train.labels[0]).toBe(5);
    expect(d.eval.labels[0]).toBe(7);

    for (const [split, labelsFile, imagesFile, perClass] of [
      ['train', mnistSources.trainLabels, mnistSources.trainImages, 1000],
      ['eval', mnistSources.testLabels, mnistSources.testImages, 200],
    ] as const) {
      const labels = idx(labelsFile, 8);
      const pixels = idx(imagesFile, 16);
      const taken = new Array<number>(10).fill(0);
      const expected: number[] = [];
      for (let i = 0; expected.length < 10 * perClass; i++) {
        if (taken[labels[i]]++ < perClass) expected.push(i);
      }
      expect(Array.from(d[split].labels)).toEqual(expected.map((i) => labels[i]));
      for (const k of [0, 1, expected.length - 1]) {
        expect(image(d, split, k)).toEqual(Array.from(pixels.subarray(expected[k] * 784, (expected[k] + 1) * 784)));
      }
    }
  });
});

describe('parseImageDataset: Fashion-MNIST', () => {
  it('interleaves the classes, starts with the first image of each class file, and never repeats an image', () => {
    const d = load('fashion-mnist');
    expect(d.classNames).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(d.train.n).toBe(10_000);
    expect(d.eval.n).toBe(2_000);
    expect(Array.from(d.train.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(d.eval.labels[1999]).toBe(9);

    const ankleBoots = (JSON.parse(fs.readFileSync(fashionSources[9], 'utf8')) as { data: number[][] }).data.filter((r) => r.length === 784);
    expect(image(d, 'train', 9)).toEqual(ankleBoots[0]);
    expect(image(d, 'train', 19)).toEqual(ankleBoots[1]);
    expect(image(d, 'eval', 1999)).toEqual(ankleBoots[ankleBoots.length - 1]);

    const seen = new Set<string>();
    for (const split of ['train', 'eval'] as const) {
      for (let i = 0; i < d[split].n; i++) seen.add(image(d, split, i).join());
    }
    expect(seen.size).toBe(12_000);
  });
});

describe('parseImageDataset: bad files', () => {
  const tiny = (classes: number) =>
    encodeImageFile({
      rows: 2,
      cols: 2,
      classes,
      train: { labels: Uint8Array.of(0, 1), pixels: new Uint8Array(8).fill(7) },
      eval: { labels: Uint8Array.of(1), pixels: Uint8Array.of(1, 2, 3, 4) },
    });
  const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

  it('round-trips a small file', () => {
    const r = parseImageDataset('mnist', buffer(tiny(10)));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.inputShape).toEqual([2, 2, 1]);
    expect(Array.from(r.value.train.labels)).toEqual([0, 1]);
    expect(Array.from(r.value.train.x)).toEqual([7, 7, 7, 7, 7, 7, 7, 7]);
    expect(Array.from(r.value.eval.labels)).toEqual([1]);
    expect(Array.from(r.value.eval.x)).toEqual([1, 2, 3, 4]);
  });

  it('says what is wrong', () => {
    const real = readPrepared('mnist');
    const truncated = parseImageDataset('mnist', real.slice(0, real.byteLength - 100));
    expect(truncated).toEqual({ ok: false, error: expect.stringMatching(/^mnist\.bin: dataset file is truncated: 9419928 bytes/) });
    expect(parseImageDataset('mnist', real.slice(0, 10))).toMatchObject({ ok: false, error: expect.stringMatching(/shorter than the 28-byte header/) });
    const wrongMagic = tiny(10);
    wrongMagic[0] = 0x50;
    expect(parseImageDataset('mnist', buffer(wrongMagic))).toMatchObject({ ok: false, error: expect.stringMatching(/starts with "PSLD"/) });
    const wrongVersion = tiny(10);
    wrongVersion[4] = 9;
    expect(parseImageDataset('mnist', buffer(wrongVersion))).toMatchObject({ ok: false, error: expect.stringMatching(/version 9 is not supported/) });
    expect(parseImageDataset('fashion-mnist', buffer(tiny(3)))).toMatchObject({ ok: false, error: expect.stringMatching(/has 3 classes, Fashion-MNIST has 10/) });
    const badLabel = tiny(10);
    badLabel[28] = 12;
    expect(parseImageDataset('mnist', buffer(badLabel))).toMatchObject({ ok: false, error: expect.stringMatching(/label 0 is 12/) });
  });
});
