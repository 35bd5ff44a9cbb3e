import type { TemperatureFamily } from './types';

/**
 * Temperatures that are not a function of the pair's similarity: they are trained per sample. Their `tau`
 * gives only the value τ starts from; the loss (src/core/loss/isogclr.ts) keeps and updates the real ones, and
 * the figures show their distribution over samples, never a curve τ(s).
 */

/** The constants of the official SogCLR_DRO_Loss (zhqiu/contrastive-learning-iSogCLR, unimodal_exps/losses.py). */
export const ISOGCLR_CONSTANTS = {
  /** γ: weight of the batch's exp-sum in each sample's moving estimate s_i. */
  gamma: 0.8,
  /** τ_i before a sample's first update. */
  tauInit: 0.07,
  /** η: the step size of the τ_i update. */
  eta: 1e-3,
  /** β: the moving average m_i of τ_i's gradient (`beta_u`). */
  beta: 0.9,
  /** τ_i's gradient is clipped to [−3, 3] before the moving average. */
  gradientClip: 3,
} as const;

export const isogclr: TemperatureFamily = {
  id: 'isogclr',
  label: 'iSogCLR (τ per sample)',
  description:
    'Qiu et al. 2023: every training sample i has its own τ_i, kept by the trainer and moved each time the sample is in a batch, by a DRO objective with budget ρ (a larger ρ, a wider uncertainty set, drives the τ_i down).',
  formula:
    'τ_i ← clip(τ_i − η·m_i, τmin, τmax), m_i ← (1−β)m_i + β·clip(log s_i + ρ − Σ_j w_ij s_ij/τ_i /(2B−2), ±3)',
  // τ min ≥ 0.02 keeps exp(s/τ) ≤ e⁵⁰, far inside float32 (the code has no max shift either).
  params: [
    { key: 'tmin', label: 'τ min', min: 0.02, max: 2, step: 0.005, default: 0.05, help: 'Lower bound of every τ_i.' },
    { key: 'tmax', label: 'τ max', min: 0.01, max: 2, step: 0.005, default: 1, help: 'Upper bound of every τ_i.' },
    { key: 'rho', label: 'ρ', min: 0, max: 20, step: 0.1, default: 6, help: 'DRO budget: a larger ρ (a wider uncertainty set) drives every τ_i down.' },
  ],
  dependsOn: [],
  trained: 'per-sample',
  check: (p) => (p.tmin <= p.tmax ? null : `τ min (${p.tmin}) must not exceed τ max (${p.tmax})`),
  // τ's starting value (τ init clipped to the bounds); the trained τ_i live in the trainer.
  tau: (_o, _s, p) => Math.min(Math.max(ISOGCLR_CONSTANTS.tauInit, p.tmin), p.tmax),
};

export const tauUncertainty: TemperatureFamily = {
  id: 'tau-uncertainty',
  label: 'Temperature as Uncertainty (τ predicted)',
  description:
    'Zhang et al. 2021: the encoder predicts one more number u_i per input and each anchor’s logits are s·σ(u_i)/T, so τ_i = T/σ(u_i) ≥ T; a high τ_i marks an input the encoder is unsure of.',
  formula: 'logit_ij = s_ij·σ(u_i)/T, τ_i = T/σ(u_i); u_i an extra output of the projection head',
  // T ≥ 0.02 keeps exp(s·σ(u)/T) ≤ e⁵⁰, far inside float32 (the code exponentiates without a max shift).
  params: [{ key: 't', label: 'T', min: 0.02, max: 2, step: 0.005, default: 0.1, help: 'The smallest τ_i (σ(u_i) → 1); at σ(u_i) = ½, τ_i = 2T.' }],
  dependsOn: [],
  trained: 'predicted',
  // T, the bound the predicted τ_i never go below; the τ_i themselves come from the encoder.
  tau: (_o, _s, p) => p.t,
};

/**
 * Whether τ differs from sample to sample (trained per sample or predicted per input): then there is no curve
 * τ(s), and the figures show its distribution over samples instead.
 */
export const variesPerSample = (family: TemperatureFamily | undefined): boolean => family?.trained === 'per-sample' || family?.trained === 'predicted';

/** Whether a temperature needs the encoder's extra output u (so switching it in or out needs a restart). */
export const predictsTemperature = (family: TemperatureFamily | undefined): boolean => family?.trained === 'predicted';
