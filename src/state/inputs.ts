import { fail, ok, type Result } from '../core/result';

/**
 * Readers for the numbers typed into the lab's text boxes. Each message says what a valid entry is, with
 * an example, because it is shown to the person typing.
 */

/** Decimal or scientific notation; nothing else (Number('') is 0 and Number('0x10') is 16). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function readNumber(text: string): number | null {
  const trimmed = text.trim();
  // "-0" reads as 0: a negative zero would be written back as "0" and no longer equal itself.
  return NUMBER.test(trimmed) ? Number(trimmed) + 0 : null;
}

export const MAX_LEARNING_RATE = 10;

export function parseLearningRate(text: string): Result<number> {
  const value = readNumber(text);
  if (value === null) return fail('Type the learning rate as a number, e.g. 0.001 or 1e-3.');
  if (!(value > 0 && value <= MAX_LEARNING_RATE)) return fail(`The learning rate must be above 0 and at most ${MAX_LEARNING_RATE} (got ${text.trim()}).`);
  return ok(value);
}

export const MAX_SEED = 2 ** 31 - 1;

export function parseSeed(text: string): Result<number> {
  const value = readNumber(text);
  if (value === null || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    return fail(`The seed must be a whole number from 0 to ${MAX_SEED.toLocaleString('en-US')}, e.g. 1.`);
  }
  return ok(value);
}
