import type { EngineApi } from './protocol';
import { workerHandle, type WorkerHandle } from './workerHandle';

export type { EngineApi, EngineInfo, EngineStatus } from './protocol';

export type Engine = WorkerHandle<EngineApi>;

/** Starts a training worker. */
export function createEngine(): Engine {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'dystress-training' });
  return workerHandle<EngineApi>(worker);
}

/**
 * The app's data/ folder as an absolute URL, for EngineApi.init. The page resolves it because a worker's
 * relative URLs resolve against the worker script, which the build puts in assets/.
 */
export function dataBaseUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}data/`, document.baseURI).href;
}
