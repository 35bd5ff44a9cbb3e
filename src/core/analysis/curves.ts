import type { Temperature, TemperatureContext } from '../temperature';

/** A sampled curve over cosine similarity s ∈ [−1, 1]. */
export interface SimilarityCurve {
  readonly s: Float64Array;
  readonly tau: Float64Array;
  /** Effective logit s/τ(s). */
  readonly logit: Float64Array;
}

export function similarityGrid(points = 401): Float64Array {
  return Float64Array.from({ length: points }, (_, i) => -1 + (2 * i) / (points - 1));
}

export function temperatureCurve(
  temperature: Temperature,
  ctx?: Partial<TemperatureContext<number>>,
  points = 401,
): SimilarityCurve {
  const s = similarityGrid(points);
  const tau = s.map((x) => temperature.scalar(x, ctx));
  return { s, tau, logit: s.map((x, i) => x / tau[i]!) };
}

/** An interval of s on which the effective logit s/τ(s) decreases. */
export interface DecreasingInterval {
  readonly from: number;
  readonly to: number;
}

export interface Monotonicity {
  readonly monotone: boolean;
  readonly decreasing: readonly DecreasingInterval[];
}

/**
 * Where does the effective logit s/τ(s) decrease? There a more similar negative gets a smaller logit than a
 * less similar one (and, with τ not detached, its gradient changes sign). For the DySTreSS cosine this
 * happens once τmax/τmin exceeds ≈ 4.5 (paper.md §3.7). Checked on a fine grid so it holds for any family.
 */
export function logitMonotonicity(
  temperature: Temperature,
  ctx?: Partial<TemperatureContext<number>>,
  points = 4001,
): Monotonicity {
  const { s, logit } = temperatureCurve(temperature, ctx, points);
  const decreasing: DecreasingInterval[] = [];
  let start = -1;
  for (let i = 1; i < s.length; i++) {
    // A tolerance well below one grid step's change keeps flat stretches (constant logit) monotone.
    const falls = logit[i]! < logit[i - 1]! - 1e-12 * Math.max(1, Math.abs(logit[i - 1]!));
    if (falls && start < 0) start = i - 1;
    if (!falls && start >= 0) {
      decreasing.push({ from: s[start]!, to: s[i - 1]! });
      start = -1;
    }
  }
  if (start >= 0) decreasing.push({ from: s[start]!, to: s[s.length - 1]! });
  return { monotone: decreasing.length === 0, decreasing };
}
