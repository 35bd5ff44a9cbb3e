import { proxy, transfer } from 'comlink';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { TemperatureSetting } from '../../core/temperature';
import { byoReducer, initialByoState, type ByoState, type Source } from '../../state/byo';
import { analysisWorker } from '../../worker/analysisClient';
import type { AnalysisEvent, LoadFiles } from '../../worker/analysisProtocol';

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

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

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
      const result = await analysisWorker().load(id, transfer(files, buffers), { temperature: latestTemperature.current, ...KNN }, listener);
      dispatch(result.ok ? { type: 'loaded', id, summary: result.value, startedAt, at: performance.now() } : { type: 'loadFailed', error: result.error });
    } catch (e) {
      dispatch({ type: 'loadFailed', error: `could not read the files: ${messageOf(e)}` });
    }
  }, []);

  const loadedId = state.loaded?.id;
  const twoViews = state.loaded?.summary.views === 2;
  useEffect(() => {
    if (loadedId !== undefined && twoViews) void analysisWorker().setTemperature(temperature);
  }, [temperature, loadedId, twoViews]);

  const setSource = useCallback((source: Source) => dispatch({ type: 'setSource', source }), []);
  const umapAsked = useRef<number | undefined>(undefined);
  const requestUmap = useCallback(() => {
    if (loadedId === undefined || umapAsked.current === loadedId) return;
    umapAsked.current = loadedId;
    void analysisWorker().umapLoaded();
  }, [loadedId]);

  return { state, load, setSource, requestUmap };
}
