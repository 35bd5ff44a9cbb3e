import { temperatureCurve } from '../../core/analysis';
import type { LearnedValues, Temperature, TemperatureContext } from '../../core/temperature';
import type { CurveSet } from '../../figures/similarityCurves';
import { formatValue } from '../format';

/**
 * The τ curves as the run trains with them. Where the run learns its temperature (a learned τ, SigLIP's t),
 * the current curve is the learned one, labelled with what was learned and when, and the setting's own curve
 * (its start) stays beside it dashed; otherwise the curves are the setting's.
 */
export function learnedCurves(
  curves: CurveSet,
  temperature: Temperature,
  trainedWith: Temperature,
  learned: LearnedValues | undefined,
  context: Partial<TemperatureContext<number>>,
  step: number | undefined,
): CurveSet {
  if (!learned) return curves;
  const at = step === undefined ? '' : ` at step ${formatValue(step)}`;
  const label = temperature.family.trained
    ? `learned τ = ${formatValue(learned.tau)}${at}`
    : `τ(s)/t as trained, t = ${formatValue(1 / learned.tau)} learned${at}`;
  return {
    current: { label, curve: temperatureCurve(trainedWith, context) },
    pins: [{ label: `${curves.current.label} (start)`, curve: curves.current.curve }, ...curves.pins],
  };
}
