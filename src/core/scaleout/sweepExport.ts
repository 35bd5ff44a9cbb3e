import { RUN_FILE_FORMAT, runFileSchema, type TrainingConfig } from '../config';
import { firstIssue } from '../config/parse';
import { expandCells, referenceConfigs, type SweepDefinition } from '../sweep/definition';
import type { RunTarget, SweepRun } from '../sweep/results';
import { fail, ok, type Result } from '../result';
import { trainScript, type TrainScriptOptions } from './trainScript';

/**
 * A sweep at scale: one train.py carrying every cell's config and τ (chosen with --cell), a launcher with one
 * torchrun command per cell × seed, a Slurm job array over the same runs, and a manifest from which the
 * sweep reader collects the run directories into sweep.json and sweep.csv, as for a sweep run here.
 */

export const SWEEP_EXPORT_FORMAT = 'dystress-lab-sweep-export';
export const SWEEP_EXPORT_FILE = 'sweep-export.json';

/** One run of the exported sweep: which (cell or constant τ, seed) it is, and the directory it writes. */
export interface ExportedRun {
  readonly target: RunTarget;
  readonly cell: string;
  /** Relative to the export directory. */
  readonly dir: string;
  readonly args: readonly string[];
}

export interface SweepExportManifest {
  readonly format: typeof SWEEP_EXPORT_FORMAT;
  readonly version: 1;
  readonly definition: SweepDefinition;
  readonly runs: readonly ExportedRun[];
  /** Cells the family refuses, with the reason: they are skipped runs of the sweep. */
  readonly skipped: readonly { readonly target: RunTarget; readonly reason: string }[];
}

const cellName = (index: number): string => `cell-${index}`;
const constantName = (tau: number): string => `tau-${tau}`;

/** The lab's dataset as the script's --data default: spheres; an image set or your own data needs a local copy. */
function dataDefault(config: TrainingConfig): string {
  switch (config.dataset.id) {
    case 'spheres':
      return 'spheres';
    case 'images':
      return 'imagefolder:DIR';
    case 'vectors':
      return 'vectors:FILE.npy';
    default:
      return `${config.dataset.id}:DIR`;
  }
}

function launcher(manifest: SweepExportManifest): string {
  const dataset = dataDefault(manifest.definition.base);
  return [
    '#!/usr/bin/env bash',
    `# The sweep exported from DySTreSS Lab: ${manifest.runs.length} runs (cells × seeds, and the constant-τ line),`,
    '# one torchrun command each, one after another; each writes its own run directory under runs/.',
    '#   ./launch.sh                          one process per run (CPU or one GPU)',
    '#   NPROC=8 ./launch.sh                  8 GPUs of this node per run',
    `#   DATA=cifar10:/data/cifar ./launch.sh the data (default ${dataset})`,
    '#   TORCHRUN=python3 ./launch.sh         without torchrun (one process)',
    '# Then, in the lab\'s checkout: npm run sweep -- --collect THIS_DIR (writes sweep.json and sweep.csv here).',
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    'NPROC="${NPROC:-1}"',
    `DATA="\${DATA:-${dataset}}"`,
    'TORCHRUN="${TORCHRUN:-torchrun --standalone --nproc_per_node=$NPROC}"',
    'run() { $TORCHRUN train.py --data "$DATA" "$@"; }',
    ...manifest.skipped.map((s) => `# skipped ${'cell' in s.target ? cellName(s.target.cell) : constantName(s.target.constantTau)} seed ${s.target.seed}: ${s.reason}`),
    ...manifest.runs.map((r) => `run ${r.args.join(' ')}`),
    '',
  ].join('\n');
}

function slurm(manifest: SweepExportManifest): string {
  const dataset = dataDefault(manifest.definition.base);
  return [
    '#!/usr/bin/env bash',
    '# A Slurm job array over the exported sweep: task i trains line i + 1 of runs.txt with torchrun on the',
    '# GPUs of its node. Submit from this directory:  DATA=cifar10:/data/cifar sbatch slurm.sbatch',
    '#SBATCH --job-name=dystress-sweep',
    `#SBATCH --array=0-${manifest.runs.length - 1}`,
    '#SBATCH --nodes=1',
    '#SBATCH --gpus-per-node=1',
    '#SBATCH --cpus-per-task=8',
    '#SBATCH --time=04:00:00',
    '#SBATCH --output=slurm-%A_%a.out',
    'set -euo pipefail',
    'cd "${SLURM_SUBMIT_DIR:-.}"',
    'ARGS=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" runs.txt)',
    'GPUS="${SLURM_GPUS_ON_NODE:-1}"',
    `# shellcheck disable=SC2086`,
    `srun torchrun --standalone --nproc_per_node="$GPUS" train.py --data "\${DATA:-${dataset}}" $ARGS`,
    '',
  ].join('\n');
}

