import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseComparePlan } from '../../src/core/config';
import { datasetForConfig } from '../../src/core/trainer';
import { CompareRunner } from '../../src/worker/compareRunner';
import { overlayCurves, overlayProfile } from '../../src/ui/compare/overlayCurves';
import { unwrap } from './support/fixtures';

/** The temperatures trained per sample in comparisons: they train beside the others and draw no made-up curve. */

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const isogclr = { label: 'iSogCLR', temperature: { family: 'isogclr', params: { tmin: 0.05, tmax: 1, rho: 6 } } };
const tau = { label: 'TaU 0.1', temperature: { family: 'tau-uncertainty', params: { t: 0.1 } } };
const fixed = { label: 'Fixed τ = 0.2', temperature: { family: 'constant', params: { tau: 0.2 } } };

describe('comparisons with temperatures trained per sample', () => {
  it('train in lockstep with a constant τ, each with its own τ_i quantiles', async () => {
    const plan = unwrap(parseComparePlan({
      config: {
        seed: 7,
        batchSize: 16,
        dataset: { id: 'spheres', spheres: { dim: 4, classes: 3, instancesPerClass: 40, evalPerClass: 10 } },
        model: { hidden: 16, featureDim: 8, embeddingDim: 4 },
        evaluation: { samples: 30, k: 5, embeddingPoints: 0 },
      },
      settings: [fixed, isogclr, tau],
      seeds: 1,
      steps: 6,
      evalEvery: 3,
    }));
    const r = unwrap(await CompareRunner.create(plan, (config) => datasetForConfig(config, async () => new ArrayBuffer(0))));
    const byRun: number[][] = r.runs.map(() => []);
    const medians: (number | null | undefined)[][] = r.runs.map(() => []);
    for (const record of await r.evaluate()) byRun[record.run]!.push(record.point.step);
    while (!r.finished) {
      for (const record of await r.advance()) {
        byRun[record.run]!.push(record.point.step);
        medians[record.run]!.push(record.point.tauSampleMedian);
      }
    }
    r.dispose();
    expect(byRun).toEqual([[0, 3, 6], [0, 3, 6], [0, 3, 6]]);
    expect(medians[0]).toEqual([undefined, undefined]);
    for (const run of [1, 2]) for (const m of medians[run]!) expect(Number.isFinite(m)).toBe(true);
  });

  it('overlay no τ(s) curve and no gradient profile, but keep their place (and so their colour)', () => {
    const curves = overlayCurves([fixed, isogclr, tau], { step: 0, alignment: 0 });
    expect(curves.map((c) => c.label)).toEqual(['Fixed τ = 0.2', 'iSogCLR (τ per sample: no curve)', 'TaU 0.1 (τ per sample: no curve)']);
    expect(Array.from(curves[0]!.curve.tau).every((t) => t === 0.2)).toBe(true);
    for (const c of curves.slice(1)) expect(Array.from(c.curve.tau).every((t) => Number.isNaN(t))).toBe(true);
    const batch = Float32Array.from([1, 0.2, 0.2, 1]);
    expect(overlayProfile({ temperature: isogclr.temperature, batches: [batch] }, { step: 0, alignment: 0 })).toBeNull();
  });
});
