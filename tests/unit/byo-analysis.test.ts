import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { splitBatchPairs } from '../../src/core/metrics';
import { SeededRandom } from '../../src/core/random';
import * as tf from '../../src/core/tf';
import { AnalysisEngine } from '../../src/worker/analysis';
import type { AnalysisEvent } from '../../src/worker/analysisProtocol';
import { batchMatrix, samplePairs, sampleRows, unitRows } from '../../src/worker/analysisSample';
import { npyBytes } from '../browser/npyFiles';
import { naiveMetrics, naiveNtXent, normaliseRows, randomMatrix } from './support/naive';

const N = 24;
const D = 5;
const labels = Int32Array.from({ length: N }, (_, i) => [0, 1, 1, 2][i % 4]!);
const raw1 = randomMatrix(N, D, 11);
const raw2 = raw1.map((x, k) => x + 0.2 * randomMatrix(N, D, 12)[k]!);
const matrix = (raw: Float64Array) => ({ rows: N, cols: D, data: Float32Array.from(raw) });

/** The 2N×2N similarity matrix of [view1; view2], naively, from the float32 rows. */
function naiveSimilarity(): Float64Array {
  const stacked = new Float64Array(2 * N * D);
  stacked.set(Float32Array.from(raw1));
  stacked.set(Float32Array.from(raw2), N * D);
  const z = normaliseRows(stacked, 2 * N, D);
  const s = new Float64Array(4 * N * N);
  for (let i = 0; i < 2 * N; i++) for (let j = 0; j < 2 * N; j++) for (let q = 0; q < D; q++) s[i * 2 * N + j] += z[i * D + q]! * z[j * D + q]!;
  return s;
}

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((x, y) => x - y);

describe('pairs by type of loaded embeddings', () => {
  const rows = unitRows(matrix(raw1), matrix(raw2), labels);
  const reference = splitBatchPairs(naiveSimilarity(), labels);

  it('are every pair of each type when there are no more than the cap', () => {
    const sample = samplePairs(rows, 10_000, new SeededRandom(1));
    expect(sample.sampled).toBe(false);
    for (const type of ['truePositive', 'falseNegative', 'trueNegative'] as const) {
      const got = sorted(sample.pairs[type]);
      const want = sorted(reference[type]);
      expect(got.length, type).toBe(want.length);
      expect(sample.total[type]).toBe(want.length);
      got.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 6));
    }
  });

  it('are drawn from the pairs of their type when there are more', () => {
    const cap = 150;
    const sample = samplePairs(rows, cap, new SeededRandom(2));
    expect(sample.sampled).toBe(true);
    expect(sample.total).toEqual({ truePositive: N, falseNegative: reference.falseNegative.length, trueNegative: reference.trueNegative.length });
    for (const type of ['falseNegative', 'trueNegative'] as const) {
      expect(sample.pairs[type].length).toBe(cap);
      const all = reference[type];
      // Every drawn similarity is one of that type's pairs.
      for (const v of sample.pairs[type]) expect(all.some((w) => Math.abs(w - v) < 1e-6), `${type} ${v}`).toBe(true);
      // And the draw is unbiased: its mean within four standard errors of the type's mean.
      const mean = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0) / a.length;
      const sd = Math.sqrt(Array.from(all).reduce((acc, v) => acc + (v - mean(all)) ** 2, 0) / all.length);
      expect(Math.abs(mean(sample.pairs[type]) - mean(all))).toBeLessThan((4 * sd) / Math.sqrt(cap));
    }
  });

  it('count every negative as a true negative without labels', () => {
    const unlabelled = unitRows(matrix(raw1), matrix(raw2));
    const sample = samplePairs(unlabelled, 10_000, new SeededRandom(1));
    expect(sample.pairs.falseNegative.length).toBe(0);
    expect(sample.pairs.trueNegative.length).toBe(reference.falseNegative.length + reference.trueNegative.length);
  });

  it('give a batch matrix of sampled samples, [view1; view2] as in training', () => {
    const indices = sampleRows(N, 7, new SeededRandom(3));
    expect(new Set(indices).size).toBe(7);
    const { similarity, rows: size, labels: batchLabels } = batchMatrix(rows, indices);
    expect(size).toBe(14);
    const full = naiveSimilarity();
    const at = (k: number) => (k < 7 ? indices[k]! : indices[k - 7]! + N);
    for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) expect(similarity[a * size + b]).toBeCloseTo(full[at(a) * 2 * N + at(b)]!, 6);
    expect(Array.from(batchLabels)).toEqual(Array.from(indices, (i) => labels[i]));
  });
});

