import { findFamily, predictsTemperature, type TemperatureSetting } from '../temperature';
import type { TrainingConfig } from './schema';

/** One config field that the trainer takes while a run goes on: how it is named, read and written. */
export interface LiveParameter<K extends string, V> {
  readonly key: K;
  /** How the lab names it. */
  readonly label: string;
  readonly read: (config: TrainingConfig) => V;
  readonly write: (config: TrainingConfig, value: V) => TrainingConfig;
}

const parameter = <K extends string, V>(
  key: K,
  label: string,
  read: (config: TrainingConfig) => V,
  write: (config: TrainingConfig, value: V) => TrainingConfig,
): LiveParameter<K, V> => ({ key, label, read, write });

/**
 * The one list of live parameters: the config fields a run takes without a reset. Everything else in the
 * config waits for the next run. The lab's settings, the worker and the trainer all read this list.
 */
export const LIVE_PARAMETERS = [
  parameter('learningRate', 'learning rate', (c) => c.optimizer.learningRate, (c, v: number) => ({ ...c, optimizer: { ...c.optimizer, learningRate: v } })),
  parameter('temperature', 'temperature', (c): TemperatureSetting => c.temperature, (c, v: TemperatureSetting) => ({ ...c, temperature: v })),
  parameter('detachTemperature', 'detach τ', (c) => c.loss.detachTemperature, (c, v: boolean) => ({ ...c, loss: { ...c.loss, detachTemperature: v } })),
  parameter('decoupled', 'decoupled loss', (c) => c.loss.decoupled, (c, v: boolean) => ({ ...c, loss: { ...c.loss, decoupled: v } })),
  parameter('objective', 'loss', (c) => c.loss.objective, (c, v: TrainingConfig['loss']['objective']) => ({ ...c, loss: { ...c.loss, objective: v } })),
  parameter('augmentation', 'augmentation', (c) => c.augmentation, (c, v: TrainingConfig['augmentation']) => ({ ...c, augmentation: v })),
] as const;

type Live = (typeof LIVE_PARAMETERS)[number];
export type LiveKey = Live['key'];

/** What may change while a run goes on, without a reset; a key left out keeps its value. */
export type LiveParams = { readonly [P in Live as P['key']]?: P extends LiveParameter<string, infer V> ? V : never };

/** The list without its value types, for walking all parameters at once: each `write` only gets values of its own key. */
const untyped = LIVE_PARAMETERS as readonly LiveParameter<LiveKey, unknown>[];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The config with these live parameters written in. */
export function withLiveParams(config: TrainingConfig, params: LiveParams): TrainingConfig {
  return untyped.reduce((c, p) => (params[p.key] === undefined ? c : p.write(c, params[p.key])), config);
}

/** Whether the config's temperature needs the encoder's extra output (Temperature as Uncertainty). */
export const needsUncertaintyUnit = (config: TrainingConfig): boolean => predictsTemperature(findFamily(config.temperature.family));

/**
 * The live parameters of `after` that differ from `before`, or null when none do. A temperature that adds or
 * removes the encoder's extra output (Temperature as Uncertainty) changes the model: it waits for a restart.
 */
export function liveChanges(before: TrainingConfig, after: TrainingConfig): LiveParams | null {
  const modelChanges = needsUncertaintyUnit(before) !== needsUncertaintyUnit(after);
  const changed = untyped.filter((p) => !same(p.read(before), p.read(after)) && !(modelChanges && p.key === 'temperature'));
  return changed.length > 0 ? Object.fromEntries(changed.map((p) => [p.key, p.read(after)])) : null;
}
