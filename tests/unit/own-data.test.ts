/**
 * The user's own data: vectors (.npy/.csv, with and without labels) decoded by the analyzer's parser and
 * normalised, the seeded held-out split, and every bad file refused with a message naming it.
 */
import { describe, expect, it } from 'vitest';
import { makeOwnDataset, OWN_DATA_LIMITS, type OwnSamples } from '../../src/core/data/ownDataset';
import { parseOwnData, ownDatasetIdFor } from '../../src/io/ownData';
import { unwrap } from './support/fixtures';
import { clusteredVectors, labelsCsv, labelsNpy, vectorsCsv, vectorsNpy } from './support/ownDataFiles';

const n = 60;
const d = 5;
const { values, labels } = clusteredVectors(n, d, 3);

/** Each row divided by its float64 norm: the reference the parser's float32 rows are held to. */
function naiveNormalised(x: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += x[r * cols + c]! * x[r * cols + c]!;
    for (let c = 0; c < cols; c++) out[r * cols + c] = x[r * cols + c]! / Math.sqrt(s);
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst).toBeLessThan(tolerance);
}

const fail = (result: { ok: boolean; error?: string }): string => {
  expect(result.ok).toBe(false);
  return (result as { error: string }).error;
};

describe('vectors to train on', () => {
  it('reads .npy vectors with .npy labels: unit rows, dense classes named by their values', async () => {
    const remapped = labels.map((l) => [7, -2, 40][l]!);
    const s = unwrap(await parseOwnData({ data: { name: 'feats.npy', bytes: vectorsNpy(values, n, d) }, labels: { name: 'labels.npy', bytes: labelsNpy(remapped) } }, 'grey-28'));
    expect(s).toMatchObject({ id: 'vectors', name: 'feats.npy + labels.npy', inputShape: [d], n, classNames: ['-2', '7', '40'] });
    expectClose(s.x, naiveNormalised(values, n, d), 1e-6);
    expect(Array.from(s.labels!.slice(0, 3))).toEqual([1, 0, 2]);
  });

  it('reads .csv vectors without labels as unlabelled, saying what is not computed', async () => {
    const s = unwrap(await parseOwnData({ data: { name: 'feats.csv', bytes: vectorsCsv(values, n, d) } }, 'grey-28'));
    expect(s.labels).toBeUndefined();
    expect(s.classNames).toEqual([]);
    expect(s.notes.join(' ')).toMatch(/kNN accuracy, tolerance, inter-class uniformity and false negatives need labels/);
    expectClose(s.x, naiveNormalised(values, n, d), 1e-6);
  });

  it('takes labels from a .csv beside .npy vectors', async () => {
    const s = unwrap(await parseOwnData({ data: { name: 'f.npy', bytes: vectorsNpy(values, n, d) }, labels: { name: 'l.csv', bytes: labelsCsv(labels) } }, 'grey-28'));
    expect(Array.from(s.labels!)).toEqual(labels);
  });

  it('knows the kind of data by the extension', async () => {
    expect(['a.NPY', 'b.csv', 'c.zip', 'd.txt', 'e'].map(ownDatasetIdFor)).toEqual(['vectors', 'vectors', 'images', null, null]);
  });
});

