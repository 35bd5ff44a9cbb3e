import { fail, ok, type Result } from '../result';

/**
 * The prepared image-dataset file (public/data/<id>.bin), written by scripts/prepare-data.ts and read in the
 * browser, the worker and Node. No tfjs, no I/O: bytes in, bytes out.
 *
 * Layout, all integers little-endian uint32:
 *   0  magic "DSLD" (4 ASCII bytes)   4  version (1)   8  n_train   12  n_eval
 *   16 rows   20 cols   24 classes
 *   28 labels: n_train + n_eval uint8 (train first)
 *   then pixels: (n_train + n_eval) × rows × cols uint8, one row-major image after another, train first.
 */
export const IMAGE_FILE_MAGIC = 'DSLD';
export const IMAGE_FILE_VERSION = 1;
const HEADER_BYTES = 28;

export interface ImageSplit {
  readonly labels: Uint8Array;
  /** n × rows × cols, 0..255. */
  readonly pixels: Uint8Array;
}

export interface ImageFileContent {
  readonly rows: number;
  readonly cols: number;
  readonly classes: number;
  readonly train: ImageSplit;
  readonly eval: ImageSplit;
}

export function encodeImageFile(c: ImageFileContent): Uint8Array {
  const nTrain = c.train.labels.length;
  const nEval = c.eval.labels.length;
  const pixelsPerImage = c.rows * c.cols;
  if (c.train.pixels.length !== nTrain * pixelsPerImage || c.eval.pixels.length !== nEval * pixelsPerImage) {
    throw new RangeError('pixel count does not match labels × rows × cols');
  }
  const out = new Uint8Array(HEADER_BYTES + (nTrain + nEval) * (1 + pixelsPerImage));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = IMAGE_FILE_MAGIC.charCodeAt(i);
  [IMAGE_FILE_VERSION, nTrain, nEval, c.rows, c.cols, c.classes].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  let at = HEADER_BYTES;
  for (const part of [c.train.labels, c.eval.labels, c.train.pixels, c.eval.pixels]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Checks every size before reading; splits are views into `bytes` (no copy). */
export function decodeImageFile(bytes: ArrayBuffer): Result<ImageFileContent> {
  if (bytes.byteLength < HEADER_BYTES) {
    return fail(`not a dataset file: ${bytes.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  }
  const all = new Uint8Array(bytes);
  const magic = String.fromCharCode(...all.subarray(0, 4));
  if (magic !== IMAGE_FILE_MAGIC) return fail(`not a dataset file: starts with "${magic}", expected "${IMAGE_FILE_MAGIC}"`);
  const view = new DataView(bytes);
  const [version, nTrain, nEval, rows, cols, classes] = [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(4 + 4 * i, true));
  if (version !== IMAGE_FILE_VERSION) {
    return fail(`dataset file version ${version} is not supported (expected ${IMAGE_FILE_VERSION}); run npm run prepare-data`);
  }
  if (rows === 0 || cols === 0 || classes === 0 || classes > 256) {
    return fail(`dataset file header is invalid: ${rows}×${cols} images, ${classes} classes`);
  }
  const n = nTrain + nEval;
  const pixelsPerImage = rows * cols;
  const expected = HEADER_BYTES + n * (1 + pixelsPerImage);
  if (bytes.byteLength !== expected) {
    const what = bytes.byteLength < expected ? 'truncated' : 'too long';
    return fail(
      `dataset file is ${what}: ${bytes.byteLength} bytes, but its header (${nTrain} train + ${nEval} eval images of ` +
        `${rows}×${cols}) needs ${expected}`,
    );
  }
  const labels = all.subarray(HEADER_BYTES, HEADER_BYTES + n);
  const badLabel = labels.findIndex((label) => label >= classes);
  if (badLabel >= 0) return fail(`dataset file label ${badLabel} is ${labels[badLabel]}, but there are only ${classes} classes`);
  const pixels = all.subarray(HEADER_BYTES + n);
  return ok({
    rows,
    cols,
    classes,
    train: { labels: labels.subarray(0, nTrain), pixels: pixels.subarray(0, nTrain * pixelsPerImage) },
    eval: { labels: labels.subarray(nTrain), pixels: pixels.subarray(nTrain * pixelsPerImage) },
  });
}
