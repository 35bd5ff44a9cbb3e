import { defaultConfig, firstIssue, parseTrainingConfig, trainingConfigSchema, type TrainingConfig } from '../config';
import { z } from '../config/zod';
import { findNumericParameter, NUMERIC_PARAMETERS, type NumericParameter } from '../config/parameters';
import { fail, ok, type Result } from '../result';
import { createTemperature, findFamily, formatTemperatureSpec, type ParamSpec } from '../temperature';
import { MAX_AXIS_VALUES, parseAxisValues } from './axisValues';
import { quoted } from '../quote';

/**
 * A sweep: a base config, one or two swept parameters, seeds, steps and an evaluation interval, and the
 * constant-τ line run beside it with the same seeds. Versioned and shared by the lab, links, files and the CLI.
 */
export const SWEEP_VERSION = 1;

/** The constant temperatures run beside every sweep, so each cell can be read against the best fixed τ. */
export const DEFAULT_REFERENCE_TAUS = [0.05, 0.1, 0.2, 0.5, 1] as const;

const axisSchema = z.object({
  param: z.string().check(z.minLength(1)),
  values: z.array(z.number()).check(z.minLength(1), z.maxLength(MAX_AXIS_VALUES)),
});

const count = (min: number, max: number, def: number) => z._default(z.number().check(z.int(), z.gte(min), z.lte(max)), def);

export const sweepDefinitionSchema = z.object({
  version: z._default(z.literal(SWEEP_VERSION), SWEEP_VERSION),
  base: z._default(trainingConfigSchema, () => defaultConfig()),
  x: axisSchema,
  y: z.optional(axisSchema),
  seeds: z._default(
    z
      .array(z.number().check(z.int(), z.gte(0), z.lte(2 ** 31 - 1)))
      .check(
        z.minLength(1),
        z.maxLength(100),
        z.refine((seeds) => new Set(seeds).size === seeds.length, 'must be distinct'),
      ),
    [1, 2, 3],
  ),
  steps: count(1, 1_000_000, 600),
  evalEvery: count(1, 1_000_000, 100),
  referenceTaus: z._default(z.array(z.number().check(z.gte(0.01), z.lte(2))).check(z.maxLength(16)), [...DEFAULT_REFERENCE_TAUS]),
});

export type SweepDefinition = z.infer<typeof sweepDefinitionSchema>;
export type SweepAxis = SweepDefinition['x'];

/** What an axis moves: a parameter of the base temperature family, or a numeric training parameter. */
type AxisTarget = { readonly kind: 'temperature'; readonly spec: ParamSpec } | { readonly kind: 'training'; readonly parameter: NumericParameter };

function axisTarget(base: TrainingConfig, param: string): Result<AxisTarget> {
  const family = findFamily(base.temperature.family);
  const spec = family?.params.find((p) => p.key === param);
  if (spec) return ok({ kind: 'temperature', spec });
  const parameter = findNumericParameter(param);
  if (parameter) return ok({ kind: 'training', parameter });
  const known = [...(family?.params.map((p) => p.key) ?? []), ...NUMERIC_PARAMETERS.map((p) => p.key)];
  return fail(`unknown parameter ${quoted(param)} (for ${base.temperature.family}: ${known.join(', ')})`);
}

/** Why `value` cannot stand on this axis at all (out of the parameter's range), or null. */
function valueProblem(base: TrainingConfig, param: string, target: AxisTarget, value: number): string | null {
  if (target.kind === 'temperature') {
    const { spec } = target;
    return value < spec.min || value > spec.max ? `${param}=${value} is outside ${spec.label}’s range ${spec.min} … ${spec.max}` : null;
  }
  const { parameter } = target;
  if (parameter.integer && !Number.isInteger(value)) return `${param}=${value} is not a whole number`;
  const parsed = parseTrainingConfig(parameter.write(base, value));
  return parsed.ok ? null : `${param}=${value}: ${parsed.error}`;
}

