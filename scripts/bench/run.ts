/**
 * `npm run bench`: builds the app, the benchmark page and the Node bench, then measures, in this order,
 * Node (wasm, cpu), headless Chromium (webgpu, webgl, wasm, cpu), the lab UI while it trains, start-up and
 * the JavaScript shipped, and the peer comparison: the same step in PyTorch (Debian's python3-torch, both
 * ways of computing its linear layers) alternating with the lab's wasm step in Node and in Chromium, round
 * after round, so that both see the same load. Prints a table and writes the figures to bench/results.json.
 * Never part of CI; timings vary with the machine's load, which is recorded next to them.
 *
 *   npm run bench [-- --skip-build] [--quick] [--only node,browser,ui,torch] [--rounds 3] [--out bench/results.json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { errorTrace } from '../../src/core/errors';
import { chromiumPath } from '../../tests/browser/chromium';
import { launchBenchChromium, serve } from './serve';
import { summary, type Summary } from './stats';
import { formatTable } from './table';
import { benchLab, type UiBench } from './ui';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_DIR = join(ROOT, '.bench/page');
const NODE_BUNDLE = join(ROOT, '.bench/node/bench-node.cjs');
const PYTHON = '/usr/bin/python3';

const { values } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'node,browser,ui,torch' },
    out: { type: 'string', default: 'bench/results.json' },
    rounds: { type: 'string', default: '3' },
  },
});
const parts = new Set(values.only.split(','));
const STEPS = values.quick ? 20 : 30;
const log = (text: string) => process.stderr.write(`${text}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const vite = (args: string[]) => execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), ...args], { cwd: ROOT, stdio: 'inherit' });

function build(): void {
  log('building the app (npm run build), the bench page and the Node bench…');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  vite(['build', '--config', 'scripts/bench/vite.page.config.ts', '--logLevel', 'error']);
  vite(['build', '--config', 'scripts/bench/vite.node.config.ts', '--logLevel', 'error']);
}

function machine() {
  const version = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim() || undefined;
  const tfjs = JSON.parse(readFileSync(join(ROOT, 'node_modules/@tensorflow/tfjs-core/package.json'), 'utf8')) as { version: string };
  return {
    date: new Date().toISOString(),
    nproc: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: version(chromiumPath, ['--version']),
    tfjs: tfjs.version,
    loadAtStart: load(),
  };
}

function nodeBench(): unknown {
  log(`Node: wasm and cpu (load ${load()})…`);
  const out = execFileSync(process.execPath, ['--expose-gc', NODE_BUNDLE, '--steps', String(STEPS), '--drift', values.quick ? '300' : '1000'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  return { load: load(), ...(JSON.parse(out.trim().split('\n').pop()!) as object) };
}

async function browserBench(browser: Browser): Promise<unknown[]> {
  const server = await serve(PAGE_DIR, 'scripts/bench/bench.html');
  const results: unknown[] = [];
  try {
    for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
      // WebGPU runs on the SwiftShader software adapter here: seconds per step, so few of them.
      const steps = backend === 'webgpu' ? 5 : STEPS;
      const warmup = backend === 'webgpu' ? 2 : 5;
      const drift = backend === 'wasm' ? (values.quick ? 100 : 300) : 0;
      log(`Chromium: ${backend} (load ${load()})…`);
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(new URL(`scripts/bench/bench.html?backend=${backend}&steps=${steps}&warmup=${warmup}&drift=${drift}`, server.url).href);
        await page.locator('#result').filter({ hasText: /./ }).waitFor({ timeout: 20 * 60_000 });
        results.push({ load: load(), ...(JSON.parse((await page.locator('#result').textContent())!) as object) });
      } finally {
        await context.close();
      }
    }
  } finally {
    server.stop();
  }
  return results;
}

/** Gzipped size of every JS chunk in dist/, and which ones index.html loads up front. */
function jsShipped(fetched: UiBench['fetched'] | undefined, firstFigureMs: number | undefined) {
  const assets = join(ROOT, 'dist/assets');
  const html = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
  const chunks = readdirSync(assets)
    .filter((f) => f.endsWith('.js') || f.endsWith('.wasm'))
    .map((file) => {
      const bytes = readFileSync(join(assets, file));
      const when = fetched?.find((f) => f.file === file)?.atMs;
      return {
        file,
        kB: bytes.length / 1000,
        gzipKB: gzipSync(bytes).length / 1000,
        inIndexHtml: html.includes(`assets/${file}`),
        ...(when === undefined ? {} : { fetchedAtMs: Math.round(when), beforeFirstFigure: firstFigureMs !== undefined && when < firstFigureMs }),
      };
    })
    .sort((a, b) => b.gzipKB - a.gzipKB);
  const sum = (list: typeof chunks) => Math.round(list.reduce((s, c) => s + c.gzipKB, 0));
  const js = chunks.filter((c) => c.file.endsWith('.js'));
  return {
    initialGzipKB: sum(js.filter((c) => c.inIndexHtml)),
    fetchedBeforeFirstFigureGzipKB: sum(js.filter((c) => c.beforeFirstFigure)),
    fetchedByEngineGzipKB: sum(js.filter((c) => c.fetchedAtMs !== undefined && !c.beforeFirstFigure)),
    neverFetchedGzipKB: sum(js.filter((c) => c.fetchedAtMs === undefined)),
    chunks,
  };
}

