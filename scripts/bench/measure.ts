/**
 * Measurements shared by the Node and the browser benchmark: training-step time, the backend's own matmul
 * throughput on the very products of that step, and tensor/heap drift. Runs on whatever backend is active.
 */
import * as tf from '../../src/core/tf';
import { parseTrainingConfig, type TrainingConfig } from '../../src/core/config';
import type { DatasetData } from '../../src/core/data';
import { matMulFlops, trainingStepMatMuls, type MatMul } from '../../src/core/model';
import { Trainer } from '../../src/core/trainer';
import { defaultSetting } from '../../src/core/temperature';
import { summary, type Summary } from './stats';

export type BenchDataset = 'spheres' | 'mnist';

/** The lab's default configuration on each dataset (MLP 128→64→16, batch 128, Adam, DySTreSS τ), or another τ family's defaults. */
export function benchConfig(dataset: BenchDataset, temperatureFamily?: string): TrainingConfig {
  const parsed = parseTrainingConfig({ dataset: { id: dataset }, ...(temperatureFamily ? { temperature: defaultSetting(temperatureFamily) } : {}) });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/**
 * Waits until the backend has executed everything queued so far: a read-back of a value computed after it.
 * 2048 elements: GPU backends compute small ops on CPU-resident data on the CPU (WEBGL_CPU_FORWARD,
 * WEBGPU_CPU_FORWARD, up to 1000 elements), which would return at once without waiting for the GPU.
 */
export async function settle(): Promise<void> {
  const probe = tf.tidy(() => tf.sum(tf.add(tf.zeros([2048]), 1)));
  await probe.data();
  probe.dispose();
}

/** Shader programs / pipelines the GPU backends have compiled so far (undefined on cpu and wasm). */
export function compiledPrograms(): number | undefined {
  const backend = tf.backend() as unknown as { pipelineCache?: object; binaryCache?: object };
  const cache = backend.pipelineCache ?? backend.binaryCache;
  return cache ? Object.keys(cache).length : undefined;
}

export interface StepBench {
  readonly dataset: BenchDataset;
  /** The τ family trained with. */
  readonly temperature: string;
  readonly batch: number;
  /** Matmul FLOPs of one step (src/core/model/flops.ts). */
  readonly flops: number;
  readonly warmupMs: readonly number[];
  /** Per step, each step followed by a wait until the backend is done. */
  readonly stepMs: Summary;
  /** The same steps' CPU time (Node): what the step costs when the machine is shared. */
  readonly stepCpuMs?: Summary;
  /** The step's matrix products alone on this backend: time for one step's worth, and GFLOP/s. */
  readonly matMulMs: number;
  readonly matMulGflops: number;
  readonly products: readonly (MatMul & { readonly ms: number })[];
  /** flops / (step time × matmul throughput) = matMulMs / step time. */
  readonly efficiency: number;
  /** The same in CPU time (Node), which the machine's load distorts far less. */
  readonly matMulCpuMs?: number;
  readonly matMulCpuGflops?: number;
  readonly cpuEfficiency?: number;
  /** Programs compiled during the timed steps (GPU backends): 0 means every shape was compiled once. */
  readonly compiledDuringTimedSteps?: number;
  readonly numTensorsGrowth: number;
}

export async function benchSteps(
  dataset: BenchDataset,
  data: DatasetData,
  options: { warmup: number; steps: number; matMulBudgetMs?: number; temperature?: string },
): Promise<StepBench> {
  const config = benchConfig(dataset, options.temperature);
  const created = Trainer.create(config, data);
  if (!created.ok) throw new Error(created.error);
  const trainer = created.value;
  try {
    const warmupMs: number[] = [];
    for (let i = 0; i < options.warmup; i++) warmupMs.push(await timed(() => trainer.train(1)));
    // A snapshot between warm-up and timing, as the lab takes them: its shapes are compiled too.
    await trainer.snapshot();
    const tensorsBefore = tf.memory().numTensors;
    const programsBefore = compiledPrograms();
    const stepMs: number[] = [];
    const stepCpuMs: number[] = [];
    for (let i = 0; i < options.steps; i++) stepMs.push(await timed(() => trainer.train(1), stepCpuMs));
    const programsAfter = compiledPrograms();
    const numTensorsGrowth = tf.memory().numTensors - tensorsBefore;
    const steps = summary(stepMs);
    const products = trainingStepMatMuls(config.model, data.inputShape, config.batchSize);
    const perProduct = await timeMatMuls(products, options.matMulBudgetMs ?? 150);
    const total = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
    const matMulMs = total(perProduct.wall);
    const matMulCpuMs = perProduct.cpu && total(perProduct.cpu);
    const flops = matMulFlops(products);
    return {
      dataset,
      temperature: config.temperature.family,
      batch: config.batchSize,
      flops,
      warmupMs,
      stepMs: steps,
      ...(stepCpuMs.length ? { stepCpuMs: summary(stepCpuMs) } : {}),
      matMulMs,
      matMulGflops: flops / matMulMs / 1e6,
      efficiency: matMulMs / steps.median,
      ...(matMulCpuMs === undefined || !stepCpuMs.length
        ? {}
        : { matMulCpuMs, matMulCpuGflops: flops / matMulCpuMs / 1e6, cpuEfficiency: matMulCpuMs / summary(stepCpuMs).median }),
      products: products.map((p, i) => ({ ...p, ms: perProduct.wall[i]! })),
      ...(programsBefore === undefined ? {} : { compiledDuringTimedSteps: programsAfter! - programsBefore }),
      numTensorsGrowth,
    };
  } finally {
    trainer.dispose();
  }
}

/** CPU time of this process in ms (Node only): unlike wall time, barely affected by other processes' load. */
const cpuMs = (): number | undefined => {
  const usage = (globalThis as { process?: { cpuUsage(): { user: number; system: number } } }).process?.cpuUsage();
  return usage && (usage.user + usage.system) / 1000;
};

async function timed(run: () => void, cpu?: number[]): Promise<number> {
  const startedCpu = cpuMs();
  const started = performance.now();
  run();
  await settle();
  const wall = performance.now() - started;
  if (startedCpu !== undefined) cpu?.push(cpuMs()! - startedCpu);
  return wall;
}

/**
 * Time of products of the given sizes, each run back to back (pipelined, one wait per batch of repetitions)
 * and in the plain layout [m×k]·[k×n], the fastest on every backend (wasm's transposed products take a slow
 * loop): the backend's own best at these sizes. Wall ms per product, and CPU ms where the process can tell.
 */
export async function timeMatMuls(products: readonly MatMul[], budgetMs: number): Promise<{ wall: number[]; cpu?: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const p of products) {
    const a = tf.randomNormal([p.m, p.k], 0, 1, 'float32', 1);
    const b = tf.randomNormal([p.k, p.n], 0, 1, 'float32', 2);
    const run = async (reps: number) => {
      const startedCpu = cpuMs();
      const started = performance.now();
      for (let r = 0; r < reps; r++) tf.matMul(a, b).dispose();
      await settle();
      return { wall: (performance.now() - started) / reps, cpu: startedCpu === undefined ? undefined : (cpuMs()! - startedCpu) / reps };
    };
    await run(2);
    const once = await run(1);
    const reps = Math.max(3, Math.min(50, Math.ceil(budgetMs / Math.max(once.wall, 0.01))));
    const timed = await run(reps);
    wall.push(timed.wall * p.count);
    if (timed.cpu !== undefined) cpu.push(timed.cpu * p.count);
    tf.dispose([a, b]);
  }
  return cpu.length ? { wall, cpu } : { wall };
}

