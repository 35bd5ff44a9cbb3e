import { wrap, type Remote } from 'comlink';
import type { EngineApi } from './protocol';

export type { EngineApi, EngineInfo, EngineStatus } from './protocol';

export interface Engine {
  /** The worker's API; every call returns a promise. Pass listeners wrapped in comlink's `proxy()`. */
  readonly api: Remote<EngineApi>;
  /** Terminates the worker (and frees its GPU memory). */
  dispose(): void;
}

/** Starts a training worker. */
export function createEngine(): Engine {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'dystress-training' });
  return { api: wrap<EngineApi>(worker), dispose: () => worker.terminate() };
}

/**
 * The app's data/ folder as an absolute URL, for EngineApi.init. The page resolves it because a worker's
 * relative URLs resolve against the worker script, which the build puts in assets/.
 */
export function dataBaseUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}data/`, document.baseURI).href;
}
