/**
 * Where a training step's time goes on a Node backend: tfjs's kernel profile of warm steps, each step profiled
 * on its own, per kernel and input shape the median over steps of that step's total (a loaded machine
 * preempts single kernels at random: the median over steps, not the mean, shows the step's own cost),
 * largest first. Built with the Node bench (scripts/bench/vite.node.config.ts).
 *
 *   node .bench/node/bench-profile.cjs [--dataset mnist] [--backend wasm] [--steps 9] [--temperature dystress]
 */
import { parseArgs } from 'node:util';
import { errorTrace } from '../../src/core/errors';
import * as tf from '../../src/core/tf';
import { datasetForConfig, Trainer } from '../../src/core/trainer';
import { readDataFile } from '../../src/node/dataFiles';
import { initNodeBackend, type NodeBackend } from '../../src/node/backend';
import { benchConfig, type BenchDataset } from './measure';
import { summary } from './stats';

const { values } = parseArgs({
  options: { dataset: { type: 'string', default: 'mnist' }, backend: { type: 'string', default: 'wasm' }, steps: { type: 'string', default: '9' }, temperature: { type: 'string', default: 'dystress' } },
});

async function main(): Promise<void> {
  await initNodeBackend(values.backend as NodeBackend);
  const config = benchConfig(values.dataset as BenchDataset, values.temperature);
  const data = await datasetForConfig(config, readDataFile);
  if (!data.ok) throw new Error(data.error);
  const created = Trainer.create(config, data.value);
  if (!created.ok) throw new Error(created.error);
  const trainer = created.value;
  trainer.train(3);
  const steps = Number(values.steps);
  const perStep: Map<string, { ms: number; calls: number }>[] = [];
  const walls: number[] = [];
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    const profile = await tf.profile(() => trainer.train(1));
    walls.push(performance.now() - started);
    const byKey = new Map<string, { ms: number; calls: number }>();
    for (const k of profile.kernels) {
      const key = `${k.name} ${k.inputShapes.map((s) => `[${s.join(',')}]`).join(' ')}`;
      const entry = byKey.get(key) ?? { ms: 0, calls: 0 };
      entry.ms += k.kernelTimeMs as number;
      entry.calls += 1;
      byKey.set(key, entry);
    }
    perStep.push(byKey);
  }
  const wall = summary(walls).median;
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const key of new Set(perStep.flatMap((m) => [...m.keys()]))) {
    const ms = summary(perStep.map((m) => m.get(key)?.ms ?? 0)).median;
    byKernel.set(key, { ms, calls: summary(perStep.map((m) => m.get(key)?.calls ?? 0)).median });
  }
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
  // A customGrad op ("unnamed scope") is timed around the kernels it runs, which are listed too: not counted twice.
  const counted = rows.filter(([key]) => !key.startsWith('unnamed scope'));
  const total = counted.reduce((s, [, v]) => s + v.ms, 0);
  const calls = counted.reduce((s, [, v]) => s + v.calls, 0);
  console.log(`${values.backend} ${values.dataset} ${values.temperature}: ${wall.toFixed(1)} ms/step under the profiler (median), kernels ${total.toFixed(1)} ms, ${calls.toFixed(0)} kernel calls per step`);
  if (process.env.BY_CALLS) rows.sort((a, b) => b[1].calls - a[1].calls);
  for (const [key, v] of rows.slice(0, Number(process.env.ROWS ?? 40))) console.log(`${v.ms.toFixed(2).padStart(8)} ms ${v.calls.toFixed(0).padStart(4)}×  ${key}`);
  trainer.dispose();
}

main().catch((e: unknown) => {
  process.stderr.write(`${errorTrace(e)}\n`);
  process.exit(1);
});
