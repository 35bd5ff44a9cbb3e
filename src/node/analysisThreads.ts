import { Worker } from 'node:worker_threads';
import type { PairPassPartial, PairPassRunner, PairPassSpec } from '../core/metrics';

/**
 * The analyzer's pair pass on worker threads: the normalised rows in one SharedArrayBuffer (not copied per
 * thread), each thread with its own tfjs wasm backend, taking panels from a shared counter (Atomics.add) so
 * a busier core simply takes fewer; each returns its partial state, merged by the caller. The main thread
 * takes panels too (with its own, already active backend), so T threads of work need T − 1 started. They run
 * `script` (the analyzer's own bundle) with workerData.role = ANALYSIS_THREAD. They start at once and load
 * their backend while the main thread reads and normalises the files; until work is posted they do not keep
 * the process alive, so a bad file still ends it at once.
 */
export const ANALYSIS_THREAD = 'dystress-analysis-thread';

export interface AnalysisThreadData {
  readonly role: typeof ANALYSIS_THREAD;
}

interface Work {
  readonly z: Float32Array;
  readonly spec: PairPassSpec;
  readonly counter: Int32Array;
}

type Reply = { readonly ok: true; readonly partial: PairPassPartial } | { readonly ok: false; readonly message: string };

/** A Float32Array of `length` in shared memory, for rows the threads read in place. */
export const sharedFloats = (length: number): Float32Array => new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));

/**
 * Starts threads − 1 threads now; the runner shares one pass (the CLI's) between them and this thread, whose
 * active tfjs backend computes its panels. The threads end after the pass.
 */
export function startAnalysisThreads(threads: number, script: string): PairPassRunner {
  const start = (): { worker: Worker; reply: Promise<PairPassPartial> } => {
    const workerData: AnalysisThreadData = { role: ANALYSIS_THREAD };
    // The thread's console is not the report: its stdout is dropped.
    const worker = new Worker(script, { workerData, stdout: true });
    worker.stdout.resume();
    worker.unref();
    const reply = new Promise<PairPassPartial>((resolve, reject) => {
      worker.once('message', (r: Reply) => (r.ok ? resolve(r.partial) : reject(new Error(r.message))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`an analysis thread stopped (exit code ${code}) before it answered`)));
    });
    reply.catch(() => undefined);
    return { worker, reply };
  };
  const pool = Array.from({ length: Math.max(0, threads - 1) }, start);
  let used = false;
  return async (rows, spec) => {
    if (used) throw new Error('the analysis threads serve one pass');
    used = true;
    const z = rows.buffer instanceof SharedArrayBuffer ? rows : sharedFloats(rows.length);
    if (z !== rows) z.set(rows);
    const work: Work = { z, spec, counter: new Int32Array(new SharedArrayBuffer(4)) };
    for (const { worker } of pool) {
      worker.ref();
      worker.postMessage(work);
    }
    const { runPairPanels } = await import('../core/metrics');
    const own = runPairPanels(z, spec, () => Atomics.add(work.counter, 0, 1));
    return Promise.all([own, ...pool.map((t) => t.reply)]);
  };
}

/** The thread's side: load the backend, wait for the work, compute panels until none are left, answer. */
export async function analysisThreadMain(port: { once(event: 'message', listener: (work: Work) => void): void; postMessage(reply: Reply, transfer: ArrayBuffer[]): void }): Promise<void> {
  const loaded = (async () => {
    const { initNodeBackend } = await import('./backend');
    await initNodeBackend('wasm');
    return import('../core/metrics');
  })();
  loaded.catch(() => undefined);
  port.once('message', async (work) => {
    try {
      const { runPairPanels } = await loaded;
      const partial = await runPairPanels(work.z, work.spec, () => Atomics.add(work.counter, 0, 1));
      const buffers = [partial.pairs.topValues.buffer, partial.pairs.topIndices.buffer, partial.loss?.rowSums.buffer, partial.loss?.positives.buffer];
      port.postMessage({ ok: true, partial }, buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer));
    } catch (e) {
      port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) }, []);
    }
  });
}
