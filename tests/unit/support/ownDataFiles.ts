import { npyBytes } from '../../browser/npyFiles';

/** A seeded generator (mulberry32) of uniform and normal deviates, for test data only. */
export function deviates(seed: number): { uniform: () => number; normal: () => number } {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

/** n vectors of dimension d in `classes` clusters (row i in class i mod classes), not normalised. */
export function clusteredVectors(n: number, d: number, classes: number, seed = 3): { values: Float32Array; labels: number[] } {
  const { normal } = deviates(seed);
  const means = Array.from({ length: classes * d }, () => 3 * normal());
  const values = new Float32Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    labels.push(i % classes);
    for (let q = 0; q < d; q++) values[i * d + q] = means[(i % classes) * d + q]! + normal();
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
