/**
 * WebGPU in Node against wasm: the adapter, then the training step of the MLP and the CNN at B = 128, 512 and
 * 1024 on MNIST, on each backend (one process per backend, as the runner trains). Prints a table on stderr and
 * one JSON object on stdout. Bundled by scripts/bench/vite.gpu.config.ts; `npm run bench:gpu` builds and runs it
 * here, scripts/bench/gpu-pack.ts packs it with Node and dawn.node for a machine with a GPU (BENCHMARKS.md).
 *
 *   node bench-gpu.cjs [--backends webgpu,wasm] [--batches 128,512,1024] [--encoders mlp,cnn] [--steps 10]
 *                      [--warmup 3] [--threads 1]
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseTrainingConfig, type TrainingConfig } from '../../src/core/config';
import { errorTrace } from '../../src/core/errors';
import * as tf from '../../src/core/tf';
import { datasetForConfig, Trainer } from '../../src/core/trainer';
import { activeNodeBackend, initNodeBackend, type NodeBackend } from '../../src/node/backend';
import { readDataFile } from '../../src/node/dataFiles';
import { summary, type Summary } from './stats';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'webgpu,wasm' },
    batches: { type: 'string', default: '128,512,1024' },
    encoders: { type: 'string', default: 'mlp,cnn' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    threads: { type: 'string', default: '1' },
    /** Internal: measure this one backend in this process and print its rows. */
    only: { type: 'string' },
  },
});

interface Row {
  readonly backend: string;
  readonly encoder: string;
  readonly batch: number;
  readonly firstStepMs: number;
  readonly stepMs: Summary;
}

function config(encoder: string, batch: number): TrainingConfig {
  const parsed = parseTrainingConfig({ dataset: { id: 'mnist' }, model: { encoder }, batchSize: batch });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** Waits until the backend has executed everything queued (2048 elements: GPU backends do small ops on the CPU). */
async function settle(): Promise<void> {
  const probe = tf.tidy(() => tf.sum(tf.add(tf.zeros([2048]), 1)));
  await probe.data();
  probe.dispose();
}

async function timed(trainer: Trainer): Promise<number> {
  const started = performance.now();
  trainer.train(1);
  await settle();
  return performance.now() - started;
}

async function measureOne(backend: NodeBackend): Promise<void> {
  await initNodeBackend(backend, { threads: Number(values.threads) });
  const info = activeNodeBackend();
  const rows: Row[] = [];
  for (const encoder of values.encoders.split(',')) {
    for (const batch of values.batches.split(',').map(Number)) {
      const c = config(encoder, batch);
      const data = await datasetForConfig(c, readDataFile);
      if (!data.ok) throw new Error(`${data.error} (run npm run prepare-data, or run from the pack's folder)`);
      const created = Trainer.create(c, data.value);
      if (!created.ok) throw new Error(created.error);
      const trainer = created.value;
      try {
        const firstStepMs = await timed(trainer);
        for (let i = 1; i < Number(values.warmup); i++) await timed(trainer);
        const times: number[] = [];
        for (let i = 0; i < Number(values.steps); i++) times.push(await timed(trainer));
        rows.push({ backend: info?.backend ?? backend, encoder, batch, firstStepMs, stepMs: summary(times) });
        process.stderr.write(`${backend} ${encoder} B=${batch}: ${summary(times).median.toFixed(1)} ms/step (first ${firstStepMs.toFixed(0)} ms)\n`);
      } finally {
        trainer.dispose();
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ backend: info, rows })}\n`);
}

/** Each backend in a process of its own (and webgpu's re-run with SwiftShader where no GPU is found). */
function measureInChild(backend: string): { backend: unknown; rows: Row[] } {
  const args = [...process.execArgv, process.argv[1]!, ...process.argv.slice(2).filter((a) => !a.startsWith('--only')), `--only=${backend}`];
  const out = execFileSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { backend: unknown; rows: Row[] };
}

async function main(): Promise<void> {
  if (values.only) {
    if (values.only === 'webgpu') {
      const { webGpuPreflight } = await import('../../src/node/webgpu');
      const rerun = await webGpuPreflight('bench-gpu');
      if (rerun !== null) process.exit(rerun);
    }
    await measureOne(values.only as NodeBackend);
    process.exit(0);
  }
  const machine = { date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadAtStart: loadavg().map((l) => l.toFixed(2)).join(' ') };
  const results = values.backends.split(',').map(measureInChild);
  const table = results.flatMap((r) => r.rows).map((r) => `${r.backend.padEnd(7)} ${r.encoder.padEnd(4)} B=${String(r.batch).padEnd(5)} ${r.stepMs.median.toFixed(1).padStart(9)} ms/step  (p10 ${r.stepMs.p10.toFixed(1)}, p90 ${r.stepMs.p90.toFixed(1)}, first ${r.firstStepMs.toFixed(0)} ms)`);
  for (const r of results) process.stderr.write(`\n${JSON.stringify(r.backend)}\n`);
  process.stderr.write(`\n${table.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ machine, results, loadAtEnd: loadavg().map((l) => l.toFixed(2)).join(' ') })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${errorTrace(e)}\n`);
  process.exit(1);
});