const DATASETS = ['spheres', 'mnist'] as const;
const LINEAR = ['conv', 'linear'] as const;

interface PeerEntry {
  readonly who: string;
  readonly dataset: string;
  readonly round: number;
  readonly load: string;
  readonly stepMs: Summary;
  readonly stepCpuMs?: Summary;
  readonly cpuEfficiency?: number;
  readonly efficiency?: number;
}

function torchStep(dataset: string, linear: string): Omit<PeerEntry, 'round'> & { torch: string; threads: number } {
  const out = execFileSync(PYTHON, [join(ROOT, 'scripts/bench/torch_step.py'), '--dataset', dataset, '--linear', linear, '--steps', String(STEPS)], { encoding: 'utf8' });
  const parsed = JSON.parse(out) as { stepMs: Summary; stepCpuMs: Summary; torch: string; threads: number };
  return { who: `torch ${linear}`, dataset, load: load(), ...parsed };
}

interface LabRow {
  readonly dataset: string;
  readonly stepMs: Summary;
  readonly stepCpuMs?: Summary;
  readonly efficiency: number;
  readonly cpuEfficiency?: number;
}

const labEntry = (who: string, row: LabRow): Omit<PeerEntry, 'round'> => ({
  who,
  dataset: row.dataset,
  load: load(),
  stepMs: row.stepMs,
  ...(row.stepCpuMs ? { stepCpuMs: row.stepCpuMs } : {}),
  efficiency: row.efficiency,
  ...(row.cpuEfficiency === undefined ? {} : { cpuEfficiency: row.cpuEfficiency }),
});

function nodeWasmSteps(): Omit<PeerEntry, 'round'>[] {
  const out = execFileSync(process.execPath, [NODE_BUNDLE, '--backends', 'wasm', '--drift', '0', '--steps', String(STEPS)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  return (JSON.parse(out.trim().split('\n').pop()!) as { rows: LabRow[] }).rows.map((row) => labEntry('node wasm', row));
}

async function chromiumWasmSteps(browser: Browser, url: string): Promise<Omit<PeerEntry, 'round'>[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(new URL(`scripts/bench/bench.html?backend=wasm&steps=${STEPS}&warmup=5&drift=0`, url).href);
    await page.locator('#result').filter({ hasText: /./ }).waitFor({ timeout: 20 * 60_000 });
    const result = JSON.parse((await page.locator('#result').textContent())!) as { rows?: LabRow[]; error?: string };
    if (!result.rows) throw new Error(`the bench page failed: ${result.error ?? 'no rows'}`);
    return result.rows.map((row) => labEntry('chromium wasm', row));
  } finally {
    await context.close();
  }
}

/**
 * The peer comparison: each round runs PyTorch (1×1 convolutions, then nn.Linear) and the lab's wasm step
 * (Node, then Chromium) on both datasets, one after the other; the summary is the median over rounds of each
 * round's median, and each lab row is compared with the faster PyTorch, in wall time and in CPU time (which
 * the load distorts far less).
 */
async function peerBench(browser: Browser | undefined): Promise<unknown> {
  const has = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (has.status !== 0) return { skipped: `no PyTorch for ${PYTHON} (apt-get install -y python3-torch)` };
  const rounds = Number(values.rounds);
  const server = browser ? await serve(PAGE_DIR, 'scripts/bench/bench.html') : undefined;
  const entries: PeerEntry[] = [];
  const torchVersions: { torch: string; threads: number }[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const dataset of DATASETS) {
        for (const linear of LINEAR) {
          log(`peer round ${round}/${rounds}: PyTorch ${linear} ${dataset} (load ${load()})…`);
          const { torch, threads, ...entry } = torchStep(dataset, linear);
          torchVersions.push({ torch, threads });
          entries.push({ ...entry, round });
        }
      }
      log(`peer round ${round}/${rounds}: Node wasm (load ${load()})…`);
      entries.push(...nodeWasmSteps().map((e) => ({ ...e, round })));
      if (browser && server) {
        log(`peer round ${round}/${rounds}: Chromium wasm (load ${load()})…`);
        entries.push(...(await chromiumWasmSteps(browser, server.url)).map((e) => ({ ...e, round })));
      }
    }
  } finally {
    server?.stop();
  }
  return { rounds, torch: torchVersions[0], entries, summary: peerSummary(entries) };
}

