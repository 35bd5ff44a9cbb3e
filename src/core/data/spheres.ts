export interface SpheresOptions {
  /** Ambient dimension d ≥ 2; points lie on S^(d−1). */
  readonly dim: number;
  readonly classes: number;
  /** Train instances of the largest class (n_max). */
  readonly instancesPerClass: number;
  /** Eval instances per class; the eval split stays balanced. */
  readonly evalPerClass: number;
  /** vMF concentration κ around the class mean direction (0 = uniform; angular spread ≈ 1/√κ for d = 3). */
  readonly concentration: number;
  /** r in (0, 1]: class c gets round(n_max · r^(c/(C−1))) train instances; 1 is balanced. */
  readonly longTailRatio: number;
  readonly seed: number;
}

/**
 * The default task: one where training and the temperature matter. The untrained encoder's held-out kNN is
 * about 0.47, and 600 steps reach 0.75–0.86 depending on τ (docs/study).
 */
export const defaultSpheresOptions: SpheresOptions = {
  dim: 16,
  classes: 10,
  instancesPerClass: 200,
  evalPerClass: 50,
  concentration: 12,
  longTailRatio: 1,
  seed: 1,
};

/**
 * The easy spheres: S², six tight classes, drawn as they are on the sphere. The untrained encoder's kNN is
 * already about 0.98, so they show the geometry of the embedding, not which temperature wins.
 */
export const easySpheres = { dim: 3, classes: 6, concentration: 20 } as const satisfies Partial<SpheresOptions>;

/** A message for the first invalid option, or null. */
export function checkSpheresOptions(o: SpheresOptions): string | null {
  const integerIn = (name: string, v: number, min: number, max: number): string | null =>
    Number.isInteger(v) && v >= min && v <= max ? null : `${name} must be an integer from ${min} to ${max}, got ${v}`;
  return (
    integerIn('dim', o.dim, 2, 1024) ??
    integerIn('classes', o.classes, 2, 256) ??
    integerIn('instancesPerClass', o.instancesPerClass, 1, 100_000) ??
    integerIn('evalPerClass', o.evalPerClass, 1, 100_000) ??
    integerIn('seed', o.seed, -(2 ** 31), 2 ** 32 - 1) ??
    (Number.isFinite(o.concentration) && o.concentration >= 0 ? null : `concentration must be ≥ 0, got ${o.concentration}`) ??
    (o.longTailRatio > 0 && o.longTailRatio <= 1 ? null : `longTailRatio must be in (0, 1], got ${o.longTailRatio}`)
  );
}

/** n_c = round(n_max · r^(c/(C−1))), at least 1 so that every class exists. */
export function longTailCounts(nMax: number, classes: number, ratio: number): number[] {
  return Array.from({ length: classes }, (_, c) => Math.max(1, Math.round(nMax * ratio ** (c / (classes - 1)))));
}
