/**
 * `npm run bench`: builds the app, the benchmark page and the Node bench, then measures, in this order,
 * Node (wasm, cpu), headless Chromium (webgpu, webgl, wasm, cpu), the lab UI while it trains, start-up and
 * the JavaScript shipped, and the same step in PyTorch when Debian's python3-torch is installed. Prints a
 * table and writes the figures to bench/results.json. Never part of CI; timings vary with the machine's load,
 * which is recorded next to them.
 *
 *   npm run bench [-- --skip-build] [--quick] [--only node,browser,ui,torch] [--out bench/results.json]
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { errorTrace } from '../../src/core/errors';
import { chromiumPath } from '../../tests/browser/chromium';
import { formatTable } from './table';
import { benchLab, type UiBench } from './ui';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_DIR = join(ROOT, 'node_modules/.cache/bench/page');
const NODE_BUNDLE = join(ROOT, 'node_modules/.cache/bench/node/bench-node.cjs');
const PYTHON = '/usr/bin/python3';

const { values } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'node,browser,ui,torch' },
    out: { type: 'string', default: 'bench/results.json' },
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

/** `vite preview` of a built directory on a free port; the PID held is the server's own. */
async function serve(outDir: string, page: string): Promise<{ url: string; stop: () => void }> {
  const port = 41000 + Math.floor(Math.random() * 2000);
  const server: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--strictPort', '--port', String(port), '--outDir', outDir],
    { cwd: ROOT, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`vite preview of ${outDir} exited (${server.exitCode})`);
    if (await fetch(url + page).then((r) => r.ok, () => false)) return { url, stop: () => server.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill('SIGTERM');
  throw new Error(`vite preview of ${outDir} did not answer`);
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

function torchBench(): unknown {
  const has = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (has.status !== 0) return { skipped: `no PyTorch for ${PYTHON} (apt-get install -y python3-torch)` };
  return ['spheres', 'mnist'].map((dataset) => {
    log(`PyTorch: ${dataset} (load ${load()})…`);
    const out = execFileSync(PYTHON, [join(ROOT, 'scripts/bench/torch_step.py'), '--dataset', dataset, '--steps', String(STEPS)], { encoding: 'utf8' });
    return { load: load(), ...(JSON.parse(out) as object) };
  });
}

async function main(): Promise<void> {
  if (!values['skip-build']) build();
  if (!existsSync(join(ROOT, 'dist/index.html')) || !existsSync(PAGE_DIR) || !existsSync(NODE_BUNDLE)) throw new Error('nothing built: run without --skip-build');
  const results: Record<string, unknown> = { machine: machine() };
  const out = resolve(ROOT, values.out);
  mkdirSync(dirname(out), { recursive: true });
  // Written after every part, so a failure later keeps what was measured.
  const save = () => writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  if (parts.has('node')) results.node = nodeBench();
  save();
  if (parts.has('browser') || parts.has('ui')) {
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    });
    try {
      if (parts.has('browser')) results.browser = await browserBench(browser);
      save();
      if (parts.has('ui')) {
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
    } finally {
      await browser.close();
    }
  }
  if (parts.has('torch')) results.torch = torchBench();
  results.loadAtEnd = load();
  save();
  process.stdout.write(formatTable(results) + `\nwritten to ${values.out}\n`);
}

main().catch((e: unknown) => {
  log(errorTrace(e));
  process.exit(1);
});
