import { describe, expect, it } from 'vitest';
import { defaultConfig, LIVE_PARAMETERS, liveChanges, withLiveParams, type TrainingConfig } from '../../src/core/config';

const edited = (): TrainingConfig => {
  const c = defaultConfig();
  return {
    ...c,
    seed: 9,
    batchSize: 64,
    temperature: { family: 'constant', params: { tau: 0.3 } },
    optimizer: { ...c.optimizer, learningRate: 0.02, momentum: 0.5 },
    loss: { detachTemperature: false, decoupled: true, objective: 'siglip' },
    augmentation: { ...c.augmentation, vector: { rotation: 1, noise: 0.2 } },
  };
};

describe('live parameters', () => {
  it('reads and writes each live field of the config and nothing else', () => {
    const before = defaultConfig();
    for (const p of LIVE_PARAMETERS) {
      const written = (p.write as (c: TrainingConfig, v: unknown) => TrainingConfig)(before, p.read(edited()));
      expect(p.read(written)).toEqual(p.read(edited()));
      expect(liveChanges(before, written)).toEqual({ [p.key]: p.read(edited()) });
    }
  });

  it('carries the live changes, and only those, into the config a reset starts from', () => {
    const before = defaultConfig();
    const changes = liveChanges(before, edited())!;
    expect(Object.keys(changes).sort()).toEqual(['augmentation', 'decoupled', 'detachTemperature', 'learningRate', 'objective', 'temperature']);
    const after = withLiveParams(before, changes);
    expect(after.temperature).toEqual({ family: 'constant', params: { tau: 0.3 } });
    expect(after.optimizer).toEqual({ ...before.optimizer, learningRate: 0.02 });
    expect(after.loss).toEqual({ detachTemperature: false, decoupled: true, objective: 'siglip' });
    expect(after.augmentation.vector).toEqual({ rotation: 1, noise: 0.2 });
    expect(after.seed).toBe(before.seed);
    expect(after.batchSize).toBe(before.batchSize);
    expect(liveChanges(after, edited())).toBeNull();
  });

  it('leaves a config without changes as it is', () => {
    const before = defaultConfig();
    expect(liveChanges(before, defaultConfig())).toBeNull();
    expect(withLiveParams(before, {})).toEqual(before);
  });
});
