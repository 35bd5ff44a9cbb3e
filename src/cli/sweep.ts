/**
 * The sweep: trains a grid of one or two swept parameters × seeds, and the constant-τ line beside it, on a
 * pool of worker threads; prints one JSON line per finished run and writes DIR/sweep.json and DIR/sweep.csv
 * after each, so an interrupted sweep keeps what finished and the same command resumes it.
 *
 *   npm run sweep -- [--config FILE] [--dataset ID] --temperature SPEC --x PARAM=VALUES [--y PARAM=VALUES]
 *                    [--seeds N | --seeds S1,S2,…] [--steps N] [--eval-every K] [--batch B]
 *                    [--constant-taus T1,T2,…] [--jobs J] [--backend wasm|cpu|webgpu] --out DIR
 *
 *   npm run sweep -- --collect DIR     (a sweep exported with npm run export-pytorch -- --sweep, trained elsewhere)
 *
 * Exit codes: 0 done (diverged and skipped runs included), 2 bad flags, axes or config (one line on stderr,
 * nothing on stdout), 130 interrupted, 1 unexpected failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TrainingConfig } from '../core/config';
import { errorMessage } from '../core/errors';
import { collectSweep, parseSweepExportManifest, SWEEP_EXPORT_FILE } from '../core/scaleout/sweepExport';
import { expandCells, parseAxisFlag, parseSweepDefinition, type SweepAxis, type SweepDefinition } from '../core/sweep/definition';
import { finalMetric, runKey, SWEEP_FILE_FORMAT, SWEEP_METRIC_KEYS, sweepCsv, type SweepFile, type SweepRun } from '../core/sweep/results';
import { runSweep, type RunOutcome, type SweepProgress } from '../core/sweep/schedule';
import type { NodeBackend } from '../node/backend';
import { InputError, oneLine, readFlags, runCli } from '../node/cli';
import { checkOwnData, OWN_DATA_FLAGS, OWN_DATA_USAGE, readOwnDataFiles } from '../node/ownData';
import { backendFlag, configFromFlags, positiveInteger } from '../node/runConfig';
import type { OwnDataFiles } from '../io/ownData';
import type { SweepJob, SweepJobResult } from '../node/sweepProtocol';
import { quoted } from '../core/quote';

const USAGE = `Usage: npm run sweep -- --x PARAM=VALUES [options] --out DIR

Trains every cell of a grid of one or two swept parameters for each seed, and the constant-τ line with the
same seeds, on a pool of worker threads. Prints one JSON line per finished run; writes DIR/sweep.json (the
definition and every run's history) and DIR/sweep.csv (one row per run). Running it again with the same
--out reuses the finished runs and trains the rest.

Options:
  --config FILE          the base config: a run file saved by the lab, or a bare config (JSON)
  --dataset ID           spheres | mnist | fashion-mnist | vectors | images (your own data, --data)
${OWN_DATA_USAGE}  --temperature SPEC     the base temperature, e.g. dystress:0.1,0.2 (its parameters are the τ axes)
  --loss NAME            nt-xent (default) or siglip (pairwise sigmoid loss, learned t and b)
  --x PARAM=VALUES       the first axis: a τ parameter of the family (tmin, tmax, tau, shift, scale, …) or a
                         training one (lr, batch, dim, tail, classes, dataDim, concentration, …);
                         VALUES is v1,v2,… or start:stop:count, or start:stop:count:log
  --y PARAM=VALUES       a second axis
  --seeds N | S1,S2,…    N seeds 1…N, or the seeds listed (default 3)
  --steps N              training steps per run (default 600)
  --eval-every K         evaluate every K steps, and at step 0 (default 100)
  --batch B              batch size B
  --constant-taus LIST   the constant-τ line (default 0.05,0.1,0.2,0.5,1)
  --jobs J               worker threads (default: the number of cores; 1 with webgpu)
  --backend NAME         wasm (default), cpu or webgpu (Dawn; see npm run experiment -- --help)
  --out DIR              where sweep.json and sweep.csv go (required)
  --collect DIR          instead of training: collect the run directories of a sweep exported with
                         npm run export-pytorch -- --sweep (DIR/sweep-export.json) and trained with its
                         launch.sh or slurm.sbatch into DIR/sweep.json and DIR/sweep.csv (or --out DIR)
  -h, --help             show this help

Exit codes: 0 done, 2 bad flags, axes or config, 130 interrupted, 1 unexpected failure.
`;

const VALUE_FLAGS = ['config', 'dataset', ...OWN_DATA_FLAGS, 'temperature', 'loss', 'x', 'y', 'seeds', 'steps', 'eval-every', 'batch', 'constant-taus', 'jobs', 'backend', 'out', 'collect'];

const MAX_JOBS = 64;

function seedsFlag(text: string | undefined): readonly number[] | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    if (n < 1 || n > 100) throw new InputError(`--seeds must be between 1 and 100 seeds (got ${n})`);
    return Array.from({ length: n }, (_, i) => i + 1);
  }
  const seeds = trimmed.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new InputError(`--seeds must be a count or a list of non-negative integers (got ${quoted(text)})`);
  return seeds.map(Number);
}

function numbersFlag(flag: string, text: string | undefined): readonly number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (values.some((v) => !Number.isFinite(v))) throw new InputError(`${flag} must be numbers separated by commas (got ${quoted(text)})`);
  return values;
}

function axisFlag(flag: string, text: string | undefined): SweepAxis | undefined {
  if (text === undefined) return undefined;
  const axis = parseAxisFlag(text);
  if (!axis.ok) throw new InputError(`${flag}: ${axis.error}`);
  return axis.value;
}

interface Options {
  readonly definition: SweepDefinition;
  readonly jobs: number;
  readonly backend: NodeBackend;
  readonly out: string;
  readonly ownData?: OwnDataFiles;
}

async function parseOptions(argv: readonly string[]): Promise<Options | 'help'> {
  const flags = readFlags(argv, VALUE_FLAGS);
  if (flags.help) return 'help';
  const str = flags.value;
  const out = str('out');
  if (out === undefined) throw new InputError('--out DIR is required: the sweep writes sweep.json and sweep.csv there');
  const x = axisFlag('--x', str('x'));
  if (!x) throw new InputError('--x PARAM=VALUES is required (see --help)');
  const y = axisFlag('--y', str('y'));
  const backend = backendFlag(flags);
  // Each job is a worker thread with its own tfjs: a thousand of them would exhaust the memory, not train faster.
  // One GPU serves one trainer at a time best: more threads would only queue on it.
  const jobs = positiveInteger('--jobs', str('jobs'), backend === 'webgpu' ? 1 : availableParallelism(), MAX_JOBS);
  const seeds = seedsFlag(str('seeds'));
  const referenceTaus = numbersFlag('--constant-taus', str('constant-taus'));
  const base = await configFromFlags(flags);
  const ownData = await readOwnDataFiles(flags);
  await checkOwnData(base, ownData);
  const definition = parseSweepDefinition({
    base,
    x,
    ...(y ? { y } : {}),
    ...(seeds ? { seeds } : {}),
    ...(str('steps') !== undefined ? { steps: positiveInteger('--steps', str('steps'), 0) } : {}),
    ...(str('eval-every') !== undefined ? { evalEvery: positiveInteger('--eval-every', str('eval-every'), 0) } : {}),
    ...(referenceTaus ? { referenceTaus } : {}),
  });
  if (!definition.ok) throw new InputError(definition.error);
  return { definition: definition.value, jobs, backend, out, ...(ownData ? { ownData } : {}) };
}

/** Runs finished by an earlier invocation with the same --out; refused when that was another sweep. */
async function previousRuns(file: string, definition: SweepDefinition): Promise<ReadonlyMap<string, SweepRun>> {
  if (!existsSync(file)) return new Map();
  let saved: SweepFile;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as SweepFile;
  } catch (e) {
    throw new InputError(`${file}: not a readable sweep file (${oneLine(errorMessage(e))}); remove it or choose another --out`);
  }
  if (saved.format !== SWEEP_FILE_FORMAT || JSON.stringify(saved.definition) !== JSON.stringify(definition)) {
    throw new InputError(`${file} holds another sweep; choose another --out, or remove it to start again`);
  }
  return new Map(saved.runs.filter((r) => r.status !== 'skipped').map((r) => [runKey(r.target), r]));
}

