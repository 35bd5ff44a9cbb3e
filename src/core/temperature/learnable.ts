import type { TemperatureFamily } from './types';

/** CLIP caps the logit scale e^θ at 100 (open_clip clamps θ to [0, ln 100] after every step): τ ∈ [0.01, 1]. */
export const LOGIT_SCALE_MAX = 100;

/**
 * One global temperature learned with the encoder, CLIP's way (openai/CLIP clip/model.py, `logit_scale`;
 * the clamp as open_clip's training loop applies it): logits = e^θ·s, θ a trained parameter initialised to
 * ln(1/τ₀). The trainer holds θ (`core/trainer/learnedParameters.ts`); this family's `tau` is the initial τ₀,
 * which is what a plot shows before a run has learned anything.
 */
export const learnable: TemperatureFamily = {
  id: 'learnable',
  label: 'Learned τ (CLIP)',
  description:
    'One temperature for every pair, learned with the encoder by the same optimiser: logits = e^θ·s, θ starts at ln(1/τ₀); e^θ is capped at 100. The figures show the τ = e^−θ the run has learned.',
  formula: 'logits = e^θ·s, τ = e^−θ; θ trained from ln(1/τ₀), clamped to [0, ln 100] after every step (τ ∈ [0.01, 1])',
  params: [
    {
      key: 't0',
      label: 'τ₀ (initial)',
      min: 1 / LOGIT_SCALE_MAX,
      max: 1,
      step: 0.005,
      default: 0.07,
      help: 'The temperature θ starts from (CLIP: 0.07). Moving it during a run restarts θ from the new value.',
    },
  ],
  dependsOn: [],
  trained: 'learnable-global',
  tau: (_o, _s, p) => p.t0,
};