describe('bad vector files are refused, naming the file and the problem', () => {
  const data = { name: 'feats.npy', bytes: vectorsNpy(values, n, d) };
  it.each([
    ['a wrong shape (1-D)', { data: { name: 'flat.npy', bytes: labelsNpy(labels).slice(0) } }, /flat\.npy.*(not a float type|2-D)/],
    ['a wrong shape (one column)', { data: { name: 'one.csv', bytes: vectorsCsv(new Float32Array(n).fill(1), n, 1) } }, /one\.csv.*1 column/],
    ['NaN values', { data: { name: 'nan.csv', bytes: new TextEncoder().encode('1,2\n3,nan\n').buffer } }, /nan\.csv\): row 2, column 2 is NaN/],
    ['labels that do not match in count', { data, labels: { name: 'short.csv', bytes: labelsCsv(labels.slice(1)) } }, /short\.csv\): 59 labels for 60 rows/],
    ['labels that are not integers', { data, labels: { name: 'float.csv', bytes: labelsCsv([...labels.slice(1), '0.5']) } }, /float\.csv.*0\.5.*not an integer/],
    ['an unknown file type', { data: { name: 'feats.txt', bytes: vectorsCsv(values, n, d) } }, /feats\.txt: not a data file/],
    ['too few rows', { data: { name: 'few.csv', bytes: vectorsCsv(values, 4, d) } }, /few\.csv\): 4 rows; at least 10/],
    ['too many dimensions', { data: { name: 'wide.csv', bytes: vectorsCsv(new Float32Array(12 * 5000).fill(0.5), 12, 5000) } }, /wide\.csv\): 5,000 columns, more than the 4,096/],
  ])('%s', async (_, files, message) => {
    expect(fail(await parseOwnData(files, 'grey-28'))).toMatch(message);
  });

  it('refuses a file above the size limit before reading it', async () => {
    const huge = { name: 'huge.npy', bytes: new ArrayBuffer(OWN_DATA_LIMITS.fileBytes + 1024 * 1024) };
    expect(fail(await parseOwnData({ data: huge }, 'grey-28'))).toMatch(/huge\.npy: 257\.0 MB, more than the 256\.0 MB/);
  });
});

describe('the held-out split', () => {
  const samples = (withLabels: boolean): OwnSamples => ({
    id: 'vectors',
    name: 'v.npy',
    inputShape: [d],
    n,
    x: values,
    ...(withLabels ? { labels: Int32Array.from(labels) } : {}),
    classNames: withLabels ? ['a', 'b', 'c'] : [],
    notes: [],
  });

  it('holds out the fraction of every class, from the seed, keeping file order and every row once', async () => {
    const a = unwrap(makeOwnDataset(samples(true), { heldOut: 0.25, seed: 5 }));
    const b = unwrap(makeOwnDataset(samples(true), { heldOut: 0.25, seed: 5 }));
    const c = unwrap(makeOwnDataset(samples(true), { heldOut: 0.25, seed: 6 }));
    expect(a.eval.n).toBe(3 * Math.round(0.25 * 20));
    expect(a.train.n + a.eval.n).toBe(n);
    for (let k = 0; k < 3; k++) expect(Array.from(a.eval.labels).filter((l) => l === k)).toHaveLength(5);
    expect(a.eval.x).toEqual(b.eval.x);
    expect(a.eval.x).not.toEqual(c.eval.x);
    // Every row lands in exactly one split: the multiset of first coordinates is the file's.
    const firsts = (x: Float32Array | Uint8Array) => Array.from({ length: x.length / d }, (_, i) => x[i * d]!);
    expect([...firsts(a.train.x), ...firsts(a.eval.x)].sort()).toEqual(firsts(values).sort());
    expect(a).toMatchObject({ kind: 'vector', classes: 3, classNames: ['a', 'b', 'c'], featureSize: d });
    expect(a.unlabelled).toBeUndefined();
  });

  it('marks unlabelled data so that no label-based metric is computed', async () => {
    const s = unwrap(makeOwnDataset(samples(false), { heldOut: 0.2, seed: 1 }));
    expect(s).toMatchObject({ unlabelled: true, classes: 1 });
    expect(s.eval.n).toBe(12);
  });

  it('refuses a split that leaves fewer than two samples held out', async () => {
    const small = { ...samples(false), n: 10, x: values.slice(0, 10 * d) };
    expect(fail(makeOwnDataset(small, { heldOut: 0.05, seed: 1 }))).toMatch(/v\.npy: a held-out fraction of 0\.05 keeps 1 of 10 samples aside; at least 2/);
  });
});
