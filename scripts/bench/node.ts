/**
 * The Node half of the benchmark (bundled by scripts/bench/vite.node.config.ts, run by scripts/bench/run.ts):
 * training step and matmul throughput on wasm and cpu for spheres and MNIST, and the memory drift over 1000
 * steps. Prints one JSON object on stdout;
 * step times also as CPU time, which the load of a shared machine distorts far less than wall time.
 *
 *   node --expose-gc bench-node.cjs [--steps 20] [--drift 1000] [--backends wasm,cpu] [--temperatures dystress,constant]
 *
 * --temperatures: one row per τ family (its default parameters) per dataset, run one after the other; the
 * difference to `constant` is what τ costs in a step.
 */
import { parseArgs } from 'node:util';
import { errorTrace } from '../../src/core/errors';
import * as tf from '../../src/core/tf';
import { datasetForConfig } from '../../src/core/trainer';
import { readDataFile } from '../../src/node/dataFiles';
import { initNodeBackend, type NodeBackend } from '../../src/node/backend';
import { benchConfig, benchSteps, memoryDrift, peakGflops, type BenchDataset } from './measure';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '20' },
    drift: { type: 'string', default: '1000' },
    backends: { type: 'string', default: 'wasm,cpu' },
    datasets: { type: 'string', default: 'spheres,mnist' },
    temperatures: { type: 'string', default: 'dystress' },
  },
});

const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = async (): Promise<number> => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

async function main(): Promise<void> {
  const datasets = values.datasets.split(',') as BenchDataset[];
  const data = new Map(
    await Promise.all(
      datasets.map(async (d) => {
        const loaded = await datasetForConfig(benchConfig(d), readDataFile);
        if (!loaded.ok) throw new Error(loaded.error);
        return [d, loaded.value] as const;
      }),
    ),
  );
  const rows = [];
  for (const wanted of values.backends.split(',') as NodeBackend[]) {
    const backend = await initNodeBackend(wanted);
    if (backend !== wanted) continue;
    const peak = await peakGflops();
    for (const d of datasets) {
      for (const temperature of values.temperatures.split(',')) {
        const steps = Number(values.steps);
        const bench = await benchSteps(d, data.get(d)!, { warmup: 5, steps: backend === 'cpu' && d === 'mnist' ? Math.min(steps, 20) : steps, temperature });
        rows.push({ platform: 'node', backend, peakGflops: peak, ...bench });
        process.stderr.write(`node ${backend} ${d} ${temperature}: ${bench.stepMs.median.toFixed(1)} ms/step\n`);
      }
    }
  }
  await initNodeBackend('wasm');
  const driftSteps = Number(values.drift);
  // Spheres: the quickest 1000 steps; a leak grows with steps whatever the data.
  const driftData = datasets.includes('spheres') ? 'spheres' : datasets[0]!;
  const drift = driftSteps > 0 ? await memoryDrift(driftData, data.get(driftData)!, driftSteps, heapMB) : undefined;
  process.stdout.write(
    JSON.stringify({ node: process.version, tfjs: tf.version_core, rows, drift: drift && { backend: tf.getBackend(), dataset: driftData, ...drift } }) + '\n',
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${errorTrace(e)}\n`);
  process.exit(1);
});
