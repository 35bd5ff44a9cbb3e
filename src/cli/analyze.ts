/**
 * Measures exported embeddings: alignment, uniformity, tolerance, inter-class uniformity, kNN accuracy and
 * the (DySTreSS) NT-Xent loss.
 *
 *   npm run analyze -- --view1 FILE [--view2 FILE] [--labels FILE] [--temperature SPEC] [--k 20] [--knn-t 0.1]
 *                      [--format json|table]
 *
 * Contract: on success stdout holds the report only (one JSON line, or the table) and the exit code is 0.
 * On bad input the exit code is 2, stderr holds exactly one line starting "analyze: " and stdout is empty;
 * an unexpected failure does the same with exit code 1. No stack trace is ever printed. The heavy modules
 * (tfjs, the metrics) are imported only once the flags are valid, inside the same guard.
 *
 * Runs as the Node bundle dist-node/analyze.cjs (vite.node.config.ts): src/core/tf.ts's gradient import
 * cannot be loaded by plain Node/tsx. The tfjs backend is wasm (src/node/backend.ts), cpu if wasm fails.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { EmbeddingReport } from '../core/metrics';
import type { Temperature } from '../core/temperature';
import { parseEmbeddingInputs, type EmbeddingInput, type InputFile } from '../io/embeddings';

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
  --format json|table   json: one JSON object on one line (default); table: aligned, with descriptions
  -h, --help            show this help

Exit codes: 0 success, 2 bad input (one line on stderr), 1 unexpected failure.
`;

const DEFAULTS = { temperature: 'dystress:0.1,0.2', k: '20', knnT: '0.1', format: 'json' } as const;

/** Bad input: exit code 2. */
class InputError extends Error {}

type Format = 'json' | 'table';

interface Options {
  readonly view1: string;
  readonly view2?: string;
  readonly labels?: string;
  readonly temperatureSpec: string;
  readonly k: number;
  readonly knnT: number;
  readonly format: Format;
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

// ------------------------------------------------------------------------------------------------ flags

const VALUE_FLAGS = new Set(['--view1', '--view2', '--labels', '--temperature', '--k', '--knn-t', '--format']);

function parseFlags(argv: readonly string[]): Options | 'help' {
  const beforeDashes = argv.indexOf('--') < 0 ? argv : argv.slice(0, argv.indexOf('--'));
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) return 'help';
  // parseArgs takes "--k -1" for a missing value followed by an option; pass negative numbers as values so
  // that they get the real message ("must be a positive integer").
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (VALUE_FLAGS.has(argv[i]!) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      args.push(`${argv[i]}=${next}`);
      i++;
    } else {
      args.push(argv[i]!);
    }
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        view1: { type: 'string' },
        view2: { type: 'string' },
        labels: { type: 'string' },
        temperature: { type: 'string' },
        k: { type: 'string' },
        'knn-t': { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new InputError(flagError(e));
  }
  const str = (key: string): string | undefined => {
    const v = values[key];
    return typeof v === 'string' ? v : undefined;
  };

  const view1 = str('view1');
  if (view1 === undefined || view1 === '') throw new InputError('--view1 FILE is required (see --help)');
  const view2 = str('view2');
  const labels = str('labels');
  if (view2 === '') throw new InputError('--view2 needs a file name');
  if (labels === '') throw new InputError('--labels needs a file name');

  const kText = (str('k') ?? DEFAULTS.k).trim();
  const k = /^\d+$/.test(kText) ? Number(kText) : NaN;
  if (!Number.isSafeInteger(k) || k < 1) throw new InputError(`--k must be a positive integer (got “${kText}”)`);

  const tText = (str('knn-t') ?? DEFAULTS.knnT).trim();
  const knnT = tText === '' ? NaN : Number(tText);
  if (!Number.isFinite(knnT) || knnT <= 0) throw new InputError(`--knn-t must be a number > 0 (got “${tText}”)`);

  const format = str('format') ?? DEFAULTS.format;
  if (format !== 'json' && format !== 'table') throw new InputError(`--format must be json or table (got “${format}”)`);

  return {
    view1,
    ...(view2 !== undefined ? { view2 } : {}),
    ...(labels !== undefined ? { labels } : {}),
    temperatureSpec: str('temperature') ?? DEFAULTS.temperature,
    k,
    knnT,
    format,
  };
}

