import { temperatureCurve } from '../../core/analysis';
import { createTemperature } from '../../core/temperature';
import type { RunOverlay } from '../../state/compare';
import type { CurveSet, LabelledCurve } from '../../figures/similarityCurves';
import type { StudioContext } from '../studio/contextSliders';

/**
 * The overlaid runs' τ(s), labelled as in the training figures. They go first among the temperature
 * figures' pinned curves, so curve i takes run colour i + 1, the colour of the same run everywhere else.
 */
export function overlayCurves(overlays: readonly Pick<RunOverlay, 'label' | 'temperature'>[], context: StudioContext): LabelledCurve[] {
  return overlays.flatMap((o) => {
    const temperature = createTemperature(o.temperature);
    return temperature.ok ? [{ label: o.label, curve: temperatureCurve(temperature.value, context) }] : [];
  });
}

export function withOverlayCurves(curves: CurveSet, overlays: readonly LabelledCurve[]): CurveSet {
  return overlays.length === 0 ? curves : { current: curves.current, pins: [...overlays, ...curves.pins] };
}
