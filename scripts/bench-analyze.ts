/**
 * Wall time of the embedding analyzer on a realistic export: 10,000 × 128 float32 view1 and view2 plus
 * 10-class labels, as .npy files in a temporary directory. Builds the CLI bundle (as `npm run analyze` does,
 * but into a private directory and untimed), then times one full run: process start, reading and checking
 * the files, every metric, the NT-Xent loss.
 *
 *   npx tsx scripts/bench-analyze.ts [--n 10000] [--dim 128] [--classes 10] [--runs 1]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dump } from 'npyjs';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    dim: { type: 'string', default: '128' },
    classes: { type: 'string', default: '10' },
    runs: { type: 'string', default: '1' },
  },
});
const n = Number(values.n);
const dim = Number(values.dim);
const classes = Number(values.classes);
const runs = Number(values.runs);

const ROOT = join(import.meta.dirname, '..');
const BUILD = join(ROOT, 'node_modules', '.cache', `bench-analyze-${process.pid}`);
const data = mkdtempSync(join(tmpdir(), 'bench-analyze-'));

function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

try {
  const g = gaussian(7);
  const means = Array.from({ length: classes }, () => Float32Array.from({ length: dim }, g));
  const view1 = new Float32Array(n * dim);
  const view2 = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % classes;
    for (let c = 0; c < dim; c++) {
      view1[i * dim + c] = means[labels[i]!]![c]! + 2 * g();
      view2[i * dim + c] = view1[i * dim + c]! + 0.5 * g();
    }
  }
  const files = { view1: join(data, 'view1.npy'), view2: join(data, 'view2.npy'), labels: join(data, 'labels.npy') };
  writeFileSync(files.view1, new Uint8Array(dump(view1, [n, dim])));
  writeFileSync(files.view2, new Uint8Array(dump(view2, [n, dim])));
  writeFileSync(files.labels, new Uint8Array(dump(BigInt64Array.from(labels, (v) => BigInt(v)), [n])));

  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.node.config.ts', '--logLevel', 'error', '--outDir', BUILD],
    { cwd: ROOT, stdio: 'inherit' },
  );

  const args = [join(BUILD, 'analyze.cjs'), '--view1', files.view1, '--view2', files.view2, '--labels', files.labels];
  console.log(`analyze on ${n} × ${dim} float32 (view1 + view2), ${classes} classes:`);
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    const seconds = (performance.now() - start) / 1000;
    if (result.status !== 0) {
      console.error(`run ${r + 1} failed (exit ${result.status}): ${result.stderr.trim()}`);
      process.exitCode = 1;
      break;
    }
    console.log(`  run ${r + 1}: ${seconds.toFixed(2)} s wall`);
    if (r === 0) console.log(`  ${result.stdout.trim()}`);
    if (result.stderr.trim()) console.log(`  stderr: ${result.stderr.trim()}`);
  }
} finally {
  rmSync(data, { recursive: true, force: true });
  rmSync(BUILD, { recursive: true, force: true });
}
