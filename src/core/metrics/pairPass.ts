import * as tf from '../tf';
import { NtXentAccumulator, type NtXentState } from '../loss';
import { createTemperature, type Temperature, type TemperatureSetting } from '../temperature';
import { PairMetrics, type Labelling, type PairMetricsResult, type PairMetricsState } from './pairMetrics';

/**
 * The analyzer's pair pass: every pair j < i of the normalised rows z (row-major, rows × dim), as float32
 * matrix products of column panels, fed to float64 accumulators (PairMetrics for view 1's pairs, and the
 * whole-set NT-Xent when z is [view1; view2]). Panel p holds columns [p·panel, (p+1)·panel); its tiles are
 * the rows from its first column down, chunkRows at a time: z[rows] · z[panel]ᵀ, the panel transposed once
 * (the wasm backend multiplies a plain right-hand side at its peak, a transposed one ~10× slower). Panels are
 * independent, so any number of workers can take them from a shared counter and merge their states after.
 * Nothing N×N is held: one tile of chunkRows × panel at a time.
 */
export interface PairPassSpec {
  /** Rows of view 1: its pairs feed the metrics. */
  readonly n: number;
  /** Rows of z: n, or 2n for the whole-set loss over [view1; view2]. */
  readonly rows: number;
  readonly dim: number;
  readonly labelling?: Labelling;
  /** false: the loss alone (view 1's pair metrics are not gathered). */
  readonly metrics?: boolean;
  readonly k: number;
  readonly knnT: number;
  /** The whole-set NT-Xent over the 2n rows of z. */
  readonly loss?: { readonly temperature: TemperatureSetting; readonly alignment: number; readonly decoupled: boolean };
  readonly panel: number;
  readonly chunkRows: number;
}

/** What one share of the panels gathered: plain arrays, so it crosses worker boundaries. */
export interface PairPassPartial {
  readonly pairs: PairMetricsState;
  readonly loss?: NtXentState;
}

/** Runs the panels of a pass (in this thread, or shared out to workers) and returns every share's partial. */
export type PairPassRunner = (z: Float32Array, spec: PairPassSpec) => Promise<PairPassPartial[]>;

/** Column panels with at least one pair below the diagonal. */
export const panelCount = (spec: Pick<PairPassSpec, 'rows' | 'panel'>): number => Math.ceil(Math.max(spec.rows - 1, 0) / spec.panel);

/** 10,000 × 512 per product: panels of 512 columns, tiles of 2,048 rows (4 MB read back at a time). */
export const DEFAULT_PANEL = 512;
export const DEFAULT_CHUNK_ROWS = 2048;

function lossTemperature(spec: PairPassSpec): Temperature | undefined {
  if (!spec.loss) return undefined;
  const created = createTemperature(spec.loss.temperature);
  if (!created.ok) throw new Error(`temperature: ${created.error}`);
  return created.value;
}

function accumulators(spec: PairPassSpec): { pairs: PairMetrics; loss?: NtXentAccumulator } {
  const temperature = lossTemperature(spec);
  return {
    pairs: new PairMetrics(spec.n, spec.labelling, spec.k, spec.knnT),
    ...(spec.loss && temperature
      ? { loss: new NtXentAccumulator(spec.n, temperature, { decoupled: spec.loss.decoupled, step: 0, alignment: spec.loss.alignment }) }
      : {}),
  };
}

/**
 * Computes the panels that `nextPanel` hands out (until it returns one past the last) with the active tfjs
 * backend, and returns what they add up to.
 */
export async function runPairPanels(z: Float32Array, spec: PairPassSpec, nextPanel: () => number): Promise<PairPassPartial> {
  const { rows, dim: d, panel, chunkRows } = spec;
  const { pairs, loss } = accumulators(spec);
  const panels = panelCount(spec);
  for (let p = nextPanel(); p < panels; p = nextPanel()) {
    const colStart = p * panel;
    const columns = Math.min(panel, rows - colStart);
    const panelT = tf.tidy(() => tf.transpose(tf.tensor2d(z.subarray(colStart * d, (colStart + columns) * d), [columns, d])));
    try {
      for (let rowStart = colStart; rowStart < rows; rowStart += chunkRows) {
        const tileRows = Math.min(chunkRows, rows - rowStart);
        const product = tf.tidy(() => tf.matMul(tf.tensor2d(z.subarray(rowStart * d, (rowStart + tileRows) * d), [tileRows, d]), panelT));
        const values = (await product.data()) as Float32Array;
        product.dispose();
        const tile = { rowStart, rows: tileRows, colStart, columns, values };
        if (spec.metrics !== false && rowStart < spec.n) pairs.addTile(tile);
        loss?.addTile(tile);
      }
    } finally {
      panelT.dispose();
    }
  }
  return { pairs: pairs.state(), ...(loss ? { loss: loss.state() } : {}) };
}

/** Every panel, in this thread. */
export const runInThisThread: PairPassRunner = async (z, spec) => {
  let next = 0;
  return [await runPairPanels(z, spec, () => next++)];
};

/** The metrics and whole-set loss of a pass from its shares' partials. */
export function combinePairPass(spec: PairPassSpec, partials: readonly PairPassPartial[]): { pairs: PairMetricsResult; loss?: number } {
  const { pairs, loss } = accumulators(spec);
  for (const partial of partials) {
    pairs.merge(partial.pairs);
    if (loss) {
      if (!partial.loss) throw new Error('a share of the pair pass returned no loss');
      loss.merge(partial.loss);
    }
  }
  return { pairs: pairs.result(), ...(loss ? { loss: loss.result() } : {}) };
}