/** Every file of the export, by name (relative to the export directory). */
export function exportSweep(definition: SweepDefinition, options: TrainScriptOptions = {}): Result<Readonly<Record<string, string>>> {
  const cells: Record<string, TrainingConfig> = {};
  const runs: ExportedRun[] = [];
  const skipped: { target: RunTarget; reason: string }[] = [];
  const add = (name: string, config: TrainingConfig, target: (seed: number) => RunTarget) => {
    cells[name] = config;
    for (const seed of definition.seeds) {
      const dir = `runs/${name}-seed-${seed}`;
      const args = ['--cell', name, '--seed', String(seed), '--steps', String(definition.steps), '--eval-every', String(definition.evalEvery), '--out', dir];
      runs.push({ target: target(seed), cell: name, dir, args });
    }
  };
  for (const cell of expandCells(definition)) {
    if ('skipped' in cell.outcome) {
      for (const seed of definition.seeds) skipped.push({ target: { cell: cell.index, seed }, reason: cell.outcome.skipped });
    } else {
      add(cellName(cell.index), cell.outcome.config, (seed) => ({ cell: cell.index, seed }));
    }
  }
  for (const { tau, config } of referenceConfigs(definition)) add(constantName(tau), config, (seed) => ({ constantTau: tau, seed }));
  if (runs.length === 0) return fail('the sweep has no run to export: every cell was refused');

  const script = trainScript(definition.base, { ...options, steps: definition.steps, evalEvery: definition.evalEvery }, cells);
  if (!script.ok) return script;
  const manifest: SweepExportManifest = { format: SWEEP_EXPORT_FORMAT, version: 1, definition, runs, skipped };
  return ok({
    'train.py': script.value,
    'launch.sh': launcher(manifest),
    'slurm.sbatch': slurm(manifest),
    'runs.txt': `${runs.map((r) => r.args.join(' ')).join('\n')}\n`,
    [SWEEP_EXPORT_FILE]: `${JSON.stringify(manifest, null, 1)}\n`,
  });
}

export function parseSweepExportManifest(json: unknown): Result<SweepExportManifest> {
  const m = json as Partial<SweepExportManifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== SWEEP_EXPORT_FORMAT) return fail(`not a sweep export (format must be “${SWEEP_EXPORT_FORMAT}”)`);
  if (m.version !== 1 || !Array.isArray(m.runs) || !Array.isArray(m.skipped) || typeof m.definition !== 'object') {
    return fail('a sweep export of an unknown version, or without its runs');
  }
  return ok(m as SweepExportManifest);
}

export interface CollectedSweep {
  readonly runs: readonly SweepRun[];
  /** Runs not finished yet (no run.json, or one written mid-run), by directory. */
  readonly pending: readonly string[];
}

/**
 * The sweep's runs from the run directories' run.json (`readRun(dir)`: the parsed JSON, or undefined when
 * there is none): finished runs as 'ok' (or 'diverged' when the loss stopped being finite), refused cells
 * as 'skipped'. A run.json that is not a run file is an error naming its directory.
 */
export function collectSweep(manifest: SweepExportManifest, readRun: (dir: string) => unknown): Result<CollectedSweep> {
  const runs: SweepRun[] = manifest.skipped.map((s) => ({ target: s.target, status: 'skipped', reason: s.reason, history: [] }));
  const pending: string[] = [];
  for (const run of manifest.runs) {
    const json = readRun(run.dir);
    if (json === undefined) {
      pending.push(run.dir);
      continue;
    }
    const isRunFile = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === RUN_FILE_FORMAT;
    const parsed = runFileSchema.safeParse(json);
    if (!isRunFile || !parsed.success) return fail(`${run.dir}/run.json: ${parsed.success ? 'not a run file' : firstIssue(parsed.error, 'run')}`);
    if (parsed.data.source?.finished !== true) {
      pending.push(run.dir);
      continue;
    }
    const history = parsed.data.history;
    const diverged = history.some((p) => p.step > 0 && (p.loss === null || !Number.isFinite(p.loss)));
    runs.push({ target: run.target, status: diverged ? 'diverged' : 'ok', ...(diverged ? { reason: 'the loss stopped being finite' } : {}), history });
  }
  return ok({ runs, pending });
}
