import { defaultConfig, isBackendChoice, OBJECTIVES, parseTrainingConfig, type TrainingConfig } from '../core/config';
import { findNumericParameter } from '../core/config/parameters';
import { easySpheres } from '../core/data/spheres';
import { createTemperature, CUSTOM_ID, familyIds, findFamily, formatTemperatureSpec, type TemperatureSetting } from '../core/temperature';
import { readNumber } from './inputs';
import { trainingSamples, type LabSettings } from './settings';
import { buildSweepDefinition, formatSweepParam, parseSweepParam, type SweepForm } from './sweepForm';

/**
 * The lab's state as a link: `?v=2&dataset=spheres&dim=3&batch=64&lr=0.001&tau=dystress:0.1,0.2&seed=7…`.
 * Only values that differ from the defaults are written, so a link says what is special about it. Reading
 * never fails: a bad value falls back to its default and a notice names the parameter and the value.
 */
export const URL_VERSION = 2;

/**
 * Links of version 1 were written when the default spheres were the easy ones (S², six tight classes), and
 * they leave out what equals a default: they are read from those defaults, so an old link keeps its meaning.
 */
const LEGACY_DEFAULTS: ReadonlyMap<string, (settings: LabSettings) => LabSettings> = new Map([
  ['1', (s: LabSettings) => ({ ...s, config: { ...s.config, dataset: { ...s.config.dataset, spheres: { ...s.config.dataset.spheres, ...easySpheres } } } })],
]);

/** How the page is laid out, not what is trained. */
export interface ViewFlags {
  /** Controls hidden, for embedding in a course page. */
  readonly embed: boolean;
  /** Large type, fewer panels. */
  readonly classroom: boolean;
  /** The guided tour opens at once. */
  readonly tour: boolean;
}

export const DEFAULT_FLAGS: ViewFlags = { embed: false, classroom: false, tour: false };

export interface SharedState {
  readonly settings: LabSettings;
  readonly flags: ViewFlags;
  /** A sweep for the panel to show (not to start): `sweep=tmin:0.05:0.2:4,tmax:0.1:0.5:5:log;seeds=3;…`. */
  readonly sweep?: SweepForm;
}

export interface ParsedLink extends SharedState {
  /** One sentence per value that was not used, naming the parameter and the value. */
  readonly notices: readonly string[];
}

export const defaultSettings = (): LabSettings => ({ config: defaultConfig(), backend: 'auto' });

/** The embedding dimensions and batch sizes the lab's controls offer; a link may ask only for these. */
export const EMBEDDING_DIMS = [2, 3, 4, 8, 16, 32, 64, 128] as const;
export const BATCH_SIZES = [16, 32, 64, 128, 256, 512] as const;

/** The settings with the value read in (and any notes on parts that fell back), or why it was not read. */
type FieldRead = { readonly value: LabSettings; readonly extra?: readonly string[] } | { readonly problem: string };

interface UrlField {
  readonly key: string;
  readonly write: (settings: LabSettings) => string;
  /** Reads the raw value into `settings`, or says why it cannot (the default is then kept). */
  readonly read: (settings: LabSettings, raw: string) => FieldRead;
}

type Lens<T> = { readonly get: (c: TrainingConfig) => T; readonly set: (c: TrainingConfig, v: T) => TrainingConfig };

const withConfig = (settings: LabSettings, config: TrainingConfig): LabSettings => ({ ...settings, config });

/** A numeric field of the config (core/config/parameters.ts names it) within the range a link may ask for. */
function parameterField(key: string, min: number, max: number): UrlField {
  const parameter = findNumericParameter(key);
  if (!parameter) throw new Error(`no numeric parameter “${key}”`);
  return numberField(key, { get: parameter.read, set: parameter.write }, min, max, parameter.integer);
}

function numberField(key: string, lens: Lens<number>, min: number, max: number, integer = false): UrlField {
  return {
    key,
    write: (s) => String(lens.get(s.config)),
    read: (s, raw) => {
      const value = readNumber(raw);
      if (value === null) return { problem: 'is not a number' };
      if (integer && !Number.isInteger(value)) return { problem: 'is not a whole number' };
      if (value < min || value > max) return { problem: `is outside ${min} … ${max}` };
      return { value: withConfig(s, lens.set(s.config, value)) };
    },
  };
}

