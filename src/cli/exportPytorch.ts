/**
 * Exports a lab configuration as a PyTorch training script: DIR/train.py (torch + numpy), which trains it in
 * one process or under torchrun on many GPUs and writes a run directory the lab opens ("Open run") and
 * `npm run analyze` reads. With --sweep, one script for every cell of a sweep plus its launchers.
 *
 *   npm run export-pytorch -- [--config FILE] [--dataset ID] [--temperature SPEC] [--batch B] [--seed S]
 *                             [--steps N] [--eval-every K] [--checkpoint-every K] [--sweep FILE] --out DIR
 *
 * Exit codes: 0 written, 2 bad flags, config or a temperature train.py cannot carry (one line on stderr),
 * 1 unexpected failure.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { version as APP_VERSION } from '../../package.json';
import { errorMessage } from '../core/errors';
import { exportSweep } from '../core/scaleout/sweepExport';
import { trainScript, TRAIN_SCRIPT_DEFAULTS } from '../core/scaleout/trainScript';
import { SWEEP_FILE_FORMAT } from '../core/sweep/results';
import { parseSweepDefinition } from '../core/sweep/definition';
import { InputError, oneLine, readFlags, runCli, type Flags } from '../node/cli';
import { configFromFlags, positiveInteger } from '../node/runConfig';

const USAGE = `Usage: npm run export-pytorch -- [options] --out DIR

Writes DIR/train.py: the configuration as a PyTorch training script (needs only torch and numpy), with the
temperature, NT-Xent, data, augmentations, model, optimizer, metrics and seed of the lab. Run it with
  python3 DIR/train.py --data spheres --out RUN_DIR
or under torchrun on many GPUs; RUN_DIR/run.json opens in the lab ("Open run").

Options:
  --config FILE          a run file saved by the lab, or a bare config (JSON); flags below override it
  --dataset ID           spheres | mnist | fashion-mnist
  --temperature SPEC     e.g. constant:0.2, dystress:0.1,0.2, custom:FORMULA
  --batch B              samples per process per step (the script's --batch default)
  --seed S               the script's --seed default
  --steps N              the script's --steps default (${TRAIN_SCRIPT_DEFAULTS.steps})
  --eval-every K         the script's --eval-every default (${TRAIN_SCRIPT_DEFAULTS.evalEvery})
  --checkpoint-every K   the script's --checkpoint-every default (${TRAIN_SCRIPT_DEFAULTS.checkpointEvery})
  --sweep FILE           a sweep (sweep.json written by the lab or npm run sweep, or a bare definition):
                         writes train.py for every cell (--cell), launch.sh (one torchrun command per
                         cell × seed), slurm.sbatch (a job array), runs.txt and sweep-export.json;
                         collect the runs with npm run sweep -- --collect DIR
  --out DIR              where train.py goes (required)
  -h, --help             show this help

Exit codes: 0 written, 2 bad flags or config, 1 unexpected failure.
`;

const VALUE_FLAGS = ['config', 'dataset', 'temperature', 'batch', 'seed', 'steps', 'eval-every', 'checkpoint-every', 'sweep', 'out'];
const CONFIG_FLAGS = ['config', 'dataset', 'temperature', 'batch', 'seed', 'steps', 'eval-every'];

/** The files of a sweep export: the sweep's own definition gives the base config, steps and evaluations. */
async function sweepFiles(flags: Flags, file: string, version: string): Promise<Readonly<Record<string, string>>> {
  const clash = CONFIG_FLAGS.filter((f) => flags.value(f) !== undefined);
  if (clash.length > 0) throw new InputError(`--sweep takes the config, steps and evaluations from the sweep; drop --${clash.join(', --')}`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new InputError(`--sweep (${file}): ${oneLine(errorMessage(e))}`);
  }
  const isSweepFile = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === SWEEP_FILE_FORMAT;
  const definition = parseSweepDefinition(isSweepFile ? (json as { definition: unknown }).definition : json);
  if (!definition.ok) throw new InputError(`--sweep (${file}): ${definition.error}`);
  const checkpointEvery = positiveInteger('--checkpoint-every', flags.value('checkpoint-every'), TRAIN_SCRIPT_DEFAULTS.checkpointEvery);
  const files = exportSweep(definition.value, { version, checkpointEvery });
  if (!files.ok) throw new InputError(files.error);
  return files.value;
}

async function main(argv: readonly string[]): Promise<void> {
  const flags = readFlags(argv, VALUE_FLAGS);
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  const out = flags.value('out');
  if (out === undefined) throw new InputError('--out DIR is required: train.py is written there');
  const sweep = flags.value('sweep');
  if (sweep !== undefined) {
    const files = await sweepFiles(flags, sweep, APP_VERSION);
    await mkdir(out, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      await writeFile(path.join(out, name), text, { mode: /\.(py|sh|sbatch)$/.test(name) ? 0o755 : 0o644 });
      process.stdout.write(`${path.join(out, name)}\n`);
    }
    return;
  }
  const options = {
    version: APP_VERSION,
    steps: positiveInteger('--steps', flags.value('steps'), TRAIN_SCRIPT_DEFAULTS.steps),
    evalEvery: positiveInteger('--eval-every', flags.value('eval-every'), TRAIN_SCRIPT_DEFAULTS.evalEvery),
    checkpointEvery: positiveInteger('--checkpoint-every', flags.value('checkpoint-every'), TRAIN_SCRIPT_DEFAULTS.checkpointEvery),
  };
  const config = await configFromFlags(flags);
  const script = trainScript(config, options);
  if (!script.ok) throw new InputError(script.error);
  await mkdir(out, { recursive: true });
  const file = path.join(out, 'train.py');
  await writeFile(file, script.value, { mode: 0o755 });
  process.stdout.write(`${file}\n`);
}

runCli('export-pytorch', main);
