/**
 * How long "Your data" takes to decode, in Node (the workers run the same code): a zip of PNG and JPEG class
 * folders at both image formats, and a .npy of vectors with labels. Prints one line per case with the load
 * average, since timings on a shared machine say little without it.
 * Usage: npx tsx scripts/bench-own-data.ts [images=2000] [rows=10000] [dim=512]
 */
import { loadavg } from 'node:os';
import { parseOwnData, type OwnDataFiles } from '../src/io/ownData';
import { clusteredVectors, jpegOf, labelsNpy, pngOf, rgbaImage, vectorsNpy, zipOf } from '../tests/unit/support/ownDataFiles';

const [images = 2000, rows = 10_000, dim = 512] = process.argv.slice(2).map(Number);

function imageZip(count: number): ArrayBuffer {
  const entries: Record<string, Uint8Array> = {};
  for (let k = 0; k < count; k++) {
    const image = rgbaImage(64, 48, (x, y) => [(x * 3 + k) % 256, (y * 5 + k) % 256, (x * y) % 256, 255]);
    entries[`class${k % 10}/${k}.${k % 2 === 0 ? 'png' : 'jpg'}`] = k % 2 === 0 ? pngOf(image) : jpegOf(image);
  }
  return zipOf(entries);
}

async function time(label: string, files: OwnDataFiles, format: 'grey-28' | 'rgb-32'): Promise<void> {
  const started = performance.now();
  const parsed = await parseOwnData(files, format);
  const ms = performance.now() - started;
  if (!parsed.ok) throw new Error(parsed.error);
  const bytes = files.data.bytes.byteLength + (files.labels?.bytes.byteLength ?? 0);
  console.log(`${label.padEnd(46)} ${(ms / 1000).toFixed(2).padStart(6)} s  (${(bytes / 1e6).toFixed(1)} MB; load ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
}

const zip = { data: { name: 'bench.zip', bytes: imageZip(images) } };
await time(`${images} images 64×48 (half PNG, half JPEG) → 28×28 grey`, zip, 'grey-28');
await time(`${images} images 64×48 (half PNG, half JPEG) → 32×32 RGB`, zip, 'rgb-32');
const { values, labels } = clusteredVectors(rows, dim, 10);
await time(`${rows} × ${dim} float32 vectors + int64 labels`, { data: { name: 'v.npy', bytes: vectorsNpy(values, rows, dim) }, labels: { name: 'l.npy', bytes: labelsNpy(labels) } }, 'grey-28');