/** A definition from a file, a link or the CLI, with its axes checked; one line says what is wrong. */
export function parseSweepDefinition(input: unknown): Result<SweepDefinition> {
  const parsed = sweepDefinitionSchema.safeParse(input);
  if (!parsed.success) return fail(firstIssue(parsed.error, 'sweep'));
  const definition = parsed.data;
  if (definition.y && definition.y.param === definition.x.param) return fail(`x and y both sweep ${definition.x.param}`);
  for (const axis of [definition.x, definition.y]) {
    if (!axis) continue;
    const target = axisTarget(definition.base, axis.param);
    if (!target.ok) return target;
    if (new Set(axis.values).size !== axis.values.length) return fail(`${axis.param}: a value appears twice`);
    for (const value of axis.values) {
      const problem = valueProblem(definition.base, axis.param, target.value, value);
      if (problem) return fail(problem);
    }
  }
  return ok(definition);
}

/** Why `param` cannot even be a parameter's name (every one is a word: tmin, lr, batch), or null. */
export function parameterNameProblem(param: string): string | null {
  return /^[A-Za-z][\w-]*$/.test(param) ? null : `${quoted(param)} is not a parameter name`;
}

/** `PARAM=VALUES` as the CLI's --x and --y take it. */
export function parseAxisFlag(text: string): Result<SweepAxis> {
  const eq = text.indexOf('=');
  if (eq <= 0) return fail(`${quoted(text)} is not PARAM=VALUES`);
  const param = text.slice(0, eq).trim();
  const problem = parameterNameProblem(param);
  if (problem) return fail(problem);
  const values = parseAxisValues(text.slice(eq + 1));
  return values.ok ? ok({ param, values: [...values.value] }) : fail(`${param}: ${values.error}`);
}

/** One point of the grid: its axis values and the config it trains, or why the family refuses it. */
export interface SweepCell {
  readonly index: number;
  readonly x: number;
  readonly y?: number;
  readonly outcome: { readonly config: TrainingConfig } | { readonly skipped: string };
}

/** The base config with the axes' values written in; the temperature is checked once, with all of them. */
function cellConfig(definition: SweepDefinition, values: readonly (readonly [string, number])[]): Result<TrainingConfig> {
  let config = definition.base;
  const tauParams: Record<string, number> = { ...config.temperature.params };
  for (const [param, value] of values) {
    const target = axisTarget(definition.base, param);
    if (!target.ok) return target;
    if (target.value.kind === 'temperature') tauParams[param] = value;
    else config = target.value.parameter.write(config, value);
  }
  const temperature = createTemperature({ ...config.temperature, params: tauParams });
  if (!temperature.ok) return fail(`${formatTemperatureSpec({ ...config.temperature, params: tauParams })}: ${temperature.error}`);
  return parseTrainingConfig({ ...config, temperature: temperature.value.setting });
}

/** Every cell, x varying fastest; a cell the family refuses (τ min > τ max, say) is skipped with the reason. */
export function expandCells(definition: SweepDefinition): readonly SweepCell[] {
  const ys: readonly (number | undefined)[] = definition.y ? definition.y.values : [undefined];
  const cells: SweepCell[] = [];
  for (const y of ys) {
    for (const x of definition.x.values) {
      const values: [string, number][] = [[definition.x.param, x]];
      if (definition.y && y !== undefined) values.push([definition.y.param, y]);
      const config = cellConfig(definition, values);
      const outcome = config.ok ? { config: config.value } : { skipped: config.error };
      cells.push(y === undefined ? { index: cells.length, x, outcome } : { index: cells.length, x, y, outcome });
    }
  }
  return cells;
}

/** The constant-τ line: the base config with τ fixed at each reference value. */
export function referenceConfigs(definition: SweepDefinition): readonly { readonly tau: number; readonly config: TrainingConfig }[] {
  return definition.referenceTaus.map((tau) => ({ tau, config: { ...definition.base, temperature: { family: 'constant', params: { tau } } } }));
}

/** The config one (cell or reference, seed) run trains: exactly what the runner makes of it with --seed. */
export const withSeed = (config: TrainingConfig, seed: number): TrainingConfig => ({ ...config, seed });
