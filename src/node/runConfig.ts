import { configFromFile, parseTrainingConfig, type TrainingConfig } from '../core/config';
import { errorMessage } from '../core/errors';
import { parseTemperatureSpec } from '../core/temperature';
import type { NodeBackend } from './backend';
import { InputError, oneLine, readBytes, type Flags } from './cli';
import { quoted } from '../core/quote';

/** A flag's value as a whole number from 1 to `max`, or the fallback when the flag is absent. */
export function positiveInteger(flag: string, text: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new InputError(`${flag} must be a positive integer (got ${quoted(text)})`);
  if (value > max) throw new InputError(`${flag} must be at most ${max} (got ${value})`);
  return value;
}

export function backendFlag(flags: Flags): NodeBackend {
  const backend = flags.value('backend') ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new InputError(`--backend must be wasm or cpu (got ${quoted(backend)})`);
  return backend;
}

/**
 * The config the runner and the sweep train from: `--config FILE` (a run file saved by the lab, or a bare
 * config), with `--dataset`, `--batch`, `--seed` and `--temperature` written over it where the tool takes them.
 */
export async function configFromFlags(flags: Flags): Promise<TrainingConfig> {
  const str = flags.value;
  const dataset = str('dataset');
  if (dataset !== undefined && !['spheres', 'mnist', 'fashion-mnist'].includes(dataset)) {
    throw new InputError(`--dataset must be spheres, mnist or fashion-mnist (got ${quoted(dataset)})`);
  }
  const batch = str('batch') === undefined ? undefined : positiveInteger('--batch', str('batch'), 0);
  const seedText = str('seed');
  if (seedText !== undefined && (!/^\d+$/.test(seedText.trim()) || !Number.isSafeInteger(Number(seedText)))) throw new InputError(`--seed must be a non-negative integer (got ${quoted(seedText)})`);

  const file = str('config');
  let base: unknown = {};
  if (file !== undefined) {
    const text = new TextDecoder().decode(await readBytes('--config', file));
    try {
      base = JSON.parse(text);
    } catch (e) {
      throw new InputError(`--config (${file}): not valid JSON (${oneLine(errorMessage(e))})`);
    }
  }
  const fromFile = configFromFile(base);
  if (!fromFile.ok) throw new InputError(`--config${file ? ` (${file})` : ''}: ${fromFile.error}`);
  let merged: Record<string, unknown> = { ...fromFile.value };
  if (dataset !== undefined) merged = { ...merged, dataset: { ...fromFile.value.dataset, id: dataset } };
  if (batch !== undefined) merged = { ...merged, batchSize: batch };
  if (seedText !== undefined) merged = { ...merged, seed: Number(seedText) };
  const spec = str('temperature');
  if (spec !== undefined) {
    const temperature = parseTemperatureSpec(spec);
    if (!temperature.ok) throw new InputError(`--temperature: ${oneLine(temperature.error)}`);
    merged = { ...merged, temperature: temperature.value.setting };
  }
  const config = parseTrainingConfig(merged);
  if (!config.ok) throw new InputError(config.error);
  return config.value;
}
