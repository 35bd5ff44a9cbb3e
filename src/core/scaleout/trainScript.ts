import type { TrainingConfig } from '../config';
import { fail, ok, type Result } from '../result';
import { createTemperature } from '../temperature';
import { pytorchSnippet, pytorchTau } from '../temperature/pytorch';
import template from './train_template.py?raw';

/**
 * `train.py`: one Python file (torch + numpy) that trains a lab configuration at scale — one process, or
 * many under torchrun — and writes a run directory the lab and the analyzer read. Pure string generation,
 * shared by the lab's "Export training script" and `npm run export-pytorch`.
 *
 * The temperature and the loss come verbatim from the PyTorch generator (`pytorchSnippet`), so the script
 * trains with the curve the lab plots; the template (train_template.py) follows the lab's definitions of the
 * data, augmentations, models, optimizers and metrics.
 */

export interface TrainScriptOptions {
  /** The lab's version, written into the script and its run files. */
  readonly version?: string;
  /** Defaults of the script's flags. */
  readonly steps?: number;
  readonly evalEvery?: number;
  readonly checkpointEvery?: number;
}

export const TRAIN_SCRIPT_DEFAULTS = { steps: 1000, evalEvery: 100, checkpointEvery: 500 } as const;

function positiveInteger(name: string, value: number): Result<number> {
  return Number.isInteger(value) && value >= 1 ? ok(value) : fail(`${name} must be a whole number ≥ 1 (got ${value})`);
}

/**
 * Whether the generated code defines `name` as train.py calls it: with `first` as its leading parameters and
 * no parameter without a default beyond `required` (train.py passes only the batch, the step and the
 * alignment). A family whose code needs more (a learnable τ's state, say) is refused by name.
 */
function interfaceProblem(snippet: string, name: string, first: readonly string[], required: readonly string[]): string | null {
  const signature = new RegExp(`^def ${name}\\(([^)]*)\\):`, 'm').exec(snippet);
  if (!signature) return `does not define ${name}(${first.join(', ')}, …)`;
  const params = signature[1]!.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (first.some((p, i) => params[i]?.split('=')[0]?.trim() !== p)) return `defines ${name}(${params.join(', ')}), not ${name}(${first.join(', ')}, …)`;
  const needed = params.filter((p) => !p.includes('=') && !p.startsWith('*') && !required.includes(p));
  return needed.length > 0 ? `needs ${needed.join(', ')} for ${name}, which train.py cannot supply` : null;
}

/** What keeps train.py from calling the generated code's `tau` and `nt_xent`; empty when nothing does. */
export function interfaceProblems(snippet: string): string[] {
  return [interfaceProblem(snippet, 'tau', ['s'], ['s', 'step', 'alignment']), interfaceProblem(snippet, 'nt_xent', ['z1', 'z2'], ['z1', 'z2'])].filter(
    (p) => p !== null,
  );
}

/** The generated `tau` and `nt_xent` of a config, or why train.py cannot train with its temperature. */
function temperatureAndLoss(config: TrainingConfig, version: string | undefined): Result<string> {
  const temperature = createTemperature(config.temperature);
  if (!temperature.ok) return fail(`temperature: ${temperature.error}`);
  const { family } = temperature.value;
  if (pytorchTau(temperature.value).fixedStep !== undefined) {
    return fail(
      `the ${family.label} temperature cannot be exported to a training script: its definition computes with the ` +
        'training step in plain numbers, so the PyTorch generator can only write it at one step. ' +
        'Write it as a custom formula in s and t (e.g. custom:…cos(2*pi*t/T)…) to export it.',
    );
  }
  const snippet = pytorchSnippet(temperature.value, config.loss, version ? { version } : {});
  const unmet = interfaceProblems(snippet);
  if (unmet.length > 0) {
    return fail(`the ${family.label} temperature cannot be exported to a training script: its PyTorch code ${unmet.join(' and ')}`);
  }
  return ok(snippet.trimEnd());
}

/** JSON inside a raw Python string (r'''…'''): a `'` would end it, so it is written as a JSON escape. */
const pythonJson = (value: unknown): string => JSON.stringify(value, null, 1).replace(/'/g, '\\u0027');

/**
 * train.py for `config`. With `cells` (a sweep's cells by name), the script carries every cell's config and
 * generated τ/loss as well, and trains the one named by its `--cell` flag; `config` then gives the defaults
 * shown before a cell is chosen.
 */
export function trainScript(config: TrainingConfig, options: TrainScriptOptions = {}, cells: Readonly<Record<string, TrainingConfig>> = {}): Result<string> {
  const base = temperatureAndLoss(config, options.version);
  if (!base.ok) return base;
  const cellCode: Record<string, { config: TrainingConfig; code: string }> = {};
  for (const [name, cellConfig] of Object.entries(cells)) {
    const code = temperatureAndLoss(cellConfig, options.version);
    if (!code.ok) return fail(`cell ${name}: ${code.error}`);
    cellCode[name] = { config: cellConfig, code: code.value };
  }
  const numbers: Record<string, number> = {
    steps: options.steps ?? TRAIN_SCRIPT_DEFAULTS.steps,
    evalEvery: options.evalEvery ?? TRAIN_SCRIPT_DEFAULTS.evalEvery,
    checkpointEvery: options.checkpointEvery ?? TRAIN_SCRIPT_DEFAULTS.checkpointEvery,
  };
  for (const [name, value] of Object.entries(numbers)) {
    const checked = positiveInteger(name, value);
    if (!checked.ok) return checked;
  }
  const filled = template
    .replaceAll('__LAB_VERSION__', options.version ?? 'dev')
    .replace('__CONFIG_JSON__', () => pythonJson(config))
    .replace('__TEMPERATURE_AND_LOSS__', () => base.value)
    .replace('__SWEEP_CELLS_JSON__', () => pythonJson(cellCode))
    .replace('__DEFAULT_STEPS__', String(numbers.steps))
    .replace('__DEFAULT_EVAL_EVERY__', String(numbers.evalEvery))
    .replace('__DEFAULT_CHECKPOINT_EVERY__', String(numbers.checkpointEvery));
  return ok(filled);
}
