import type { Ops } from './ops';
import type { TemperatureFamily } from './types';

/**
 * |s| is held at most 1 − CLAMP so that artanh(s) stays finite: the logit at |s| = 1 is ±log(2/CLAMP − 1) ≈ ±14.6.
 * 2⁻²⁰ ≈ 9.5·10⁻⁷ rather than 10⁻⁶ because float32 holds 1 − 2⁻²⁰ exactly, so the loss (float32) and the plots
 * (float64) agree at the clamp.
 */
export const TEMPERATURE_FREE_CLAMP = 2 ** -20;
/** Below this |s| the 0/0 of s/(2·artanh(s)) is replaced by its series, exact to 10⁻¹¹ there. */
const SERIES_BELOW = 0.1;

/** 2·artanh(s)/s = 2·(1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9 + …); the next term is below 10⁻¹¹ for |s| < 0.1. */
function doubleArtanhOverS<T>(o: Ops<T>, s: T): T {
  const q = o.mul(s, s);
  const inner = o.add(1 / 7, o.mul(q, 1 / 9));
  return o.mul(2, o.add(1, o.mul(q, o.add(1 / 3, o.mul(q, o.add(1 / 5, o.mul(q, inner)))))));
}

/**
 * Temperature-free InfoNCE (Kim & Kim 2025, arXiv 2501.17683): the logit of a pair is 2·artanh(s) instead of
 * s/τ. Written as the equivalent temperature τ(s) = s/(2·artanh(s)) so that the loss, the plots and the
 * analyzer take it like any family: s/τ(s) is the logit. τ(0) = 1/2 is the limit, taken from the series near
 * s = 0 (both branches finite everywhere, so no NaN reaches a gradient through the unused one); s is clamped
 * to ±(1 − 2⁻²⁰) inside artanh. The gradient through artanh is the method, hence `logitFunction`.
 */
export const temperatureFree: TemperatureFamily = {
  id: 'temperature-free',
  label: 'Temperature-free (artanh)',
  description:
    'Kim & Kim 2025: no τ at all; the logit of a pair is 2·artanh(s), steep near s = ±1. Plotted as its equivalent τ(s) = s/(2·artanh(s)), ½ at s = 0, falling to ≈ 0.069 at s = ±1.',
  formula: 'logit = 2·artanh(s), i.e. τ(s) = s / (2·artanh(s)); τ(0) = ½; s clamped to ±(1 − 2⁻²⁰) ≈ ±(1 − 9.5·10⁻⁷) inside artanh',
  params: [],
  dependsOn: ['similarity'],
  logitFunction: true,
  tau: (o, s) => {
    const clamped = o.min(o.max(s, -1 + TEMPERATURE_FREE_CLAMP), 1 - TEMPERATURE_FREE_CLAMP);
    // Away from 0 the exact form; near 0 a stand-in argument keeps the unused branch finite.
    const away = o.select(o.abs(s), '<', SERIES_BELOW, SERIES_BELOW, clamped);
    const exact = o.div(s, o.log(o.div(o.add(1, away), o.sub(1, away))));
    return o.select(o.abs(s), '<', SERIES_BELOW, o.div(1, doubleArtanhOverS(o, s)), exact);
  },
};
