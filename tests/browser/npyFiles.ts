import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A version 1.0 .npy file, written byte by byte as numpy does: magic, header dict padded to 64, data. */
export function npyBytes(descr: '<f4' | '<i8', shape: readonly number[], data: Float32Array | BigInt64Array): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** A small seeded generator (mulberry32) and its normal deviates, for test data only. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Two views of n samples in `classes` clusters (class means plus noise; view 2 = view 1 plus smaller noise)
 * and their int64 labels, written as view1.npy, view2.npy and labels.npy into `dir`.
 */
export function writeEmbeddingFiles(dir: string, n: number, dim: number, classes: number, seed = 7): { view1: string; view2: string; labels: string } {
  const normal = normals(seed);
  const means = Float32Array.from({ length: classes * dim }, () => normal());
  const view1 = new Float32Array(n * dim);
  const view2 = new Float32Array(n * dim);
  const labels = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels[i] = BigInt(c);
    for (let q = 0; q < dim; q++) {
      const v = means[c * dim + q]! + 0.8 * normal();
      view1[i * dim + q] = v;
      view2[i * dim + q] = v + 0.3 * normal();
    }
  }
  const paths = { view1: join(dir, 'view1.npy'), view2: join(dir, 'view2.npy'), labels: join(dir, 'labels.npy') };
  writeFileSync(paths.view1, npyBytes('<f4', [n, dim], view1));
  writeFileSync(paths.view2, npyBytes('<f4', [n, dim], view2));
  writeFileSync(paths.labels, npyBytes('<i8', [n], labels));
  return paths;
}
