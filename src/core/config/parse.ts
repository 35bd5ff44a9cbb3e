import { fail, ok, type Result } from '../result';
import { trainingConfigSchema, type TrainingConfig } from './schema';

/** A schema's first complaint in one line: where (the path, or `root` for the whole value) and what. */
export function firstIssue(error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] }, root: string): string {
  const issue = error.issues[0]!;
  return `${issue.path.length > 0 ? issue.path.map(String).join('.') : root}: ${issue.message}`;
}

/** Validates a config (from a file, the URL or the UI) and says in one line what is wrong. */
export function parseTrainingConfig(input: unknown): Result<TrainingConfig> {
  const parsed = trainingConfigSchema.safeParse(input);
  return parsed.success ? ok(parsed.data) : fail(firstIssue(parsed.error, 'config'));
}
