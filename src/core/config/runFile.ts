import { z } from './zod';
import { fail, ok, type Result } from '../result';
import { firstIssue } from './parse';
import { trainingConfigSchema, type TrainingConfig } from './schema';

/** One evaluation of a run, as the lab's history and the runner's JSON lines record it. */
export const historyPointSchema = z.object({
  step: z.number(),
  loss: z.nullable(z.number()),
  stepMs: z.nullable(z.number()),
  alignment: z.nullable(z.number()),
  uniformity: z.nullable(z.number()),
  tolerance: z.optional(z.nullable(z.number())),
  interClassUniformity: z.optional(z.nullable(z.number())),
  knnAccuracy: z.optional(z.nullable(z.number())),
  tauPositiveMean: z.optional(z.nullable(z.number())),
  tauNegativeMean: z.optional(z.nullable(z.number())),
  /** A learned temperature at this evaluation: e^−θ (learnable), or 1/t (SigLIP). */
  learnedTau: z.optional(z.nullable(z.number())),
  /** SigLIP's learned bias b. */
  learnedBias: z.optional(z.nullable(z.number())),
  /** Temperatures trained per sample or predicted per input: quantiles of τ_i over samples. */
  tauSampleP05: z.optional(z.nullable(z.number())),
  tauSampleMedian: z.optional(z.nullable(z.number())),
  tauSampleP95: z.optional(z.nullable(z.number())),
});

export type HistoryPoint = z.infer<typeof historyPointSchema>;

export const RUN_FILE_FORMAT = 'dystress-lab-run';

/**
 * Where a run was trained, when not in the lab or its runner: `train.py` exported from the lab writes
 * `{ tool: 'pytorch', torch, device, worldSize, … }`. Optional, so older run files still read; fields beyond
 * these are kept as written.
 */
export const runSourceSchema = z.looseObject({
  tool: z.string(),
  torch: z.optional(z.string()),
  device: z.optional(z.string()),
  worldSize: z.optional(z.number()),
  data: z.optional(z.string()),
  encoder: z.optional(z.string()),
  globalBatch: z.optional(z.number()),
  /** False while the run is still training (train.py rewrites run.json at every evaluation). */
  finished: z.optional(z.boolean()),
});

export type RunSource = z.infer<typeof runSourceSchema>;

/** A saved run: its configuration and history. The lab opens it again; the headless runner replays it. */
export const runFileSchema = z.object({
  format: z.literal(RUN_FILE_FORMAT),
  version: z.literal(1),
  config: trainingConfigSchema,
  backend: z.optional(z.string()),
  source: z.optional(runSourceSchema),
  history: z._default(z.array(historyPointSchema), []),
});

export type RunFile = z.infer<typeof runFileSchema>;

/** A run file or a bare config: either replays. */
export function configFromFile(json: unknown): Result<TrainingConfig> {
  const isRunFile = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === RUN_FILE_FORMAT;
  const parsed = isRunFile ? runFileSchema.safeParse(json) : trainingConfigSchema.safeParse(json);
  if (!parsed.success) return fail(firstIssue(parsed.error, 'config'));
  return ok('config' in parsed.data && 'format' in parsed.data ? parsed.data.config : (parsed.data as TrainingConfig));
}
