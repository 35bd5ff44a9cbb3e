/**
 * Where a training step's time goes on a Node backend: tfjs's kernel profile of a few warm steps, summed per
 * kernel and input shape, largest first. Built with the Node bench (scripts/bench/vite.node.config.ts).
 *
 *   node node_modules/.cache/bench/node/bench-profile.cjs [--dataset mnist] [--backend wasm] [--steps 3]
 */
import { parseArgs } from 'node:util';
import { errorTrace } from '../../src/core/errors';
import * as tf from '../../src/core/tf';
import { datasetForConfig, Trainer } from '../../src/core/trainer';
import { readDataFile } from '../../src/node/dataFiles';
import { initNodeBackend, type NodeBackend } from '../../src/node/backend';
import { benchConfig, type BenchDataset } from './measure';

const { values } = parseArgs({
  options: { dataset: { type: 'string', default: 'mnist' }, backend: { type: 'string', default: 'wasm' }, steps: { type: 'string', default: '3' } },
});

async function main(): Promise<void> {
  await initNodeBackend(values.backend as NodeBackend);
  const config = benchConfig(values.dataset as BenchDataset);
  const data = await datasetForConfig(config, readDataFile);
  if (!data.ok) throw new Error(data.error);
  const created = Trainer.create(config, data.value);
  if (!created.ok) throw new Error(created.error);
  const trainer = created.value;
  trainer.train(3);
  const steps = Number(values.steps);
  const started = performance.now();
  const profile = await tf.profile(() => trainer.train(steps));
  const wall = (performance.now() - started) / steps;
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of profile.kernels) {
    const key = `${k.name} ${k.inputShapes.map((s) => `[${s.join(',')}]`).join(' ')}`;
    const entry = byKernel.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += (k.kernelTimeMs as number) / steps;
    entry.calls += 1 / steps;
    byKernel.set(key, entry);
  }
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, v]) => s + v.ms, 0);
  const calls = rows.reduce((s, [, v]) => s + v.calls, 0);
  console.log(`${values.backend} ${values.dataset}: ${wall.toFixed(1)} ms/step under the profiler, kernels ${total.toFixed(1)} ms, ${calls.toFixed(0)} kernel calls per step`);
  if (process.env.BY_CALLS) rows.sort((a, b) => b[1].calls - a[1].calls);
  for (const [key, v] of rows.slice(0, 40)) console.log(`${v.ms.toFixed(2).padStart(8)} ms ${v.calls.toFixed(0).padStart(4)}×  ${key}`);
  trainer.dispose();
}

main().catch((e: unknown) => {
  process.stderr.write(`${errorTrace(e)}\n`);
  process.exit(1);
});