describe('the analysis engine', () => {
  const files = {
    view1: { name: 'a.npy', bytes: npyBytes('<f4', [N, D], Float32Array.from(raw1)).slice().buffer },
    view2: { name: 'b.npy', bytes: npyBytes('<f4', [N, D], Float32Array.from(raw2)).slice().buffer },
    labels: { name: 'l.npy', bytes: npyBytes('<i8', [N], BigInt64Array.from(labels, (l) => BigInt(l))).slice().buffer },
  };
  const engine = new AnalysisEngine(async () => {
    tf.env().set('IS_TEST', true);
    await tf.setBackend('cpu');
    return 'cpu';
  });
  const events: AnalysisEvent[] = [];
  const next = async (type: AnalysisEvent['type']): Promise<AnalysisEvent> => {
    for (;;) {
      const found = events.findIndex((e) => e.type === type);
      if (found >= 0) return events.splice(found, 1)[0]!;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const toFloat64 = (a: ArrayLike<number>) => Float64Array.from(Float32Array.from(a));

  it('shows sampled pairs and a PCA first, then the metrics of every pair, then the loss under a new τ', async () => {
    const result = await engine.load(1, files, { temperature: { family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } }, k: 5, knnT: 0.1 }, (id, e) => {
      expect(id).toBe(1);
      events.push(e);
    });
    expect(result).toMatchObject({ ok: true, value: { n: N, dim: D, views: 2, classes: 3, names: { view1: 'a.npy', view2: 'b.npy', labels: 'l.npy' } } });
    const pairs = await next('pairs');
    if (pairs.type !== 'pairs') throw new Error('unreachable');
    expect(pairs.pairs.total.truePositive).toBe(N);
    expect(pairs.batch!.rows).toBe(2 * N);
    const projection = await next('projection');
    if (projection.type !== 'projection') throw new Error('unreachable');
    expect(projection.sample.projection.kind).toBe('pca');
    expect(projection.sample.projection.coordinates.length).toBe(2 * N);
    const metrics = await next('metrics');
    if (metrics.type !== 'metrics') throw new Error('unreachable');

    const naive = naiveMetrics(toFloat64(raw1), toFloat64(raw2), labels, N, D, 5, 0.1);
    const report = metrics.report;
    expect(report.alignment).toBeCloseTo(naive.alignment, 5);
    expect(report.uniformity).toBeCloseTo(naive.uniformity, 5);
    expect(report.tolerance).toBeCloseTo(naive.tolerance, 5);
    expect(report.interClassUniformity).toBeCloseTo(naive.interClassUniformity, 5);
    expect(report.knnAccuracy).toBeCloseTo(naive.knnAccuracy, 10);
    const stacked = new Float64Array(2 * N * D);
    stacked.set(toFloat64(raw1));
    stacked.set(toFloat64(raw2), N * D);
    const dystress = (s: number) => 0.1 + 0.5 * 0.1 * (1 + Math.cos(Math.PI * (1 + s)));
    expect(report.loss).toBeCloseTo(naiveNtXent(stacked, 2 * N, D, dystress), 5);
    expect(metrics.temperature).toBe('dystress:0.1,0.2');

    engine.setTemperature({ family: 'constant', params: { tau: 0.5 } });
    const loss = await next('loss');
    if (loss.type !== 'loss') throw new Error('unreachable');
    expect(loss.temperature).toBe('constant:0.5');
    expect(loss.loss).toBeCloseTo(naiveNtXent(stacked, 2 * N, D, () => 0.5), 5);
  });

  it('refuses a bad file with the parser’s message and keeps what it holds', async () => {
    const bad = { view1: { name: 'bad.csv', bytes: new TextEncoder().encode('1,2\n3\n').buffer as ArrayBuffer } };
    const result = await engine.load(2, bad, { temperature: { family: 'constant', params: { tau: 0.5 } }, k: 5, knnT: 0.1 }, () => {
      throw new Error('no events for a refused load');
    });
    expect(result).toEqual({ ok: false, error: 'view1 (bad.csv): row 2 has 1 value, expected 2' });
    // The earlier data still answers: the loss under another temperature.
    engine.setTemperature({ family: 'constant', params: { tau: 0.25 } });
    const loss = await next('loss');
    if (loss.type !== 'loss') throw new Error('unreachable');
    expect(loss.temperature).toBe('constant:0.25');
  });
  it('analyses a single view without labels: negatives only, uniformity only, no batch for the gradient', async () => {
    const single = { view1: { name: 'only.csv', bytes: new TextEncoder().encode(Array.from({ length: N }, (_, i) => Array.from(raw1.subarray(i * D, (i + 1) * D)).join(',')).join('\n')).buffer as ArrayBuffer } };
    const got: AnalysisEvent[] = [];
    const result = await engine.load(3, single, { temperature: { family: 'constant', params: { tau: 0.5 } }, k: 5, knnT: 0.1 }, (_id, e) => got.push(e));
    expect(result).toMatchObject({ ok: true, value: { n: N, dim: D, views: 1, classes: 0 } });
    while (!got.some((e) => e.type === 'metrics')) await new Promise((resolve) => setTimeout(resolve, 5));
    const pairs = got.find((e) => e.type === 'pairs');
    if (pairs?.type !== 'pairs') throw new Error('no pairs event');
    expect(pairs.batch).toBeNull();
    expect(pairs.pairs.total).toEqual({ truePositive: 0, falseNegative: 0, trueNegative: (N * (N - 1)) / 2 });
    const metrics = got.find((e) => e.type === 'metrics');
    if (metrics?.type !== 'metrics') throw new Error('no metrics event');
    expect(Object.keys(metrics.report).sort()).toEqual(['dim', 'n', 'uniformity']);
    expect(metrics.report.uniformity).toBeCloseTo(naiveMetrics(Float64Array.from(raw1), Float64Array.from(raw2), labels, N, D, 5, 0.1).uniformity, 5);
  });
});
