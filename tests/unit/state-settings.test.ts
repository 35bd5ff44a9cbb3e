import { describe, expect, it } from 'vitest';
import { defaultConfig, type TrainingConfig } from '../../src/core/config';
import {
  changedFields,
  draftProblem,
  FIELDS,
  initialSettings,
  isLiveField,
  liveChanges,
  restartNeeded,
  settingsReducer,
  trainingSamples,
  type LabSettings,
} from '../../src/state/settings';

const base = (): LabSettings => ({ config: defaultConfig(), backend: 'wasm' });
const editConfig = (s: LabSettings, change: (c: TrainingConfig) => TrainingConfig): LabSettings => ({ ...s, config: change(s.config) });

describe('live and restart-needed fields', () => {
  it('classifies what the trainer can change on the fly as live, everything else as restart-needed', () => {
    const live = FIELDS.filter((f) => f.live).map((f) => f.id);
    expect(live.sort()).toEqual(['augmentation', 'decoupled', 'detachTemperature', 'learningRate', 'objective', 'temperature']);
    for (const id of ['dataset', 'spheresDim', 'spheresClasses', 'longTailRatio', 'encoder', 'embeddingDim', 'batchSize', 'seed', 'backend'] as const) {
      expect(isLiveField(id)).toBe(false);
    }
  });

  it('reports the changed fields of a draft', () => {
    const draft = editConfig({ ...base(), backend: 'cpu' }, (c) => ({ ...c, batchSize: 64, optimizer: { ...c.optimizer, learningRate: 0.01 } }));
    expect(changedFields(draft, base()).sort()).toEqual(['backend', 'batchSize', 'learningRate']);
  });

  it('applies a live edit at once and marks a restart edit until applied', () => {
    let state = initialSettings(defaultConfig(), 'wasm');
    const liveEdit = editConfig(state.draft, (c) => ({ ...c, loss: { ...c.loss, detachTemperature: false } }));
    state = settingsReducer(state, { type: 'edit', draft: liveEdit });
    expect(state.applied.config.loss.detachTemperature).toBe(false);
    expect(restartNeeded(state)).toEqual([]);

    const restartEdit = editConfig(state.draft, (c) => ({ ...c, seed: 7, model: { ...c.model, embeddingDim: 3 } }));
    state = settingsReducer(state, { type: 'edit', draft: restartEdit });
    expect(state.applied.config.seed).toBe(1);
    expect(restartNeeded(state).map((f) => f.label)).toEqual(['embedding dimension', 'seed']);

    const reverted = settingsReducer(state, { type: 'revert' });
    expect(restartNeeded(reverted)).toEqual([]);
    expect(reverted.draft.config.loss.detachTemperature).toBe(false);

    const applied = settingsReducer(state, { type: 'applied', settings: state.draft });
    expect(restartNeeded(applied)).toEqual([]);
    expect(applied.applied.config.seed).toBe(7);
  });

  it('keeps waiting changes when the run restarts with the applied settings (Reset)', () => {
    let state = initialSettings(defaultConfig(), 'wasm');
    state = settingsReducer(state, { type: 'edit', draft: { ...state.draft, backend: 'cpu' } });
    state = settingsReducer(state, { type: 'applied', settings: state.applied });
    expect(restartNeeded(state).map((f) => f.id)).toEqual(['backend']);
  });

  it('sends only the live parameters that changed', () => {
    const before = defaultConfig();
    expect(liveChanges(before, before)).toBeNull();
    const after: TrainingConfig = {
      ...before,
      seed: 9,
      temperature: { family: 'constant', params: { tau: 0.2 } },
      optimizer: { ...before.optimizer, learningRate: 0.005 },
    };
    expect(liveChanges(before, after)).toEqual({ temperature: { family: 'constant', params: { tau: 0.2 } }, learningRate: 0.005 });
  });
});

describe('draft problems', () => {
  it('accepts the defaults', () => {
    expect(draftProblem(base())).toBeNull();
  });

  it('says why a CNN cannot train on spheres', () => {
    const draft = editConfig(base(), (c) => ({ ...c, model: { ...c.model, encoder: 'cnn' } }));
    expect(draftProblem(draft)).toMatch(/CNN encoder needs an image dataset/);
    expect(draftProblem(editConfig(draft, (c) => ({ ...c, dataset: { ...c.dataset, id: 'mnist' } })))).toBeNull();
  });

  it('counts long-tailed classes when checking the batch size', () => {
    const tail = editConfig(base(), (c) => ({ ...c, batchSize: 512, dataset: { ...c.dataset, spheres: { ...c.dataset.spheres, classes: 2, longTailRatio: 0.1 } } }));
    expect(trainingSamples(tail.config)).toBe(220);
    expect(draftProblem(tail)).toBe('A batch of 512 is more than the 220 training samples; choose a smaller batch or more samples.');
  });

  it('passes on the schema’s message for an out-of-range value', () => {
    expect(draftProblem(editConfig(base(), (c) => ({ ...c, seed: -3 })))).toMatch(/^seed: /);
  });
});
