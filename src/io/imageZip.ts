/**
 * A .zip of images to train on: one folder per class of PNG or JPEG files, decoded the same way in the
 * browser's workers and in Node (fflate, pngjs's browser build, jpeg-js: the same code, so the same pixels),
 * each centre-cropped to a square and area-averaged to the training size. Images of any and of mixed sizes
 * are accepted: every one is resized. Bytes in, samples out; every message names the zip and the entry.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { decode as decodeJpegBytes } from 'jpeg-js';
import { PNG } from 'pngjs/browser';
import { OWN_DATA_LIMITS, type OwnSamples } from '../core/data/ownDataset';
import { errorMessage } from '../core/errors';
import { fail, ok, type Result } from '../core/result';
import type { InputFile } from './embeddings';

export interface ImageTarget {
  readonly size: number;
  /** 1: grey (ITU-R BT.601 luma), 3: RGB. */
  readonly channels: number;
  readonly label: string;
}

/** An image as decoded: width × height RGBA, 8 bits per channel. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;
/** What zip tools add beside the files: macOS resource forks, Finder and Explorer metadata. */
const IGNORED = (path: string): boolean => path.startsWith('__MACOSX/') || path.split('/').some((part) => part.startsWith('.')) || /(^|\/)(Thumbs\.db|desktop\.ini)$/i.test(path);

const count = (n: number): string => n.toLocaleString('en-US');

