import { proxy } from 'comlink';
import { useEffect, useRef, useState } from 'react';
import { analysisWorker, AnalysisWorkerStopped } from '../../worker/analysisClient';
import type { Result } from '../../core/result';
import type { Projection } from '../../worker/analysisProtocol';

/** While training, the run's UMAP is recomputed at most this often (it takes seconds off the main thread). */
export const RUN_UMAP_REFRESH_MS = 10_000;

export interface RunUmap {
  readonly projection?: Projection;
  /** The labels and step of the embedding projected. */
  readonly labels?: Int32Array;
  readonly step?: number;
  /** 0…1 while a projection is computed. */
  readonly progress?: number;
  readonly error?: string;
}

interface RunEmbedding {
  readonly step: number;
  readonly dim: number;
  readonly points: Float32Array;
  readonly labels: Int32Array;
}

/**
 * UMAP of the training run's latest held-out embedding, computed in the analysis worker when `enabled`:
 * at once for a new step when paused, at most every RUN_UMAP_REFRESH_MS while training.
 */
export function useRunUmap(embedding: RunEmbedding | undefined, enabled: boolean, running: boolean): RunUmap {
  const [state, setState] = useState<RunUmap>({});
  const inFlight = useRef(false);
  const finishedAt = useRef(-Infinity);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!enabled || !running) return;
    const timer = setInterval(() => setTick((t) => t + 1), RUN_UMAP_REFRESH_MS / 4);
    return () => clearInterval(timer);
  }, [enabled, running]);

  useEffect(() => {
    if (!enabled || !embedding || inFlight.current || state.step === embedding.step) return;
    if (running && state.projection && performance.now() - finishedAt.current < RUN_UMAP_REFRESH_MS) return;
    const { step, dim, points, labels } = embedding;
    const n = Math.min(Math.floor(points.length / dim), labels.length);
    if (n < 3) return;
    inFlight.current = true;
    setState((s) => ({ ...s, progress: 0 }));
    const onProgress = proxy((fraction: number) => setState((s) => ({ ...s, progress: fraction })));
    void analysisWorker()
      .call<Result<Projection>>((api) => api.umap(points.slice(0, n * dim), n, dim, onProgress))
      .then((result) => {
        setState(result.ok ? { projection: result.value, labels: labels.slice(0, n), step } : { ...state, progress: undefined, error: result.error });
      })
      // A worker replaced by a new load drops its work; the next tick asks the new one.
      .catch((e: unknown) => setState((s) => ({ ...s, progress: undefined, ...(e instanceof AnalysisWorkerStopped ? {} : { error: String(e) }) })))
      .finally(() => {
        inFlight.current = false;
        finishedAt.current = performance.now();
        setTick((t) => t + 1);
      });
  }, [enabled, embedding, running, tick, state]);

  return state;
}
