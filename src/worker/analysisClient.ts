import { wrap, type Remote } from 'comlink';
import type { AnalysisApi } from './analysisProtocol';

export type { AnalysisApi } from './analysisProtocol';

/** The rejection of a call whose worker was stopped before it answered (a newer load replaced it). */
export class AnalysisWorkerStopped extends Error {
  constructor() {
    super('the analysis worker was replaced');
  }
}

/** One analysis worker; `call` races every reply against the worker being stopped. */
export class AnalysisWorker {
  private readonly worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'dystress-analysis' });
  readonly api: Remote<AnalysisApi> = wrap<AnalysisApi>(this.worker);
  private readonly stopped: Promise<never>;
  private reject!: (error: Error) => void;

  constructor() {
    this.stopped = new Promise<never>((_, reject) => (this.reject = reject));
    this.stopped.catch(() => undefined);
  }

  call<T>(request: (api: Remote<AnalysisApi>) => Promise<T>): Promise<T> {
    return Promise.race([request(this.api), this.stopped]);
  }

  stop(): void {
    this.worker.terminate();
    this.reject(new AnalysisWorkerStopped());
  }
}

let current: AnalysisWorker | undefined;

/** The page's analysis worker (loaded embeddings, UMAP), started on first use. */
export function analysisWorker(): AnalysisWorker {
  current ??= new AnalysisWorker();
  return current;
}

/**
 * Makes `worker` the page's analysis worker and stops the one before it, with whatever it was computing: a
 * load that had to start beside a busy worker takes over once its files proved valid.
 */
export function adoptAnalysisWorker(worker: AnalysisWorker): void {
  if (current === worker) return;
  current?.stop();
  current = worker;
}