function choiceField<T extends string | number>(key: string, choices: readonly T[], lens: Lens<T>): UrlField {
  return {
    key,
    write: (s) => String(lens.get(s.config)),
    read: (s, raw) => {
      const choice = choices.find((c) => String(c) === raw.trim());
      if (choice === undefined) return { problem: `is not one of ${choices.join(', ')}` };
      return { value: withConfig(s, lens.set(s.config, choice)) };
    },
  };
}

// A Map, not an object literal: a key such as "constructor" must not find Object's own members.
const SWITCH_VALUES: ReadonlyMap<string, boolean> = new Map([
  ['1', true],
  ['true', true],
  ['0', false],
  ['false', false],
]);

function switchField(key: string, lens: Lens<boolean>): UrlField {
  return {
    key,
    write: (s) => (lens.get(s.config) ? '1' : '0'),
    read: (s, raw) => {
      const value = SWITCH_VALUES.get(raw.trim());
      if (value === undefined) return { problem: 'is not 1 or 0' };
      return { value: withConfig(s, lens.set(s.config, value)) };
    },
  };
}

const loss = (key: 'detachTemperature' | 'decoupled'): Lens<boolean> => ({
  get: (c) => c.loss[key],
  set: (c, v) => ({ ...c, loss: { ...c.loss, [key]: v } }),
});

/** A temperature that is valid by construction (createTemperature normalises it), for defaults. */
function normalised(setting: TemperatureSetting): TemperatureSetting {
  const created = createTemperature(setting);
  if (!created.ok) throw new Error(`invalid default temperature: ${created.error}`);
  return created.value.setting;
}

/**
 * `tau=FAMILY:V1,V2,…` (the command-line spec) or `tau=custom:FORMULA`. A bad value falls back to that
 * parameter's default; an unknown family or an invalid combination to the family's (or the lab's) default.
 */
function readTemperature(raw: string, fallback: TemperatureSetting): { readonly setting: TemperatureSetting; readonly problems: readonly string[] } {
  const colon = raw.indexOf(':');
  const id = (colon < 0 ? raw : raw.slice(0, colon)).trim();
  const rest = colon < 0 ? '' : raw.slice(colon + 1);
  const fallbackText = `the default ${formatTemperatureSpec(fallback)}`;
  if (id === CUSTOM_ID) {
    const created = createTemperature({ family: CUSTOM_ID, params: {}, formula: rest });
    return created.ok ? { setting: created.value.setting, problems: [] } : { setting: fallback, problems: [`${created.error}; using ${fallbackText}`] };
  }
  const family = findFamily(id);
  if (!family) return { setting: fallback, problems: [`names no known temperature family (known: ${familyIds.join(', ')}); using ${fallbackText}`] };
  const values = rest.trim() === '' ? [] : rest.split(',');
  const problems: string[] = [];
  if (values.length > family.params.length) {
    problems.push(`gives ${values.length} values but ${family.id} takes ${family.params.length} (${family.params.map((p) => p.key).join(', ')}); the extra ones are ignored`);
  }
  const params: Record<string, number> = {};
  for (const [i, spec] of family.params.entries()) {
    const text = values[i]?.trim();
    const value = text === undefined ? spec.default : readNumber(text);
    if (value === null) problems.push(`has ${spec.label} “${text}”, which is not a number; using ${spec.default}`);
    else if (value < spec.min || value > spec.max) problems.push(`has ${spec.label} ${value}, outside ${spec.min} … ${spec.max}; using ${spec.default}`);
    params[spec.key] = value === null || value < spec.min || value > spec.max ? spec.default : value;
  }
  const created = createTemperature({ family: family.id, params });
  if (created.ok) return { setting: created.value.setting, problems };
  const familyDefault = normalised({ family: family.id, params: {} });
  return { setting: familyDefault, problems: [...problems, `${created.error}; using ${formatTemperatureSpec(familyDefault)}`] };
}

const temperatureField: UrlField = {
  key: 'tau',
  write: (s) => (s.config.temperature.family === CUSTOM_ID ? `${CUSTOM_ID}:${s.config.temperature.formula ?? ''}` : formatTemperatureSpec(s.config.temperature)),
  read: (s, raw) => {
    const { setting, problems } = readTemperature(raw, normalised(defaultConfig().temperature));
    const value = withConfig(s, { ...s.config, temperature: setting });
    return { value, extra: problems.map((p) => `The link’s tau=${raw} ${p}.`) };
  },
};

/**
 * The dataset. A run on your own data is written as dataset=vectors or images, but the files cannot travel
 * in a link: reading one starts on the default data and says that the files must be loaded again.
 */
