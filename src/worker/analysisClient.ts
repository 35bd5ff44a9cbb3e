import { wrap, type Remote } from 'comlink';
import type { AnalysisApi } from './analysisProtocol';

export type { AnalysisApi } from './analysisProtocol';

let shared: Remote<AnalysisApi> | undefined;

/** The page's one analysis worker (loaded embeddings, UMAP), started on first use and kept for the session. */
export function analysisWorker(): Remote<AnalysisApi> {
  shared ??= wrap<AnalysisApi>(new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'dystress-analysis' }));
  return shared;
}
