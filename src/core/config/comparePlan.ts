import { z } from './zod';
import { fail, ok, type Result } from '../result';
import { firstIssue } from './parse';
import { temperatureSettingSchema, trainingConfigSchema, type TrainingConfig } from './schema';

/**
 * A comparison of temperatures: K trainers (settings × seeds) on one dataset and model. The plan is
 * configuration, shared by the comparison's state on the page and the comparison worker that runs it.
 */

export const MAX_COMPARED_SETTINGS = 3;
export const MAX_SEEDS = 5;
export const MAX_COMPARE_STEPS = 20_000;

const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

export const comparePlanSchema = z.object({
  /** Dataset, model, optimizer, batch and the first seed; each setting replaces the temperature. */
  config: trainingConfigSchema,
  settings: z
    .array(z.object({ label: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)), temperature: temperatureSettingSchema }))
    .check(z.minLength(1), z.maxLength(MAX_COMPARED_SETTINGS)),
  /** Seeds per setting: config.seed, config.seed + 1, … */
  seeds: int(1, MAX_SEEDS),
  steps: int(1, MAX_COMPARE_STEPS),
  evalEvery: int(1, MAX_COMPARE_STEPS),
});

export type ComparePlan = z.infer<typeof comparePlanSchema>;

export function parseComparePlan(input: unknown): Result<ComparePlan> {
  const parsed = comparePlanSchema.safeParse(input);
  if (!parsed.success) return fail(`comparison ${firstIssue(parsed.error, 'plan')}`);
  const labels = parsed.data.settings.map((s) => s.label);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice !== undefined) return fail(`two compared settings are both “${twice}”: compare different temperatures (or add seeds instead)`);
  return ok(parsed.data);
}

/** The k-th seed of a plan (wrapping inside the config's seed range). */
export function seedOf(plan: Pick<ComparePlan, 'config'>, k: number): number {
  return (plan.config.seed + k) % 2 ** 31;
}

/** The config of one compared run. */
export function runConfig(plan: ComparePlan, setting: number, seed: number): TrainingConfig {
  return { ...plan.config, temperature: plan.settings[setting]!.temperature, seed };
}

/** One trainer of the comparison. */
export interface CompareRun {
  readonly index: number;
  /** Index into plan.settings. */
  readonly setting: number;
  readonly seed: number;
  readonly label: string;
}

/** The plan's trainers in the order they are stepped: every setting of the first seed, then the next seed. */
export function planRuns(plan: ComparePlan): CompareRun[] {
  const runs: CompareRun[] = [];
  for (let k = 0; k < plan.seeds; k++) {
    plan.settings.forEach((setting, i) => {
      const seed = seedOf(plan, k);
      runs.push({ index: runs.length, setting: i, seed, label: plan.seeds > 1 ? `${setting.label} · seed ${seed}` : setting.label });
    });
  }
  return runs;
}
