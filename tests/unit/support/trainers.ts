import { parseTrainingConfig, type TrainingConfig } from '../../../src/core/config';
import { makeSpheres, type DatasetData } from '../../../src/core/data';
import { Trainer, type Snapshot } from '../../../src/core/trainer';
import { unwrap } from './fixtures';

/**
 * The small spheres task the trainer tests share (4 classes on S⁷, a 32-wide MLP, batch 32, seed 3): big
 * enough to learn in a few hundred steps on the cpu backend, small enough for the unit tests.
 */
export function smallTrainingConfig(overrides: Record<string, unknown> = {}): TrainingConfig {
  return unwrap(
    parseTrainingConfig({
      seed: 3,
      batchSize: 32,
      dataset: { id: 'spheres', spheres: { dim: 8, classes: 4, instancesPerClass: 60, evalPerClass: 30, concentration: 12 } },
      model: { hidden: 32, featureDim: 16, embeddingDim: 8 },
      optimizer: { learningRate: 3e-3 },
      evaluation: { samples: 120, k: 10 },
      ...overrides,
    }),
  );
}

/**
 * Overrides for a tinier task still (batch 16, 40 samples a class, a 16-wide MLP, learning rate 1e-2), where a
 * test only needs a few dozen steps to move a learned parameter.
 */
export const TINY_TASK = {
  batchSize: 16,
  dataset: { id: 'spheres', spheres: { dim: 8, classes: 4, instancesPerClass: 40, evalPerClass: 20, concentration: 12 } },
  model: { hidden: 16, featureDim: 8, embeddingDim: 8 },
  optimizer: { learningRate: 1e-2 },
  evaluation: { samples: 60, k: 5 },
} as const;

/** The spheres a config describes, drawn with its seed as the lab and the runner draw them. */
export const spheresOf = (c: TrainingConfig): DatasetData => makeSpheres({ ...c.dataset.spheres, seed: c.seed });

/** A Trainer for the config, on its spheres unless given other data; a refused config fails the test. */
export const trainerFor = (c: TrainingConfig, data: DatasetData = spheresOf(c)): Trainer => unwrap(Trainer.create(c, data));

/** Trains up to `steps`, reading a snapshot back every `every` steps, as the lab's loop does. */
export async function trainInBlocks(t: Trainer, steps: number, every: number): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  while (t.step < steps) {
    t.train(every);
    out.push(await t.snapshot());
  }
  return out;
}
