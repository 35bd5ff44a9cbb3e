import type { TrainingConfig } from './schema';

/** A numeric config field by the short name links, the runner's flags and sweep axes use. */
export interface NumericParameter {
  readonly key: string;
  readonly label: string;
  readonly integer: boolean;
  readonly read: (config: TrainingConfig) => number;
  readonly write: (config: TrainingConfig, value: number) => TrainingConfig;
}

type Spheres = TrainingConfig['dataset']['spheres'];
type ImageAugmentation = TrainingConfig['augmentation']['image'];

const spheres = (key: keyof Spheres, label: string, integer: boolean): NumericParameter => ({
  key: { dim: 'dataDim', classes: 'classes', instancesPerClass: 'instances', evalPerClass: 'evalPerClass', concentration: 'concentration', longTailRatio: 'tail' }[key],
  label,
  integer,
  read: (c) => c.dataset.spheres[key],
  write: (c, v) => ({ ...c, dataset: { ...c.dataset, spheres: { ...c.dataset.spheres, [key]: v } } }),
});

const vectorAugmentation = (key: 'rotation' | 'noise', name: string, label: string): NumericParameter => ({
  key: name,
  label,
  integer: false,
  read: (c) => c.augmentation.vector[key],
  write: (c, v) => ({ ...c, augmentation: { ...c.augmentation, vector: { ...c.augmentation.vector, [key]: v } } }),
});

const imageAugmentation = (key: keyof ImageAugmentation, name: string, label: string): NumericParameter => ({
  key: name,
  label,
  integer: false,
  read: (c) => c.augmentation.image[key],
  write: (c, v) => ({ ...c, augmentation: { ...c.augmentation, image: { ...c.augmentation.image, [key]: v } } }),
});

/**
 * The numeric training parameters, each named once. Their ranges are the config schema's: a value is valid
 * when the config it makes parses.
 */
export const NUMERIC_PARAMETERS: readonly NumericParameter[] = [
  spheres('dim', 'sphere dimension', true),
  spheres('classes', 'classes', true),
  spheres('instancesPerClass', 'instances per class', true),
  spheres('concentration', 'concentration κ', false),
  spheres('longTailRatio', 'long-tail ratio', false),
  {
    key: 'dim',
    label: 'embedding dimension',
    integer: true,
    read: (c) => c.model.embeddingDim,
    write: (c, v) => ({ ...c, model: { ...c.model, embeddingDim: v } }),
  },
  { key: 'batch', label: 'batch size', integer: true, read: (c) => c.batchSize, write: (c, v) => ({ ...c, batchSize: v }) },
  {
    key: 'lr',
    label: 'learning rate',
    integer: false,
    read: (c) => c.optimizer.learningRate,
    write: (c, v) => ({ ...c, optimizer: { ...c.optimizer, learningRate: v } }),
  },
  vectorAugmentation('rotation', 'augRotation', 'rotation (vectors)'),
  vectorAugmentation('noise', 'augNoise', 'noise (vectors)'),
  imageAugmentation('cropScale', 'cropScale', 'crop scale'),
  imageAugmentation('rotation', 'imgRotation', 'rotation (images)'),
  imageAugmentation('translation', 'translation', 'translation'),
  imageAugmentation('noise', 'imgNoise', 'noise (images)'),
  imageAugmentation('erasing', 'erasing', 'erasing'),
];

export function findNumericParameter(key: string): NumericParameter | undefined {
  return NUMERIC_PARAMETERS.find((p) => p.key === key);
}