/** Peak matmul throughput of the backend on a square product, in GFLOP/s. */
export async function peakGflops(size = 512, budgetMs = 200): Promise<number> {
  const square: MatMul = { m: size, k: size, n: size, transposeA: false, transposeB: false, count: 1, role: 'forward' };
  return (2 * size ** 3) / (await timeMatMuls([square], budgetMs)).wall[0]! / 1e6;
}

export interface MemoryDrift {
  readonly steps: number;
  readonly numTensors: { readonly start: number; readonly end: number };
  /** JS heap in MB after warm-up and after the steps (after a GC when one can be forced). */
  readonly heapMB?: { readonly start: number; readonly end: number };
  readonly backendMB: { readonly start: number; readonly end: number };
}

/** Tensors and heap over `steps` steps with a snapshot every `snapshotEvery` (as the lab does). */
export async function memoryDrift(
  dataset: BenchDataset,
  data: DatasetData,
  steps: number,
  heapMB: () => Promise<number | undefined>,
  snapshotEvery = 50,
): Promise<MemoryDrift> {
  const created = Trainer.create(benchConfig(dataset), data);
  if (!created.ok) throw new Error(created.error);
  const trainer = created.value;
  try {
    trainer.train(snapshotEvery);
    await trainer.snapshot();
    const startTensors = tf.memory().numTensors;
    const startBytes = tf.memory().numBytes / 2 ** 20;
    const startHeap = await heapMB();
    for (let done = 0; done < steps; done += snapshotEvery) {
      trainer.train(snapshotEvery);
      await trainer.snapshot();
    }
    const endHeap = await heapMB();
    return {
      steps,
      numTensors: { start: startTensors, end: tf.memory().numTensors },
      ...(startHeap === undefined || endHeap === undefined ? {} : { heapMB: { start: startHeap, end: endHeap } }),
      backendMB: { start: startBytes, end: tf.memory().numBytes / 2 ** 20 },
    };
  } finally {
    trainer.dispose();
  }
}
