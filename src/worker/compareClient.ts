import { wrap, type Remote } from 'comlink';
import type { CompareApi } from './compareProtocol';

export interface CompareEngineHandle {
  /** Every call returns a promise; pass listeners wrapped in comlink's `proxy()`. */
  readonly api: Remote<CompareApi>;
  dispose(): void;
}

/** Starts the comparison worker. */
export function createCompareEngine(): CompareEngineHandle {
  const worker = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module', name: 'dystress-compare' });
  return { api: wrap<CompareApi>(worker), dispose: () => worker.terminate() };
}
