import path from 'node:path';
import { configFromFile, OBJECTIVES, parseTrainingConfig, type Objective, type TrainingConfig } from '../core/config';
import { errorMessage } from '../core/errors';
import { parseTemperatureSpec } from '../core/temperature';
import { nodeBackends, type NodeBackend } from './backend';
import { ownDatasetIdFor } from '../io/ownData';
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
  if (!nodeBackends.includes(backend as NodeBackend)) throw new InputError(`--backend must be wasm, cpu or webgpu (got ${quoted(backend)})`);
  return backend as NodeBackend;
}

/** `--threads N`: wasm's threads (1, the default, is the single-threaded build); refused with another backend. */
export function threadsFlag(flags: Flags, backend: NodeBackend): number {
  const text = flags.value('threads');
  const threads = positiveInteger('--threads', text, 1);
  if (threads > 16) throw new InputError(`--threads must be at most 16 (got ${threads})`);
  if (text !== undefined && threads > 1 && backend !== 'wasm') throw new InputError(`--threads applies to the wasm backend only (got --backend ${backend})`);
  return threads;
}

/** The own-data options from the flags: the files' names, the image format and the held-out fraction. */
function ownOptions(str: Flags['value'], base: TrainingConfig['dataset']['own']): TrainingConfig['dataset']['own'] {
  const dataPath = str('data');
  const labelsPath = str('data-labels');
  const names = [dataPath, labelsPath].flatMap((p) => (p === undefined ? [] : [path.basename(p)]));
  const format = str('image-format');
  if (format !== undefined && format !== 'grey-28' && format !== 'rgb-32') throw new InputError(`--image-format must be grey-28 or rgb-32 (got ${quoted(format)})`);
  const heldOutText = str('held-out');
  const heldOut = heldOutText === undefined ? base.heldOut : Number(heldOutText);
  if (!(heldOut >= 0.05 && heldOut <= 0.5)) throw new InputError(`--held-out must be a fraction from 0.05 to 0.5 (got ${quoted(heldOutText ?? '')})`);
  return { name: names.length > 0 ? names.join(' + ') : base.name, heldOut, imageFormat: format ?? base.imageFormat };
}

/**
 * The config the runner and the sweep train from: `--config FILE` (a run file saved by the lab, or a bare
 * config), with `--dataset`, `--batch`, `--seed`, `--loss` and `--temperature` written over it where the tool takes them.
 */
export async function configFromFlags(flags: Flags): Promise<TrainingConfig> {
  const str = flags.value;
  const dataPath = str('data');
  const dataset = str('dataset') ?? (dataPath !== undefined ? (ownDatasetIdFor(dataPath) ?? undefined) : undefined);
  if (dataset !== undefined && !['spheres', 'mnist', 'fashion-mnist', 'vectors', 'images'].includes(dataset)) {
    throw new InputError(`--dataset must be spheres, mnist, fashion-mnist, vectors or images (got ${quoted(dataset)})`);
  }
  if (dataPath !== undefined && dataset === undefined) throw new InputError(`--data (${dataPath}): give vectors as .npy or .csv, images as .zip`);
  const objective = str('loss');
  if (objective !== undefined && !(OBJECTIVES as readonly string[]).includes(objective)) {
    throw new InputError(`--loss must be ${OBJECTIVES.join(' or ')} (got ${quoted(objective)})`);
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
  if (dataPath !== undefined || str('image-format') !== undefined || str('held-out') !== undefined) {
    merged = { ...merged, dataset: { ...(merged.dataset as TrainingConfig['dataset']), own: ownOptions(str, fromFile.value.dataset.own) } };
  }
  if (batch !== undefined) merged = { ...merged, batchSize: batch };
  if (seedText !== undefined) merged = { ...merged, seed: Number(seedText) };
  if (objective !== undefined) merged = { ...merged, loss: { ...fromFile.value.loss, objective: objective as Objective } };
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
