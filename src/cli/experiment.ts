/**
 * The headless runner: trains with the lab's core and config schema, in Node, and prints one JSON object per
 * line per evaluation (step 0, the untrained encoder, first), then a summary line. A run file saved by the lab (or a bare config) replays here.
 *
 *   npm run experiment -- [--config FILE] [--dataset spheres|mnist|fashion-mnist|vectors|images] [--data FILE]
 *                         [--data-labels FILE] [--image-format grey-28|rgb-32] [--held-out F] [--temperature SPEC]
 *                         [--loss nt-xent|siglip]
 *                         [--steps N] [--batch B] [--seed S] [--eval-every K] [--backend wasm|cpu|webgpu] [--threads N] [--out DIR]
 *
 * Exit codes: 0 done, 2 bad flags or config (one line on stderr), 3 the run diverged (reported on stdout
 * and stderr), 1 unexpected failure. Same seed and backend give the same numbers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RUN_FILE_FORMAT, type HistoryPoint, type RunFile } from '../core/config';
import type { Snapshot } from '../core/trainer';
import type { NodeBackend, NodeBackendInfo } from '../node/backend';
import { holdConsole, readFlags, runCli, type Flags } from '../node/cli';
import { checkOwnData, OWN_DATA_FLAGS, OWN_DATA_USAGE, readOwnDataFiles } from '../node/ownData';
import { backendFlag, configFromFlags, positiveInteger, threadsFlag } from '../node/runConfig';

const USAGE = `Usage: npm run experiment -- [options]

Trains a SimCLR-style model with the lab's core (same config schema as the browser) and prints one JSON
object per line per evaluation (step, loss, knnAccuracy, alignment, uniformity, tolerance,
interClassUniformity, stepMs, tau statistics), step 0 (the untrained encoder) first, then a summary line.

Options:
  --config FILE        a run file saved by the lab, or a bare config (JSON); flags below override it
  --dataset ID         spheres | mnist | fashion-mnist | vectors | images (your own data, --data)
${OWN_DATA_USAGE}  --temperature SPEC   e.g. constant:0.2, dystress:0.1,0.2, dystress-shifted:0.1,0.2,-0.4,0.7, custom:FORMULA,
                       temperature-free, learnable:0.07 (τ learned from τ₀ = 0.07, CLIP's way)
  --loss NAME          nt-xent (default) or siglip: SigLIP's pairwise sigmoid loss, logits t·s/τ(s) + b with t, b
                       learned (use --temperature constant:1 for the paper's t·s + b)
  --steps N            training steps (default 300)
  --batch B            batch size B (2B views per step)
  --seed S             seed of data, initialisation, batches and augmentations
  --eval-every K       evaluate every K steps (default 50)
  --backend NAME       wasm (default), cpu or webgpu (Dawn: a GPU's Vulkan, Metal or D3D12 driver; without
                       one, SwiftShader from Debian's chromium package, found by itself)
  --threads N          wasm's threads (default 1; more start tfjs's threaded SIMD build)
  --out DIR            also write DIR/run.json (a run file the lab opens) and DIR/history.csv
  -h, --help           show this help

Exit codes: 0 done, 2 bad flags or config, 3 the run diverged, 1 unexpected failure.
`;

const VALUE_FLAGS = ['config', 'dataset', ...OWN_DATA_FLAGS, 'temperature', 'loss', 'steps', 'batch', 'seed', 'eval-every', 'backend', 'threads', 'out'];

interface Options {
  readonly flags: Flags;
  readonly steps: number;
  readonly evalEvery: number;
  readonly backend: NodeBackend;
  readonly threads: number;
  readonly out?: string;
}

function parseFlags(argv: readonly string[]): Options | 'help' {
  const flags = readFlags(argv, VALUE_FLAGS);
  if (flags.help) return 'help';
  const out = flags.value('out');
  const backend = backendFlag(flags);
  return {
    flags,
    steps: positiveInteger('--steps', flags.value('steps'), 300),
    evalEvery: positiveInteger('--eval-every', flags.value('eval-every'), 50),
    backend,
    threads: threadsFlag(flags, backend),
    ...(out !== undefined ? { out } : {}),
  };
}

function line(snapshot: Snapshot, point: HistoryPoint): string {
  const { tau, batch } = snapshot;
  return JSON.stringify({ ...point, tau, distances: batch.distances, learningRate: snapshot.learningRate });
}

const mean = (values: readonly number[]): number | null => (values.length > 0 ? values.reduce((a, v) => a + v, 0) / values.length : null);

const BASE_COLUMNS = ['step', 'loss', 'stepMs', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'knnAccuracy', 'tauPositiveMean', 'tauNegativeMean', 'learnedTau', 'learnedBias'] as const;
/** Only for temperatures trained per sample: the quantiles of τ_i. */
const SAMPLE_TAU_COLUMNS = ['tauSampleP05', 'tauSampleMedian', 'tauSampleP95'] as const;

