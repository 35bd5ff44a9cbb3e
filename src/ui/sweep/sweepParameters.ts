import type { TrainingConfig } from '../../core/config';
import type { TemperatureFamily } from '../../core/temperature';
import { DEFAULT_SWEEP_OPTIONS, type SweepAxisForm, type SweepForm } from '../../state/sweepForm';

/** A parameter the panel may sweep: one of the temperature family's, or the learning rate. */
export interface SweepParameter {
  readonly key: string;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** The value the lab runs with now. */
  readonly value: number;
}

export function sweepParameters(family: TemperatureFamily, config: TrainingConfig): readonly SweepParameter[] {
  const own = config.temperature.family === family.id ? config.temperature.params : {};
  return [
    ...family.params.map((p) => ({ key: p.key, label: p.label, min: p.min, max: p.max, value: own[p.key] ?? p.default })),
    { key: 'lr', label: 'learning rate', min: 1e-6, max: 10, value: config.optimizer.learningRate },
  ];
}

const round = (v: number): number => Number(v.toPrecision(3));

/** Three values around the current one: half to double it on a log scale, or the whole range where it is 0. */
export function defaultAxis(p: SweepParameter): SweepAxisForm {
  const clamp = (v: number): number => Math.min(p.max, Math.max(p.min, round(v)));
  if (p.value > 0) {
    const start = clamp(p.value / 2);
    const stop = clamp(p.value * 2);
    if (start > 0 && start < stop) return { param: p.key, start, stop, count: 3, log: true };
  }
  return { param: p.key, start: p.min, stop: p.max, count: 3, log: false };
}

/** The family's first two parameters against each other (the learning rate when it has one). */
export function defaultSweepForm(parameters: readonly SweepParameter[]): SweepForm {
  const [x, y] = parameters;
  return { ...DEFAULT_SWEEP_OPTIONS, x: defaultAxis(x!), y: y ? defaultAxis(y) : null };
}

/** Whether the form sweeps only parameters on offer (the family may have changed under it). */
export const formFits = (form: SweepForm, parameters: readonly SweepParameter[]): boolean =>
  [form.x, ...(form.y ? [form.y] : [])].every((a) => parameters.some((p) => p.key === a.param));
