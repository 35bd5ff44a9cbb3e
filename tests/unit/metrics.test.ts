import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyseEmbeddings,
  denseLabels,
  panelCount,
  runPairPanels,
  type PairPassRunner,
} from '../../src/core/metrics';
import { SeededRandom } from '../../src/core/random';
import { parseTemperatureSpec } from '../../src/core/temperature';
import { naiveMetrics, naiveNtXent, normaliseRows, randomMatrix } from './support/naive';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const N = 45;
const D = 6;

/** Clustered data so that kNN and tolerance are informative: class centre plus noise. */
function clustered(seed: number, labels: Int32Array): Float64Array {
  const centres = randomMatrix(4, D, 99);
  const noise = randomMatrix(N, D, seed);
  return noise.map((x, k) => 0.6 * x + centres[labels[Math.floor(k / D)]! * D + (k % D)]!);
}

describe('analyseEmbeddings vs the naive float64 definitions', () => {
  const labels = Int32Array.from({ length: N }, (_, i) => (i * 7) % 4);
  const v1 = clustered(1, labels);
  const v2 = clustered(2, labels);
  const expected = naiveMetrics(v1, v2, labels, N, D, 5, 0.1);
  const temperature = parseTemperatureSpec('dystress:0.1,0.2');
  if (!temperature.ok) throw new Error(temperature.error);
  const input = {
    view1: { rows: N, cols: D, data: Float32Array.from(v1) },
    view2: { rows: N, cols: D, data: Float32Array.from(v2) },
    labels,
  };

  // Several tile shapes: the whole set in one tile, ragged panels and chunks, single rows and columns.
  for (const [panel, chunkRows] of [[512, 2048], [7, 10], [1, 1], [13, 90]] as const) {
    it(`panels of ${panel} columns, tiles of ${chunkRows} rows`, async () => {
      const report = await analyseEmbeddings(input, { temperature: temperature.value, k: 5, knnT: 0.1, panel, chunkRows });
      expect(report.n).toBe(N);
      expect(report.dim).toBe(D);
      expect(report.alignment).toBeCloseTo(expected.alignment, 5);
      expect(report.uniformity).toBeCloseTo(expected.uniformity, 5);
      expect(report.tolerance).toBeCloseTo(expected.tolerance, 5);
      expect(report.interClassUniformity).toBeCloseTo(expected.interClassUniformity, 5);
      expect(report.knnAccuracy).toBeCloseTo(expected.knnAccuracy, 10);
      const both = Float64Array.from([...v1, ...v2]);
      expect(report.loss).toBeCloseTo(naiveNtXent(both, 2 * N, D, (s) => temperature.value.scalar(s)), 4);
      expect(report.lossMethod).toEqual({ method: 'whole' });
    });
  }

  it('gives the same values when the panels are shared out among workers and merged (multi-worker path)', async () => {
    // Three "workers" in turn, each taking every third panel from the counter, as worker threads share them.
    const threeShares: PairPassRunner = async (z, spec) => {
      const shares = [];
      for (let w = 0; w < 3; w++) {
        let next = w;
        shares.push(await runPairPanels(z, spec, () => ((next += 3), next - 3)));
      }
      return shares;
    };
    const options = { temperature: temperature.value, k: 5, knnT: 0.1, panel: 4, chunkRows: 9 };
    expect(panelCount({ rows: 2 * N, panel: 4 })).toBeGreaterThan(6);
    const single = await analyseEmbeddings(input, options);
    const shared = await analyseEmbeddings(input, { ...options, runner: threeShares });
    for (const key of ['alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'loss'] as const) {
      expect(Math.abs(shared[key]! - single[key]!), key).toBeLessThan(1e-12 * Math.max(1, Math.abs(single[key]!)));
    }
    expect(shared.knnAccuracy).toBe(single.knnAccuracy);
  });

  it('the kNN accuracy of clustered data is high and of shuffled labels near chance', async () => {
    expect(expected.knnAccuracy).toBeGreaterThan(0.8);
    const shuffled = Int32Array.from(randomMatrix(N, 1, 5), (x) => Math.floor((x + 1) * 2));
    const report = await analyseEmbeddings({ view1: input.view1, labels: shuffled }, { k: 5, knnT: 0.1 });
    expect(report.knnAccuracy).toBeCloseTo(naiveMetrics(v1, v2, shuffled, N, D, 5, 0.1).knnAccuracy, 10);
    expect(report.knnAccuracy!).toBeLessThan(0.5);
  });

  it('reports only what the inputs allow', async () => {
    const report = await analyseEmbeddings({ view1: input.view1 }, { k: 5, knnT: 0.1 });
    expect(Object.keys(report).sort()).toEqual(['dim', 'n', 'uniformity']);
  });

  it('kNN ties go to the lowest label; small t does not overflow', async () => {
    // Four unit vectors (1,0), (0,1), (0,−1), (−1,0). Rows 0 and 3 have two neighbours at equal similarity 0,
    // labelled 2 and 0: the tie must go to 0, their own label. Row 1's neighbours are both 0 (wrong), row 2's too (right).
    const view1 = { rows: 4, cols: 2, data: Float32Array.from([1, 0, 0, 1, 0, -1, -1, 0]) };
    const report = await analyseEmbeddings({ view1, labels: Int32Array.from([0, 2, 0, 0]) }, { k: 2, knnT: 0.001 });
    expect(report.knnAccuracy).toBe(0.75);
  });

  it('denseLabels keeps the order of the original labels', () => {
    expect(denseLabels(Int32Array.from([7, -2, 7, 3]))).toEqual({ labels: Int32Array.from([2, 0, 2, 1]), classes: 3 });
  });

  it('frees every tensor it makes', async () => {
    const before = tf.memory().numTensors;
    await analyseEmbeddings(input, { temperature: temperature.value, k: 5, knnT: 0.1, panel: 3, chunkRows: 5 });
    await analyseEmbeddings(input, { temperature: temperature.value, k: 5, knnT: 0.1, loss: { batch: 8, seed: 3 } });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the batched loss, as training computes it', () => {
  const n = 50;
  const d = 7;
  const raw1 = randomMatrix(n, d, 31);
  const raw2 = raw1.map((x, k) => x + 0.3 * randomMatrix(n, d, 32)[k]!);
  const input = { view1: { rows: n, cols: d, data: Float32Array.from(raw1) }, view2: { rows: n, cols: d, data: Float32Array.from(raw2) } };

  /** The naive float64 NT-Xent of each seeded batch (the same permutation), MACL's A from the batch, averaged. */
  function naiveBatched(spec: string, batch: number, seed: number): number {
    const t = parseTemperatureSpec(spec);
    if (!t.ok) throw new Error(t.error);
    const order = new SeededRandom(seed).sampleWithoutReplacement(n, n);
    const batches = Math.floor(n / batch);
    let sum = 0;
    for (let b = 0; b < batches; b++) {
      const rows = new Float64Array(2 * batch * d);
      for (let r = 0; r < batch; r++) {
        const i = order[b * batch + r]!;
        for (let q = 0; q < d; q++) {
          rows[r * d + q] = Math.fround(raw1[i * d + q]!);
          rows[(batch + r) * d + q] = Math.fround(raw2[i * d + q]!);
        }
      }
      const z = normaliseRows(rows, 2 * batch, d);
      let alignment = 0;
      for (let r = 0; r < batch; r++) for (let q = 0; q < d; q++) alignment += (z[r * d + q]! * z[(batch + r) * d + q]!) / batch;
      const macl = t.value.family.reweighting === 'macl';
      sum += naiveNtXent(rows, 2 * batch, d, (s) => t.value.scalar(s, { alignment }), { macl });
    }
    return sum / batches;
  }

  for (const spec of ['dystress:0.1,0.2', 'constant:0.5', 'macl:0.1,0.5,0']) {
    it(`equals the naive NT-Xent averaged over the same seeded batches (${spec})`, async () => {
      const t = parseTemperatureSpec(spec);
      if (!t.ok) throw new Error(t.error);
      const report = await analyseEmbeddings(input, { temperature: t.value, k: 5, knnT: 0.1, loss: { batch: 8, seed: 3 } });
      expect(report.lossMethod).toEqual({ method: 'batched', batch: 8, seed: 3, batches: 6, leftOut: 2 });
      const expected = naiveBatched(spec, 8, 3);
      expect(Math.abs(report.loss! - expected) / expected).toBeLessThan(2e-6);
      // Another seed draws other batches: another value, also matched.
      const other = await analyseEmbeddings(input, { temperature: t.value, k: 5, knnT: 0.1, loss: { batch: 8, seed: 4 } });
      expect(other.loss).not.toBe(report.loss);
      expect(Math.abs(other.loss! - naiveBatched(spec, 8, 4)) / expected).toBeLessThan(2e-6);
    });
  }

  it('is the default above 10,000 pairs only; the whole-set loss stays on request', async () => {
    const { chosenLoss } = await import('../../src/core/metrics');
    expect(chosenLoss(10_000, undefined)).toBe('whole');
    expect(chosenLoss(10_001, undefined)).toEqual({ batch: 128, seed: 1 });
    expect(chosenLoss(50_000, 'whole')).toBe('whole');
    expect(chosenLoss(100, { batch: 16, seed: 2 })).toEqual({ batch: 16, seed: 2 });
  });
});

describe('expNearZero (the uniformity kernel)', () => {
  it('equals Math.exp to 1e-15 relative over its range', async () => {
    const { expNearZero } = await import('../../src/core/metrics/fastExp');
    for (let x = -9; x < 1; x += 0.001237) expect(Math.abs(expNearZero(x) / Math.exp(x) - 1)).toBeLessThan(1e-15);
  });
});
