import type { TrainingConfig } from '../core/config';
import { CUSTOM_ID, formatTemperatureSpec } from '../core/temperature';
import { version as appVersion } from '../../package.json';
import { crc32 } from './png';

/**
 * What every exported file says about where it came from: the figure, the configuration (with the
 * temperature as the figure shows it), the seed and the step. The same record goes into SVG <metadata>,
 * PNG tEXt, the JSON data files and, shortened, the file names.
 */
export interface ExportMetadata {
  readonly app: 'DySTreSS Lab';
  readonly version: string;
  readonly figure: { readonly id: string; readonly title: string };
  readonly step: number;
  readonly seed: number;
  /** The temperature as a command-line spec (`npm run analyze -- --temperature SPEC`). */
  readonly temperature: string;
  readonly config: TrainingConfig;
  readonly exportedAt: string;
}

export const APP_NAME = 'DySTreSS Lab';
export const APP_VERSION: string = appVersion;

export interface ExportSource {
  readonly config: TrainingConfig;
  readonly step: number;
}

export function exportMetadata(source: ExportSource, figure: { id: string; title: string }, now: Date = new Date()): ExportMetadata {
  return {
    app: APP_NAME,
    version: APP_VERSION,
    figure: { id: figure.id, title: figure.title },
    step: source.step,
    seed: source.config.seed,
    temperature: formatTemperatureSpec(source.config.temperature),
    config: source.config,
    exportedAt: now.toISOString(),
  };
}

/** File-name-safe: letters, digits, dots and single dashes. */
export function slug(text: string, maxLength = 48): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned.slice(0, maxLength).replace(/-+$/, '') || 'x';
}

/** `dystress-0.1-0.2`; a custom formula becomes `custom-` and a CRC of its text (formulas do not fit names). */
export function temperatureSlug(config: TrainingConfig): string {
  const setting = config.temperature;
  if (setting.family === CUSTOM_ID) {
    const hash = crc32(new TextEncoder().encode(setting.formula ?? '')).toString(16).padStart(8, '0');
    return `custom-${hash}`;
  }
  return slug(formatTemperatureSpec(setting));
}

/** The run part of every exported name: temperature, dataset, seed, step. */
export function runSlug(source: ExportSource): string {
  const { config, step } = source;
  return `${temperatureSlug(config)}_${config.dataset.id}_seed${config.seed}_step${step}`;
}

/** `dystress-lab_temperature_dystress-0.1-0.2_spheres_seed1_step1200` (no extension). */
export function exportBaseName(source: ExportSource, figureId: string): string {
  return `dystress-lab_${slug(figureId)}_${runSlug(source)}`;
}