const builtInDataset = choiceField('dataset', ['spheres', 'mnist', 'fashion-mnist'] as const, {
  get: (c) => c.dataset.id as 'spheres' | 'mnist' | 'fashion-mnist',
  set: (c, id) => ({ ...c, dataset: { ...c.dataset, id } }),
});
const datasetField: UrlField = {
  key: 'dataset',
  write: (s) => s.config.dataset.id,
  read: (s, raw) => {
    const id = raw.trim();
    if (id !== 'vectors' && id !== 'images') return builtInDataset.read(s, raw);
    const what = id === 'vectors' ? 'feature vectors' : 'an image zip';
    return {
      value: s,
      extra: [
        `The link is to a run on your own data (${what}), which a link cannot carry; the lab starts on Spheres. Load the files under Run setup → Dataset → Your data to train on them.`,
      ],
    };
  },
};

/** Every parameter a link may carry, in the order links are written. */
const FIELDS: readonly UrlField[] = [
  datasetField,
  parameterField('dataDim', 2, 64),
  parameterField('classes', 2, 20),
  parameterField('concentration', 1, 1000),
  parameterField('tail', 0.01, 1),
  choiceField('encoder', ['mlp', 'cnn'] as const, { get: (c) => c.model.encoder, set: (c, encoder) => ({ ...c, model: { ...c.model, encoder } }) }),
  choiceField('dim', EMBEDDING_DIMS, { get: (c) => c.model.embeddingDim as (typeof EMBEDDING_DIMS)[number], set: (c, embeddingDim) => ({ ...c, model: { ...c.model, embeddingDim } }) }),
  choiceField('batch', BATCH_SIZES, { get: (c) => c.batchSize as (typeof BATCH_SIZES)[number], set: (c, batchSize) => ({ ...c, batchSize }) }),
  parameterField('lr', 1e-6, 10),
  temperatureField,
  switchField('detach', loss('detachTemperature')),
  switchField('dcl', loss('decoupled')),
  choiceField('loss', OBJECTIVES, { get: (c) => c.loss.objective, set: (c, objective) => ({ ...c, loss: { ...c.loss, objective } }) }),
  parameterField('augRotation', 0, 2),
  parameterField('augNoise', 0, 1),
  parameterField('cropScale', 0.2, 1),
  parameterField('imgRotation', 0, 45),
  parameterField('translation', 0, 0.3),
  parameterField('imgNoise', 0, 0.5),
  parameterField('erasing', 0, 1),
  numberField('seed', { get: (c) => c.seed, set: (c, seed) => ({ ...c, seed }) }, 0, 2 ** 31 - 1, true),
  {
    key: 'backend',
    write: (s) => s.backend,
    read: (s, raw) => (isBackendChoice(raw.trim()) ? { value: { ...s, backend: raw.trim() as LabSettings['backend'] } } : { problem: 'is not one of auto, webgpu, webgl, wasm, cpu' }),
  },
];

const FLAG_KEYS: readonly (keyof ViewFlags)[] = ['embed', 'classroom', 'tour'];
const SWEEP_KEY = 'sweep';
const KNOWN_KEYS = new Set(['v', ...FIELDS.map((f) => f.key), ...FLAG_KEYS, SWEEP_KEY]);

/** Every parameter a link may carry, in the order links are written. */
export const LINK_PARAMETERS: readonly string[] = [...KNOWN_KEYS];

/** `a=1&b=x` into pairs, decoding %XX but keeping '+' a plus (it is one in a formula); null if undecodable. */
function queryPairs(search: string): { readonly pairs: readonly (readonly [string, string])[]; readonly undecodable: readonly string[] } {
  const pairs: [string, string][] = [];
  const undecodable: string[] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    try {
      pairs.push([decodeURIComponent(rawKey), decodeURIComponent(rawValue)]);
    } catch {
      undecodable.push(part);
    }
  }
  return { pairs, undecodable };
}

