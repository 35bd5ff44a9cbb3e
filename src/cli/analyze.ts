/**
 * Measures exported embeddings: alignment, uniformity, tolerance, inter-class uniformity, kNN accuracy and
 * the (DySTreSS) NT-Xent loss.
 *
 *   npm run analyze -- --view1 FILE [--view2 FILE] [--labels FILE] [--temperature SPEC] [--k 20] [--knn-t 0.1]
 *                      [--loss whole|batched] [--loss-batch B] [--loss-seed S] [--threads T] [--format json|table]
 *
 * Contract: on success stdout holds the report only (one JSON line, or the table) and the exit code is 0.
 * On bad input the exit code is 2, stderr holds exactly one line starting "analyze: " and stdout is empty;
 * an unexpected failure does the same with exit code 1. No stack trace is ever printed. The heavy modules
 * (tfjs, the metrics) are imported only once the flags are valid, inside the same guard.
 *
 * Runs as the Node bundle dist-node/analyze.cjs (vite.node.config.ts): src/core/tf.ts's gradient import
 * cannot be loaded by plain Node/tsx. The tfjs backend is wasm (src/node/backend.ts), cpu if wasm fails. The
 * pair pass runs on --threads threads (default: every core): this one and T − 1 worker threads started from this
 * same bundle.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { EmbeddingReport, LossBatching } from '../core/metrics';
import type { Temperature } from '../core/temperature';
import { ANALYSIS_THREAD, analysisThreadMain, sharedFloats, startAnalysisThreads, type AnalysisThreadData } from '../node/analysisThreads';
import { parseEmbeddingInputs, type EmbeddingInput, type InputFile } from '../io/embeddings';
import { holdConsole, InputError, oneLine, readBytes, readFlags, runCli } from '../node/cli';
import { quoted } from '../core/quote';

const readInput = async (role: string, path: string): Promise<InputFile> => ({ name: path, bytes: await readBytes(role, path) });

const USAGE = `Usage: npm run analyze -- --view1 FILE [options]

Measures exported embeddings (one row per sample). Files are .npy (2-D float32/float64, C order;
labels 1-D integers) or .csv (no header, comma-separated numbers; labels one integer per line).
Every embedding is L2-normalised first.

Options:
  --view1 FILE          embeddings of the first view (required)
  --view2 FILE          embeddings of the second view, row i paired with view1 row i
                        (enables alignment and loss)
  --labels FILE         one integer class label per row (enables tolerance,
                        interClassUniformity and knnAccuracy)
  --temperature SPEC    temperature of the loss (default dystress:0.1,0.2), e.g. constant:0.2,
                        dystress:TMIN,TMAX, dystress-shifted:TMIN,TMAX,SHIFT,SCALE, custom:FORMULA
  --k N                 neighbours of the kNN classifier (default 20)
  --knn-t T             temperature of the kNN vote weights exp(s/T) (default 0.1)
  --loss whole|batched  whole: NT-Xent over all 2N rows of [view1; view2] (the default up to
                        N = 10,000; it costs 4·N²·d FLOPs, e.g. ≈ 9 min for 50,000 × 2,048 on
                        2 cores); batched: as training computes it, the mean over seeded random
                        batches of B pairs (the default above N = 10,000)
  --loss-batch B        pairs per batch of the batched loss (default 128; implies --loss batched)
  --loss-seed S         seed of the batches' order (default 1)
  --threads T           threads of the pair pass: this one and T − 1 workers (default: the
                        number of cores)
  --format json|table   json: one JSON object on one line (default); table: aligned, with descriptions
  -h, --help            show this help

Exit codes: 0 success, 2 bad input (one line on stderr), 1 unexpected failure.
`;

const DEFAULTS = { temperature: 'dystress:0.1,0.2', k: '20', knnT: '0.1', format: 'json', lossBatch: '128', lossSeed: '1' } as const;

/** Sustained float32 matrix-product rate of one core here (tfjs-wasm, XNNPACK), for the whole-loss estimate. */
const GFLOPS_PER_THREAD = 20;

type Format = 'json' | 'table';

interface Options {
  readonly view1: string;
  readonly view2?: string;
  readonly labels?: string;
  readonly temperatureSpec: string;
  readonly k: number;
  readonly knnT: number;
  readonly format: Format;
  /** undefined: the default for the set's size. */
  readonly loss?: 'whole' | LossBatching;
  readonly threads: number;
}

type Metric = 'alignment' | 'uniformity' | 'tolerance' | 'interClassUniformity' | 'knnAccuracy' | 'loss';

