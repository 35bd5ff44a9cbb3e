import type { TrainingConfig } from '../core/config';
import { fail, ok, type Result } from '../core/result';
import { parseAxisValues } from '../core/sweep/axisValues';
import { DEFAULT_REFERENCE_TAUS, parameterNameProblem, parseSweepDefinition, type SweepDefinition } from '../core/sweep/definition';
import { readNumber } from './inputs';
import { quoted } from '../core/quote';

/**
 * The sweep panel's form and its link form (`sweep=` in the lab's link): one or two axes as ranges, seeds
 * 1 … n, steps, the evaluation interval and the constant-τ line. Kept apart from the sweep's run state so
 * that the page's first chunk, which reads links, carries none of the statistics.
 */

/** One swept axis as the panel sets it: a parameter and a range, both ends included. */
export interface SweepAxisForm {
  readonly param: string;
  readonly start: number;
  readonly stop: number;
  readonly count: number;
  readonly log: boolean;
}

/** What the panel (and a link's `sweep=`) sets; the base config is the lab's. Seeds are 1 … seeds. */
export interface SweepForm {
  readonly x: SweepAxisForm;
  readonly y: SweepAxisForm | null;
  readonly seeds: number;
  readonly steps: number;
  readonly evalEvery: number;
  readonly referenceTaus: readonly number[];
}

/** The axis as core parseAxisValues reads it: `start:stop:count`, with `:log` for geometric steps. */
export const axisRangeText = (axis: SweepAxisForm): string => `${axis.start}:${axis.stop}:${axis.count}${axis.log ? ':log' : ''}`;

/** The most seeds a sweep takes (the definition's own limit). */
const MAX_SWEEP_SEEDS = 100;

/** The sweep the form asks for on `base`, or the first problem in words. */
export function buildSweepDefinition(base: TrainingConfig, form: SweepForm): Result<SweepDefinition> {
  const axis = (a: SweepAxisForm): Result<{ param: string; values: number[] }> => {
    const values = parseAxisValues(axisRangeText(a));
    return values.ok ? ok({ param: a.param, values: [...values.value] }) : fail(`${a.param}: ${values.error}`);
  };
  const x = axis(form.x);
  if (!x.ok) return x;
  const y = form.y ? axis(form.y) : null;
  if (y && !y.ok) return y;
  // Checked before the seeds are listed: a link's seeds=1e100 must be a message, not an array of 10¹⁰⁰ seeds.
  if (!Number.isSafeInteger(form.seeds) || form.seeds < 1 || form.seeds > MAX_SWEEP_SEEDS) return fail(`seeds=${form.seeds} is not a whole number from 1 to ${MAX_SWEEP_SEEDS}`);
  return parseSweepDefinition({
    base,
    x: x.value,
    ...(y ? { y: y.value } : {}),
    seeds: Array.from({ length: form.seeds }, (_, i) => i + 1),
    steps: form.steps,
    evalEvery: form.evalEvery,
    referenceTaus: [...form.referenceTaus],
  });
}

/** A form for a definition (a kept sweep shown again): its axes as ranges when they are ones. */
export function formOf(definition: SweepDefinition): SweepForm | null {
  const axis = (a: SweepDefinition['x']): SweepAxisForm | null => {
    const start = a.values[0]!;
    const stop = a.values.at(-1)!;
    for (const log of [false, true]) {
      const form = { param: a.param, start, stop, count: a.values.length, log };
      const values = parseAxisValues(axisRangeText(form));
      if (values.ok && values.value.every((v, i) => v === a.values[i])) return form;
    }
    return null;
  };
  const x = axis(definition.x);
  const y = definition.y ? axis(definition.y) : null;
  const consecutive = definition.seeds.every((s, i) => s === i + 1);
  if (!x || (definition.y && !y) || !consecutive) return null;
  return { x, y, seeds: definition.seeds.length, steps: definition.steps, evalEvery: definition.evalEvery, referenceTaus: definition.referenceTaus };
}

/** `tmin:0.05:0.2:4,tmax:0.1:0.5:5:log;seeds=3;steps=300;every=100;taus=0.05/0.1/0.2`: a link's `sweep=`. */
export function formatSweepParam(form: SweepForm): string {
  const axes = [form.x, ...(form.y ? [form.y] : [])].map((a) => `${a.param}:${axisRangeText(a)}`).join(',');
  return `${axes};seeds=${form.seeds};steps=${form.steps};every=${form.evalEvery};taus=${form.referenceTaus.join('/')}`;
}

function readAxis(text: string): Result<SweepAxisForm> {
  const parts = text.split(':').map((p) => p.trim());
  if (parts.length < 4 || parts.length > 5 || parts[0] === '') return fail(`${quoted(text)} is not PARAM:start:stop:count[:log]`);
  if (parts.length === 5 && parts[4] !== 'log') return fail(`${quoted(parts[4] ?? '')} after the count must be “log”`);
  const nameProblem = parameterNameProblem(parts[0]!);
  if (nameProblem) return fail(nameProblem);
  const [start, stop, count] = parts.slice(1, 4).map(readNumber);
  if (start === null || start === undefined || stop === null || stop === undefined || count === null || count === undefined) return fail(`${quoted(text)} has a value that is not a number`);
  return ok({ param: parts[0]!, start, stop, count, log: parts.length === 5 });
}

const WHOLE = /^\d+$/;

/**
 * Reads a link's `sweep=` value (syntax only: whether the parameters fit the lab's config is for
 * buildSweepDefinition). Seeds, steps, every and taus may be left out; the defaults are then used.
 */
export function parseSweepParam(raw: string): Result<SweepForm> {
  const [axesText = '', ...options] = raw.split(';');
  const axes = axesText.split(',').filter((a) => a.trim() !== '');
  if (axes.length < 1 || axes.length > 2) return fail('needs one or two axes, PARAM:start:stop:count[:log] separated by a comma');
  const read = axes.map(readAxis);
  for (const axis of read) if (!axis.ok) return axis;
  let form: SweepForm = { ...DEFAULT_SWEEP_OPTIONS, x: (read[0] as { value: SweepAxisForm }).value, y: read[1] ? (read[1] as { value: SweepAxisForm }).value : null };
  for (const option of options) {
    if (option.trim() === '') continue;
    const [key = '', value = ''] = option.split('=').map((p) => p.trim());
    if (key === 'taus') {
      const taus = value === '' ? [] : value.split('/').map(readNumber);
      if (taus.some((t) => t === null)) return fail(`taus=${value} is not a list of numbers separated by /`);
      form = { ...form, referenceTaus: taus as number[] };
      continue;
    }
    // A Map, not an object: an option named “constructor” must not find Object's own properties.
    const field = OPTION_FIELDS.get(key);
    if (!field) return fail(`${quoted(key)} is not one of seeds, steps, every, taus`);
    if (!WHOLE.test(value) || Number(value) < 1) return fail(`${key}=${value} is not a whole number ≥ 1`);
    form = { ...form, [field]: Number(value) };
  }
  return ok(form);
}

/** The link's whole-number options and the form fields they set. */
const OPTION_FIELDS: ReadonlyMap<string, 'seeds' | 'steps' | 'evalEvery'> = new Map([
  ['seeds', 'seeds'],
  ['steps', 'steps'],
  ['every', 'evalEvery'],
]);

/** The panel's starting point besides its axes: a sweep that finishes in minutes on a laptop. */
export const DEFAULT_SWEEP_OPTIONS = { seeds: 3, steps: 300, evalEvery: 100, referenceTaus: [...DEFAULT_REFERENCE_TAUS] } as const;
