/**
 * Fixed synthetic data for the lab's figures: what the trainer would emit, made deterministic with the
 * project's seeded generator. Shared by tests/unit/lab-figures.test.ts and scripts/render-figures.ts.
 */
import { negativeProfile, temperatureCurve, type NegativeProfile } from '../../src/core/analysis';
import { splitBatchPairs, wasserstein1, type PairSplit } from '../../src/core/metrics/pairTypes';
import { SeededRandom } from '../../src/core/random';
import { createTemperature, type Temperature, type TemperatureSetting } from '../../src/core/temperature';
import { renderBatchUnderTemperatureFigure } from '../../src/figures/batchUnderTemperatureFigure';
import { renderEmbeddingFigure } from '../../src/figures/embeddingFigure';
import { renderGradientProfileFigure } from '../../src/figures/gradientProfileFigure';
import type { LabFigureOptions } from '../../src/figures/frame/root';
import { renderPairDistributionsFigure, type DistanceHistory, type PairSnapshot } from '../../src/figures/pairDistributionsFigure';
import type { LabelledCurve } from '../../src/figures/similarityCurves';
import { renderTrainingCurvesFigure, type RunHistory, type TrainingHistoryPoint } from '../../src/figures/trainingCurvesFigure';
import { renderUniformityToleranceFigure } from '../../src/figures/uniformityToleranceFigure';

export function temperature(setting: TemperatureSetting): Temperature {
  const r = createTemperature(setting);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export const dystress = (tmin: number, tmax: number): TemperatureSetting => ({ family: 'dystress', params: { tmin, tmax } });
export const constant = (tau: number): TemperatureSetting => ({ family: 'constant', params: { tau } });

export function labelled(label: string, setting: TemperatureSetting): LabelledCurve {
  return { label, curve: temperatureCurve(temperature(setting), {}, 201) };
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/** A training history: loss falls, accuracy rises, uniformity falls, tolerance dips then recovers. */
function history(seed: number, speed: number, finalUniformity: number, finalTolerance: number, options: { gapFrom?: number; gapTo?: number; noTolerance?: boolean } = {}): TrainingHistoryPoint[] {
  const random = new SeededRandom(seed);
  const points: TrainingHistoryPoint[] = [];
  for (let step = 0; step <= 2000; step += 50) {
    const t = 1 - Math.exp((-speed * step) / 2000);
    const noise = (): number => 0.01 * random.normal();
    const gap = options.gapFrom !== undefined && step >= options.gapFrom && step <= (options.gapTo ?? options.gapFrom);
    points.push({
      step,
      loss: gap ? null : round(5.2 - 2.4 * t + 0.04 * random.normal()),
      knnAccuracy: gap ? null : round(Math.min(1, 0.22 + 0.7 * t + noise())),
      alignment: round(1.6 - 0.9 * t + noise()),
      uniformity: round(-0.6 + (finalUniformity + 0.6) * t + noise()),
      tolerance: options.noTolerance ? null : round(0.55 - 0.25 * t + (finalTolerance - 0.3) * t * t + noise()),
      interClassUniformity: round(-0.4 + -1.8 * t + noise()),
    });
  }
  return points;
}

export const runs: readonly RunHistory[] = [
  { label: 'DySTreSS τ 0.1–0.2', colorIndex: 0, history: history(1, 3, -3.4, 0.52) },
  { label: 'constant τ 0.1', colorIndex: 1, history: history(2, 2.4, -3.7, 0.34, { gapFrom: 900, gapTo: 1050 }) },
  { label: 'constant τ 0.5', colorIndex: 2, history: history(3, 2, -2.6, 0.71) },
];

/** Unit vectors: class means repelled on the sphere, instances around them, two noisy views per sample. */
export function clusteredPoints(seed: number, n: number, dim: number, classes: number, spread: number): { points: Float32Array; labels: Int32Array } {
  const random = new SeededRandom(seed);
  const means: Float64Array[] = [];
  for (let c = 0; c < classes; c++) means.push(unit(Float64Array.from({ length: dim }, () => random.normal())));
  const points = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels[i] = c;
    const v = unit(Float64Array.from(means[c]!, (m) => m + spread * random.normal()));
    points.set(v, i * dim);
  }
  return { points, labels };
}

function unit(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return v.map((x) => x / n);
}

export interface Batch {
  readonly rows: number;
  readonly similarity: Float32Array;
  readonly labels: Int32Array;
  readonly pairs: PairSplit;
  readonly distances: { tpFn: number; fnTn: number; tpTn: number };
}

/** A 2B batch: B samples of `classes` classes in `dim` dimensions, each seen twice with view noise. */
export function batch(seed: number, b: number, dim: number, classes: number, spread: number, viewNoise: number): Batch {
  const random = new SeededRandom(seed);
  const base = clusteredPoints(seed + 100, b, dim, classes, spread);
  const rows = 2 * b;
  const views: Float64Array[] = [];
  for (let v = 0; v < 2; v++) {
    for (let i = 0; i < b; i++) {
      const x = Float64Array.from(base.points.subarray(i * dim, (i + 1) * dim), (m) => m + viewNoise * random.normal());
      views.push(unit(x));
    }
  }
  const similarity = new Float32Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < rows; j++) {
      let dot = 0;
      for (let a = 0; a < dim; a++) dot += views[i]![a]! * views[j]![a]!;
      similarity[i * rows + j] = dot;
    }
  }
  const pairs = splitBatchPairs(similarity, base.labels);
  const distances = {
    tpFn: wasserstein1(pairs.truePositive, pairs.falseNegative),
    fnTn: wasserstein1(pairs.falseNegative, pairs.trueNegative),
    tpTn: wasserstein1(pairs.truePositive, pairs.trueNegative),
  };
  return { rows, similarity, labels: base.labels, pairs, distances };
}

