import type { Temperature } from './registry';

/** What a run has learned in place of its temperature, or on top of it, as read back at a snapshot. */
export interface LearnedValues {
  /** A learned temperature: e^−θ for `learnable`; 1/t for SigLIP, the factor its learned t puts on every τ(s). */
  readonly tau: number;
  /** SigLIP's learned bias b. */
  readonly bias?: number;
}

/**
 * The temperature a run actually trains with, on numbers: for a learned family the learned τ for every pair
 * (its own `tau` only knows the initial τ₀); with SigLIP's learned t, τ(s)/t. Without learned values, the
 * temperature itself. The snapshot's τ statistics and the lab's τ figures both read it.
 */
export function effectiveTemperature(temperature: Temperature, learned: LearnedValues | undefined): Temperature {
  if (!learned) return temperature;
  const scalar: Temperature['scalar'] = temperature.family.trained
    ? () => learned.tau
    : (s, ctx) => temperature.scalar(s, ctx) * learned.tau;
  return { ...temperature, scalar };
}
