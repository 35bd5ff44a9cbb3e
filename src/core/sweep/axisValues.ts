import { fail, ok, type Result } from '../result';
import { quoted } from '../quote';

/** The most values one axis may hold: a sweep runs cells × seeds trainings, and 64 per axis is already 4,096 cells. */
export const MAX_AXIS_VALUES = 64;

/**
 * An axis's values as written on the command line and in links: a list `v1,v2,…`, or a range
 * `start:stop:count` (linear) or `start:stop:count:log` (geometric, start and stop > 0), both ends included.
 * Values come back in the order written, duplicates refused.
 */
export function parseAxisValues(text: string): Result<readonly number[]> {
  const trimmed = text.trim();
  if (trimmed === '') return fail('no values (write v1,v2,… or start:stop:count[:log])');
  const values = trimmed.includes(':') ? parseRange(trimmed) : parseList(trimmed);
  if (!values.ok) return values;
  if (values.value.length > MAX_AXIS_VALUES) return fail(`${values.value.length} values; an axis holds at most ${MAX_AXIS_VALUES}`);
  const seen = new Set<number>();
  for (const v of values.value) {
    if (seen.has(v)) return fail(`${v} appears twice`);
    seen.add(v);
  }
  return values;
}

function number(text: string, what: string): Result<number> {
  const value = text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(value) ? ok(value) : fail(`${what} ${quoted(text.trim())} is not a number`);
}

function parseList(text: string): Result<readonly number[]> {
  const values: number[] = [];
  for (const part of text.split(',')) {
    const value = number(part, 'value');
    if (!value.ok) return value;
    values.push(value.value);
  }
  return ok(values);
}

function parseRange(text: string): Result<readonly number[]> {
  const parts = text.split(':');
  if (parts.length < 3 || parts.length > 4) return fail(`${quoted(text)} is not start:stop:count[:log]`);
  if (parts.length === 4 && parts[3]!.trim() !== 'log') return fail(`${quoted(parts[3]!.trim())} after the count must be “log”`);
  const start = number(parts[0]!, 'start');
  if (!start.ok) return start;
  const stop = number(parts[1]!, 'stop');
  if (!stop.ok) return stop;
  const count = number(parts[2]!, 'count');
  if (!count.ok) return count;
  if (!Number.isInteger(count.value) || count.value < 1) return fail(`count ${count.value} must be a whole number ≥ 1`);
  if (count.value > MAX_AXIS_VALUES) return fail(`${count.value} values; an axis holds at most ${MAX_AXIS_VALUES}`);
  const log = parts.length === 4;
  if (log && !(start.value > 0 && stop.value > 0)) return fail('a log range needs start and stop > 0');
  if (count.value === 1) return start.value === stop.value ? ok([start.value]) : fail('a range of one value needs start = stop');
  const at = (i: number): number => {
    const f = i / (count.value - 1);
    // Exact ends, and a rounding that keeps 0.1:0.3:3 at 0.2 rather than 0.20000000000000004.
    if (i === 0) return start.value;
    if (i === count.value - 1) return stop.value;
    const v = log ? start.value * Math.pow(stop.value / start.value, f) : start.value + (stop.value - start.value) * f;
    return Number(v.toPrecision(12));
  };
  return ok(Array.from({ length: count.value }, (_, i) => at(i)));
}
