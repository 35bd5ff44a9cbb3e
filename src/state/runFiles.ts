import { firstIssue, RUN_FILE_FORMAT, runFileSchema, trainingConfigSchema, type HistoryPoint, type RunFile, type RunSource, type TrainingConfig } from '../core/config';
import { errorMessage } from '../core/errors';
import { formatTemperatureSpec } from '../core/temperature';
import { fail, ok, type Result } from '../core/result';
import type { LabSettings } from './settings';
import { quoted } from '../core/quote';

/**
 * Run files as the lab saves and opens them: the format of core/config/runFile.ts, which the headless
 * runner replays (`npm run experiment -- --config FILE`). A run file keeps the configuration and the
 * history, not the weights: opening one restarts training from step 0.
 */

/** A run shown beside the live one: its configuration and its recorded history. */
export interface RecordedRun {
  readonly label: string;
  readonly config: TrainingConfig;
  readonly history: readonly HistoryPoint[];
  /** Where it was trained, when not in the lab (a PyTorch run of an exported train.py). */
  readonly source?: RunSource;
}

export function runFileOf(settings: LabSettings, history: readonly HistoryPoint[]): RunFile {
  return { format: RUN_FILE_FORMAT, version: 1, config: settings.config, backend: settings.backend, history: [...history] };
}

const lastStep = (history: readonly HistoryPoint[]): number => history.at(-1)?.step ?? 0;

/** e.g. `dystress-run_spheres_dystress-0.1-0.2_step-240.json`: what it is, at a glance, in a downloads folder. */
export function runFileName(config: TrainingConfig, history: readonly HistoryPoint[]): string {
  const tau = config.temperature.family === 'custom' ? 'custom' : formatTemperatureSpec(config.temperature).replace(':', '-').replaceAll(',', '-');
  return `dystress-run_${config.dataset.id}_${tau}_step-${lastStep(history)}.json`;
}

/** A run in a few words, e.g. "spheres · dystress:0.1,0.2 · 240 steps". */
export function runSummary(config: TrainingConfig, history: readonly HistoryPoint[]): string {
  const tau = config.temperature.family === 'custom' ? `custom:${config.temperature.formula ?? ''}` : formatTemperatureSpec(config.temperature);
  return `${config.dataset.id} · ${tau} · ${lastStep(history).toLocaleString('en-US')} steps`;
}

const toolNames: Readonly<Record<string, string>> = { pytorch: 'PyTorch' };
const toolName = (source: RunSource): string => toolNames[source.tool] ?? source.tool;

/**
 * Where a run was trained, in a few words, e.g. "PyTorch 1.13 · 2 processes on cpu · data spheres · mlp ·
 * global batch 32".
 */
export function sourceSummary(source: RunSource): string {
  const parts = [`${toolName(source)}${source.torch ? ` ${source.torch}` : ''}`];
  if (source.worldSize !== undefined || source.device) {
    const processes = source.worldSize === undefined ? '' : `${source.worldSize} ${source.worldSize === 1 ? 'process' : 'processes'}`;
    parts.push([processes, source.device ? `on ${source.device}` : ''].filter(Boolean).join(' '));
  }
  if (source.data) parts.push(`data ${source.data}`);
  if (source.encoder) parts.push(source.encoder);
  if (source.globalBatch !== undefined) parts.push(`global batch ${source.globalBatch}`);
  return parts.join(' · ');
}

/**
 * The legend text of a recorded run, e.g. "recorded · spheres · dystress:0.1,0.2 · 240 steps", or
 * "PyTorch · spheres · …" for a run trained by an exported train.py.
 */
export const recordedLabel = (config: TrainingConfig, history: readonly HistoryPoint[], source?: RunSource): string =>
  `${source ? toolName(source) : 'recorded'} · ${runSummary(config, history)}`;

/** A run file (or a bare config, which has no history) read from its text; the message names the file. */
export function readRunFile(text: string, fileName: string): Result<RecordedRun> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`${quoted(fileName)} is not a run file: it is not JSON (${errorMessage(error)}).`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail(`${quoted(fileName)} is not a run file: it holds no JSON object.`);
  const format = (json as { format?: unknown }).format;
  if (format !== undefined && format !== RUN_FILE_FORMAT) return fail(`${quoted(fileName)} is not a DySTreSS Lab run file (its format is ${quoted(String(format))}, not “${RUN_FILE_FORMAT}”).`);
  if (format === RUN_FILE_FORMAT) {
    const parsed = runFileSchema.safeParse(json);
    if (!parsed.success) return fail(`${quoted(fileName)} is not a valid run file: ${firstIssue(parsed.error, 'the file')}.`);
    const { config, history, source } = parsed.data;
    return ok({ label: recordedLabel(config, history, source), config, history, ...(source ? { source } : {}) });
  }
  const parsed = trainingConfigSchema.safeParse(json);
  if (!parsed.success) return fail(`${quoted(fileName)} is neither a run file nor a valid configuration: ${firstIssue(parsed.error, 'the file')}.`);
  return ok({ label: recordedLabel(parsed.data, []), config: parsed.data, history: [] });
}
