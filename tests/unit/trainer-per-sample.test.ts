import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveChanges, type TrainingConfig } from '../../src/core/config';
import { historyPoint } from '../../src/core/trainer';
import { defaultSetting } from '../../src/core/temperature';
import { unwrap } from './support/fixtures';
import { smallTrainingConfig, spheresOf, trainerFor, trainInBlocks } from './support/trainers';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const config = (temperature: TrainingConfig['temperature']): TrainingConfig => smallTrainingConfig({ temperature });

describe('iSogCLR in the trainer', () => {
  it('trains with falling objective and shows the τ_i of the visited training samples', async () => {
    const t = trainerFor(config({ family: 'isogclr', params: { tmin: 0.05, tmax: 1, rho: 6 } }));
    const before = await t.snapshot();
    expect(before.sampleTau).toBeUndefined(); // no step yet: no state to show
    const snapshots = await trainInBlocks(t, 200, 50);
    const first = snapshots[0]!;
    const last = snapshots[snapshots.length - 1]!;
    expect(last.loss).toBeLessThan(first.loss - 0.05);
    expect(last.metrics.knnAccuracy!).toBeGreaterThan(before.metrics.knnAccuracy!);
    const tau = last.sampleTau!;
    expect(tau.kind).toBe('per-sample');
    expect(tau.total).toBe(240);
    // 200 batches of 32 from 240 samples visit every one of them.
    expect(tau.count).toBe(240);
    expect(tau.values.length).toBe(240);
    for (const v of tau.values) expect(v >= 0.05 && v <= 1).toBe(true);
    expect(tau.quantiles.p95).toBeGreaterThan(tau.quantiles.p05);
    // The batch's τ summaries are the τ_i its rows used, not a curve evaluated on similarities.
    expect(last.tau.positive.mean).toBe(last.tau.negative.mean);
    expect(historyPoint(last).tauSampleMedian).toBeCloseTo(tau.quantiles.p50, 12);
    t.dispose();
  });

  it('rolls its τ_i back with the weights when the run stops being finite', async () => {
    const c = config({ family: 'isogclr', params: { tmin: 0.05, tmax: 1, rho: 6 } });
    const data = spheresOf(c);
    const t = trainerFor(c, data);
    t.train(20);
    const healthy = await t.snapshot();
    // A run on poisoned inputs: its first steps give NaN losses and NaN τ updates.
    (data.train.x as Float32Array).fill(NaN);
    const poisoned = trainerFor(c, data);
    poisoned.train(3);
    const report = await poisoned.snapshot();
    expect(report.divergence?.rolledBackTo).toBe(0);
    // The state began after the checkpoint (step 0): it is dropped, not kept with NaN in it.
    expect(report.sampleTau).toBeUndefined();
    expect(Reflect.get(poisoned, 'perSample')).toBeUndefined();
    expect(healthy.sampleTau!.values.every((v) => Number.isFinite(v))).toBe(true);
    t.dispose();
    poisoned.dispose();
  });

  it('keeps no tensors behind and drops its state when the temperature changes family', async () => {
    const t = trainerFor(config({ family: 'isogclr', params: { tmin: 0.05, tmax: 1, rho: 6 } }));
    t.train(3);
    await t.snapshot();
    const held = tf.memory().numTensors;
    t.train(20);
    await t.snapshot();
    expect(tf.memory().numTensors).toBe(held);
    unwrap(t.setParams({ temperature: defaultSetting('constant') }));
    t.train(2);
    const after = await t.snapshot();
    expect(after.sampleTau).toBeUndefined();
    t.dispose();
  });
});

describe('Temperature as Uncertainty in the trainer', () => {
  it('trains with falling loss and shows the held-out τ_i = T/σ(u_i) with the kNN’s verdict on each', async () => {
    const t = trainerFor(config({ family: 'tau-uncertainty', params: { t: 0.1 } }));
    const before = await t.snapshot();
    const snapshots = await trainInBlocks(t, 200, 50);
    const first = snapshots[0]!;
    const last = snapshots[snapshots.length - 1]!;
    expect(last.loss).toBeLessThan(first.loss - 0.1);
    expect(last.metrics.knnAccuracy!).toBeGreaterThan(before.metrics.knnAccuracy!);
    const tau = last.sampleTau!;
    expect(tau.kind).toBe('predicted');
    expect(tau.population).toBe('held-out');
    expect(tau.values.length).toBe(120);
    for (const v of tau.values) expect(v).toBeGreaterThanOrEqual(0.1 - 1e-7);
    // The verdicts are the kNN accuracy's, sample by sample.
    const correct = tau.knnCorrect!.reduce((a, b) => a + b, 0);
    expect(correct / 120).toBeCloseTo(last.metrics.knnAccuracy!, 12);
    t.dispose();
  });

  it('refuses to switch the encoder’s extra output in or out while a run goes on', () => {
    const t = trainerFor(config({ family: 'tau-uncertainty', params: { t: 0.1 } }));
    const away = t.setParams({ temperature: defaultSetting('constant') });
    expect(!away.ok && away.error).toMatch(/needs a restart/);
    expect(t.setParams({ temperature: { family: 'tau-uncertainty', params: { t: 0.2 } } }).ok).toBe(true);
    t.dispose();
    const plain = trainerFor(config(defaultSetting('constant')));
    const into = plain.setParams({ temperature: { family: 'tau-uncertainty', params: { t: 0.1 } } });
    expect(!into.ok && into.error).toMatch(/needs a restart/);
    plain.dispose();
  });

  it('keeps such a switch out of the live changes: it waits for Apply & reset', () => {
    const constant = config(defaultSetting('constant'));
    const predicted = { ...constant, temperature: { family: 'tau-uncertainty', params: { t: 0.1 } } };
    expect(liveChanges(constant, predicted)).toBeNull();
    expect(liveChanges(predicted, { ...predicted, temperature: { family: 'tau-uncertainty', params: { t: 0.3 } } })).toEqual({
      temperature: { family: 'tau-uncertainty', params: { t: 0.3 } },
    });
    expect(liveChanges(constant, { ...constant, temperature: defaultSetting('isogclr') })).not.toBeNull();
  });
});
