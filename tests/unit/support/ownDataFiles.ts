import { zipSync } from 'fflate';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { SeededRandom } from '../../../src/core/random';
import { npyBytes } from '../../browser/npyFiles';

/** n vectors of dimension d in `classes` clusters (row i in class i mod classes), not normalised. */
export function clusteredVectors(n: number, d: number, classes: number, seed = 3): { values: Float32Array; labels: number[] } {
  const random = new SeededRandom(seed);
  const means = Array.from({ length: classes * d }, () => 3 * random.normal());
  const values = new Float32Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    labels.push(i % classes);
    for (let q = 0; q < d; q++) values[i * d + q] = means[(i % classes) * d + q]! + random.normal();
  }
  return { values, labels };
}

export const vectorsNpy = (values: Float32Array, n: number, d: number): ArrayBuffer => npyBytes('<f4', [n, d], values).slice().buffer;

export const labelsNpy = (labels: readonly number[]): ArrayBuffer => npyBytes('<i8', [labels.length], BigInt64Array.from(labels, BigInt)).slice().buffer;

export function vectorsCsv(values: Float32Array, n: number, d: number): ArrayBuffer {
  const rows = Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * d, (i + 1) * d), String).join(','));
  return new TextEncoder().encode(`${rows.join('\n')}\n`).buffer;
}

export const labelsCsv = (labels: readonly (number | string)[]): ArrayBuffer => new TextEncoder().encode(`${labels.join('\n')}\n`).buffer;

/** An RGBA image whose pixels come from `pixel(x, y)` → [r, g, b, a]. */
export function rgbaImage(width: number, height: number, pixel: (x: number, y: number) => readonly number[]): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, data };
}

/** A PNG written by pngjs's Node build (the one the decoder does not use). */
export function pngOf(image: { width: number; height: number; data: Uint8Array }): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data);
  return new Uint8Array(PNG.sync.write(png));
}

export function jpegOf(image: { width: number; height: number; data: Uint8Array }, quality = 90): Uint8Array {
  return new Uint8Array(encodeJpeg({ width: image.width, height: image.height, data: image.data }, quality).data);
}

/** A zip of `entries` (a path ending in "/" is a folder entry). */
export function zipOf(entries: Record<string, Uint8Array>): ArrayBuffer {
  return zipSync(entries).slice().buffer;
}

/** 40 images in two classes (bright squares on the left or the right), half PNG, half JPEG, of two sizes. */
export function shapesZip(): ArrayBuffer {
  const entries: Record<string, Uint8Array> = {};
  for (let k = 0; k < 40; k++) {
    const left = k % 2 === 0;
    const size = k % 4 < 2 ? 28 : 40;
    const image = rgbaImage(size, size, (x, y) => {
      const inside = Math.abs(y - size / 2) < size / 4 && (left ? x < size / 2 : x >= size / 2);
      const v = inside ? 220 - (k % 7) * 10 : 20 + (k % 5) * 5;
      return [v, v, v, 255];
    });
    entries[`${left ? 'left' : 'right'}/${k}.${k % 3 === 0 ? 'jpg' : 'png'}`] = k % 3 === 0 ? jpegOf(image) : pngOf(image);
  }
  return zipOf(entries);
}
