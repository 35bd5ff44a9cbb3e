import type { EngineApi } from './protocol';
import { lifelineName, watchLifeline } from './lifeline';
import { workerHandle, type WorkerHandle } from './workerHandle';

export type { EngineApi, EngineInfo, EngineStatus } from './protocol';

export type Engine = WorkerHandle<EngineApi>;

/**
 * Starts a training worker. `onEnd` runs if it ends other than by `dispose()` — crashed, closed by the
 * browser, or an uncaught error in it (after which it is stopped) — with what is known of why.
 */
export function createEngine(onEnd: (why: string) => void): Engine {
  const name = lifelineName('training');
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name });
  const handle = workerHandle<EngineApi>(worker);
  let ended = false;
  const end = (why: string): void => {
    if (ended) return;
    ended = true;
    onEnd(why);
  };
  let disposed = false;
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    worker.terminate();
    end(`an error in the worker: ${event.message || 'unknown'}`);
  });
  watchLifeline(name, handle.api.alive(), () => {
    if (!disposed) end('the worker was closed (by the browser, or it crashed)');
  });
  return {
    api: handle.api,
    dispose: () => {
      disposed = true;
      handle.dispose();
    },
  };
}

/**
 * The app's data/ folder as an absolute URL, for EngineApi.init. The page resolves it because a worker's
 * relative URLs resolve against the worker script, which the build puts in assets/.
 */
export function dataBaseUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}data/`, document.baseURI).href;
}
