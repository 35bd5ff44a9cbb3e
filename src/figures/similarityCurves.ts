/**
 * What the studio's figures plot: curves sampled over cosine similarity s ∈ [−1, 1]. Structural, so the
 * core's SimilarityCurve fits without the figures depending on the core.
 */
export interface SampledCurve {
  readonly s: ArrayLike<number>;
  readonly tau: ArrayLike<number>;
  /** Effective logit s/τ(s). */
  readonly logit: ArrayLike<number>;
}

export interface LabelledCurve {
  /** Legend text, e.g. "DySTreSS (cosine): τ min 0.1, τ max 0.2". */
  readonly label: string;
  readonly curve: SampledCurve;
}

/** The live curve and the pinned ones, which are drawn dashed for comparison. */
export interface CurveSet {
  readonly current: LabelledCurve;
  readonly pins: readonly LabelledCurve[];
}

export const SIMILARITY_DOMAIN: readonly [number, number] = [-1, 1];

/** The sampled value nearest to similarity `s`. */
export function valueAt(s: ArrayLike<number>, values: ArrayLike<number>, at: number): number {
  let best = 0;
  for (let i = 1; i < s.length; i++) if (Math.abs(s[i]! - at) < Math.abs(s[best]! - at)) best = i;
  return values[best]!;
}

export function extentOf(arrays: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}
