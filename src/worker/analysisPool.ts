import type { PairPassPartial, PairPassRunner, PairPassSpec } from '../core/metrics';

/**
 * The page's pair pass on several workers (analysisPanels.worker.ts, wasm each): worker w of P computes the
 * panels w, w + P, w + 2P, … — interleaved, so the costly first panels spread evenly — and the analysis
 * worker merges their partial states. The rows are shared (SharedArrayBuffer) where the page is
 * cross-origin isolated, and copied to each worker otherwise. The workers stay for the next analysis.
 */
export interface PanelRequest {
  readonly id: number;
  readonly z: Float32Array;
  readonly spec: PairPassSpec;
  readonly first: number;
  readonly stride: number;
}

export type PanelReply = { readonly id: number; readonly ok: true; readonly partial: PairPassPartial } | { readonly id: number; readonly ok: false; readonly message: string };

/** Workers for the pair pass: the cores but one (the page's), at least 1, at most 8. */
export function poolSize(cores: number | undefined): number {
  return Math.max(1, Math.min(8, (cores ?? 2) - 1));
}

export function workerPoolRunner(size: number): PairPassRunner {
  let workers: Worker[] | undefined;
  let nextId = 0;
  const ask = (worker: Worker, request: PanelRequest): Promise<PairPassPartial> =>
    new Promise((resolve, reject) => {
      const onMessage = ({ data }: MessageEvent<PanelReply>) => {
        if (data.id !== request.id) return;
        worker.removeEventListener('message', onMessage);
        if (data.ok) resolve(data.partial);
        else reject(new Error(data.message));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', (e) => reject(new Error(`a pair-pass worker failed: ${e.message}`)), { once: true });
      worker.postMessage(request);
    });
  return async (rows: Float32Array, spec: PairPassSpec) => {
    workers ??= Array.from(
      { length: size },
      (_, w) => new Worker(new URL('./analysisPanels.worker.ts', import.meta.url), { type: 'module', name: `dystress-analysis-panels-${w + 1}` }),
    );
    const shared = globalThis.crossOriginIsolated === true ? toShared(rows) : rows;
    const id = ++nextId;
    return Promise.all(workers.map((worker, w) => ask(worker, { id, z: shared, spec, first: w, stride: workers!.length })));
  };
}

function toShared(rows: Float32Array): Float32Array {
  if (rows.buffer instanceof SharedArrayBuffer) return rows;
  const shared = new Float32Array(new SharedArrayBuffer(rows.byteLength));
  shared.set(rows);
  return shared;
}
