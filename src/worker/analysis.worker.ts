/// <reference lib="webworker" />
import { expose } from 'comlink';
import { AnalysisEngine } from './analysis';
import { poolSize, workerPoolRunner } from './analysisPool';
import { selectBackend, tryBackend } from './backends';

/**
 * The analysis worker: loaded embeddings and UMAP. On a real GPU (WebGPU, not a software adapter) the pair
 * pass's products run there, the per-pair sums here; otherwise on wasm, the pair pass shared out to a pool
 * of workers (the cores but one), as the analyzer shares it out to threads in Node; cpu if wasm fails.
 */
async function chooseBackend(): Promise<string> {
  if ((await tryBackend('webgpu', { skipSoftwareGpu: true })).ok) return 'webgpu';
  return (await selectBackend('wasm')).actual;
}

expose(
  new AnalysisEngine(chooseBackend, (backend) => {
    if (backend !== 'wasm') return undefined;
    const size = poolSize(navigator.hardwareConcurrency);
    return { runner: workerPoolRunner(size), label: `${size} worker${size === 1 ? '' : 's'}` };
  }),
);