function readFlag(key: string, raw: string | undefined, notices: string[]): boolean {
  if (raw === undefined) return false;
  if (raw === '' || raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  notices.push(`The link’s ${key}=${raw} is not 1 or 0; ${key} is off.`);
  return false;
}

/** Combinations the trainer cannot start with get the offending value's default. */
function checkCombination(settings: LabSettings, notices: string[]): LabSettings {
  let config = settings.config;
  const defaults = defaultConfig();
  if (config.model.encoder === 'cnn' && config.dataset.id === 'spheres') {
    notices.push('The link’s encoder=cnn needs an image dataset (mnist or fashion-mnist), but the dataset is spheres; using the MLP.');
    config = { ...config, model: { ...config.model, encoder: 'mlp' } };
  }
  const samples = trainingSamples(config);
  if (config.batchSize > samples) {
    notices.push(`The link’s batch=${config.batchSize} is more than the ${samples} training samples; using the default ${defaults.batchSize}.`);
    config = { ...config, batchSize: defaults.batchSize };
  }
  return { ...settings, config };
}

/** The lab's state from a query string (`location.search`); never fails, see the module comment. */
export function parseLink(search: string): ParsedLink {
  const { pairs, undecodable } = queryPairs(search);
  const notices: string[] = undecodable.map((part) => `The link’s “${part}” cannot be decoded; it was ignored.`);
  const values = new Map<string, string>();
  for (const [key, value] of pairs) if (!values.has(key)) values.set(key, value);
  const flags: ViewFlags = {
    embed: readFlag('embed', values.get('embed'), notices),
    classroom: readFlag('classroom', values.get('classroom'), notices),
    tour: readFlag('tour', values.get('tour'), notices),
  };

  const unknown = [...values.keys()].filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0) notices.push(`The link’s ${unknown.map((k) => `“${k}”`).join(', ')} ${unknown.length === 1 ? 'is not a parameter' : 'are not parameters'} of the lab; ignored.`);

  const version = values.get('v')?.trim() ?? String(URL_VERSION);
  const legacy = LEGACY_DEFAULTS.get(version);
  if (version !== String(URL_VERSION) && !legacy) {
    notices.push(`The link is of version v=${values.get('v')}, but this lab reads versions 1 to ${URL_VERSION}; its settings were not used (defaults instead).`);
    return { settings: defaultSettings(), flags, notices };
  }

  const defaults = legacy ? legacy(defaultSettings()) : defaultSettings();
  let settings = defaults;
  for (const field of FIELDS) {
    const raw = values.get(field.key);
    if (raw === undefined) continue;
    const read = field.read(settings, raw);
    if ('problem' in read) notices.push(`The link’s ${field.key}=${raw} ${read.problem}; using the default ${field.write(defaults)}.`);
    else settings = read.value;
    if ('extra' in read) notices.push(...(read.extra ?? []));
  }
  settings = checkCombination(settings, notices);
  const parsed = parseTrainingConfig(settings.config);
  if (!parsed.ok) {
    notices.push(`The link’s settings do not make a valid run (${parsed.error}); using the defaults.`);
    return { settings: defaults, flags, notices };
  }
  const sweep = readSweep(values.get(SWEEP_KEY), parsed.value, notices);
  return { settings: { ...settings, config: parsed.value }, flags, notices, ...(sweep ? { sweep } : {}) };
}

/** The link's sweep, checked against the config it would run on; a bad one is named in a notice and ignored. */
function readSweep(raw: string | undefined, base: TrainingConfig, notices: string[]): SweepForm | undefined {
  if (raw === undefined) return undefined;
  const form = parseSweepParam(raw);
  const checked = form.ok ? buildSweepDefinition(base, form.value) : form;
  if (form.ok && checked.ok) return form.value;
  notices.push(`The link’s sweep=${raw} ${checked.ok ? '' : checked.error}; it was ignored.`);
  return undefined;
}

/** Percent-encoding that leaves ':' and ',' readable (both are allowed in a query). */
const encode = (text: string): string => encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',');

/** Each field's default as written, computed once: building the default config validates its temperature. */
let writtenDefaults: readonly string[] | undefined;

/** The query string of a link to `state`: `?v=2` followed by what differs from the defaults. */
export function linkQuery({ settings, flags, sweep }: SharedState): string {
  const defaults = (writtenDefaults ??= FIELDS.map((field) => field.write(defaultSettings())));
  const parts = [`v=${URL_VERSION}`];
  for (const [i, field] of FIELDS.entries()) {
    const value = field.write(settings);
    if (value !== defaults[i]) parts.push(`${field.key}=${encode(value)}`);
  }
  for (const key of FLAG_KEYS) if (flags[key]) parts.push(`${key}=1`);
  if (sweep) parts.push(`${SWEEP_KEY}=${encode(formatSweepParam(sweep)).replace(/%3B/gi, ';').replace(/%3D/gi, '=').replace(/%2F/gi, '/')}`);
  return `?${parts.join('&')}`;
}