export const currentBatch = batch(7, 48, 16, 6, 0.55, 0.22);

export const snapshot: PairSnapshot = { step: 1200, batch: { pairs: currentBatch.pairs, distances: currentBatch.distances } };

/** Distances over training: the classes separate, the views align. */
export function distanceHistory(seed: number, label: string, colorIndex: number, sharpness: number): DistanceHistory {
  const points = [];
  for (let k = 0; k <= 12; k++) {
    const spread = 1.6 - (1.05 * k) / 12;
    const noise = 0.5 - (0.3 * k * sharpness) / 12;
    const b = batch(seed + k, 24, 16, 6, spread, noise);
    points.push({ step: k * 100, distances: b.distances });
  }
  return { label, colorIndex, points };
}

export function profiles(): { label: string; colorIndex: number; profile: NegativeProfile }[] {
  return [
    { label: 'DySTreSS τ 0.1–0.2', colorIndex: 0, profile: negativeProfile(currentBatch.similarity, currentBatch.rows, temperature(dystress(0.1, 0.2))) },
    { label: 'constant τ 0.1', colorIndex: 1, profile: negativeProfile(currentBatch.similarity, currentBatch.rows, temperature(constant(0.1))) },
  ];
}

export const digitNames = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

export const embedding2 = clusteredPoints(21, 240, 2, 5, 0.25);
export const embedding3 = clusteredPoints(22, 300, 3, 6, 0.3);
export const embedding16 = clusteredPoints(23, 400, 16, 10, 0.25);

/** Links between sample i and i + 1 in the same class (positive-pair stand-ins), every 8th sample. */
export function linksFor(n: number, classes: number): [number, number][] {
  const links: [number, number][] = [];
  for (let i = 0; i + classes < n; i += 8) links.push([i, i + classes]);
  return links;
}

export const subtitle = 'step 1,200 · DySTreSS (τ min 0.1, τ max 0.2) · seed 1';

export type FigureRender = (options: LabFigureOptions) => SVGSVGElement;

/** Every lab figure with the fixed data above, drawn with `doc`, and a height that suits it. */
export function labFigureCatalogue(doc: Document): Record<string, { render: FigureRender; height: number }> {
  return {
    'training-curves': { render: (o) => renderTrainingCurvesFigure(doc, { runs, hoverStep: 1200 }, o), height: 520 },
    'training-curves-one-run': { render: (o) => renderTrainingCurvesFigure(doc, { runs: [runs[0]!] }, o), height: 460 },
    'uniformity-tolerance': { render: (o) => renderUniformityToleranceFigure(doc, { runs }, o), height: 460 },
    'pair-distributions': {
      render: (o) =>
        renderPairDistributionsFigure(doc, { snapshot, history: [distanceHistory(40, 'DySTreSS τ 0.1–0.2', 0, 1), distanceHistory(60, 'constant τ 0.1', 1, 0.4)] }, o),
      height: 560,
    },
    'pair-distributions-no-history': { render: (o) => renderPairDistributionsFigure(doc, { snapshot }, o), height: 420 },
    'batch-under-temperature': {
      render: (o) =>
        renderBatchUnderTemperatureFigure(
          doc,
          { curves: { current: labelled('DySTreSS (cosine): τ min 0.1, τ max 0.2', dystress(0.1, 0.2)), pins: [labelled('Constant τ (SimCLR): τ 0.2', constant(0.2))] }, pairs: currentBatch.pairs },
          o,
        ),
      height: 440,
    },
    'gradient-profile': { render: (o) => renderGradientProfileFigure(doc, { runs: profiles() }, o), height: 540 },
    'embedding-circle': { render: (o) => renderEmbeddingFigure(doc, { dim: 2, ...embedding2, links: linksFor(240, 5) }, o), height: 500 },
    'embedding-sphere': { render: (o) => renderEmbeddingFigure(doc, { dim: 3, ...embedding3, view: { yaw: 35, pitch: 20 }, links: linksFor(300, 6) }, o), height: 500 },
    'embedding-pca': { render: (o) => renderEmbeddingFigure(doc, { dim: 16, ...embedding16, classNames: digitNames }, o), height: 540 },
  };
}
