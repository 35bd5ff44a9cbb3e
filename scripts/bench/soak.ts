/**
 * The runner's soak test: one long run on the default spheres (the lab's default task), with the tensor
 * count, the JS heap (after a GC), the backend's memory and the mean step time recorded every `--every` steps.
 * What it checks (printed, never asserted: timings depend on the machine's load): no growth of tensors or
 * memory, and the step time at the end within 10 % of the start. Bundled like the other Node benches
 * (scripts/bench/vite.node.config.ts); BENCHMARKS.md, "Soak", has the command and the figures.
 *
 *   node --expose-gc .bench/node/bench-soak.cjs [--steps 100000] [--every 1000] [--backend wasm|cpu] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../../src/core/config';
import { errorTrace } from '../../src/core/errors';
import * as tf from '../../src/core/tf';
import { datasetForConfig, Trainer } from '../../src/core/trainer';
import { initNodeBackend, type NodeBackend } from '../../src/node/backend';
import { readDataFile } from '../../src/node/dataFiles';
import { soakVerdict, type SoakRow } from './soakVerdict';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '100000' },
    every: { type: 'string', default: '1000' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string' },
  },
});

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 2 ** 20;

async function main(): Promise<void> {
  const steps = Number(values.steps);
  const every = Number(values.every);
  if (!(Number.isSafeInteger(steps) && steps > 0 && Number.isSafeInteger(every) && every > 0)) throw new Error('--steps and --every must be positive integers');
  const backend = await initNodeBackend(values.backend as NodeBackend);
  const config = defaultConfig();
  const dataset = await datasetForConfig(config, readDataFile);
  if (!dataset.ok) throw new Error(dataset.error);
  const created = Trainer.create(config, dataset.value);
  if (!created.ok) throw new Error(created.error);
  const trainer = created.value;
  const rows: SoakRow[] = [];
  const started = Date.now();
  try {
    // A snapshot every 100 steps, as the lab reads back while it trains; the row every `every` steps.
    const snapshotEvery = Math.min(100, every);
    for (let done = 0; done < steps; ) {
      const t0 = performance.now();
      for (let inBlock = 0; inBlock < every && done < steps; inBlock += snapshotEvery, done += snapshotEvery) {
        trainer.train(snapshotEvery);
        await trainer.snapshot();
      }
      const msPerStep = (performance.now() - t0) / every;
      gc?.();
      const memory = tf.memory();
      const row = { step: done, msPerStep, numTensors: memory.numTensors, heapMB: process.memoryUsage().heapUsed / MB, backendMB: memory.numBytes / MB, load1: loadavg()[0]! };
      rows.push(row);
      process.stderr.write(`step ${row.step}: ${row.msPerStep.toFixed(2)} ms/step, ${row.numTensors} tensors, heap ${row.heapMB.toFixed(1)} MB, backend ${row.backendMB.toFixed(1)} MB, load ${row.load1.toFixed(2)}\n`);
    }
  } finally {
    trainer.dispose();
  }
  const result = { backend, steps, every, seconds: (Date.now() - started) / 1000, gcExposed: gc !== undefined, rows, verdict: soakVerdict(rows) };
  if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result.verdict)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${errorTrace(e)}\n`);
  process.exitCode = 1;
});
