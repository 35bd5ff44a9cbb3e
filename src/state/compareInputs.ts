import { MAX_COMPARE_STEPS, MAX_SEEDS, parseComparePlan, type ComparePlan, type TrainingConfig } from '../core/config';
import { fail, ok, type Result } from '../core/result';
import { parseTemperatureSpec } from '../core/temperature';
import { temperatureLabel } from './compare';

/** The classic comparison of the paper's question: one fixed temperature against DySTreSS's range. */
export const CLASSIC_SPECS: readonly string[] = ['constant:0.2', 'dystress:0.1,0.2'];
export const DEFAULT_COMPARE_STEPS = 300;
/** Evaluations per comparison: enough points for a smooth curve, few enough to cost little. */
const EVALUATIONS = 30;

function wholeNumber(text: string, what: string, min: number, max: number, example: number): Result<number> {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    return fail(`${what} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, e.g. ${example}.`);
  }
  return ok(value);
}

export const parseCompareSteps = (text: string): Result<number> => wholeNumber(text, 'Steps', 1, MAX_COMPARE_STEPS, DEFAULT_COMPARE_STEPS);
export const parseCompareSeeds = (text: string): Result<number> => wholeNumber(text, 'Runs per setting', 1, MAX_SEEDS, 3);

/**
 * A comparison of the given temperature specs (as the analyzer takes them: `constant:0.2`,
 * `dystress:0.1,0.2`) on the current run's config; the first problem is named with its run's number.
 */
export function buildComparePlan(config: TrainingConfig, specs: readonly string[], steps: number, seeds: number): Result<ComparePlan> {
  const settings = [];
  for (const [i, spec] of specs.entries()) {
    const temperature = parseTemperatureSpec(spec.trim());
    if (!temperature.ok) return fail(`Run ${i + 1}: ${temperature.error}`);
    settings.push({ label: temperatureLabel(temperature.value.setting), temperature: temperature.value.setting });
  }
  return parseComparePlan({ config, settings, seeds, steps, evalEvery: Math.max(1, Math.ceil(steps / EVALUATIONS)) });
}
