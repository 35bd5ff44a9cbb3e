import { builtinFamilies } from './families';
import { evaluateFormula, parseFormula, usesVariable } from './formula';
import { numberOps } from './ops';
import type { Params, TemperatureContext, TemperatureFamily } from './types';
import { fail, ok, type Result } from '../result';
import { quoted } from '../quote';

export const CUSTOM_ID = 'custom';
export const DEFAULT_CUSTOM_FORMULA = '0.1 + 0.05*(1 - cos(pi*s))';

/** What a user chose: serialisable (URL, run files, CLI). */
export interface TemperatureSetting {
  readonly family: string;
  readonly params: Params;
  /** Only for the custom family. */
  readonly formula?: string;
}

/** A validated temperature function, evaluated on numbers (plots); the loss evaluates it on tensors with
 *  `temperatureTensor` from `./tensor`. */
export interface Temperature {
  readonly setting: TemperatureSetting;
  readonly family: TemperatureFamily;
  readonly params: Params;
  /** τ at one similarity; ctx defaults to step 0 and alignment 0. */
  scalar(s: number, ctx?: Partial<TemperatureContext<number>>): number;
}

export const familyIds: readonly string[] = [...builtinFamilies.map((f) => f.id), CUSTOM_ID];

export function customFamily(formula: string): Result<TemperatureFamily> {
  const parsed = parseFormula(formula);
  if (!parsed.ok) return parsed;
  const node = parsed.value;
  const dependsOn = (['similarity', 'step'] as const).filter((d) => usesVariable(node, d === 'similarity' ? 's' : 't'));
  return ok({
    id: CUSTOM_ID,
    label: 'Custom formula',
    description: 'Your own τ(s, t): s is the cosine similarity, t the training step.',
    formula: `τ(s, t) = ${formula}`,
    params: [],
    dependsOn,
    tau: (o, s, _p, ctx) => evaluateFormula(o, node, s, ctx.step),
  });
}

export function findFamily(id: string): TemperatureFamily | undefined {
  return builtinFamilies.find((f) => f.id === id);
}

export function defaultParams(family: TemperatureFamily): Params {
  return Object.fromEntries(family.params.map((p) => [p.key, p.default]));
}

export function defaultSetting(id: string): TemperatureSetting {
  if (id === CUSTOM_ID) return { family: CUSTOM_ID, params: {}, formula: DEFAULT_CUSTOM_FORMULA };
  const family = findFamily(id);
  if (!family) throw new Error(`unknown temperature family ${id}`);
  return { family: id, params: defaultParams(family) };
}

const SIMILARITY_GRID = Array.from({ length: 401 }, (_, i) => -1 + i / 200);
const STEP_GRID = [0, 1, 10, 100, 250, 500, 750, 1000, 10_000, 100_000, 1_000_000];
const ALIGNMENT_GRID = [-1, -0.5, 0, 0.5, 1];

/** τ must be finite and > 0 wherever the loss may evaluate it. */
function checkPositive(family: TemperatureFamily, params: Params): string | null {
  const steps = family.dependsOn.includes('step') ? STEP_GRID : [0];
  const alignments = family.dependsOn.includes('alignment') ? ALIGNMENT_GRID : [0];
  for (const step of steps) {
    for (const alignment of alignments) {
      for (const s of SIMILARITY_GRID) {
        const tau = family.tau(numberOps, s, params, { step, alignment });
        if (!Number.isFinite(tau) || tau <= 0) {
          const where = [`s = ${s.toFixed(3)}`];
          if (family.dependsOn.includes('step')) where.push(`t = ${step}`);
          if (family.dependsOn.includes('alignment')) where.push(`A = ${alignment}`);
          return `τ must be finite and > 0 on s ∈ [−1, 1], but τ(${where.join(', ')}) = ${tau}`;
        }
      }
    }
  }
  return null;
}

export function createTemperature(setting: TemperatureSetting): Result<Temperature> {
  let family: TemperatureFamily;
  if (setting.family === CUSTOM_ID) {
    const custom = customFamily(setting.formula ?? '');
    if (!custom.ok) return custom;
    family = custom.value;
  } else {
    const found = findFamily(setting.family);
    if (!found) return fail(`unknown temperature family ${quoted(setting.family)}; known: ${familyIds.join(', ')}`);
    family = found;
  }
  const params: Record<string, number> = {};
  for (const spec of family.params) {
    const v = setting.params[spec.key] ?? spec.default;
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`${spec.label} must be a number (got ${String(v)})`);
    if (v < spec.min || v > spec.max) return fail(`${spec.label} must be between ${spec.min} and ${spec.max} (got ${v})`);
    params[spec.key] = v;
  }
  const unknown = Object.keys(setting.params).filter((k) => !family.params.some((p) => p.key === k));
  if (unknown.length > 0) return fail(`${family.label} has no parameter ${unknown.join(', ')}`);
  const problem = family.check?.(params) ?? checkPositive(family, params);
  if (problem) return fail(problem);

  const frozen = Object.freeze(params);
  return ok({
    setting: { family: family.id, params: frozen, ...(family.id === CUSTOM_ID ? { formula: setting.formula } : {}) },
    family,
    params: frozen,
    scalar: (s, ctx) => family.tau(numberOps, s, frozen, { step: ctx?.step ?? 0, alignment: ctx?.alignment ?? 0 }),
  });
}

/**
 * Parses a command-line spec: `constant:T`, `dystress:TMIN,TMAX`, `dystress-shifted:TMIN,TMAX,SHIFT,SCALE`,
 * any family id with its parameters in order (omitted trailing ones take their defaults), or `custom:FORMULA`.
 */
export function parseTemperatureSpec(spec: string): Result<Temperature> {
  const colon = spec.indexOf(':');
  const id = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if (id === CUSTOM_ID) return createTemperature({ family: CUSTOM_ID, params: {}, formula: rest });
  const family = findFamily(id);
  if (!family) return fail(`unknown temperature family ${quoted(id)} in ${quoted(spec)}; known: ${familyIds.join(', ')}`);
  const values = rest.trim() === '' ? [] : rest.split(',').map((x) => x.trim());
  if (values.length > family.params.length) {
    return fail(`${id} takes at most ${family.params.length} values (${family.params.map((p) => p.key).join(', ')}), got ${values.length}`);
  }
  const params: Record<string, number> = {};
  for (const [i, raw] of values.entries()) {
    const spec_ = family.params[i]!;
    const v = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(v)) return fail(`${spec_.label} in ${quoted(spec)} is not a number: ${quoted(raw)}`);
    params[spec_.key] = v;
  }
  return createTemperature({ family: id, params });
}

export function formatTemperatureSpec(setting: TemperatureSetting): string {
  if (setting.family === CUSTOM_ID) return `${CUSTOM_ID}:${setting.formula ?? ''}`;
  const family = findFamily(setting.family);
  const values = family ? family.params.map((p) => setting.params[p.key] ?? p.default) : [];
  return values.length > 0 ? `${setting.family}:${values.join(',')}` : setting.family;
}
