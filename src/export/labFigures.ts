import type { NegativeProfile } from '../core/analysis';
import type { HistoryPoint } from '../core/config';
import type { PairSplit } from '../core/metrics';
import type { Temperature, TemperatureContext } from '../core/temperature';
import { projectEmbedding, type EmbeddingView } from '../figures/embeddingFigure';
import { HISTOGRAM_BINS } from '../figures/similarityHistogram';
import type { CurveSet } from '../figures/similarityCurves';
import type { XBand } from '../figures/curveChart';
import {
  distanceTable,
  embeddingTable,
  gradientTable,
  historyTable,
  pairHistogramTable,
  temperatureCurveTable,
  uniformityToleranceTable,
  type EmbeddingSample,
  type PairDistances,
} from './figureData';
import type { FigureExportSpec } from './figureExport';
import { sampleTemperatureTable, tauQuantileTable } from './sampleTemperatureData';
import type { SampleTemperatureData } from '../figures/sampleTemperatureFigure';
import type { FigureRenderer } from './svg';

/** The lab's figures by key, as the figure grid draws them. */
export type LabFigureKey = 'temperature' | 'logit' | 'gradient' | 'pairs' | 'curves' | 'trajectory' | 'embedding';

export interface LabFigureState {
  /** Each figure function bound to the lab's state; the third argument is the export theme. */
  readonly render: Readonly<Record<LabFigureKey, FigureRenderer>>;
  readonly heights: { readonly normal: (width: number) => number; readonly wide: (width: number) => number };
  readonly curves: CurveSet;
  readonly temperature: Temperature;
  readonly context: TemperatureContext<number>;
  readonly decreasing: readonly XBand[];
  readonly batch: { readonly step: number; readonly batch: { readonly pairs: PairSplit; readonly distances: PairDistances; readonly alignment: number } } | undefined;
  readonly profile: (() => NegativeProfile) | null;
  readonly distanceHistory: readonly { readonly step: number; readonly distances: PairDistances }[];
  readonly history: readonly HistoryPoint[];
  readonly embedding: EmbeddingSample | undefined;
  readonly classNames: readonly string[] | undefined;
  /** How a 3-D embedding is turned on the page. */
  readonly view?: EmbeddingView;
}

type Heights = LabFigureState['heights'];
type BatchState = NonNullable<LabFigureState['batch']>;

const spec = (id: string, title: string, render: FigureRenderer, heightFor: (width: number) => number, data: FigureExportSpec['data'], wide = false): FigureExportSpec => ({
  id,
  title,
  wide,
  heightFor,
  render,
  data,
});

interface CurveState {
  readonly curves: CurveSet;
  readonly temperature: Temperature;
  readonly context: TemperatureContext<number>;
}

const curveExtra = ({ temperature, context }: CurveState) => ({ temperature: temperature.setting, context, formula: temperature.family.formula });

