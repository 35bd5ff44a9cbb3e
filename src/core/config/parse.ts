import { fail, ok, type Result } from '../result';
import { trainingConfigSchema, type TrainingConfig } from './schema';

/** Validates a config (from a file, the URL or the UI) and says in one line what is wrong. */
export function parseTrainingConfig(input: unknown): Result<TrainingConfig> {
  const parsed = trainingConfigSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'config';
  return fail(`${where}: ${issue.message}`);
}
