import path from 'node:path';
import * as tf from '../core/tf';
import { limitWebGpuAddNInputs } from '../worker/webgpuAddN';
import { InputError } from './cli';
import { prepareWasmThreads } from './wasmThreads';
import { installNodeWebGpu, NO_ADAPTER_MESSAGE, type NodeAdapter } from './webgpu';

export type NodeBackend = 'wasm' | 'cpu' | 'webgpu';
export const nodeBackends: readonly NodeBackend[] = ['wasm', 'cpu', 'webgpu'];

export interface NodeBackendOptions {
  /** wasm only: threads of the threaded SIMD build (1, the default, runs the single-threaded build). */
  readonly threads?: number;
}

/** What is computing: the backend, with wasm's thread count or webgpu's adapter. */
export interface NodeBackendInfo {
  readonly backend: NodeBackend;
  readonly threads?: number;
  readonly adapter?: NodeAdapter;
}

let active: NodeBackendInfo | undefined;

/** The backend initNodeBackend last started, with its threads or adapter. */
export function activeNodeBackend(): NodeBackendInfo | undefined {
  return active;
}

/**
 * Selects a tfjs backend for the command-line tools: wasm (SIMD, the fastest on a CPU) unless told otherwise,
 * cpu if wasm cannot start; webgpu through Dawn (src/node/webgpu.ts), an InputError when there is no adapter.
 * Returns the backend actually active; tf.setBackend's boolean is always checked.
 */
export async function initNodeBackend(preferred: NodeBackend = 'wasm', options: NodeBackendOptions = {}): Promise<NodeBackend> {
  // PROD before the backends load: their own copy of tfjs-core would otherwise warn on stderr that the
  // platform is set twice (see vite.node.config.ts). Hence the dynamic imports.
  tf.env().set('PROD', true);
  await import('@tensorflow/tfjs-backend-cpu');
  if (preferred === 'webgpu') {
    active = { backend: 'webgpu', adapter: await startWebGpu() };
    return 'webgpu';
  }
  if (preferred === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The CLIs are bundled, so the .wasm files are not beside the script: point tfjs at the installed package.
    wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
    const threads = options.threads ?? 1;
    const restore = threads > 1 ? prepareWasmThreads(wasm, threads) : undefined;
    let started: boolean;
    try {
      started = await tf.setBackend('wasm');
    } finally {
      restore?.();
    }
    if (started) {
      active = { backend: 'wasm', threads: threads > 1 ? wasm.getThreadsCount() : 1 };
      return 'wasm';
    }
  }
  if (await tf.setBackend('cpu')) {
    active = { backend: 'cpu' };
    return 'cpu';
  }
  throw new Error('no tfjs backend could be initialised (tried wasm and cpu)');
}

async function startWebGpu(): Promise<NodeAdapter> {
  const adapter = await installNodeWebGpu();
  if (!adapter) throw new InputError(NO_ADAPTER_MESSAGE);
  await import('@tensorflow/tfjs-backend-webgpu');
  limitWebGpuAddNInputs();
  if (!(await tf.setBackend('webgpu'))) throw new Error(`the webgpu backend did not initialise on ${adapter.description}`);
  return adapter;
}