/** Each lab figure's export spec (id, also the card's data-figure; title; size rule; figure function; data). */
export const labFigureExports = {
  temperature: (render: FigureRenderer, heightFor: Heights['normal'], state: CurveState & { readonly batch: BatchState | undefined }): FigureExportSpec => {
    const { curves, temperature, context, batch } = state;
    const tauAt = (s: number): number => temperature.scalar(s, context);
    return spec('temperature', 'Temperature vs cosine similarity', render, heightFor, () => ({
      tables: [temperatureCurveTable(curves.current, curves.pins), ...(batch ? [pairHistogramTable(batch.batch.pairs, HISTOGRAM_BINS, tauAt)] : [])],
      extra: { ...curveExtra(state), ...(batch ? { batchStep: batch.step } : {}) },
    }));
  },
  logit: (render: FigureRenderer, heightFor: Heights['normal'], state: CurveState & { readonly decreasing: readonly XBand[] }): FigureExportSpec =>
    spec('logit', 'Effective logit s/τ(s)', render, heightFor, () => ({
      tables: [temperatureCurveTable(state.curves.current, state.curves.pins)],
      extra: { ...curveExtra(state), decreasing: state.decreasing },
    })),
  curves: (render: FigureRenderer, heightFor: Heights['wide'], history: readonly HistoryPoint[]): FigureExportSpec =>
    spec('training-curves', 'Training curves', render, heightFor, () => ({ tables: [historyTable(history)] }), true),
  trajectory: (render: FigureRenderer, heightFor: Heights['normal'], history: readonly HistoryPoint[]): FigureExportSpec =>
    spec('uniformity-tolerance', 'Uniformity–tolerance path', render, heightFor, () => ({ tables: [uniformityToleranceTable(history)] })),
  gradient: (render: FigureRenderer, heightFor: Heights['normal'], { batch, profile, context }: { readonly batch: BatchState; readonly profile: () => NegativeProfile; readonly context: TemperatureContext<number> }): FigureExportSpec =>
    spec('gradient', 'Gradient on negatives', render, heightFor, () => ({
      tables: [gradientTable(profile())],
      extra: { batchStep: batch.step, context },
    })),
  pairs: (render: FigureRenderer, heightFor: Heights['normal'], { batch, distanceHistory }: { readonly batch: BatchState; readonly distanceHistory: LabFigureState['distanceHistory'] }): FigureExportSpec =>
    spec('pairs', 'Similarity by pair type', render, heightFor, () => ({
      tables: [pairHistogramTable(batch.batch.pairs, HISTOGRAM_BINS), distanceTable(distanceHistory)],
      extra: { batchStep: batch.step, distances: batch.batch.distances, alignment: batch.batch.alignment },
    })),
  sampleTemperatures: (render: FigureRenderer, heightFor: Heights['normal'], data: SampleTemperatureData): FigureExportSpec =>
    spec('sample-temperatures', 'Per-sample temperatures', render, heightFor, () => ({
      tables: [sampleTemperatureTable(data.samples, data.classNames), tauQuantileTable(data.history)],
      extra: { step: data.step, kind: data.samples.kind, population: data.samples.population, count: data.samples.count, total: data.samples.total, quantiles: data.samples.quantiles },
    })),
  embedding: (
    render: FigureRenderer,
    heightFor: Heights['normal'],
    { embedding, classNames, view }: { readonly embedding: EmbeddingSample; readonly classNames: readonly string[] | undefined; readonly view?: EmbeddingView },
  ): FigureExportSpec =>
    spec('embedding', 'Embedding', render, heightFor, () => ({
      tables: [embeddingTable(embedding, classNames, projectEmbedding({ ...embedding, view }))],
      extra: { dim: embedding.dim, classNames: classNames ?? null, view: view ?? null },
    })),
};

/**
 * The export spec of every figure the lab shows now (figures still waiting for a snapshot have none), as
 * the figure cards build them one by one.
 */
export function figureExports(state: LabFigureState): Partial<Record<LabFigureKey, FigureExportSpec>> {
  const { render, heights, batch, history } = state;
  const specs: Partial<Record<LabFigureKey, FigureExportSpec>> = {
    temperature: labFigureExports.temperature(render.temperature, heights.normal, state),
    logit: labFigureExports.logit(render.logit, heights.normal, state),
    curves: labFigureExports.curves(render.curves, heights.wide, history),
    trajectory: labFigureExports.trajectory(render.trajectory, heights.normal, history),
  };
  if (batch && state.profile) specs.gradient = labFigureExports.gradient(render.gradient, heights.normal, { batch, profile: state.profile, context: state.context });
  if (batch) specs.pairs = labFigureExports.pairs(render.pairs, heights.normal, { batch, distanceHistory: state.distanceHistory });
  if (state.embedding) specs.embedding = labFigureExports.embedding(render.embedding, heights.normal, { embedding: state.embedding, classNames: state.classNames, view: state.view });
  return specs;
}
