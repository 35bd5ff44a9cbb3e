import { Worker } from 'node:worker_threads';
import type { PairPassPartial, PairPassRunner, PairPassSpec } from '../core/metrics';

/**
 * The analyzer's pair pass on worker threads: the normalised rows in one SharedArrayBuffer (not copied per
 * thread), each thread with its own tfjs wasm backend, taking panels from a shared counter (Atomics.add) so
 * a busier core simply takes fewer; each returns its partial state, merged by the caller. The threads run
 * `script` (the analyzer's own bundle) with workerData.role = ANALYSIS_THREAD.
 */
export const ANALYSIS_THREAD = 'dystress-analysis-thread';

export interface AnalysisThreadData {
  readonly role: typeof ANALYSIS_THREAD;
  readonly z: Float32Array;
  readonly spec: PairPassSpec;
  readonly counter: Int32Array;
}

type Reply = { readonly ok: true; readonly partial: PairPassPartial } | { readonly ok: false; readonly message: string };

/** A Float32Array of `length` in shared memory, for rows the threads read in place. */
export const sharedFloats = (length: number): Float32Array => new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));

export function threadRunner(threads: number, script: string): PairPassRunner {
  return async (rows, spec) => {
    const z = rows.buffer instanceof SharedArrayBuffer ? rows : sharedFloats(rows.length);
    if (z !== rows) z.set(rows);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const workerData: AnalysisThreadData = { role: ANALYSIS_THREAD, z, spec, counter };
    const run = () =>
      new Promise<PairPassPartial>((resolve, reject) => {
        // The thread's console is not the report: its stdout is dropped, its stderr passed on.
        const worker = new Worker(script, { workerData, stdout: true });
        worker.stdout.resume();
        worker.once('message', (reply: Reply) => (reply.ok ? resolve(reply.partial) : reject(new Error(reply.message))));
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`an analysis thread stopped (exit code ${code}) before it answered`)));
      });
    return Promise.all(Array.from({ length: Math.max(1, threads) }, run));
  };
}

/** The thread's side: compute panels until none are left, post the partial state (its arrays transferred). */
export async function analysisThreadMain(data: AnalysisThreadData, post: (reply: Reply, transfer: ArrayBuffer[]) => void): Promise<void> {
  try {
    const { initNodeBackend } = await import('./backend');
    await initNodeBackend('wasm');
    const { runPairPanels } = await import('../core/metrics');
    const partial = await runPairPanels(data.z, data.spec, () => Atomics.add(data.counter, 0, 1));
    const buffers = [partial.pairs.topValues.buffer, partial.pairs.topIndices.buffer, partial.loss?.rowSums.buffer, partial.loss?.positives.buffer];
    post({ ok: true, partial }, buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer));
  } catch (e) {
    post({ ok: false, message: e instanceof Error ? e.message : String(e) }, []);
  }
}
