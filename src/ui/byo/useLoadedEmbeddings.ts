import { proxy, transfer } from 'comlink';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { errorMessage } from '../../core/errors';
import type { TemperatureSetting } from '../../core/temperature';
import { byoReducer, initialByoState, type ByoState, type Source } from '../../state/byo';
import { adoptAnalysisWorker, analysisWorker, AnalysisWorker } from '../../worker/analysisClient';
import type { Result } from '../../core/result';
import type { AnalysisEvent, LoadedSummary, LoadFiles } from '../../worker/analysisProtocol';

/** The analyzer's kNN defaults (npm run analyze). */
export const KNN = { k: 20, knnT: 0.1 } as const;

export interface ChosenFiles {
  readonly view1: File;
  readonly view2?: File;
  readonly labels?: File;
}

export interface LoadedEmbeddings {
  readonly state: ByoState;
  load(files: ChosenFiles): Promise<void>;
  setSource(source: Source): void;
  requestUmap(): void;
}

/**
 * Loaded embeddings in the analysis worker: reads the chosen files (their bytes are transferred, never
 * uploaded), follows the worker's progressive results, and sends it every temperature change so the loss
 * follows the sliders.
 */
export function useLoadedEmbeddings(temperature: TemperatureSetting): LoadedEmbeddings {
  const [state, dispatch] = useReducer(byoReducer, initialByoState);
  const nextId = useRef(0);
  const latestTemperature = useRef(temperature);
  latestTemperature.current = temperature;
  // A worker still computing for the data on hand cannot be interrupted (its passes run without yielding).
  const busy = useRef(false);
  const { loaded } = state;
  busy.current = !!loaded && (loaded.metricsPending || loaded.lossPending !== undefined || loaded.umapProgress !== undefined);

  const load = useCallback(async (chosen: ChosenFiles) => {
    const startedAt = performance.now();
    dispatch({ type: 'loadStarted' });
    try {
      const read = async (file: File) => ({ name: file.name, bytes: await file.arrayBuffer() });
      const files: LoadFiles = {
        view1: await read(chosen.view1),
        ...(chosen.view2 ? { view2: await read(chosen.view2) } : {}),
        ...(chosen.labels ? { labels: await read(chosen.labels) } : {}),
      };
      const buffers = [files.view1, files.view2, files.labels].filter((f) => f !== undefined).map((f) => f.bytes);
      const id = ++nextId.current;
      const listener = proxy((eventId: number, event: AnalysisEvent) => dispatch({ type: 'event', id: eventId, event, at: performance.now() }));
      // Beside a busy worker the new files get a fresh one, which replaces it only if they prove valid.
      const worker = busy.current ? new AnalysisWorker() : analysisWorker();
      const result = await worker.call<Result<LoadedSummary>>((api) => api.load(id, transfer(files, buffers), { temperature: latestTemperature.current, ...KNN }, listener));
      if (result.ok) adoptAnalysisWorker(worker);
      else if (worker !== analysisWorker()) worker.stop();
      dispatch(result.ok ? { type: 'loaded', id, summary: result.value, startedAt, at: performance.now() } : { type: 'loadFailed', error: result.error });
    } catch (e) {
      dispatch({ type: 'loadFailed', error: `could not read the files: ${errorMessage(e)}` });
    }
  }, []);

  const loadedId = state.loaded?.id;
  const twoViews = state.loaded?.summary.views === 2;
  useEffect(() => {
    if (loadedId !== undefined && twoViews) void analysisWorker().api.setTemperature(temperature);
  }, [temperature, loadedId, twoViews]);

  const setSource = useCallback((source: Source) => dispatch({ type: 'setSource', source }), []);
  const umapAsked = useRef<number | undefined>(undefined);
  const requestUmap = useCallback(() => {
    if (loadedId === undefined || umapAsked.current === loadedId) return;
    umapAsked.current = loadedId;
    void analysisWorker().api.umapLoaded();
  }, [loadedId]);

  return { state, load, setSource, requestUmap };
}