const METRICS: readonly { key: Metric; needs: 'view1' | 'view2' | 'labels'; describe: (o: Options, spec: string) => string }[] = [
  { key: 'alignment', needs: 'view2', describe: () => 'mean ‖z1 − z2‖² over positive pairs (0 … 4; lower = views agree)' },
  { key: 'uniformity', needs: 'view1', describe: () => 'log mean exp(−2‖zi − zj‖²) over pairs of view1 (lower = more uniform)' },
  { key: 'tolerance', needs: 'labels', describe: () => 'mean cosine similarity of same-class pairs (higher = tighter classes)' },
  {
    key: 'interClassUniformity',
    needs: 'labels',
    describe: () => 'log mean exp(−2‖μc − μc′‖²) over pairs of class means (lower = classes apart)',
  },
  {
    key: 'knnAccuracy',
    needs: 'labels',
    describe: (o) => `leave-one-out kNN accuracy on view1, k = ${o.k}, votes weighted exp(s/${o.knnT})`,
  },
  { key: 'loss', needs: 'view2', describe: (_o, spec) => `NT-Xent on [view1; view2] with τ = ${spec}` },
];

function describeLoss(out: Output): string {
  if (out.lossMethod === 'batched') {
    return `NT-Xent as in training: mean over ${out.lossBatches} seeded batches of ${out.lossBatch} pairs (seed ${out.lossSeed}), τ = ${out.temperature}`;
  }
  return `NT-Xent over all ${2 * out.n} rows of [view1; view2], τ = ${out.temperature}`;
}

// ------------------------------------------------------------------------------------------------ flags

const VALUE_FLAGS = ['view1', 'view2', 'labels', 'temperature', 'k', 'knn-t', 'format', 'loss', 'loss-batch', 'loss-seed', 'threads'];

function positiveInteger(flag: string, text: string, min: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min) throw new InputError(`--${flag} must be an integer ≥ ${min} (got ${quoted(text)})`);
  return value;
}

function parseFlags(argv: readonly string[]): Options | 'help' {
  const beforeDashes = argv.indexOf('--') < 0 ? argv : argv.slice(0, argv.indexOf('--'));
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) return 'help';
  const str = readFlags(argv, VALUE_FLAGS).value;

  const view1 = str('view1');
  if (view1 === undefined || view1 === '') throw new InputError('--view1 FILE is required (see --help)');
  const view2 = str('view2');
  const labels = str('labels');
  if (view2 === '') throw new InputError('--view2 needs a file name');
  if (labels === '') throw new InputError('--labels needs a file name');

  const kText = (str('k') ?? DEFAULTS.k).trim();
  const k = /^\d+$/.test(kText) ? Number(kText) : NaN;
  if (!Number.isSafeInteger(k) || k < 1) throw new InputError(`--k must be a positive integer (got ${quoted(kText)})`);

  const tText = (str('knn-t') ?? DEFAULTS.knnT).trim();
  const knnT = tText === '' ? NaN : Number(tText);
  if (!Number.isFinite(knnT) || knnT <= 0) throw new InputError(`--knn-t must be a number > 0 (got ${quoted(tText)})`);

  const format = str('format') ?? DEFAULTS.format;
  if (format !== 'json' && format !== 'table') throw new InputError(`--format must be json or table (got ${quoted(format)})`);

  const lossText = str('loss');
  if (lossText !== undefined && lossText !== 'whole' && lossText !== 'batched') throw new InputError(`--loss must be whole or batched (got ${quoted(lossText)})`);
  const batchText = str('loss-batch');
  const seedText = str('loss-seed');
  if (lossText === 'whole' && (batchText !== undefined || seedText !== undefined)) {
    throw new InputError('--loss whole takes no --loss-batch or --loss-seed (they set the batched loss)');
  }
  const batching =
    lossText === 'batched' || batchText !== undefined || seedText !== undefined
      ? { batch: positiveInteger('loss-batch', batchText ?? DEFAULTS.lossBatch, 2), seed: positiveInteger('loss-seed', seedText ?? DEFAULTS.lossSeed, 0) }
      : undefined;
  const threadsText = str('threads');
  const threads = threadsText === undefined ? availableParallelism() : positiveInteger('threads', threadsText, 1);

  return {
    view1,
    ...(view2 !== undefined ? { view2 } : {}),
    ...(labels !== undefined ? { labels } : {}),
    temperatureSpec: str('temperature') ?? DEFAULTS.temperature,
    k,
    knnT,
    format,
    ...(lossText === 'whole' ? { loss: 'whole' as const } : batching ? { loss: batching } : {}),
    threads,
  };
}

// ------------------------------------------------------------------------------------------------ output

type LossFields = { lossMethod: 'whole' } | { lossMethod: 'batched'; lossBatch: number; lossSeed: number; lossBatches: number; lossPairsLeftOut: number };
type Output = { n: number; dim: number } & Partial<Record<Metric, number>> & Partial<LossFields> & { temperature: string; k: number; knnT: number };

function allowedMetrics(input: EmbeddingInput): Metric[] {
  return METRICS.filter((m) => m.needs === 'view1' || (m.needs === 'view2' ? !!input.view2 : !!input.labels)).map((m) => m.key);
}

