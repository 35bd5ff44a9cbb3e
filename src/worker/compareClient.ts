import type { CompareApi } from './compareProtocol';
import { workerHandle, type WorkerHandle } from './workerHandle';

export type CompareEngineHandle = WorkerHandle<CompareApi>;

/** Starts the comparison worker. */
export function createCompareEngine(): CompareEngineHandle {
  const worker = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module', name: 'dystress-compare' });
  return workerHandle<CompareApi>(worker);
}
