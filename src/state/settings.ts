import { parseTrainingConfig, type BackendChoice, type TrainingConfig } from '../core/config';
import { longTailCounts } from '../core/data/spheres';
import type { LiveParams } from '../core/trainer/trainer';

/**
 * What the lab's controls set: the training config and the backend. Some fields act on the running trainer
 * at once (live); the others only take effect when the run restarts, so the controls edit a draft, and the
 * changed restart fields are marked until "Apply & reset".
 */
export interface LabSettings {
  readonly config: TrainingConfig;
  readonly backend: BackendChoice;
}

export interface SettingsState {
  /** What the engine runs with (live fields included as soon as they change). */
  readonly applied: LabSettings;
  /** What the controls show. */
  readonly draft: LabSettings;
}

export type FieldId =
  | 'dataset'
  | 'spheresDim'
  | 'spheresClasses'
  | 'longTailRatio'
  | 'encoder'
  | 'embeddingDim'
  | 'batchSize'
  | 'seed'
  | 'backend'
  | 'learningRate'
  | 'temperature'
  | 'detachTemperature'
  | 'decoupled'
  | 'augmentation';

export interface FieldSpec {
  readonly id: FieldId;
  /** How the field is named in the "restart needed" summary. */
  readonly label: string;
  readonly live: boolean;
  readonly read: (s: LabSettings) => unknown;
}

export const FIELDS: readonly FieldSpec[] = [
  { id: 'dataset', label: 'dataset', live: false, read: (s) => s.config.dataset.id },
  { id: 'spheresDim', label: 'sphere dimension', live: false, read: (s) => s.config.dataset.spheres.dim },
  { id: 'spheresClasses', label: 'classes', live: false, read: (s) => s.config.dataset.spheres.classes },
  { id: 'longTailRatio', label: 'long-tail ratio', live: false, read: (s) => s.config.dataset.spheres.longTailRatio },
  { id: 'encoder', label: 'encoder', live: false, read: (s) => s.config.model.encoder },
  { id: 'embeddingDim', label: 'embedding dimension', live: false, read: (s) => s.config.model.embeddingDim },
  { id: 'batchSize', label: 'batch size', live: false, read: (s) => s.config.batchSize },
  { id: 'seed', label: 'seed', live: false, read: (s) => s.config.seed },
  { id: 'backend', label: 'backend', live: false, read: (s) => s.backend },
  { id: 'learningRate', label: 'learning rate', live: true, read: (s) => s.config.optimizer.learningRate },
  { id: 'temperature', label: 'temperature', live: true, read: (s) => s.config.temperature },
  { id: 'detachTemperature', label: 'detach τ', live: true, read: (s) => s.config.loss.detachTemperature },
  { id: 'decoupled', label: 'decoupled loss', live: true, read: (s) => s.config.loss.decoupled },
  { id: 'augmentation', label: 'augmentation', live: true, read: (s) => s.config.augmentation },
];

export function fieldSpec(id: FieldId): FieldSpec {
  return FIELDS.find((f) => f.id === id)!;
}

export function isLiveField(id: FieldId): boolean {
  return fieldSpec(id).live;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function changedFields(draft: LabSettings, applied: LabSettings): FieldId[] {
  return FIELDS.filter((f) => !same(f.read(draft), f.read(applied))).map((f) => f.id);
}

/** The changed fields that wait for a restart, in control order. */
export function restartNeeded(state: SettingsState): FieldSpec[] {
  return changedFields(state.draft, state.applied)
    .map(fieldSpec)
    .filter((f) => !f.live);
}

export function initialSettings(config: TrainingConfig, backend: BackendChoice): SettingsState {
  const settings = { config, backend };
  return { applied: settings, draft: settings };
}

/** `applied` with the live fields taken from `draft`: what the trainer runs with after a live edit. */
export function withLiveFields(applied: TrainingConfig, draft: TrainingConfig): TrainingConfig {
  return {
    ...applied,
    temperature: draft.temperature,
    augmentation: draft.augmentation,
    optimizer: { ...applied.optimizer, learningRate: draft.optimizer.learningRate },
    loss: draft.loss,
  };
}

/** The live parameters that differ between two configs, or null when none do. */
export function liveChanges(before: TrainingConfig, after: TrainingConfig): LiveParams | null {
  const changes: { -readonly [K in keyof LiveParams]: LiveParams[K] } = {};
  if (!same(before.temperature, after.temperature)) changes.temperature = after.temperature;
  if (before.optimizer.learningRate !== after.optimizer.learningRate) changes.learningRate = after.optimizer.learningRate;
  if (before.loss.detachTemperature !== after.loss.detachTemperature) changes.detachTemperature = after.loss.detachTemperature;
  if (before.loss.decoupled !== after.loss.decoupled) changes.decoupled = after.loss.decoupled;
  if (!same(before.augmentation, after.augmentation)) changes.augmentation = after.augmentation;
  return Object.keys(changes).length > 0 ? changes : null;
}

export type SettingsAction =
  /** The controls changed the draft; live fields reach the trainer at once. */
  | { readonly type: 'edit'; readonly draft: LabSettings }
  /** The engine restarted with these settings (its validated config); the draft stays as it is. */
  | { readonly type: 'applied'; readonly settings: LabSettings }
  | { readonly type: 'revert' };

export function settingsReducer(state: SettingsState, action: SettingsAction): SettingsState {
  switch (action.type) {
    case 'edit':
      return { draft: action.draft, applied: { ...state.applied, config: withLiveFields(state.applied.config, action.draft.config) } };
    case 'applied':
      return { ...state, applied: action.settings };
    case 'revert':
      return { ...state, draft: state.applied };
  }
}

/** Training samples the config's dataset has (image sets: the prepared 10,000). */
export function trainingSamples(config: TrainingConfig): number {
  if (config.dataset.id !== 'spheres') return 10_000;
  const { instancesPerClass, classes, longTailRatio } = config.dataset.spheres;
  return longTailCounts(instancesPerClass, classes, longTailRatio).reduce((a, b) => a + b, 0);
}

/** Why the draft cannot start a run, in words for the control panel; null when it can. */
export function draftProblem(settings: LabSettings): string | null {
  const parsed = parseTrainingConfig(settings.config);
  if (!parsed.ok) return parsed.error;
  const config = parsed.value;
  if (config.model.encoder === 'cnn' && config.dataset.id === 'spheres') {
    return 'The CNN encoder needs an image dataset (MNIST or Fashion-MNIST); choose the MLP for spheres.';
  }
  const samples = trainingSamples(config);
  if (config.batchSize > samples) {
    return `A batch of ${config.batchSize} is more than the ${samples.toLocaleString('en-US')} training samples; choose a smaller batch or more samples.`;
  }
  return null;
}
