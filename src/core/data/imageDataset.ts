import { fail, ok, type Result } from '../result';
import { decodeImageFile, type ImageSplit } from './imageFile';
import type { DatasetData, SampleSet } from './types';

export type ImageDatasetId = 'mnist' | 'fashion-mnist';

const CLASS_NAMES: Record<ImageDatasetId, readonly string[]> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  'fashion-mnist': ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

const LABELS: Record<ImageDatasetId, string> = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST' };

/** The prepared file's name under public/data/ (browser: `${BASE_URL}data/<name>`). */
export function datasetFileName(id: ImageDatasetId): string {
  return `${id}.bin`;
}

/** Reads a prepared file (see imageFile.ts); the pixels stay views into `bytes`. */
export function parseImageDataset(id: ImageDatasetId, bytes: ArrayBuffer): Result<DatasetData> {
  const decoded = decodeImageFile(bytes);
  if (!decoded.ok) return fail(`${datasetFileName(id)}: ${decoded.error}`);
  const { rows, cols, classes, train, eval: evalSplit } = decoded.value;
  const classNames = CLASS_NAMES[id];
  if (classes !== classNames.length) {
    return fail(`${datasetFileName(id)}: has ${classes} classes, ${LABELS[id]} has ${classNames.length}`);
  }
  return ok({
    id,
    label: LABELS[id],
    kind: 'image',
    inputShape: [rows, cols, 1],
    featureSize: rows * cols,
    classes,
    classNames,
    train: toSampleSet(train),
    eval: toSampleSet(evalSplit),
  });
}

function toSampleSet(split: ImageSplit): SampleSet {
  return { n: split.labels.length, x: split.pixels, labels: Int32Array.from(split.labels) };
}
