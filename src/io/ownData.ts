/**
 * The user's own data to train on, from the files the lab's "Your data" or the runner's --data takes: a
 * .npy/.csv of N × d feature vectors (with optional labels), read by the analyzer's parser, or a .zip of
 * class folders of images (imageZip.ts). Bytes in, decoded samples out; every message names the file.
 */
import { IMAGE_FORMATS, OWN_DATA_LIMITS, type ImageFormat, type OwnSamples } from '../core/data/ownDataset';
import type { OwnDatasetId } from '../core/data/types';
import type { TrainingConfig } from '../core/config/schema';
import { fail, ok, type Result } from '../core/result';
import { checkConsistent, parseEmbeddingFile, parseLabelFile, type InputFile } from './embeddings';

export interface OwnDataFiles {
  /** The vectors (.npy, .csv) or the image zip (.zip). */
  readonly data: InputFile;
  /** One integer label per row of the vectors; a zip's labels are its folders. */
  readonly labels?: InputFile;
}

/** What the page shows of loaded data (no samples). */
export interface OwnDataSummary {
  readonly id: OwnDatasetId;
  readonly name: string;
  readonly n: number;
  readonly inputShape: readonly number[];
  /** 0 for unlabelled data. */
  readonly classes: number;
  readonly notes: readonly string[];
}

export function summariseOwnSamples(s: OwnSamples): OwnDataSummary {
  return { id: s.id, name: s.name, n: s.n, inputShape: s.inputShape, classes: s.labels ? s.classNames.length : 0, notes: s.notes };
}

/** vectors for .npy and .csv, images for .zip, null for anything else. */
export function ownDatasetIdFor(fileName: string): OwnDatasetId | null {
  const ext = /\.[^./\\]+$/.exec(fileName)?.[0]?.toLowerCase();
  if (ext === '.npy' || ext === '.csv') return 'vectors';
  if (ext === '.zip') return 'images';
  return null;
}

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const count = (n: number): string => n.toLocaleString('en-US');

function checkFileSize(file: InputFile): string | null {
  if (file.bytes.byteLength <= OWN_DATA_LIMITS.fileBytes) return null;
  return `${file.name}: ${megabytes(file.bytes.byteLength)}, more than the ${megabytes(OWN_DATA_LIMITS.fileBytes)} a file may have here; take a subset`;
}

/**
 * Decodes the files into samples; for a zip, its images are stored at `imageFormat`. The image decoders
 * (imageZip.ts: fflate, pngjs, jpeg-js) load only when a zip comes, so the workers start without them.
 */
export async function parseOwnData(files: OwnDataFiles, imageFormat: ImageFormat): Promise<Result<OwnSamples>> {
  const id = ownDatasetIdFor(files.data.name);
  if (!id) return fail(`${files.data.name}: not a data file the lab trains on; give feature vectors as .npy or .csv, or images as a .zip of class folders`);
  const tooLarge = checkFileSize(files.data) ?? (files.labels ? checkFileSize(files.labels) : null);
  if (tooLarge) return fail(tooLarge);
  if (id === 'images') {
    if (files.labels) return fail(`${files.labels.name}: an image zip takes its labels from its class folders; leave the labels file out`);
    const { parseImageZip } = await import('./imageZip');
    return parseImageZip(files.data, IMAGE_FORMATS[imageFormat]);
  }
  return parseOwnVectors(files);
}

/**
 * The samples a config asks of the loaded files, decoded once per image format (a zip decodes again when the
 * format changes; vectors once). Fails, naming the files, when the config's dataset is not theirs.
 */
export function ownSamplesFor(files: OwnDataFiles, first?: { readonly format: ImageFormat; readonly samples: OwnSamples }): (config: TrainingConfig) => Promise<Result<OwnSamples>> {
  const decoded = new Map<string, OwnSamples>();
  const keyOf = (format: ImageFormat): string => (ownDatasetIdFor(files.data.name) === 'images' ? format : '');
  if (first) decoded.set(keyOf(first.format), first.samples);
  return async (config) => {
    const { id, own } = config.dataset;
    const loaded = ownDatasetIdFor(files.data.name);
    if (id !== loaded) return fail(`the run trains on ${id}, but the data loaded is ${files.data.name} (${loaded ?? 'unknown'})`);
    const key = keyOf(own.imageFormat);
    const cached = decoded.get(key);
    if (cached) return ok(cached);
    const parsed = await parseOwnData(files, own.imageFormat);
    if (parsed.ok) decoded.set(key, parsed.value);
    return parsed;
  };
}

/** Feature vectors, each row L2-normalised (the vector augmentations move points on the unit sphere). */
function parseOwnVectors(files: OwnDataFiles): Result<OwnSamples> {
  const matrix = parseEmbeddingFile(files.data.name, files.data.bytes, 'data');
  if (!matrix.ok) return matrix;
  const { rows, cols, data } = matrix.value;
  const who = `data (${files.data.name})`;
  if (rows > OWN_DATA_LIMITS.vectorRows) return fail(`${who}: ${count(rows)} rows, more than the ${count(OWN_DATA_LIMITS.vectorRows)} the lab trains on; take a subset`);
  if (cols < 2) return fail(`${who}: 1 column; feature vectors need at least 2 dimensions`);
  if (cols > OWN_DATA_LIMITS.vectorDim) return fail(`${who}: ${count(cols)} columns, more than the ${count(OWN_DATA_LIMITS.vectorDim)} the lab trains on; reduce the dimension (e.g. PCA)`);
  if (rows * cols > OWN_DATA_LIMITS.vectorValues) {
    return fail(`${who}: ${count(rows)} × ${count(cols)} values, more than the ${count(OWN_DATA_LIMITS.vectorValues)} the lab trains on; take fewer rows or dimensions`);
  }
  if (rows < OWN_DATA_LIMITS.minSamples) return fail(`${who}: ${rows} rows; at least ${OWN_DATA_LIMITS.minSamples} are needed`);
  let labels: Int32Array | undefined;
  if (files.labels) {
    const parsed = parseLabelFile(files.labels.name, files.labels.bytes);
    if (!parsed.ok) return parsed;
    const checked = checkConsistent(matrix.value, undefined, parsed.value, { view1: files.data.name, labels: files.labels.name });
    if (!checked.ok) return checked;
    labels = parsed.value;
  }
  const dense = labels ? denseClasses(labels) : undefined;
  return ok({
    id: 'vectors',
    name: files.labels ? `${files.data.name} + ${files.labels.name}` : files.data.name,
    inputShape: [cols],
    n: rows,
    x: normaliseRows(data, rows, cols),
    ...(dense ? { labels: dense.labels } : {}),
    classNames: dense?.names ?? [],
    notes: labels ? [] : ['kNN accuracy, tolerance, inter-class uniformity and false negatives need labels.'],
  });
}

function normaliseRows(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let norm2 = 0;
    for (let c = 0; c < cols; c++) norm2 += data[r * cols + c]! ** 2;
    const scale = 1 / Math.sqrt(norm2);
    for (let c = 0; c < cols; c++) out[r * cols + c] = data[r * cols + c]! * scale;
  }
  return out;
}

/** Labels as 0..C−1 in the order of their values, with the values as the class names. */
function denseClasses(labels: Int32Array): { labels: Int32Array; names: string[] } {
  const values = [...new Set(labels)].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  return { labels: labels.map((v) => index.get(v)!), names: values.map(String) };
}
