import { findPreset, type Preset } from './presets';

/**
 * The classroom tour: a few steps, each with a short text, the preset it loads and the figure it points at
 * (a `data-figure` name of the figure grid). Pure data and a pure key map, so both are testable.
 */
export interface TourStep {
  readonly title: string;
  readonly text: string;
  /** The preset (by id) the step loads; the run restarts with it. */
  readonly preset?: string;
  /** The figure the step highlights. */
  readonly figure: string;
}

export const TOUR: readonly TourStep[] = [
  {
    title: 'Temperature and hard negatives',
    text:
      'The loss is a softmax over s/τ. With a cold τ = 0.1 almost all of the push goes to the few negatives most similar to the anchor, the hard ones; ' +
      'train a few steps and look at the gradient on negatives. The next step warms τ to 0.5: the push spreads over all negatives.',
    preset: 'simclr-0.1',
    figure: 'gradient',
  },
  {
    title: 'The uniformity–tolerance dilemma',
    text:
      'A cold τ spreads the embeddings evenly over the sphere (uniform) but also pushes apart samples of the same class, which the loss cannot tell from other negatives. ' +
      'A warm τ keeps classes together (tolerant) but less uniform. Press Play and watch the path in the uniformity–tolerance plane.',
    preset: 'simclr-0.5',
    figure: 'uniformity-tolerance',
  },
  {
    title: 'What DySTreSS changes',
    text:
      'DySTreSS gives each pair its own temperature from its similarity: cold near s = 0, where separating pairs pays, and warm near s = ±1, ' +
      'where near-duplicates are likely same-class neighbours that should not be pushed hard.',
    preset: 'dystress',
    figure: 'temperature',
  },
  {
    title: 'Too wide a range',
    text:
      'Stretch τ from 0.05 to 0.3 (τmax/τmin = 6) and the effective logit s/τ(s) turns down over part of the similarity range (shaded): a more similar negative now gets a smaller logit than a less similar one. ' +
      'Beyond a ratio of about 4.5 the ordering of negatives breaks.',
    preset: 'too-wide',
    figure: 'logit',
  },
  {
    title: 'No temperature at all',
    text:
      'Temperature-free InfoNCE replaces s/τ by 2·artanh(s). Read as a temperature, τ(s) = s/(2·artanh(s)) is warm (½) for orthogonal pairs and cold (≈ 0.07) near s = ±1: ' +
      'the logit stays monotone, but near-duplicates are pushed hardest, the opposite of DySTreSS.',
    preset: 'temperature-free',
    figure: 'temperature',
  },
  {
    title: 'A temperature the model learns',
    text:
      'CLIP learns one τ with the encoder: logits = e^θ·s, θ trained by the same optimiser, e^θ capped at 100. Started at τ = 0.5, ' +
      'press Play and follow the learned τ in the training curves, and the τ figure’s flat line beside the dashed start.',
    preset: 'learnable',
    figure: 'training-curves',
  },
  {
    title: 'Negatives on their own: SigLIP',
    text:
      'SigLIP drops the softmax: every pair is its own yes/no question, logit t·s + b with t and b learned. A negative’s gradient σ(logit)·t depends on its own similarity only, ' +
      'so the gradient figure is one smooth curve of s: no hard negative steals the push from the others, as it does under a cold softmax.',
    preset: 'siglip',
    figure: 'gradient',
  },
  {
    title: 'A temperature for every sample',
    text:
      'iSogCLR drops the curve τ(s): each training sample learns its own τ_i from how hard its negatives are, by a DRO objective. ' +
      'On long-tailed spheres, press Play and watch the strip by class: frequent and rare classes need not end up at the same temperature.',
    preset: 'isogclr-long-tail',
    figure: 'sample-temperatures',
  },
];

export type TourMove = 'next' | 'previous' | 'close';

/** →, N and PageDown go on; ←, P and PageUp go back; Esc leaves. Other keys are not the tour's. */
export function tourMove(key: string): TourMove | null {
  switch (key) {
    case 'ArrowRight':
    case 'n':
    case 'N':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'p':
    case 'P':
    case 'PageUp':
      return 'previous';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}

/** The step index after a move; null when the tour ends (Esc, or "next" on the last step). */
export function moveTour(index: number, move: TourMove): number | null {
  if (move === 'close') return null;
  if (move === 'previous') return Math.max(0, index - 1);
  return index + 1 < TOUR.length ? index + 1 : null;
}

export function stepPreset(step: TourStep): Preset | undefined {
  return step.preset === undefined ? undefined : findPreset(step.preset);
}