function csv(history: readonly HistoryPoint[]): string {
  const perSample = history.some((p) => p.tauSampleMedian != null);
  const columns = perSample ? [...BASE_COLUMNS, ...SAMPLE_TAU_COLUMNS] : BASE_COLUMNS;
  const rows = history.map((p) => columns.map((c) => p[c] ?? '').join(','));
  return `${columns.join(',')}\n${rows.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseFlags(argv);
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const config = await configFromFlags(options.flags);
  if (options.backend === 'webgpu') {
    const { webGpuPreflight } = await import('../node/webgpu');
    const rerun = await webGpuPreflight('experiment');
    if (rerun !== null) {
      process.exitCode = rerun;
      return;
    }
  }
  const ownData = await readOwnDataFiles(options.flags);
  await checkOwnData(config, ownData);
  const { trainHeadless } = await import('../node/train');

  const hold = holdConsole();
  let backend: NodeBackendInfo | undefined;
  let outcome: Awaited<ReturnType<typeof trainHeadless>>;
  const started = performance.now();
  try {
    const { activeNodeBackend, initNodeBackend } = await import('../node/backend');
    await initNodeBackend(options.backend, { threads: options.threads });
    backend = activeNodeBackend();
    hold.release(true);
    if (ownData && !ownData.labels && config.dataset.id === 'vectors') {
      process.stderr.write('experiment: no --data-labels: knnAccuracy, tolerance and interClassUniformity are not computed (null), and every negative counts as a true negative\n');
    }
    outcome = await trainHeadless(config, {
      ...(ownData ? { ownData } : {}),
      steps: options.steps,
      evalEvery: options.evalEvery,
      onEvaluation: (snapshot, point) => process.stdout.write(`${line(snapshot, point)}\n`),
    });
  } catch (e) {
    hold.release(false);
    throw e;
  }
  const { history, divergence } = outcome;
  const diverged = divergence !== null;
  if (divergence) {
    process.stdout.write(`${JSON.stringify({ divergence })}\n`);
    process.stderr.write(`experiment: ${divergence.message}\n`);
  }
  const last = history[history.length - 1];
  const summary = {
    summary: true,
    steps: last?.step ?? 0,
    backend: backend?.backend,
    ...(backend?.threads !== undefined ? { threads: backend.threads } : {}),
    ...(backend?.adapter ? { adapter: backend.adapter } : {}),
    dataset: config.dataset.id,
    ...(ownData ? { data: config.dataset.own.name } : {}),
    temperature: config.temperature,
    objective: config.loss.objective,
    seed: config.seed,
    seconds: (performance.now() - started) / 1000,
    meanStepMs: mean(history.flatMap((p) => (p.stepMs === null ? [] : [p.stepMs]))),
    final: last,
    diverged,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (options.out !== undefined) {
    await mkdir(options.out, { recursive: true });
    const runFile: RunFile = { format: RUN_FILE_FORMAT, version: 1, config, backend: backend?.backend ?? options.backend, history: [...history] };
    await writeFile(path.join(options.out, 'run.json'), `${JSON.stringify(runFile, null, 2)}\n`);
    await writeFile(path.join(options.out, 'history.csv'), csv(history));
  }
  if (diverged) process.exitCode = 3;
}

runCli('experiment', main);