function buildOutput(report: EmbeddingReport, input: EmbeddingInput, options: Options, spec: string): Output {
  const metrics: Partial<Record<Metric, number>> = {};
  for (const key of allowedMetrics(input)) {
    const value = report[key];
    if (typeof value !== 'number') throw new Error(`the metrics did not return ${key}`);
    if (!Number.isFinite(value)) throw new Error(`${key} came out as ${value}`);
    metrics[key] = value;
  }
  const method = report.lossMethod;
  const lossFields: Partial<LossFields> =
    method?.method === 'whole'
      ? { lossMethod: 'whole' }
      : method?.method === 'batched'
        ? { lossMethod: 'batched', lossBatch: method.batch, lossSeed: method.seed, lossBatches: method.batches, lossPairsLeftOut: method.leftOut }
        : {};
  return { n: report.n, dim: report.dim, ...metrics, ...lossFields, temperature: spec, k: options.k, knnT: options.knnT };
}

function formatTable(out: Output, options: Options, backend: string): string {
  const rows = METRICS.filter((m) => typeof out[m.key] === 'number').map((m) => ({
    name: m.key,
    value: (out[m.key] as number).toFixed(6),
    text: m.key === 'loss' ? describeLoss(out) : m.describe(options, out.temperature),
  }));
  const nameWidth = Math.max('metric'.length, ...rows.map((r) => r.name.length));
  const valueWidth = Math.max('value'.length, ...rows.map((r) => r.value.length));
  const lines = [
    `DySTreSS embedding analysis: n = ${out.n}, dim = ${out.dim} (tfjs ${backend} backend)`,
    '',
    `${'metric'.padEnd(nameWidth)}  ${'value'.padStart(valueWidth)}  description`,
    `${'-'.repeat(nameWidth)}  ${'-'.repeat(valueWidth)}  ${'-'.repeat(11)}`,
    ...rows.map((r) => `${r.name.padEnd(nameWidth)}  ${r.value.padStart(valueWidth)}  ${r.text}`),
  ];
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------------------------------------ main

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseFlags(argv);
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const options = parsed;
  // The threads load their backend while the files are read.
  const runner = options.threads > 1 ? startAnalysisThreads(options.threads, __filename) : undefined;

  // The temperature registry evaluates τ with tfjs ops, so it brings tfjs-core along (but no backend yet).
  const { parseTemperatureSpec, formatTemperatureSpec, variesPerSample } = await import('../core/temperature');
  const temperatureResult = parseTemperatureSpec(options.temperatureSpec);
  if (!temperatureResult.ok) throw new InputError(`--temperature: ${oneLine(temperatureResult.error)}`);
  const temperature: Temperature = temperatureResult.value;
  if (variesPerSample(temperature.family)) {
    // Its τ_i live in a training run (iSogCLR's state, TaU's extra output), not in the embedding files.
    throw new InputError(
      `--temperature: ${temperature.family.id}'s τ is ${temperature.family.trained === 'per-sample' ? 'trained per sample during training' : 'predicted by the encoder'}, not a function τ(s) of the embeddings; the analyzer cannot evaluate it (use a τ(s) family)`,
    );
  }
  const spec = formatTemperatureSpec(temperature.setting);

  const files = {
    view1: await readInput('view1', options.view1),
    ...(options.view2 !== undefined ? { view2: await readInput('view2', options.view2) } : {}),
    ...(options.labels !== undefined ? { labels: await readInput('labels', options.labels) } : {}),
  };
  const inputResult = parseEmbeddingInputs(files);
  if (!inputResult.ok) throw new InputError(oneLine(inputResult.error));
  const input = inputResult.value;
  if (input.labels && options.k > input.view1.rows - 1) {
    throw new InputError(`--k ${options.k} is too large: with ${input.view1.rows} samples each has only ${input.view1.rows - 1} neighbours`);
  }

  const { chosenLoss } = await import('../core/metrics');
  if (input.view2 && chosenLoss(input.view1.rows, options.loss) === 'whole' && input.view1.rows > 10_000) {
    const flops = 4 * input.view1.rows ** 2 * input.view1.cols;
    const seconds = flops / (GFLOPS_PER_THREAD * 1e9 * options.threads);
    process.stderr.write(
      `analyze: note: the whole-set loss multiplies all 2N = ${2 * input.view1.rows} rows pairwise (${flops.toExponential(1)} FLOPs): ` +
        `about ${seconds < 120 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`} on ${options.threads} thread(s) of an idle machine like the reference one\n`,
    );
  }

  const hold = holdConsole();
  let output: Output;
  let backend: string;
  try {
    // This thread takes its share of the panels too, and the batched loss's batches.
    const { initNodeBackend } = await import('../node/backend');
    backend = await initNodeBackend('wasm');
    const { analyseEmbeddings } = await import('../core/metrics');
    const report = await analyseEmbeddings(input, {
      temperature,
      k: options.k,
      knnT: options.knnT,
      ...(options.loss ? { loss: options.loss } : {}),
      ...(runner ? { runner, allocate: sharedFloats } : {}),
    });
    output = buildOutput(report, input, options, spec);
  } catch (e) {
    hold.release(false);
    throw e;
  }
  hold.release(true);
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(output)}\n` : formatTable(output, options, backend));
}

if (isMainThread) runCli('analyze', main);
else if ((workerData as Partial<AnalysisThreadData> | null)?.role === ANALYSIS_THREAD) void analysisThreadMain(parentPort!);