/** A pool of worker threads that train one config each at a time. */
function workerPool(size: number, backend: NodeBackend, definition: SweepDefinition, ownData: OwnDataFiles | undefined) {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const waiting: ((worker: Worker) => void)[] = [];
  let nextId = 0;
  for (let i = 0; i < size; i++) {
    const worker = new Worker(path.join(__dirname, 'sweepWorker.cjs'), { workerData: { backend, ownData } });
    all.push(worker);
    idle.push(worker);
  }
  const acquire = (): Promise<Worker> => (idle.length > 0 ? Promise.resolve(idle.pop()!) : new Promise((resolve) => waiting.push(resolve)));
  const release = (worker: Worker): void => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  const runOne = async (config: TrainingConfig): Promise<RunOutcome> => {
    const worker = await acquire();
    const job: SweepJob = { id: nextId++, config, steps: definition.steps, evalEvery: definition.evalEvery };
    try {
      const result = await new Promise<SweepJobResult>((resolve, reject) => {
        const onMessage = (message: SweepJobResult): void => {
          if (message.id !== job.id) return;
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve(message);
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
        worker.postMessage(job);
      });
      if ('error' in result) throw new InputError(result.error);
      return result;
    } finally {
      release(worker);
    }
  };
  return { runOne, close: () => Promise.all(all.map((w) => w.terminate())) };
}

/** The run's cell as the CSV names it: the swept parameters' values, or the constant τ. */
function where(definition: SweepDefinition, cells: ReturnType<typeof expandCells>, run: SweepRun): Record<string, number> {
  if ('constantTau' in run.target) return { constantTau: run.target.constantTau };
  const cell = cells[run.target.cell]!;
  return { [definition.x.param]: cell.x, ...(definition.y && cell.y !== undefined ? { [definition.y.param]: cell.y } : {}) };
}

function progressBar({ done, total }: SweepProgress, started: number, trained: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const elapsed = (performance.now() - started) / 1000;
  const left = trained > 0 ? ((total - done) * elapsed) / trained : NaN;
  const eta = Number.isFinite(left) ? ` · about ${left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left` : '';
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${eta}   `;
}

/** Reads DIR/sweep-export.json and every run directory's run.json; writes sweep.json and sweep.csv. */
async function collect(dir: string, out: string): Promise<void> {
  const manifestFile = path.join(dir, SWEEP_EXPORT_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestFile, 'utf8'));
  } catch (e) {
    throw new InputError(`--collect: ${manifestFile}: ${oneLine(errorMessage(e))} (export the sweep with npm run export-pytorch -- --sweep FILE --out DIR)`);
  }
  const manifest = parseSweepExportManifest(json);
  if (!manifest.ok) throw new InputError(`--collect: ${manifestFile}: ${manifest.error}`);
  const readRun = (runDir: string): unknown => {
    const file = path.join(dir, runDir, 'run.json');
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new InputError(`--collect: ${file}: ${oneLine(errorMessage(e))}`);
    }
  };
  const collected = collectSweep(manifest.value, readRun);
  if (!collected.ok) throw new InputError(`--collect: ${collected.error}`);
  const { definition } = manifest.value;
  const { runs, pending } = collected.value;
  const file: SweepFile = { format: SWEEP_FILE_FORMAT, version: 1, definition, runs };
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'sweep.json'), `${JSON.stringify(file)}\n`);
  await writeFile(path.join(out, 'sweep.csv'), sweepCsv(definition, expandCells(definition), runs));
  const finished = runs.filter((r) => r.status !== 'skipped').length;
  process.stdout.write(`${JSON.stringify({ collected: finished, skipped: runs.length - finished, pending: pending.length, out })}\n`);
  if (pending.length > 0) process.stderr.write(`sweep: ${pending.length} runs not finished yet: ${pending.join(', ')}\n`);
}

async function main(argv: readonly string[]): Promise<void> {
  const collectFlags = readFlags(argv, VALUE_FLAGS);
  const collectDir = collectFlags.value('collect');
  if (collectDir !== undefined && !collectFlags.help) {
    await collect(collectDir, collectFlags.value('out') ?? collectDir);
    return;
  }
  const options = await parseOptions(argv);
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const { definition, out } = options;
  if (options.backend === 'webgpu') {
    const { webGpuPreflight } = await import('../node/webgpu');
    const rerun = await webGpuPreflight('sweep');
    if (rerun !== null) {
      process.exitCode = rerun;
      return;
    }
  }
  const jsonFile = path.join(out, 'sweep.json');
  const previous = await previousRuns(jsonFile, definition);
  await mkdir(out, { recursive: true });
  const cells = expandCells(definition);
  const finished = new Map<string, SweepRun>(previous);

  // Written after every run, through a temporary file, so that an interruption never leaves half a file.
  const save = async (): Promise<void> => {
    const runs = [...finished.values()];
    const file: SweepFile = { format: SWEEP_FILE_FORMAT, version: 1, definition, runs };
    await writeFile(`${jsonFile}.tmp`, `${JSON.stringify(file)}\n`);
    await rename(`${jsonFile}.tmp`, jsonFile);
    await writeFile(path.join(out, 'sweep.csv'), sweepCsv(definition, cells, runs));
  };

  const pool = workerPool(Math.max(1, options.jobs), options.backend, definition, options.ownData);
  const started = performance.now();
  let trained = 0;
  const tty = process.stderr.isTTY === true;
  process.once('SIGINT', () => {
    void pool.close().then(() => {
      if (tty) process.stderr.write('\n');
      process.stderr.write(`sweep: interrupted; ${finished.size} finished runs are kept in ${out} (run the same command to resume)\n`);
      process.exit(130);
    });
  });
  try {
    await runSweep(definition, {
      runOne: pool.runOne,
      jobs: options.jobs,
      previous,
      onRun: async (progress) => {
        const { run, reused } = progress;
        finished.set(runKey(run.target), run);
        if (!reused && run.status !== 'skipped') trained++;
        await save();
        const metrics = Object.fromEntries(SWEEP_METRIC_KEYS.map((m) => [m, Number.isFinite(finalMetric(run, m)) ? finalMetric(run, m) : null]));
        const line = { ...where(definition, cells, run), seed: run.target.seed, status: run.status, ...(run.reason ? { reason: run.reason } : {}), ...metrics, ...(reused ? { reused: true } : {}) };
        if (tty) process.stderr.write('\r\x1b[K');
        process.stdout.write(`${JSON.stringify(line)}\n`);
        if (tty) process.stderr.write(progressBar(progress, started, trained));
      },
    });
  } finally {
    await pool.close();
  }
  if (tty) process.stderr.write('\n');
}

runCli('sweep', main);
