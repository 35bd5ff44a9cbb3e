/** One row of a soak run: what was measured after `step` steps. */
export interface SoakRow {
  readonly step: number;
  readonly msPerStep: number;
  readonly numTensors: number;
  readonly heapMB: number;
  /** The backend's memory (tf.memory().numBytes); on the page, with the JS heap of the page. */
  readonly backendMB: number;
  readonly load1: number;
}

export interface SoakVerdict {
  readonly tensorsStart: number;
  readonly tensorsEnd: number;
  readonly heapStartMB: number;
  readonly heapEndMB: number;
  readonly backendStartMB: number;
  readonly backendEndMB: number;
  /** Mean ms per step over the first and the last quarter of the rows (the first row, warm-up, left out). */
  readonly startMsPerStep: number;
  readonly endMsPerStep: number;
  /** End over start, as a fraction: within ±0.10 is "no slowdown". */
  readonly slowdown: number;
  readonly noGrowth: boolean;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * What a soak run says: tensors and backend memory the same at the end as after warm-up, the heap within
 * 10 % (or 5 MB), and the step time's change from the first to the last quarter.
 */
export function soakVerdict(rows: readonly SoakRow[]): SoakVerdict {
  const warm = rows.length > 1 ? rows.slice(1) : rows;
  const quarter = Math.max(1, Math.floor(warm.length / 4));
  const first = warm[0]!;
  const last = warm.at(-1)!;
  const startMsPerStep = mean(warm.slice(0, quarter).map((r) => r.msPerStep));
  const endMsPerStep = mean(warm.slice(-quarter).map((r) => r.msPerStep));
  const heapGrowth = last.heapMB - first.heapMB;
  return {
    tensorsStart: first.numTensors,
    tensorsEnd: last.numTensors,
    heapStartMB: first.heapMB,
    heapEndMB: last.heapMB,
    backendStartMB: first.backendMB,
    backendEndMB: last.backendMB,
    startMsPerStep,
    endMsPerStep,
    slowdown: endMsPerStep / startMsPerStep - 1,
    noGrowth: last.numTensors <= first.numTensors && last.backendMB <= first.backendMB + 0.01 && heapGrowth <= Math.max(5, first.heapMB * 0.1),
  };
}
