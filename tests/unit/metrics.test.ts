import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseEmbeddings, denseLabels } from '../../src/core/metrics';
import { parseTemperatureSpec } from '../../src/core/temperature';
import { naiveMetrics, naiveNtXent, randomMatrix } from './support/naive';

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

  // Several block sizes: whole set, ragged blocks, single rows.
  for (const blockElements of [1e7, 7 * N, 1]) {
    it(`block of ${Math.max(1, Math.floor(blockElements / N))} rows`, async () => {
      const report = await analyseEmbeddings(input, { temperature: temperature.value, k: 5, knnT: 0.1, blockElements });
      expect(report.n).toBe(N);
      expect(report.dim).toBe(D);
      expect(report.alignment).toBeCloseTo(expected.alignment, 5);
      expect(report.uniformity).toBeCloseTo(expected.uniformity, 5);
      expect(report.tolerance).toBeCloseTo(expected.tolerance, 5);
      expect(report.interClassUniformity).toBeCloseTo(expected.interClassUniformity, 5);
      expect(report.knnAccuracy).toBeCloseTo(expected.knnAccuracy, 10);
      const both = Float64Array.from([...v1, ...v2]);
      expect(report.loss).toBeCloseTo(naiveNtXent(both, 2 * N, D, (s) => temperature.value.scalar(s)), 4);
    });
  }

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
    await analyseEmbeddings(input, { temperature: temperature.value, k: 5, knnT: 0.1, blockElements: 100 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
