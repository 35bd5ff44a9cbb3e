import { mixSeed, SeededRandom } from '../random';
import { fail, ok, type Result } from '../result';
import type { DatasetData, OwnDatasetId, SampleSet } from './types';

/**
 * The user's own data, decoded from files (src/io/ownData.ts, src/io/imageZip.ts) and split here into a
 * training set and a seeded held-out set. No tfjs, no I/O: the UI reads the limits from here too.
 */

/** How the images of a zip are stored for training: 28 × 28 grey (MNIST's size) or 32 × 32 RGB (CIFAR's). */
export type ImageFormat = 'grey-28' | 'rgb-32';

export const IMAGE_FORMATS: Readonly<Record<ImageFormat, { readonly size: number; readonly channels: number; readonly label: string }>> = {
  'grey-28': { size: 28, channels: 1, label: '28 × 28 grey' },
  'rgb-32': { size: 32, channels: 3, label: '32 × 32 RGB' },
};

/** What the lab and the runner accept; above a limit a file is refused with a message saying which one. */
export const OWN_DATA_LIMITS = {
  /** Bytes of one file (the vectors, the labels or the zip) read into memory. */
  fileBytes: 256 * 1024 * 1024,
  /** Rows of a vectors file. */
  vectorRows: 100_000,
  /** Columns of a vectors file (the MLP's first layer is d × hidden). */
  vectorDim: 4096,
  /** rows × columns of a vectors file: 16 M values, 64 MB of float32 on the device. */
  vectorValues: 16 * 1024 * 1024,
  /** Images in a zip (32 × 32 RGB: 3 kB each). */
  images: 20_000,
  /** Pixels of one image before it is resized (jpeg-js and pngjs decode into memory). */
  imagePixels: 25_000_000,
  /** Samples needed: enough for a held-out set and a batch. */
  minSamples: 10,
} as const;

/** Decoded samples before the split, as the parsers hand them over. */
export interface OwnSamples {
  readonly id: OwnDatasetId;
  /** The file names, for labels and messages: "features.npy + labels.csv", "pets.zip". */
  readonly name: string;
  /** [d] for vectors, [size, size, channels] for images. */
  readonly inputShape: readonly number[];
  readonly n: number;
  /** n × featureSize, row-major: unit vectors (float32) or pixels (uint8, 0..255, channels last). */
  readonly x: Float32Array | Uint8Array;
  /** Dense labels 0..classNames.length − 1; absent for unlabelled data. */
  readonly labels?: Int32Array;
  /** One name per class (the label values or the folder names); empty for unlabelled data. */
  readonly classNames: readonly string[];
  /** Things the parser did that the user should hear of (files skipped, images resized), one sentence each. */
  readonly notes: readonly string[];
}

export interface SplitOptions {
  /** Fraction of each class held out for evaluation. */
  readonly heldOut: number;
  readonly seed: number;
}

const SEED_SPLIT = 0x73706c74;

/**
 * Splits the samples into training and held-out sets: within each class (the whole set when unlabelled) a
 * seeded shuffle puts round(heldOut × count) samples aside, at least one when the class has two or more,
 * so every class is evaluated. Rows keep their file order within each split.
 */
export function makeOwnDataset(samples: OwnSamples, { heldOut, seed }: SplitOptions): Result<DatasetData> {
  const { n, labels } = samples;
  if (n < OWN_DATA_LIMITS.minSamples) return fail(`${samples.name}: ${n} samples; at least ${OWN_DATA_LIMITS.minSamples} are needed`);
  if (!(heldOut > 0 && heldOut < 1)) return fail(`held-out fraction must lie between 0 and 1 (got ${heldOut})`);
  const classes = labels ? samples.classNames.length : 1;
  const members: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < n; i++) members[labels ? labels[i]! : 0]!.push(i);
  const rng = new SeededRandom(mixSeed(seed, SEED_SPLIT));
  const isEval = new Uint8Array(n);
  members.forEach((rows, c) => {
    if (rows.length < 2) return;
    const count = Math.min(rows.length - 1, Math.max(1, Math.round(heldOut * rows.length)));
    for (const k of rng.fork(c).sampleWithoutReplacement(rows.length, count)) isEval[rows[k]!] = 1;
  });
  const evalRows: number[] = [];
  const trainRows: number[] = [];
  for (let i = 0; i < n; i++) (isEval[i] ? evalRows : trainRows).push(i);
  if (evalRows.length < 2) {
    return fail(`${samples.name}: a held-out fraction of ${heldOut} keeps ${evalRows.length} of ${n} samples aside; at least 2 are needed, raise it`);
  }
  const featureSize = samples.inputShape.reduce((a, b) => a * b, 1);
  const take = (rows: readonly number[]): SampleSet => {
    const x = samples.x instanceof Float32Array ? new Float32Array(rows.length * featureSize) : new Uint8Array(rows.length * featureSize);
    rows.forEach((r, k) => x.set(samples.x.subarray(r * featureSize, (r + 1) * featureSize), k * featureSize));
    return { n: rows.length, x, labels: Int32Array.from(rows, (r) => (labels ? labels[r]! : 0)) };
  };
  return ok({
    id: samples.id,
    label: samples.name,
    kind: samples.id === 'vectors' ? 'vector' : 'image',
    inputShape: samples.inputShape,
    featureSize,
    classes,
    classNames: labels ? samples.classNames : ['unlabelled'],
    train: take(trainRows),
    eval: take(evalRows),
    ...(labels ? {} : { unlabelled: true }),
  });
}
