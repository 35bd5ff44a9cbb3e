import path from 'node:path';
import * as tf from '../core/tf';

export type NodeBackend = 'wasm' | 'cpu';

/**
 * Selects a tfjs backend for the command-line tools: wasm (SIMD, the fastest on a CPU) unless told otherwise,
 * cpu if wasm cannot start. Returns the backend actually active; tf.setBackend's boolean is always checked.
 */
export async function initNodeBackend(preferred: NodeBackend = 'wasm'): Promise<NodeBackend> {
  // PROD before the backends load: their own copy of tfjs-core would otherwise warn on stderr that the
  // platform is set twice (see vite.node.config.ts). Hence the dynamic imports.
  tf.env().set('PROD', true);
  await import('@tensorflow/tfjs-backend-cpu');
  if (preferred === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The CLIs are bundled, so the .wasm files are not beside the script: point tfjs at the installed package.
    wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
    if (await tf.setBackend('wasm')) return 'wasm';
  }
  if (await tf.setBackend('cpu')) return 'cpu';
  throw new Error('no tfjs backend could be initialised (tried wasm and cpu)');
}
