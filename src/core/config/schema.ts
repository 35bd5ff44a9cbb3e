import { z } from './zod';
import { defaultSpheresOptions } from '../data/spheres';
import { createTemperature, defaultSetting } from '../temperature';

/**
 * The one configuration of a training run, shared by the lab (URL, run files) and the headless runner.
 * Versioned: a run file says which schema wrote it. Every field has a default, so `{}` is a valid config.
 */
export const CONFIG_VERSION = 1;

/** The contrastive objectives a run can train with: NT-Xent, or SigLIP's pairwise sigmoid loss. */
export const OBJECTIVES = ['nt-xent', 'siglip'] as const;
export type Objective = (typeof OBJECTIVES)[number];

const int = (min: number, max: number, def: number) => z._default(z.number().check(z.int(), z.gte(min), z.lte(max)), def);
const num = (min: number, max: number, def: number) => z._default(z.number().check(z.gte(min), z.lte(max)), def);

export const spheresSchema = z.object({
  dim: int(2, 64, defaultSpheresOptions.dim),
  classes: int(2, 20, defaultSpheresOptions.classes),
  instancesPerClass: int(2, 2000, defaultSpheresOptions.instancesPerClass),
  evalPerClass: int(2, 500, defaultSpheresOptions.evalPerClass),
  concentration: num(1, 1000, defaultSpheresOptions.concentration),
  longTailRatio: num(0.01, 1, defaultSpheresOptions.longTailRatio),
});

/** The user's own data: what the config can say about it (the data itself never travels in a config). */
export const ownDataSchema = z.object({
  /** The files it was loaded from, so a run file or link can say what to load again. */
  name: z._default(z.string().check(z.maxLength(300)), ''),
  /** Fraction of each class held out for evaluation (seeded split). */
  heldOut: num(0.05, 0.5, 0.2),
  /** How the images of a zip are stored for training. */
  imageFormat: z._default(z.enum(['grey-28', 'rgb-32']), 'grey-28'),
});

export const vectorAugmentationSchema = z.object({ rotation: num(0, 2, 0.25), noise: num(0, 1, 0.05) });

export const imageAugmentationSchema = z.object({
  cropScale: num(0.2, 1, 0.6),
  rotation: num(0, 45, 12),
  translation: num(0, 0.3, 0.1),
  noise: num(0, 0.5, 0.1),
  erasing: num(0, 1, 0.25),
});

export const temperatureSettingSchema = z
  .object({
    family: z._default(z.string(), 'dystress'),
    params: z._default(z.record(z.string(), z.number()), {}),
    formula: z.optional(z.string()),
  })
  .check(
    z.superRefine((setting, ctx) => {
      const created = createTemperature(setting);
      if (!created.ok) ctx.addIssue({ code: 'custom', message: created.error });
    }),
  );

export const trainingConfigSchema = z.object({
  version: z._default(z.literal(CONFIG_VERSION), CONFIG_VERSION),
  seed: int(0, 2 ** 31 - 1, 1),
  dataset: z._default(
    z.object({
      id: z._default(z.enum(['spheres', 'mnist', 'fashion-mnist', 'vectors', 'images']), 'spheres'),
      spheres: z._default(spheresSchema, spheresSchema.parse({})),
      own: z._default(ownDataSchema, ownDataSchema.parse({})),
    }),
    { id: 'spheres', spheres: spheresSchema.parse({}), own: ownDataSchema.parse({}) },
  ),
  augmentation: z._default(
    z.object({
      vector: z._default(vectorAugmentationSchema, vectorAugmentationSchema.parse({})),
      image: z._default(imageAugmentationSchema, imageAugmentationSchema.parse({})),
    }),
    { vector: vectorAugmentationSchema.parse({}), image: imageAugmentationSchema.parse({}) },
  ),
  model: z._default(
    z.object({
      encoder: z._default(z.enum(['mlp', 'cnn']), 'mlp'),
      hidden: int(8, 1024, 128),
      featureDim: int(2, 512, 64),
      embeddingDim: int(2, 256, 16),
    }),
    { encoder: 'mlp', hidden: 128, featureDim: 64, embeddingDim: 16 },
  ),
  optimizer: z._default(
    z.object({
      kind: z._default(z.enum(['adam', 'sgd']), 'adam'),
      learningRate: num(1e-6, 10, 1e-3),
      momentum: num(0, 0.999, 0.9),
      weightDecay: num(0, 0.1, 1e-5),
      cosineSchedule: z._default(z.boolean(), false),
      /** Length of the cosine schedule, in steps. */
      scheduleSteps: int(1, 1_000_000, 2000),
    }),
    { kind: 'adam', learningRate: 1e-3, momentum: 0.9, weightDecay: 1e-5, cosineSchedule: false, scheduleSteps: 2000 },
  ),
  batchSize: int(4, 1024, 128),
  temperature: z._default(temperatureSettingSchema, defaultSetting('dystress') as { family: string; params: Record<string, number> }),
  loss: z._default(
    z.object({
      detachTemperature: z._default(z.boolean(), true),
      decoupled: z._default(z.boolean(), false),
      /** NT-Xent (softmax over each row) or SigLIP's pairwise sigmoid loss with a learned scale t and bias b. */
      objective: z._default(z.enum(OBJECTIVES), 'nt-xent'),
    }),
    { detachTemperature: true, decoupled: false, objective: 'nt-xent' },
  ),
  evaluation: z._default(
    z.object({
      /** Held-out samples on which metrics are computed (capped by the dataset's eval split). */
      samples: int(20, 5000, 600),
      k: int(1, 200, 20),
      knnT: num(0.001, 10, 0.1),
      /** Embeddings shipped to the UI per snapshot. */
      embeddingPoints: int(0, 5000, 600),
    }),
    { samples: 600, k: 20, knnT: 0.1, embeddingPoints: 600 },
  ),
});

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

export const defaultConfig = (): TrainingConfig => trainingConfigSchema.parse({});
