/**
 * The headless runner: trains with the lab's core and config schema, in Node, and prints one JSON object per
 * line per evaluation, then a summary line. A run file saved by the lab (or a bare config) replays here.
 *
 *   npm run experiment -- [--config FILE] [--dataset spheres|mnist|fashion-mnist] [--temperature SPEC]
 *                         [--steps N] [--batch B] [--seed S] [--eval-every K] [--backend wasm|cpu] [--out DIR]
 *
 * Exit codes: 0 done, 2 bad flags or config (one line on stderr), 3 the run diverged (reported on stdout
 * and stderr), 1 unexpected failure. Same seed and backend give the same numbers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { configFromFile, RUN_FILE_FORMAT, type HistoryPoint, type RunFile, type TrainingConfig } from '../core/config';
import { errorMessage } from '../core/errors';
import type { Snapshot } from '../core/trainer';
import { holdConsole, InputError, oneLine, readBytes, readFlags, runCli } from '../node/cli';

const USAGE = `Usage: npm run experiment -- [options]

Trains a SimCLR-style model with the lab's core (same config schema as the browser) and prints one JSON
object per line per evaluation (step, loss, knnAccuracy, alignment, uniformity, tolerance,
interClassUniformity, stepMs, tau statistics), then a summary line.

Options:
  --config FILE        a run file saved by the lab, or a bare config (JSON); flags below override it
  --dataset ID         spheres | mnist | fashion-mnist
  --temperature SPEC   e.g. constant:0.2, dystress:0.1,0.2, dystress-shifted:0.1,0.2,-0.4,0.7, custom:FORMULA
  --steps N            training steps (default 300)
  --batch B            batch size B (2B views per step)
  --seed S             seed of data, initialisation, batches and augmentations
  --eval-every K       evaluate every K steps (default 50)
  --backend NAME       wasm (default) or cpu
  --out DIR            also write DIR/run.json (a run file the lab opens) and DIR/history.csv
  -h, --help           show this help

Exit codes: 0 done, 2 bad flags or config, 3 the run diverged, 1 unexpected failure.
`;

const VALUE_FLAGS = ['config', 'dataset', 'temperature', 'steps', 'batch', 'seed', 'eval-every', 'backend', 'out'];

interface Options {
  readonly configFile?: string;
  readonly overrides: Record<string, unknown>;
  readonly temperatureSpec?: string;
  readonly steps: number;
  readonly evalEvery: number;
  readonly backend: 'wasm' | 'cpu';
  readonly out?: string;
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new InputError(`${flag} must be a positive integer (got “${text}”)`);
  return Number(text);
}

function parseFlags(argv: readonly string[]): Options | 'help' {
  const flags = readFlags(argv, VALUE_FLAGS);
  if (flags.help) return 'help';
  const str = flags.value;
  const backend = str('backend') ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new InputError(`--backend must be wasm or cpu (got “${backend}”)`);
  const dataset = str('dataset');
  if (dataset !== undefined && !['spheres', 'mnist', 'fashion-mnist'].includes(dataset)) {
    throw new InputError(`--dataset must be spheres, mnist or fashion-mnist (got “${dataset}”)`);
  }
  const overrides: Record<string, unknown> = {};
  if (dataset !== undefined) overrides.dataset = dataset;
  if (str('batch') !== undefined) overrides.batchSize = positiveInteger('--batch', str('batch'), 0);
  if (str('seed') !== undefined) {
    const seed = str('seed')!;
    if (!/^\d+$/.test(seed.trim())) throw new InputError(`--seed must be a non-negative integer (got “${seed}”)`);
    overrides.seed = Number(seed);
  }
  return {
    ...(str('config') !== undefined ? { configFile: str('config') } : {}),
    overrides,
    ...(str('temperature') !== undefined ? { temperatureSpec: str('temperature') } : {}),
    steps: positiveInteger('--steps', str('steps'), 300),
    evalEvery: positiveInteger('--eval-every', str('eval-every'), 50),
    backend,
    ...(str('out') !== undefined ? { out: str('out') } : {}),
  };
}

async function buildConfig(options: Options): Promise<TrainingConfig> {
  let base: unknown = {};
  if (options.configFile !== undefined) {
    const text = new TextDecoder().decode(await readBytes('--config', options.configFile));
    try {
      base = JSON.parse(text);
    } catch (e) {
      throw new InputError(`--config (${options.configFile}): not valid JSON (${oneLine(errorMessage(e))})`);
    }
  }
  const fromFile = configFromFile(base);
  if (!fromFile.ok) throw new InputError(`--config${options.configFile ? ` (${options.configFile})` : ''}: ${fromFile.error}`);
  const { dataset, ...rest } = options.overrides;
  let merged: Record<string, unknown> = { ...fromFile.value, ...rest };
  if (dataset !== undefined) merged = { ...merged, dataset: { ...fromFile.value.dataset, id: dataset } };
  if (options.temperatureSpec !== undefined) {
    const { parseTemperatureSpec } = await import('../core/temperature');
    const temperature = parseTemperatureSpec(options.temperatureSpec);
    if (!temperature.ok) throw new InputError(`--temperature: ${oneLine(temperature.error)}`);
    merged = { ...merged, temperature: temperature.value.setting };
  }
  const { parseTrainingConfig } = await import('../core/config');
  const config = parseTrainingConfig(merged);
  if (!config.ok) throw new InputError(config.error);
  return config.value;
}

function line(snapshot: Snapshot, point: HistoryPoint): string {
  const { tau, batch } = snapshot;
  return JSON.stringify({ ...point, tau, distances: batch.distances, learningRate: snapshot.learningRate });
}

function csv(history: readonly HistoryPoint[]): string {
  const columns = ['step', 'loss', 'stepMs', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'knnAccuracy', 'tauPositiveMean', 'tauNegativeMean'] as const;
  const rows = history.map((p) => columns.map((c) => p[c] ?? '').join(','));
  return `${columns.join(',')}\n${rows.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseFlags(argv);
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const config = await buildConfig(options);
  const { datasetForConfig, historyPoint, Trainer } = await import('../core/trainer');
  const { readDataFile } = await import('../node/dataFiles');
  const dataset = await datasetForConfig(config, readDataFile);
  if (!dataset.ok) throw new InputError(`${dataset.error}; run “npm run prepare-data” first if the file is missing`);

  const hold = holdConsole();
  let backend: string;
  const history: HistoryPoint[] = [];
  let diverged = false;
  const started = performance.now();
  try {
    const { initNodeBackend } = await import('../node/backend');
    backend = await initNodeBackend(options.backend);
    const trainer = Trainer.create(config, dataset.value);
    if (!trainer.ok) throw new InputError(trainer.error);
    const run = trainer.value;
    hold.release(true);
    while (run.step < options.steps) {
      run.train(Math.min(options.evalEvery - (run.step % options.evalEvery), options.steps - run.step));
      const snapshot = await run.snapshot();
      const point = historyPoint(snapshot);
      history.push(point);
      process.stdout.write(`${line(snapshot, point)}\n`);
      if (snapshot.divergence) {
        diverged = true;
        process.stdout.write(`${JSON.stringify({ divergence: snapshot.divergence })}\n`);
        process.stderr.write(`experiment: ${snapshot.divergence.message}\n`);
        break;
      }
    }
    run.dispose();
  } catch (e) {
    hold.release(false);
    throw e;
  }
  const last = history[history.length - 1];
  const summary = {
    summary: true,
    steps: last?.step ?? 0,
    backend,
    dataset: config.dataset.id,
    temperature: config.temperature,
    seed: config.seed,
    seconds: (performance.now() - started) / 1000,
    meanStepMs: history.reduce((a, p) => a + (p.stepMs ?? 0), 0) / Math.max(1, history.length),
    final: last,
    diverged,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (options.out !== undefined) {
    await mkdir(options.out, { recursive: true });
    const runFile: RunFile = { format: RUN_FILE_FORMAT, version: 1, config, backend, history };
    await writeFile(path.join(options.out, 'run.json'), `${JSON.stringify(runFile, null, 2)}\n`);
    await writeFile(path.join(options.out, 'history.csv'), csv(history));
  }
  if (diverged) process.exitCode = 3;
}

runCli('experiment', main);
