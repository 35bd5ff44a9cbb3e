import type { TrainingConfig } from '../core/config';
import type { DatasetData } from '../core/data';
import { errorMessage } from '../core/errors';
import * as tf from '../core/tf';
import { Trainer } from '../core/trainer';
import { backendOrder, tryBackend, type BackendMeasurement, type BackendName, type BackendTiming } from './backends';
import { describeDevices, type DeviceDescription } from './devices';

/**
 * `auto` by measurement: after the self-test, a few real training steps of the run's own model on each
 * backend that works here, and the fastest wins — a software renderer too, but only when it is the fastest.
 * The result is remembered per device (adapter and renderer) and configuration, so it is paid once.
 */

/** Steps timed per backend after one warm-up step (which compiles the GPU backends' shaders). */
const TIMED_STEPS = 3;
/**
 * Wall time after which no further backend is tried at start-up. Hardware GPUs and wasm come first; a software
 * renderer (seconds of shader compilation on its first step) is measured only while time is left.
 */
const MEASUREMENT_BUDGET_MS = 8000;

export interface MeasureOptions {
  readonly budgetMs?: number;
  readonly store?: MeasurementStore;
}

/** Where measurements are remembered (IndexedDB in the workers; a map in tests). */
export interface MeasurementStore {
  get(key: string): Promise<BackendMeasurement | undefined>;
  put(key: string, measurement: BackendMeasurement): Promise<void>;
}

/** What decides the timing: the device and the shape of the work, not the temperature or the learning rate. */
export function measurementKey(config: TrainingConfig, devices: DeviceDescription): string {
  const { dataset, model, batchSize, optimizer } = config;
  return JSON.stringify({ devices, dataset, model, batchSize, optimizer: optimizer.kind });
}

/**
 * Measures the backends (remembered results first) and leaves the fastest active. `provisional` is the
 * backend the usual chain chose; it stays active if nothing could be measured.
 */
export async function chooseByMeasurement(
  config: TrainingConfig,
  dataset: DatasetData,
  provisional: BackendName,
  { budgetMs = MEASUREMENT_BUDGET_MS, store = indexedDbStore() }: MeasureOptions = {},
): Promise<BackendMeasurement> {
  const devices = await describeDevices();
  const key = measurementKey(config, devices);
  const remembered = await store.get(key).catch(() => undefined);
  if (remembered && (await activate(remembered.chosen))) return { ...remembered, remembered: true };

  const started = performance.now();
  const timings: BackendTiming[] = [];
  for (const name of measurementOrder(devices)) {
    const software = devices.software.includes(name);
    const label = deviceLabel(name, devices);
    if (performance.now() - started > budgetMs) {
      timings.push({ name, label, software, skipped: `not measured: the ${Math.round(budgetMs / 1000)} s start-up budget was spent` });
      continue;
    }
    timings.push(await timeBackend(name, label, software, config, dataset));
  }
  const measured = timings.filter((t): t is BackendTiming & { msPerStep: number } => t.msPerStep !== undefined);
  const fastest = measured.reduce<(typeof measured)[number] | undefined>((best, t) => (best && best.msPerStep <= t.msPerStep ? best : t), undefined);
  const chosen = fastest && (await activate(fastest.name)) ? fastest.name : provisional;
  if (chosen === provisional) await activate(provisional);
  const measurement: BackendMeasurement = { timings, chosen, remembered: false };
  if (fastest) await store.put(key, measurement).catch(() => undefined);
  return measurement;
}

/** Hardware GPUs first, then wasm, then the software renderers (slow to compile), never cpu (plain JS). */
function measurementOrder(devices: DeviceDescription): BackendName[] {
  const gpus = backendOrder.filter((b) => b === 'webgpu' || b === 'webgl');
  const order: BackendName[] = [...gpus.filter((b) => !devices.software.includes(b)), 'wasm', ...gpus.filter((b) => devices.software.includes(b))];
  return order.filter((b) => devices.available.includes(b));
}

/** "webgpu (google swiftshader)", "webgl (SwiftShader, software)": renderer strings run long (ANGLE's). */
function deviceLabel(name: BackendName, devices: DeviceDescription): string {
  const renderer = name === 'webgpu' ? devices.webgpu : name === 'webgl' ? devices.webgl : undefined;
  if (!renderer) return name;
  const software = devices.software.includes(name) ? /swiftshader|llvmpipe|lavapipe/i.exec(renderer)?.[0] : undefined;
  const short = software ? `${software}, software` : renderer.length > 60 ? `${renderer.slice(0, 57)}…` : renderer;
  return `${name} (${short})`;
}

async function timeBackend(name: BackendName, label: string, software: boolean, config: TrainingConfig, dataset: DatasetData): Promise<BackendTiming> {
  const attempt = await tryBackend(name, { skipSoftwareGpu: false });
  if (!attempt.ok) return { name, label, software, skipped: attempt.reason ?? 'did not pass its self-test' };
  const created = Trainer.create(config, dataset);
  if (!created.ok) return { name, label, software, skipped: created.error };
  const trainer = created.value;
  try {
    await timedStep(trainer);
    let total = 0;
    for (let i = 0; i < TIMED_STEPS; i++) total += await timedStep(trainer);
    return { name, label, software, msPerStep: total / TIMED_STEPS };
  } catch (e) {
    return { name, label, software, skipped: `failed while training: ${errorMessage(e)}` };
  } finally {
    trainer.dispose();
  }
}

/** One step, and the wait until the backend has finished it (a read-back of a value computed after it). */
async function timedStep(trainer: Trainer): Promise<number> {
  const started = performance.now();
  trainer.train(1);
  // 2048 elements: GPU backends compute small ops on the CPU (up to 1000 elements) without waiting.
  const probe = tf.tidy(() => tf.sum(tf.add(tf.zeros([2048]), 1)));
  await probe.data();
  probe.dispose();
  return performance.now() - started;
}

/** Makes a backend active: at once if it is initialised, else through its self-test (a remembered choice). */
async function activate(name: BackendName): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  if (tf.findBackend(name)) return tf.setBackend(name);
  return (await tryBackend(name, { skipSoftwareGpu: false })).ok;
}

/** Measurements kept in IndexedDB (reachable from workers, unlike localStorage); none where it is refused. */
function indexedDbStore(): MeasurementStore {
  const open = async () => {
    const { openDB } = await import('idb');
    return openDB('dystress-lab-backends', 1, { upgrade: (db) => db.createObjectStore('measurements') });
  };
  return {
    get: async (key) => (await (await open()).get('measurements', key)) as BackendMeasurement | undefined,
    put: async (key, measurement) => {
      await (await open()).put('measurements', measurement, key);
    },
  };
}
