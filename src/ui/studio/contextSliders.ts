import type { Params, ParamSpec, TemperatureFamily } from '../../core/temperature';

/**
 * Sliders for what τ depends on besides s: the training step t (time-scheduled families, custom formulas
 * in t) and the batch alignment A (MACL). They are studio state, not family parameters.
 */
export interface StudioContext {
  readonly step: number;
  readonly alignment: number;
}

export type ContextKey = keyof StudioContext;

export interface ContextSlider {
  readonly key: ContextKey;
  readonly spec: ParamSpec;
}

export const initialContext: StudioContext = { step: 0, alignment: 0 };

/** Two full cycles when the family has a period, so the whole schedule is reachable. */
function stepSpec(params: Params): ParamSpec {
  const max = params.period !== undefined ? 2 * params.period : 10_000;
  return {
    key: 'step',
    label: 'Training step t',
    unit: 'steps',
    min: 0,
    max,
    step: Math.max(1, Math.round(max / 400)),
    default: 0,
    help: 'The optimiser step at which τ is evaluated.',
  };
}

const alignmentSpec: ParamSpec = {
  key: 'alignment',
  label: 'Batch alignment A',
  min: -1,
  max: 1,
  step: 0.01,
  default: 0,
  help: 'Mean cosine similarity of the positive pairs in the batch.',
};

export function contextSliders(family: TemperatureFamily, params: Params): ContextSlider[] {
  const sliders: ContextSlider[] = [];
  if (family.dependsOn.includes('step')) sliders.push({ key: 'step', spec: stepSpec(params) });
  if (family.dependsOn.includes('alignment')) sliders.push({ key: 'alignment', spec: alignmentSpec });
  return sliders;
}

/** The context τ is evaluated in: the stored values, clamped to the sliders' current ranges. */
export function effectiveContext(context: StudioContext, sliders: readonly ContextSlider[]): StudioContext {
  const clamp = (key: ContextKey): number => {
    const slider = sliders.find((s) => s.key === key);
    return slider ? Math.min(slider.spec.max, Math.max(slider.spec.min, context[key])) : initialContext[key];
  };
  return { step: clamp('step'), alignment: clamp('alignment') };
}
