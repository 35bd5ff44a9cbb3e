import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '../core/tf';

/**
 * tfjs-backend-wasm's threaded SIMD build in Node. tfjs 4.22 turns threads off in Node (its
 * WASM_HAS_MULTITHREAD_SUPPORT flag answers false there), yet the Emscripten build runs its pthreads on
 * worker_threads. Two things stand in the way, and both are bridged only while the backend initialises:
 *  - tfjs hands Emscripten the pthread worker script as a blob: URL, which Node's Worker cannot start: a small
 *    file (written once to the temp folder) evaluates the same script and points the worker at the threaded
 *    module's file on disk;
 *  - tfjs's C side caps the pool at half the logical cores, read from os.cpus() (a 2-core machine gets one
 *    thread whatever setThreadsCount asks): os.cpus reports enough cores for the count asked for.
 */
const WORKER_SHIM = `// tfjs-backend-wasm pthread worker for Node (written by DySTreSS Lab, src/node/wasmThreads.ts)
const path = require('path');
const dir = JSON_DIR;
URL.createObjectURL = () => path.join(dir, 'tfjs-backend-wasm-threaded-simd.js');
URL.revokeObjectURL = () => {};
Object.assign(global, { require, __filename, __dirname });
// As tfjs does before making its blob: the script's string literals hold escaped newlines.
(0, eval)(require(path.join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js')).wasmWorkerContents.replace(/\\n/g, '\\\\n'));
`;

/** The folder of tfjs-backend-wasm's Emscripten output (the threaded module and its worker script). */
function wasmOutDir(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '..', 'wasm-out');
}

/**
 * Makes the next `tf.setBackend('wasm')` start the threaded build with `threads` threads; returns the function
 * that undoes the bridges, to be called once it has initialised (or failed).
 */
export function prepareWasmThreads(wasm: { setThreadsCount(n: number): void }, threads: number): () => void {
  const shim = path.join(os.tmpdir(), `dystress-tfjs-wasm-pthread-${process.pid}.cjs`);
  writeFileSync(shim, WORKER_SHIM.replace('JSON_DIR', JSON.stringify(wasmOutDir())));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? shim : createObjectURL(blob));
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]!);
  };
  return () => {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
    // The pool's workers have read it by now (tfjs resolves once they have loaded the module).
    rmSync(shim, { force: true });
  };
}
