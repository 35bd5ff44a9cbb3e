import type { EmbeddingReport } from '../core/metrics';
import type { AnalysisEvent, BatchSample, LoadedSummary, PairsResult, ProjectionSample } from '../worker/analysisProtocol';

/**
 * What the lab shows of embeddings the user loaded, as a pure reducer over the analysis worker's events, and
 * which source the figures come from. A failed load only sets the message: loaded data (and the training
 * run, which lives elsewhere) stay as they were.
 */
export type Source = 'run' | 'loaded';
export type ProjectionKind = 'pca' | 'umap';

export interface LoadedAnalysis {
  readonly id: number;
  readonly summary: LoadedSummary;
  /** performance.now() when the user asked for the load (page clock). */
  readonly startedAt: number;
  readonly pairs?: PairsResult;
  readonly batch?: BatchSample | null;
  readonly pca?: ProjectionSample;
  readonly umap?: ProjectionSample;
  /** UMAP progress 0…1 while it is computed; undefined otherwise. */
  readonly umapProgress?: number;
  readonly report?: EmbeddingReport;
  readonly backend?: string;
  /** The loss under `lossTemperature` (the report's loss, later replaced when τ changes). */
  readonly loss?: number;
  readonly lossTemperature?: string;
  /** The temperature a loss is being computed for; undefined when none is. */
  readonly lossPending?: string;
  readonly metricsPending: boolean;
  /** Milliseconds from the user's request (page clock) to each result's arrival; lossMs is the last loss pass alone. */
  readonly timings: { readonly parseMs: number; readonly pairsMs?: number; readonly projectionMs?: number; readonly metricsMs?: number; readonly lossMs?: number };
  readonly error?: string;
}

export interface ByoState {
  readonly source: Source;
  readonly loading: boolean;
  /** The last load's problem (role=alert); cleared by the next load. */
  readonly error: string | null;
  readonly loaded?: LoadedAnalysis;
}

export type ByoAction =
  | { readonly type: 'loadStarted' }
  | { readonly type: 'loadFailed'; readonly error: string }
  | { readonly type: 'loaded'; readonly id: number; readonly summary: LoadedSummary; readonly startedAt: number; readonly at: number }
  /** `at`: performance.now() when the event arrived. */
  | { readonly type: 'event'; readonly id: number; readonly event: AnalysisEvent; readonly at: number }
  | { readonly type: 'setSource'; readonly source: Source };

export const initialByoState: ByoState = { source: 'run', loading: false, error: null };

function applyEvent(loaded: LoadedAnalysis, event: AnalysisEvent, at: number): LoadedAnalysis {
  const elapsed = at - loaded.startedAt;
  switch (event.type) {
    case 'pairs':
      return { ...loaded, pairs: event.pairs, batch: event.batch, timings: { ...loaded.timings, pairsMs: elapsed } };
    case 'projection':
      return event.sample.projection.kind === 'pca'
        ? { ...loaded, pca: event.sample, timings: { ...loaded.timings, projectionMs: elapsed } }
        : { ...loaded, umap: event.sample, umapProgress: undefined };
    case 'umapProgress':
      return { ...loaded, umapProgress: event.fraction };
    case 'pending':
      return event.what === 'metrics' ? { ...loaded, metricsPending: true, lossPending: event.temperature } : { ...loaded, lossPending: event.temperature };
    case 'metrics':
      return {
        ...loaded,
        report: event.report,
        backend: event.backend,
        metricsPending: false,
        // A loss for a newer temperature may already be on its way; the report's loss is for `event.temperature`.
        loss: event.report.loss,
        lossTemperature: event.temperature,
        lossPending: loaded.lossPending === event.temperature ? undefined : loaded.lossPending,
        timings: { ...loaded.timings, metricsMs: elapsed },
      };
    case 'loss':
      return {
        ...loaded,
        loss: event.loss,
        lossTemperature: event.temperature,
        lossPending: loaded.lossPending === event.temperature ? undefined : loaded.lossPending,
        timings: { ...loaded.timings, lossMs: event.ms },
      };
    case 'error':
      return { ...loaded, error: event.message, metricsPending: false, lossPending: undefined, umapProgress: undefined };
  }
}

export function byoReducer(state: ByoState, action: ByoAction): ByoState {
  switch (action.type) {
    case 'loadStarted':
      return { ...state, loading: true, error: null };
    case 'loadFailed':
      return { ...state, loading: false, error: action.error };
    case 'loaded':
      // parseMs: reading the files and the worker's parse, until the summary is back.
      return {
        source: 'loaded',
        loading: false,
        error: null,
        loaded: { id: action.id, summary: action.summary, startedAt: action.startedAt, metricsPending: true, timings: { parseMs: action.at - action.startedAt } },
      };
    case 'event':
      if (state.loaded?.id !== action.id) return state;
      return { ...state, loaded: applyEvent(state.loaded, action.event, action.at) };
    case 'setSource':
      return action.source === 'loaded' && !state.loaded ? state : { ...state, source: action.source };
  }
}

/** "a.npy, b.npy, labels.npy (10,000 × 512)". */
export function loadedTitle(summary: LoadedSummary): string {
  const names = [summary.names.view1, summary.names.view2, summary.names.labels].filter((x): x is string => !!x).map(baseName);
  return `${names.join(', ')} (${summary.n.toLocaleString('en-US')} × ${summary.dim.toLocaleString('en-US')})`;
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Assigns dropped files to roles: a name containing "label" is the labels file; the other files, in name
 * order, are view 1 and view 2. Null with a message when that cannot work.
 */
export function assignDroppedFiles<F extends { readonly name: string }>(files: readonly F[]): { view1: F; view2?: F; labels?: F } | string {
  const labelFiles = files.filter((f) => /label/i.test(baseName(f.name)));
  const views = files.filter((f) => !labelFiles.includes(f)).sort((a, b) => a.name.localeCompare(b.name));
  if (labelFiles.length > 1) return `${labelFiles.length} files look like labels (${labelFiles.map((f) => f.name).join(', ')}); drop one`;
  if (views.length === 0) return 'no embeddings file: drop one or two .npy/.csv files of embeddings (and optionally one of labels)';
  if (views.length > 2) return `${views.length} embedding files; drop one or two views (and optionally a labels file whose name contains “label”)`;
  return { view1: views[0]!, ...(views[1] ? { view2: views[1] } : {}), ...(labelFiles[0] ? { labels: labelFiles[0] } : {}) };
}
