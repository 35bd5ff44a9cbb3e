import { wrap, type Remote } from 'comlink';

/** A worker started by the page: its API and the way to stop it. */
export interface WorkerHandle<Api> {
  /** The worker's API; every call returns a promise. Pass listeners wrapped in comlink's `proxy()`. */
  readonly api: Remote<Api>;
  /** Terminates the worker (and frees its GPU memory). */
  dispose(): void;
}

/** The handle of a started worker. (The worker itself is created at the call site, where Vite can see its URL.) */
export function workerHandle<Api>(worker: Worker): WorkerHandle<Api> {
  return { api: wrap<Api>(worker), dispose: () => worker.terminate() };
}
