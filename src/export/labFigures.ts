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

/**
 * The export spec of every figure the lab shows now (figures still waiting for a snapshot have none): id
 * (also the card's data-figure), title, size rule, figure function and the data behind it.
 */
export function figureExports(state: LabFigureState): Partial<Record<LabFigureKey, FigureExportSpec>> {
  const { render, heights, curves, temperature, context, batch } = state;
  const tauAt = (s: number): number => temperature.scalar(s, context);
  const spec = (key: LabFigureKey, id: string, title: string, data: FigureExportSpec['data'], wide = false): FigureExportSpec => ({
    id,
    title,
    wide,
    heightFor: wide ? heights.wide : heights.normal,
    render: render[key],
    data,
  });
  const curveExtra = { temperature: temperature.setting, context, formula: temperature.family.formula };
  const specs: Partial<Record<LabFigureKey, FigureExportSpec>> = {
    temperature: spec('temperature', 'temperature', 'Temperature vs cosine similarity', () => ({
      tables: [temperatureCurveTable(curves.current, curves.pins), ...(batch ? [pairHistogramTable(batch.batch.pairs, HISTOGRAM_BINS, tauAt)] : [])],
      extra: { ...curveExtra, ...(batch ? { batchStep: batch.step } : {}) },
    })),
    logit: spec('logit', 'logit', 'Effective logit s/τ(s)', () => ({
      tables: [temperatureCurveTable(curves.current, curves.pins)],
      extra: { ...curveExtra, decreasing: state.decreasing },
    })),
    curves: spec('curves', 'training-curves', 'Training curves', () => ({ tables: [historyTable(state.history)] }), true),
    trajectory: spec('trajectory', 'uniformity-tolerance', 'Uniformity–tolerance path', () => ({ tables: [uniformityToleranceTable(state.history)] })),
  };
  if (batch && state.profile) {
    const profile = state.profile;
    specs.gradient = spec('gradient', 'gradient', 'Gradient on negatives', () => ({
      tables: [gradientTable(profile())],
      extra: { batchStep: batch.step, context },
    }));
  }
  if (batch) {
    specs.pairs = spec('pairs', 'pairs', 'Similarity by pair type', () => ({
      tables: [pairHistogramTable(batch.batch.pairs, HISTOGRAM_BINS), distanceTable(state.distanceHistory)],
      extra: { batchStep: batch.step, distances: batch.batch.distances, alignment: batch.batch.alignment },
    }));
  }
  if (state.embedding) {
    const embedding = state.embedding;
    specs.embedding = spec('embedding', 'embedding', 'Embedding', () => ({
      tables: [embeddingTable(embedding, state.classNames, projectEmbedding({ ...embedding, view: state.view }))],
      extra: { dim: embedding.dim, classNames: state.classNames ?? null, view: state.view ?? null },
    }));
  }
  return specs;
}
