import type { SweepWorkerApi } from './sweepProtocol';
import { workerHandle, type WorkerHandle } from './workerHandle';

export type SweepWorkerHandle = WorkerHandle<SweepWorkerApi>;

/** Starts one worker of the sweep pool. */
export function createSweepWorker(index: number): SweepWorkerHandle {
  const worker = new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module', name: `dystress-sweep-${index}` });
  return workerHandle<SweepWorkerApi>(worker);
}
