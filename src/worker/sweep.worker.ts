/// <reference lib="webworker" />
import { expose } from 'comlink';
import { selectBackend } from './backends';
import { SweepEngine } from './sweepEngine';

/**
 * One worker of the page's sweep pool: trains the runs it is handed, one at a time. The pool is cores − 1 such
 * workers, so each runs wasm on one thread.
 */
expose(new SweepEngine({ selectBackend: (requested) => selectBackend(requested, { wasmThreads: 1 }) }));