export interface PeerSummary {
  readonly who: string;
  readonly dataset: string;
  readonly rounds: number;
  /** Median over rounds of each round's median. */
  readonly stepMs: number;
  readonly stepCpuMs?: number;
  readonly cpuEfficiency?: number;
  readonly efficiency?: number;
  readonly loads: string;
  /** Lab rows: step ÷ the faster PyTorch's (wall, CPU). */
  readonly vsFastestPeer?: { readonly peer: string; readonly wall: number; readonly cpu?: number };
}

function peerSummary(entries: readonly PeerEntry[]): PeerSummary[] {
  const median = (values: number[]) => summary(values).median;
  const rows: PeerSummary[] = [];
  for (const who of [...new Set(entries.map((e) => e.who))]) {
    for (const dataset of DATASETS) {
      const mine = entries.filter((e) => e.who === who && e.dataset === dataset);
      if (!mine.length) continue;
      const cpu = mine.flatMap((e) => (e.stepCpuMs ? [e.stepCpuMs.median] : []));
      const effCpu = mine.flatMap((e) => (e.cpuEfficiency === undefined ? [] : [e.cpuEfficiency]));
      const eff = mine.flatMap((e) => (e.efficiency === undefined ? [] : [e.efficiency]));
      rows.push({
        who,
        dataset,
        rounds: mine.length,
        stepMs: median(mine.map((e) => e.stepMs.median)),
        ...(cpu.length ? { stepCpuMs: median(cpu) } : {}),
        ...(effCpu.length ? { cpuEfficiency: median(effCpu) } : {}),
        ...(eff.length ? { efficiency: median(eff) } : {}),
        loads: mine.map((e) => e.load.split(' ')[0]).join(', '),
      });
    }
  }
  return rows.map((row) => {
    if (row.who.startsWith('torch')) return row;
    const peers = rows.filter((p) => p.who.startsWith('torch') && p.dataset === row.dataset);
    const fastest = peers.sort((a, b) => a.stepMs - b.stepMs)[0];
    if (!fastest) return row;
    const cpuPeer = Math.min(...peers.flatMap((p) => (p.stepCpuMs === undefined ? [] : [p.stepCpuMs])));
    return {
      ...row,
      vsFastestPeer: {
        peer: fastest.who,
        wall: row.stepMs / fastest.stepMs,
        ...(row.stepCpuMs === undefined || !Number.isFinite(cpuPeer) ? {} : { cpu: row.stepCpuMs / cpuPeer }),
      },
    };
  });
}

async function main(): Promise<void> {
  if (!values['skip-build']) build();
  const needs = [
    ...(parts.has('ui') ? [join(ROOT, 'dist/index.html')] : []),
    ...(parts.has('browser') || parts.has('torch') ? [PAGE_DIR] : []),
    ...(parts.has('node') || parts.has('torch') ? [NODE_BUNDLE] : []),
  ];
  const missing = needs.filter((path) => !existsSync(path));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')}; run without --skip-build`);
  const results: Record<string, unknown> = { machine: machine() };
  const out = resolve(ROOT, values.out);
  mkdirSync(dirname(out), { recursive: true });
  // Written after every part, so a failure later keeps what was measured.
  const save = () => writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  if (parts.has('node')) results.node = nodeBench();
  save();
  const needsBrowser = parts.has('browser') || parts.has('ui') || parts.has('torch');
  const browser = needsBrowser
    ? await launchBenchChromium()
    : undefined;
  try {
    if (browser && parts.has('browser')) results.browser = await browserBench(browser);
    save();
    if (browser && parts.has('ui')) {
      log(`Chromium: the lab while training (load ${load()})…`);
      const server = await serve(join(ROOT, 'dist'), 'index.html');
      try {
        const ui = await benchLab(browser, server.url, { windowMs: values.quick ? 5000 : 10_000, keyPresses: values.quick ? 20 : 40 });
        results.ui = { load: load(), ...ui };
        results.js = jsShipped(ui.fetched, ui.firstFigureMs);
      } finally {
        server.stop();
      }
    }
    save();
    if (parts.has('torch')) results.peer = await peerBench(browser);
  } finally {
    await browser?.close();
  }
  results.loadAtEnd = load();
  save();
  process.stdout.write(formatTable(results) + `\nwritten to ${values.out}\n`);
}

main().catch((e: unknown) => {
  log(errorTrace(e));
  process.exit(1);
});
