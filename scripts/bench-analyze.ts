/**
 * Wall time of the embedding analyzer (`npm run analyze`) on generated, seeded exports: Gaussian class
 * clusters, view 2 = view 1 + noise, as .npy files in a temporary directory (never committed). Builds the CLI
 * bundle (as `npm run analyze` does, but into a private directory and untimed), then times whole runs:
 * process start, reading and checking the files, every metric, the loss. `uptime`'s load average is printed
 * beside every run, since the machine may be shared.
 *
 *   npx tsx scripts/bench-analyze.ts                      # issue 14's cases, this working tree
 *   npx tsx scripts/bench-analyze.ts --before 43bc1cc     # the same cases, alternately with that commit's analyzer
 *   npx tsx scripts/bench-analyze.ts --case 10k-view1 --runs 3
 *   npx tsx scripts/bench-analyze.ts --n 20000 --dim 256 --views 2 -- --loss-batch 256
 *
 * Cases: 10k-view1 (10,000 × 512, view 1 + labels), 10k-views (10,000 × 512, both views + labels: the loss
 * over all 2N rows), 50k (50,000 × 2,048, both views + labels: alignment, the batched loss). Arguments after
 * `--` go to the analyzer. `--before REF` checks REF out into a temporary git worktree (node_modules linked)
 * and builds its analyzer too; cases the old analyzer cannot do in reasonable time are skipped with `--skip-before`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dump } from 'npyjs';

const dashes = process.argv.indexOf('--');
const own = dashes < 0 ? process.argv.slice(2) : process.argv.slice(2, dashes);
const passThrough = dashes < 0 ? [] : process.argv.slice(dashes + 1);

const { values } = parseArgs({
  args: own,
  options: {
    case: { type: 'string', multiple: true },
    n: { type: 'string' },
    dim: { type: 'string' },
    views: { type: 'string', default: '2' },
    classes: { type: 'string', default: '10' },
    runs: { type: 'string', default: '1' },
    before: { type: 'string' },
    'skip-before': { type: 'string', multiple: true, default: ['50k'] },
    /** Keep the generated files (and the bundles) and print where they are, e.g. for a profile. */
    keep: { type: 'boolean', default: false },
  },
});

interface Case {
  readonly name: string;
  readonly n: number;
  readonly dim: number;
  readonly views: 1 | 2;
}

const CASES: readonly Case[] = [
  { name: '10k-view1', n: 10_000, dim: 512, views: 1 },
  { name: '10k-views', n: 10_000, dim: 512, views: 2 },
  { name: '50k', n: 50_000, dim: 2_048, views: 2 },
];

const cases: Case[] =
  values.n !== undefined
    ? [{ name: 'custom', n: Number(values.n), dim: Number(values.dim ?? 512), views: values.views === '1' ? 1 : 2 }]
    : values.case
      ? values.case.map((name) => {
          const found = CASES.find((c) => c.name === name);
          if (!found) throw new Error(`unknown case ${name}; one of ${CASES.map((c) => c.name).join(', ')}`);
          return found;
        })
      : [...CASES];
const classes = Number(values.classes);
const runs = Number(values.runs);

const ROOT = join(import.meta.dirname, '..');
const data = mkdtempSync(join(tmpdir(), 'bench-analyze-'));
const cleanups: (() => void)[] = [() => rmSync(data, { recursive: true, force: true })];

function uniformSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(seed: number): () => number {
  const uniform = uniformSource(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Seeded files of one case: class means + noise (view 1), view 1 + noise (view 2), labels i mod classes. */
function writeCase(c: Case): { view1: string; view2?: string; labels: string } {
  const g = gaussian(7);
  const means = Array.from({ length: classes }, () => Float32Array.from({ length: c.dim }, g));
  const view1 = new Float32Array(c.n * c.dim);
  const view2 = c.views === 2 ? new Float32Array(c.n * c.dim) : undefined;
  const labels = new Int32Array(c.n);
  for (let i = 0; i < c.n; i++) {
    labels[i] = i % classes;
    for (let q = 0; q < c.dim; q++) {
      const k = i * c.dim + q;
      view1[k] = means[labels[i]!]![q]! + 2 * g();
      if (view2) view2[k] = view1[k]! + 0.5 * g();
    }
  }
  const dir = join(data, c.name);
  execFileSync('mkdir', ['-p', dir]);
  const files = { view1: join(dir, 'view1.npy'), labels: join(dir, 'labels.npy'), ...(view2 ? { view2: join(dir, 'view2.npy') } : {}) };
  writeFileSync(files.view1, new Uint8Array(dump(view1, [c.n, c.dim])));
  if (view2) writeFileSync(files.view2!, new Uint8Array(dump(view2, [c.n, c.dim])));
  writeFileSync(files.labels, new Uint8Array(dump(BigInt64Array.from(labels, (v) => BigInt(v)), [c.n])));
  return files;
}

/** Builds the analyzer of the tree at `root` into a private directory; returns the bundle's path. */
function buildAnalyzer(root: string, label: string): string {
  const out = join(ROOT, 'node_modules', '.cache', `bench-analyze-${label}-${process.pid}`);
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.node.config.ts', '--logLevel', 'error', '--outDir', out],
    { cwd: root, stdio: 'inherit' },
  );
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
  return join(out, 'analyze.cjs');
}

/** REF checked out beside the repository, with this checkout's node_modules. */
function checkout(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-analyze-ref-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: ROOT, stdio: 'pipe' });
  cleanups.push(() => execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'pipe' }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

try {
  const analyzers: { label: string; bundle: string }[] = [];
  if (values.before) analyzers.push({ label: `before (${values.before})`, bundle: buildAnalyzer(checkout(values.before), 'before') });
  analyzers.push({ label: 'after (this tree)', bundle: buildAnalyzer(ROOT, 'after') });

  for (const c of cases) {
    const files = writeCase(c);
    const args = ['--view1', files.view1, ...(files.view2 ? ['--view2', files.view2] : []), '--labels', files.labels, ...passThrough];
    console.log(`\n${c.name}: analyze on ${c.n} × ${c.dim} float32, ${c.views === 2 ? 'view 1 + view 2' : 'view 1'} + ${classes}-class labels ${passThrough.join(' ')}`);
    for (let r = 0; r < runs; r++) {
      for (const a of analyzers) {
        if (a.label.startsWith('before') && values['skip-before']!.includes(c.name)) {
          if (r === 0) console.log(`  ${a.label}: skipped (--skip-before ${c.name})`);
          continue;
        }
        const loadBefore = load();
        const start = performance.now();
        // GNU time reports the process's CPU time (all its threads), which load barely changes.
        const result = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, a.bundle, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
        const seconds = (performance.now() - start) / 1000;
        const cpuLine = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
        const cpu = cpuLine ? Number(cpuLine[1]) + Number(cpuLine[2]) : NaN;
        result.stderr = result.stderr.replace(/cpu [\d.]+ [\d.]+\s*$/, '');
        if (result.status !== 0) {
          console.error(`  ${a.label} run ${r + 1} failed (exit ${result.status}): ${result.stderr.trim()}`);
          process.exitCode = 1;
          continue;
        }
        console.log(`  ${a.label} run ${r + 1}: ${seconds.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU; load ${loadBefore} → ${load()}`);
        if (r === 0) console.log(`    ${result.stdout.trim()}`);
        if (result.stderr.trim()) console.log(`    stderr: ${result.stderr.trim().split('\n').join('\n    stderr: ')}`);
      }
    }
  }
} finally {
  if (values.keep) console.log(`kept: ${data} and the bundles under node_modules/.cache/bench-analyze-*-${process.pid}`);
  else for (const cleanup of cleanups.reverse()) cleanup();
}
