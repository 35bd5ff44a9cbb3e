/**
 * Principal components of a small point set, for the embedding view: power iteration with deflation on the
 * d×d covariance, in float64, with a deterministic start and sign, so the same points always give the same
 * picture (no flipping between frames).
 */

export interface PcaResult {
  /** Mean of the points (length d). */
  readonly mean: Float64Array;
  /** The components, unit vectors of length d, by decreasing variance. */
  readonly components: readonly Float64Array[];
  /** Variance along each component (the covariance's eigenvalues, divided by n). */
  readonly variances: readonly number[];
  /** Each component's share of the total variance (the covariance's trace); 0 when all points coincide. */
  readonly explained: readonly number[];
  readonly totalVariance: number;
  /** The centred points projected onto the components, n×k row-major. */
  readonly projections: Float64Array;
}

export interface PcaOptions {
  readonly components?: number;
  readonly maxIterations?: number;
  /** Stop when the unit direction moves by less than this between iterations (≈ the angle, radians). */
  readonly tolerance?: number;
}

/** The n×d covariance (population, 1/n) of row-major points, and their mean. */
export function covariance(points: ArrayLike<number>, n: number, d: number): { mean: Float64Array; matrix: Float64Array } {
  if (points.length < n * d) throw new Error(`pca: ${points.length} values cannot hold ${n} points of dimension ${d}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) mean[a] += points[i * d + a]!;
  for (let a = 0; a < d; a++) mean[a] /= Math.max(1, n);
  const matrix = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) row[a] = points[i * d + a]! - mean[a]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      for (let b = a; b < d; b++) matrix[a * d + b] += ra * row[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = matrix[a * d + b]! / Math.max(1, n);
      matrix[a * d + b] = v;
      matrix[b * d + a] = v;
    }
  }
  return { mean, matrix };
}

function multiply(matrix: Float64Array, v: Float64Array, d: number, out: Float64Array): void {
  for (let a = 0; a < d; a++) {
    let sum = 0;
    for (let b = 0; b < d; b++) sum += matrix[a * d + b]! * v[b]!;
    out[a] = sum;
  }
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let a = 0; a < v.length; a++) s += v[a]! * v[a]!;
  return Math.sqrt(s);
}

function iterate(matrix: Float64Array, d: number, start: Float64Array, maxIterations: number, tolerance: number): { vector: Float64Array; value: number } {
  let v = Float64Array.from(start);
  let length = norm(v);
  for (let a = 0; a < d; a++) v[a] /= length;
  let next = new Float64Array(d);
  for (let it = 0; it < maxIterations; it++) {
    multiply(matrix, v, d, next);
    length = norm(next);
    if (length === 0) break;
    let dot = 0;
    for (let a = 0; a < d; a++) {
      next[a] /= length;
      dot += next[a]! * v[a]!;
    }
    // How far the direction moved (sign-insensitive), computed without the cancellation of 1 − |cos|.
    const sign = dot < 0 ? -1 : 1;
    let moved = 0;
    for (let a = 0; a < d; a++) {
      const step = next[a]! - sign * v[a]!;
      moved += step * step;
    }
    // Swapped through a local: a destructuring swap allocates an array per iteration.
    const previous = v;
    v = next;
    next = previous;
    if (Math.sqrt(moved) < tolerance) break;
  }
  multiply(matrix, v, d, next);
  let value = 0;
  for (let a = 0; a < d; a++) value += v[a]! * next[a]!;
  return { vector: v, value };
}

/**
 * The leading eigenvector of a symmetric positive semi-definite matrix, by power iteration from two fixed
 * starts — the matrix's column of largest norm and C·u for a quasi-random u in [0.5, 1.5]^d — keeping the
 * one with the larger Rayleigh quotient: a start orthogonal to the top eigenvector would stay in the wrong
 * eigenspace, and hand-made matrices can make one of the two (never both, in practice) orthogonal. The
 * result's largest-magnitude entry is positive, so the sign is deterministic.
 */
function leadingEigenvector(matrix: Float64Array, d: number, maxIterations: number, tolerance: number): { vector: Float64Array; value: number } {
  let column = 0;
  let best = -1;
  for (let b = 0; b < d; b++) {
    let s = 0;
    for (let a = 0; a < d; a++) s += matrix[a * d + b]! ** 2;
    if (s > best) {
      best = s;
      column = b;
    }
  }
  if (best <= 0) {
    const vector = new Float64Array(d);
    vector[0] = 1;
    return { vector, value: 0 };
  }
  const starts: Float64Array[] = [Float64Array.from({ length: d }, (_, a) => matrix[a * d + column]!)];
  const u = Float64Array.from({ length: d }, (_, a) => 0.5 + (((a + 1) * 0.6180339887498949) % 1));
  const cu = new Float64Array(d);
  multiply(matrix, u, d, cu);
  if (norm(cu) > 0) starts.push(cu);
  let result = iterate(matrix, d, starts[0]!, maxIterations, tolerance);
  for (const start of starts.slice(1)) {
    const other = iterate(matrix, d, start, maxIterations, tolerance);
    if (other.value > result.value * (1 + 1e-12)) result = other;
  }
  const v = result.vector;
  let largest = 0;
  for (let a = 1; a < d; a++) if (Math.abs(v[a]!) > Math.abs(v[largest]!) + 1e-12) largest = a;
  if (v[largest]! < 0) for (let a = 0; a < d; a++) v[a] = -v[a]!;
  return { vector: v, value: Math.max(0, result.value) };
}

/** The first `components` principal components of n points of dimension d (row-major). */
export function pca(points: ArrayLike<number>, n: number, d: number, options: PcaOptions = {}): PcaResult {
  const k = Math.min(options.components ?? 2, d);
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-11;
  const { mean, matrix } = covariance(points, n, d);
  let totalVariance = 0;
  for (let a = 0; a < d; a++) totalVariance += matrix[a * d + a]!;

  const deflated = Float64Array.from(matrix);
  const components: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < k; c++) {
    const { vector, value } = leadingEigenvector(deflated, d, maxIterations, tolerance);
    // Keep later components orthogonal to earlier ones despite rounding (and when the rest is zero).
    for (const previous of components) {
      let dot = 0;
      for (let a = 0; a < d; a++) dot += vector[a]! * previous[a]!;
      for (let a = 0; a < d; a++) vector[a] -= dot * previous[a]!;
    }
    let length = norm(vector);
    if (length < 1e-9) {
      // The remaining variance is zero: complete the basis with the first unused coordinate axis.
      for (let axis = 0; axis < d && length < 1e-9; axis++) {
        vector.fill(0);
        vector[axis] = 1;
        for (const previous of components) {
          const dot = previous[axis]!;
          for (let a = 0; a < d; a++) vector[a] -= dot * previous[a]!;
        }
        length = norm(vector);
      }
    }
    for (let a = 0; a < d; a++) vector[a] /= length;
    components.push(vector);
    variances.push(value);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) deflated[a * d + b] -= value * vector[a]! * vector[b]!;
  }

  const projections = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let dot = 0;
      const v = components[c]!;
      for (let a = 0; a < d; a++) dot += (points[i * d + a]! - mean[a]!) * v[a]!;
      projections[i * k + c] = dot;
    }
  }
  const explained = variances.map((v) => (totalVariance > 0 ? v / totalVariance : 0));
  return { mean, components, variances, explained, totalVariance, projections };
}
