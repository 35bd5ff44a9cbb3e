import { LIVE_PARAMETERS, liveChanges, needsUncertaintyUnit, parseTrainingConfig, withLiveParams, type BackendChoice, type LiveKey, type TrainingConfig } from '../core/config';
import { longTailCounts } from '../core/data/spheres';
import type { OwnDataSummary } from '../io/ownData';

export { liveChanges } from '../core/config';

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

/** The fields that wait for a restart, and the live parameters (core/config/live.ts). */
export type FieldId =
  | 'dataset'
  | 'imageFormat'
  | 'heldOut'
  | 'spheresDim'
  | 'spheresClasses'
  | 'longTailRatio'
  | 'encoder'
  | 'embeddingDim'
  | 'batchSize'
  | 'seed'
  | 'backend'
  | 'temperatureOutput'
  | LiveKey;

export interface FieldSpec {
  readonly id: FieldId;
  /** How the field is named in the "restart needed" summary. */
  readonly label: string;
  readonly live: boolean;
  readonly read: (s: LabSettings) => unknown;
}

export const FIELDS: readonly FieldSpec[] = [
  { id: 'dataset', label: 'dataset', live: false, read: (s) => s.config.dataset.id },
  { id: 'imageFormat', label: 'image size', live: false, read: (s) => s.config.dataset.own.imageFormat },
  { id: 'heldOut', label: 'held-out fraction', live: false, read: (s) => s.config.dataset.own.heldOut },
  { id: 'spheresDim', label: 'sphere dimension', live: false, read: (s) => s.config.dataset.spheres.dim },
  { id: 'spheresClasses', label: 'classes', live: false, read: (s) => s.config.dataset.spheres.classes },
  { id: 'longTailRatio', label: 'long-tail ratio', live: false, read: (s) => s.config.dataset.spheres.longTailRatio },
  { id: 'encoder', label: 'encoder', live: false, read: (s) => s.config.model.encoder },
  { id: 'embeddingDim', label: 'embedding dimension', live: false, read: (s) => s.config.model.embeddingDim },
  { id: 'batchSize', label: 'batch size', live: false, read: (s) => s.config.batchSize },
  { id: 'seed', label: 'seed', live: false, read: (s) => s.config.seed },
  { id: 'backend', label: 'backend', live: false, read: (s) => s.backend },
  // Temperature as Uncertainty adds an output to the encoder: switching it in or out waits for a restart.
  { id: 'temperatureOutput', label: 'encoder’s τ output (Temperature as Uncertainty)', live: false, read: (s) => needsUncertaintyUnit(s.config) },
  ...LIVE_PARAMETERS.map((p): FieldSpec => ({ id: p.key, label: p.label, live: true, read: (s) => p.read(s.config) })),
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
  return withLiveParams(applied, liveChanges(applied, draft) ?? {});
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

/**
 * Training samples the config's dataset has (image sets: the prepared 10,000; your own data: its rows less
 * the held-out ones, or Infinity while unknown).
 */
export function trainingSamples(config: TrainingConfig, ownData?: OwnDataSummary): number {
  const { id } = config.dataset;
  if (id === 'vectors' || id === 'images') return ownData ? ownTrainingSamples(ownData.n, config.dataset.own.heldOut) : Infinity;
  if (id !== 'spheres') return 10_000;
  const { instancesPerClass, classes, longTailRatio } = config.dataset.spheres;
  return longTailCounts(instancesPerClass, classes, longTailRatio).reduce((a, b) => a + b, 0);
}

/** About the rows a seeded split leaves for training (makeOwnDataset rounds per class). */
function ownTrainingSamples(n: number, heldOut: number): number {
  return n - Math.round(heldOut * n);
}

/**
 * Why the draft cannot start a run, in words for the control panel; null when it can. `ownData`: the user's
 * data loaded in this tab, if any.
 */
export function draftProblem(settings: LabSettings, ownData?: OwnDataSummary): string | null {
  const parsed = parseTrainingConfig(settings.config);
  if (!parsed.ok) return parsed.error;
  const config = parsed.value;
  const { id } = config.dataset;
  if ((id === 'vectors' || id === 'images') && ownData?.id !== id) {
    return 'Load your data first: a .npy or .csv of vectors, or a .zip of class folders of images.';
  }
  if (config.model.encoder === 'cnn' && (id === 'spheres' || id === 'vectors')) {
    return `The CNN encoder needs an image dataset (MNIST, Fashion-MNIST or your images); choose the MLP for ${id}.`;
  }
  const samples = trainingSamples(config, ownData);
  if (config.batchSize > samples) {
    return `A batch of ${config.batchSize} is more than the ${samples.toLocaleString('en-US')} training samples; choose a smaller batch or more samples.`;
  }
  return null;
}
