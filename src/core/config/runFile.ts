import { z } from 'zod';
import { fail, ok, type Result } from '../result';
import { trainingConfigSchema, type TrainingConfig } from './schema';

/** One evaluation of a run, as the lab's history and the runner's JSON lines record it. */
export const historyPointSchema = z.object({
  step: z.number(),
  loss: z.number().nullable(),
  stepMs: z.number().nullable(),
  alignment: z.number().nullable(),
  uniformity: z.number().nullable(),
  tolerance: z.number().nullable().optional(),
  interClassUniformity: z.number().nullable().optional(),
  knnAccuracy: z.number().nullable().optional(),
  tauPositiveMean: z.number().nullable().optional(),
  tauNegativeMean: z.number().nullable().optional(),
});

export type HistoryPoint = z.infer<typeof historyPointSchema>;

export const RUN_FILE_FORMAT = 'dystress-lab-run';

/** A saved run: its configuration and history. The lab opens it again; the headless runner replays it. */
export const runFileSchema = z.object({
  format: z.literal(RUN_FILE_FORMAT),
  version: z.literal(1),
  config: trainingConfigSchema,
  backend: z.string().optional(),
  history: z.array(historyPointSchema).default([]),
});

export type RunFile = z.infer<typeof runFileSchema>;

/** A run file or a bare config: either replays. */
export function configFromFile(json: unknown): Result<TrainingConfig> {
  const isRunFile = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === RUN_FILE_FORMAT;
  const parsed = isRunFile ? runFileSchema.safeParse(json) : trainingConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`${issue.path.length > 0 ? issue.path.join('.') : 'config'}: ${issue.message}`);
  }
  return ok('config' in parsed.data && 'format' in parsed.data ? parsed.data.config : (parsed.data as TrainingConfig));
}