/** node:util parseArgs messages are long and multi-line; keep one short line. */
function flagError(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message.split('\n')[0]} (see --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `${option} needs a value (see --help)` : oneLine(message);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument “${/'([^']*)'/.exec(message)?.[1] ?? '?'}”; every file is given with a flag, e.g. --view1 FILE`;
    default:
      return oneLine(message);
  }
}

function oneLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}

// ------------------------------------------------------------------------------------------------ files

async function readInput(role: string, path: string): Promise<InputFile> {
  try {
    const buffer = await readFile(path);
    // A Buffer may be a view into a shared pool: copy out exactly its bytes.
    const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    return { name: path, bytes };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : `cannot be read (${oneLine(e instanceof Error ? e.message : String(e))})`;
    throw new InputError(`${role} (${path}): ${why}`);
  }
}

// ------------------------------------------------------------------------------------------------ tfjs

/**
 * Library chatter (tfjs warnings, emscripten) must never reach stdout, nor add lines to stderr on failure:
 * console output is held back while tfjs runs and only forwarded to stderr after a success.
 */
function holdConsole(): { release(forward: boolean): void } {
  const held: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      held.push(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : safeString(a))).join(' '));
    };
  }
  return {
    release(forward) {
      methods.forEach((m, i) => (console[m] = saved[i]!));
      if (!forward) return;
      for (const text of held) {
        if (text.includes('tfjs-node')) continue; // the cpu backend's "install tfjs-node" banner
        process.stderr.write(`${text.trimEnd()}\n`);
      }
    },
  };
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

// ------------------------------------------------------------------------------------------------ output

type Output = { n: number; dim: number } & Partial<Record<Metric, number>> & { temperature: string; k: number; knnT: number };

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
  return { n: report.n, dim: report.dim, ...metrics, temperature: spec, k: options.k, knnT: options.knnT };
}

function formatTable(out: Output, options: Options, backend: string): string {
  const rows = METRICS.filter((m) => typeof out[m.key] === 'number').map((m) => ({
    name: m.key,
    value: (out[m.key] as number).toFixed(6),
    text: m.describe(options, out.temperature),
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

  // The temperature registry evaluates τ with tfjs ops, so it brings tfjs-core along (but no backend yet).
  const { parseTemperatureSpec, formatTemperatureSpec } = await import('../core/temperature');
  const temperatureResult = parseTemperatureSpec(options.temperatureSpec);
  if (!temperatureResult.ok) throw new InputError(`--temperature: ${oneLine(temperatureResult.error)}`);
  const temperature: Temperature = temperatureResult.value;
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

  const hold = holdConsole();
  let output: Output;
  let backend: string;
  try {
    const { initNodeBackend } = await import('../node/backend');
    backend = await initNodeBackend('wasm');
    const tf = await import('../core/tf');
    const { analyzeEmbeddings } = await import('../core/metrics');
    const analysisOptions = { temperature, k: options.k, knnT: options.knnT };
    let report: EmbeddingReport;
    try {
      report = await analyzeEmbeddings(input, analysisOptions);
    } catch (e) {
      // tfjs-backend-wasm 4.22 lacks a few kernels (UnsortedSegmentSum, FFT, ...); the cpu backend has them all.
      if (backend !== 'wasm' || !/not registered for backend/.test(String(e)) || !(await tf.setBackend('cpu'))) throw e;
      backend = 'cpu';
      console.warn(`analyze: note: ${oneLine(e instanceof Error ? e.message : String(e))}; computed on the cpu backend instead`);
      report = await analyzeEmbeddings(input, analysisOptions);
    }
    output = buildOutput(report, input, options, spec);
  } catch (e) {
    hold.release(false);
    throw e;
  }
  hold.release(true);
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(output)}\n` : formatTable(output, options, backend));
}

let reported = false;
function die(e: unknown): void {
  if (reported) return;
  reported = true;
  const input = e instanceof InputError;
  const message = oneLine(e instanceof Error ? e.message : String(e));
  process.stderr.write(`analyze: ${input ? message : `internal error: ${message}`}\n`);
  process.exitCode = input ? 2 : 1;
  // Something (a wasm worker, a timer) might keep the process alive after a failure.
  setTimeout(() => process.exit(), 1000).unref();
}

process.on('uncaughtException', die);
process.on('unhandledRejection', die);

main(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  die,
);
