import { negativeProfile, temperatureCurve, type NegativeProfile, type SimilarityCurve } from '../../core/analysis';
import type { HistoryPoint } from '../../core/config';
import { createTemperature, effectiveTemperature, variesPerSample, type LearnedValues, type Temperature } from '../../core/temperature';
import type { RunOverlay } from '../../state/compare';
import type { CurveSet, LabelledCurve } from '../../figures/similarityCurves';
import type { StudioContext } from '../studio/contextSliders';

/**
 * The overlaid runs' τ(s), labelled as in the training figures. They go first among the temperature
 * figures' pinned curves, so curve i takes run colour i + 1, the colour of the same run everywhere else.
 */
export function overlayCurves(
  overlays: readonly (Pick<RunOverlay, 'label' | 'temperature'> & Partial<Pick<RunOverlay, 'history'>>)[],
  context: StudioContext,
): LabelledCurve[] {
  return overlays.flatMap((o) => {
    const temperature = trainedTemperature(o);
    if (!temperature) return [];
    // A τ trained per sample has no curve τ(s): its entry keeps the run's colour but draws nothing.
    if (variesPerSample(temperature.family)) return [{ label: `${o.label} (τ per sample: no curve)`, curve: noCurve(temperatureCurve(temperature, context)) }];
    return [{ label: o.label, curve: temperatureCurve(temperature, context) }];
  });
}

const noCurve = (curve: SimilarityCurve): SimilarityCurve => ({ s: curve.s, tau: curve.tau.map(() => NaN), logit: curve.logit.map(() => NaN) });

/** What an overlaid run learned last (a learned τ, SigLIP's t and b), from its history. */
export function lastLearned(history: readonly HistoryPoint[] | undefined): LearnedValues | undefined {
  const point = history?.findLast((p) => p.learnedTau !== undefined && p.learnedTau !== null);
  if (!point) return undefined;
  return { tau: point.learnedTau!, ...(point.learnedBias !== undefined && point.learnedBias !== null ? { bias: point.learnedBias } : {}) };
}

/** The overlaid run's τ as it trained with it at its last evaluation; undefined if its setting is invalid. */
function trainedTemperature(o: Pick<RunOverlay, 'temperature'> & Partial<Pick<RunOverlay, 'history'>>): Temperature | undefined {
  const temperature = createTemperature(o.temperature);
  return temperature.ok ? effectiveTemperature(temperature.value, lastLearned(o.history)) : undefined;
}

export function withOverlayCurves(curves: CurveSet, overlays: readonly LabelledCurve[]): CurveSet {
  return overlays.length === 0 ? curves : { current: curves.current, pins: [...overlays, ...curves.pins] };
}

/**
 * The gradient picture of an overlaid run under its own τ: every seed's last batch, pooled (so the binned
 * means are over all seeds' negatives). Null when the run has no batch yet.
 */
export function overlayProfile(
  overlay: Pick<RunOverlay, 'temperature' | 'batches'> & Partial<Pick<RunOverlay, 'history'>>,
  context: StudioContext,
): NegativeProfile | null {
  const temperature = trainedTemperature(overlay);
  // A τ trained per sample has no τ(s) to weight the negatives with.
  if (!temperature || variesPerSample(temperature.family) || overlay.batches.length === 0) return null;
  const bias = lastLearned(overlay.history)?.bias;
  const sigmoid = bias === undefined ? undefined : { bias };
  const profiles = overlay.batches.map((b) => negativeProfile(b, Math.round(Math.sqrt(b.length)), temperature, context, sigmoid));
  if (profiles.length === 1) return profiles[0]!;
  const pool = (key: keyof NegativeProfile): Float64Array => {
    const out = new Float64Array(profiles.reduce((n, p) => n + p[key].length, 0));
    let at = 0;
    for (const p of profiles) {
      out.set(p[key], at);
      at += p[key].length;
    }
    return out;
  };
  return { s: pool('s'), weight: pool('weight'), relativePenalty: pool('relativePenalty') };
}
