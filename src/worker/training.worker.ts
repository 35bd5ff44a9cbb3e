/// <reference lib="webworker" />
import { expose } from 'comlink';
import * as tf from '../core/tf';
import { selectBackend, wasmThreading } from './backends';
import { TrainingEngine } from './engine';
import { holdLifeline } from './lifeline';
import { chooseByMeasurement } from './measureBackends';

/**
 * The training worker: the engine, with the real backend selection (and, for `auto`, the choice by measured
 * training steps), exposed to the page through comlink. It holds its lifeline (named as the worker) so the page
 * learns when it ends.
 */
const engine = new TrainingEngine({
  selectBackend: async (requested) => {
    const report = await selectBackend(requested);
    if (report.actual === 'webgpu') watchDevice();
    return report;
  },
  measureBackends: async (config, dataset, provisional) => {
    const measured = await chooseByMeasurement(config, dataset, provisional);
    if (tf.getBackend() === 'webgpu') watchDevice();
    return measured;
  },
  wasmThreading,
});
engine.lifeline = holdLifeline(self.name);
expose(engine);

/** The WebGPU device tfjs trains on, when it does. */
function webgpuDevice(): GPUDevice | undefined {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as { device?: GPUDevice }).device : undefined;
}

const watched = new WeakSet<GPUDevice>();

/** Tells the engine when the WebGPU device is lost (`device.lost`), unless tfjs has moved off it meanwhile. */
function watchDevice(): void {
  const device = webgpuDevice();
  if (!device || watched.has(device)) return;
  watched.add(device);
  void device.lost.then((info) => {
    if (webgpuDevice() === device) void engine.deviceLost(`${info.reason === 'destroyed' ? 'destroyed' : 'lost'}${info.message ? ` (${info.message.replace(/\.$/, '')})` : ''}`);
  });
}

/**
 * For tests and benchmarks driving the built app (Playwright's worker.evaluate): the backend's memory, the step
 * trained so far, and a way to force a device loss as a driver reset would.
 */
Reflect.set(self, 'dystressWorkerProbe', {
  memory: () => tf.memory(),
  step: () => engine.trainedSteps,
  loseDevice: () => webgpuDevice()?.destroy(),
});