export function parseImageZip(file: InputFile, target: ImageTarget): Result<OwnSamples> {
  const zip = file.name;
  const entries = readZip(file);
  if (!entries.ok) return entries;
  const { images, imageCount, skipped, directories } = entries.value;
  if (imageCount === 0) return fail(`${zip}: holds no PNG or JPEG image${skipped.length > 0 ? ` (only ${listed(skipped)})` : ''}`);
  if (imageCount > OWN_DATA_LIMITS.images) return fail(`${zip}: ${count(imageCount)} images, more than the ${count(OWN_DATA_LIMITS.images)} the lab trains on; take a subset`);

  const paths = [...images.keys()].sort(byCodeUnits);
  const classes = classFolders(zip, paths, [...directories, ...skipped]);
  if (!classes.ok) return classes;
  const { classOf, classNames } = classes.value;

  const featureSize = target.size * target.size * target.channels;
  const x = new Uint8Array(paths.length * featureSize);
  let resized = 0;
  let coloured = 0;
  for (const [i, path] of paths.entries()) {
    const decoded = decodeImage(images.get(path)!);
    if (!decoded.ok) return fail(`${zip}: ${path} ${decoded.error}`);
    const image = decoded.value;
    if (image.width !== target.size || image.height !== target.size) resized++;
    if (target.channels === 1 && !isGrey(image)) coloured++;
    x.set(toTarget(image, target), i * featureSize);
  }
  const notes = [
    ...(classNames.length === 0 ? ['Fewer than two class folders: trained without labels, so kNN accuracy, tolerance, inter-class uniformity and false negatives are not computed.'] : []),
    ...(resized > 0 ? [`${count(resized)} of ${count(paths.length)} images were centre-cropped to a square and resized to ${target.label}.`] : []),
    ...(coloured > 0 ? [`${count(coloured)} colour images were turned grey.`] : []),
    ...(skipped.length > 0 ? [`Skipped ${skipped.length === 1 ? 'a file' : `${count(skipped.length)} files`} that ${skipped.length === 1 ? 'is' : 'are'} not PNG or JPEG: ${listed(skipped)}.`] : []),
  ];
  return ok({
    id: 'images',
    name: zip,
    inputShape: [target.size, target.size, target.channels],
    n: paths.length,
    x,
    ...(classNames.length > 0 ? { labels: Int32Array.from(paths, (p) => classOf.get(p)!) } : {}),
    classNames,
    notes,
  });
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function listed(paths: readonly string[]): string {
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${count(paths.length - 3)} more`;
}

interface ZipEntries {
  /** Image files by path (none past the limit). */
  readonly images: Map<string, Uint8Array>;
  /** Image files in the zip, unpacked or not. */
  readonly imageCount: number;
  /** Files that are not PNG or JPEG (by their extension). */
  readonly skipped: string[];
  /** Folder entries ("dog/"), to find empty class folders. */
  readonly directories: string[];
}

/** The zip's image files, unpacked; the others only listed. */
function readZip(file: InputFile): Result<ZipEntries> {
  const skipped: string[] = [];
  const directories: string[] = [];
  let wanted = 0;
  let unpacked: Record<string, Uint8Array>;
  try {
    unpacked = unzipSync(new Uint8Array(file.bytes), {
      filter: (info: UnzipFileInfo) => {
        if (IGNORED(info.name)) return false;
        if (info.name.endsWith('/')) {
          directories.push(info.name);
          return false;
        }
        if (!IMAGE_EXTENSION.test(info.name)) {
          skipped.push(info.name);
          return false;
        }
        // Past the limit nothing more is unpacked: the count alone makes the message.
        return ++wanted <= OWN_DATA_LIMITS.images;
      },
    });
  } catch (e) {
    return fail(`${file.name}: not a readable zip archive (${errorMessage(e)})`);
  }
  return ok({ images: new Map(Object.entries(unpacked)), imageCount: wanted, skipped: skipped.sort(byCodeUnits), directories });
}

/**
 * Class folders: below the folders every image shares (a zip of "pets/" holds "pets/cat/1.png"), each image
 * is in one folder, its class, or all of them in none (unlabelled). Any other layout is refused, naming an
 * entry that breaks it; so is a class folder without images.
 */
function classFolders(zip: string, paths: readonly string[], others: readonly string[]): Result<{ classOf: Map<string, number>; classNames: string[] }> {
  const folders = paths.map((p) => p.split('/').slice(0, -1));
  // Folders without an image count too, or a zip of a/1.png and an empty b/ would read as a/ wrapping one class.
  const otherFolders = others.map((o) => o.split('/').filter((part) => part !== '').slice(0, o.endsWith('/') ? undefined : -1)).filter((f) => f.length > 0);
  const all = [...folders, ...otherFolders];
  let common = 0;
  while (all.every((f) => f.length > common && f[common] === all[0]![common])) common++;
  const depths = new Set(folders.map((f) => f.length - common));
  if (depths.size === 1 && depths.has(0)) return ok({ classOf: new Map(), classNames: [] });
  const nested = paths.find((_, i) => folders[i]!.length - common > 1);
  if (nested) return fail(`${zip}: ${nested} is nested deeper than one folder per class; put each class’s images directly in its folder`);
  const loose = paths.find((_, i) => folders[i]!.length === common);
  if (loose) return fail(`${zip}: ${loose} is not in a class folder, while other images are; put every image in its class’s folder`);
  const prefix = folders[0]!.slice(0, common);
  const classNames = [...new Set(folders.map((f) => f[common]!))].sort(byCodeUnits);
  // A folder at class level with no image in it: an empty class.
  for (const other of others) {
    const parts = other.split('/').filter((part) => part !== '');
    if (parts.length <= common || prefix.some((part, i) => parts[i] !== part)) continue;
    const name = parts[common]!;
    if (!classNames.includes(name)) return fail(`${zip}: the class folder ${[...prefix, name].join('/')}/ holds no PNG or JPEG image`);
  }
  if (classNames.length < 2) return ok({ classOf: new Map(), classNames: [] });
  const index = new Map(classNames.map((name, i) => [name, i]));
  return ok({ classOf: new Map(paths.map((p, i) => [p, index.get(folders[i]![common]!)!])), classNames });
}

// ---------------------------------------------------------------------------------------------- decoding

/** The bundle's own Buffer class: pngjs's browser build reads only its Buffers, and exports none. */
let PngBuffer: { from(bytes: Uint8Array): Uint8Array } | undefined;

function pngBuffer(bytes: Uint8Array): Uint8Array {
  PngBuffer ??= PNG.sync.write(new PNG({ width: 1, height: 1 })).constructor as unknown as { from(bytes: Uint8Array): Uint8Array };
  return PngBuffer.from(bytes);
}

/** A PNG or JPEG (told by its signature, not its name) as RGBA; the message says why it cannot be read. */
export function decodeImage(bytes: Uint8Array): Result<RgbaImage> {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    if (bytes.length < 24) return fail('cannot be decoded as PNG (it ends inside its header)');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const tooLarge = pixelLimit(view.getUint32(16), view.getUint32(20));
    if (tooLarge) return fail(tooLarge);
    try {
      const png = PNG.sync.read(pngBuffer(bytes) as Parameters<typeof PNG.sync.read>[0]);
      return ok({ width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) });
    } catch (e) {
      return fail(`cannot be decoded as PNG (${errorMessage(e)})`);
    }
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    try {
      const jpeg = decodeJpegBytes(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: OWN_DATA_LIMITS.imagePixels / 1e6 });
      if (jpeg.width === 0 || jpeg.height === 0) return fail('cannot be decoded as JPEG (it has no pixels)');
      return ok({ width: jpeg.width, height: jpeg.height, data: jpeg.data });
    } catch (e) {
      const message = errorMessage(e);
      return fail(/maxResolutionInMP/.test(message) ? `is larger than the ${OWN_DATA_LIMITS.imagePixels / 1e6} megapixels an image may have here` : `cannot be decoded as JPEG (${message})`);
    }
  }
  return fail('is neither a PNG nor a JPEG image (its first bytes are not a PNG or JPEG signature)');
}

function pixelLimit(width: number, height: number): string | null {
  if (width === 0 || height === 0) return `cannot be decoded as PNG (its header says ${width} × ${height} pixels)`;
  if (width * height > OWN_DATA_LIMITS.imagePixels) return `is ${width} × ${height} pixels, larger than the ${OWN_DATA_LIMITS.imagePixels / 1e6} megapixels an image may have here`;
  return null;
}

function isGrey({ data }: RgbaImage): boolean {
  for (let i = 0; i < data.length; i += 4) if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return false;
  return true;
}

/**
 * The largest centred square, area-averaged to size × size: each output pixel is the mean of the source area
 * it covers, partly covered pixels weighted by the part (shrinking and enlarging alike). Transparent pixels
 * count as black (alpha multiplies the colour); grey is 0.299 R + 0.587 G + 0.114 B. Row-major, channels last.
 */
export function toTarget(image: RgbaImage, { size, channels }: Pick<ImageTarget, 'size' | 'channels'>): Uint8Array {
  const side = Math.min(image.width, image.height);
  const x0 = Math.floor((image.width - side) / 2);
  const y0 = Math.floor((image.height - side) / 2);
  const weights = coverage(side, size);
  // Source values per channel after alpha, then columns averaged (side rows × size columns), then rows.
  const value = (x: number, y: number, c: number): number => {
    const at = ((y0 + y) * image.width + x0 + x) * 4;
    const alpha = image.data[at + 3]! / 255;
    if (channels === 3) return image.data[at + c]! * alpha;
    return (0.299 * image.data[at]! + 0.587 * image.data[at + 1]! + 0.114 * image.data[at + 2]!) * alpha;
  };
  const across = new Float64Array(side * size * channels);
  for (let y = 0; y < side; y++) {
    for (let j = 0; j < size; j++) {
      for (const { index, weight } of weights[j]!) {
        for (let c = 0; c < channels; c++) across[(y * size + j) * channels + c] += weight * value(index, y, c);
      }
    }
  }
  const out = new Uint8Array(size * size * channels);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (const { index, weight } of weights[i]!) sum += weight * across[(index * size + j) * channels + c]!;
        out[(i * size + j) * channels + c] = Math.min(255, Math.max(0, Math.round(sum)));
      }
    }
  }
  return out;
}

/** For each of `size` outputs, the source pixels it covers and their weights (summing to 1). */
function coverage(side: number, size: number): { index: number; weight: number }[][] {
  const scale = side / size;
  return Array.from({ length: size }, (_, o) => {
    const from = o * scale;
    const to = (o + 1) * scale;
    const parts: { index: number; weight: number }[] = [];
    for (let index = Math.floor(from); index < Math.min(side, Math.ceil(to)); index++) {
      const overlap = Math.min(to, index + 1) - Math.max(from, index);
      if (overlap > 0) parts.push({ index, weight: overlap / scale });
    }
    return parts;
  });
}
