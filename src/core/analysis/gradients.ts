import type { Temperature, TemperatureContext } from '../temperature';

/** Per negative pair of a 2B batch: its similarity, gradient weight and relative penalty. */
export interface NegativeProfile {
  readonly s: Float64Array;
  /**
   * |∂L_i/∂s_ij| = P_ij / τ_ij with τ detached: how hard negative j is pushed away from anchor i. For a
   * logit-function family (temperature-free), which is never detached, P_ij·ℓ′(s_ij) with ℓ(s) = s/τ(s).
   */
  readonly weight: Float64Array;
  /**
   * Wang & Liu's relative penalty generalised to per-pair τ: the negative's gradient over the positive's,
   * (P_ij/τ_ij) / ((1 − P_i,p(i))/τ_i,p(i)). For a constant τ it is exp(s_ij/τ) / Σ_negatives exp(s_ik/τ).
   */
  readonly relativePenalty: Float64Array;
}

/**
 * The per-negative gradient picture of one batch, from its 2B×2B similarity matrix (row-major). The positive
 * of row i is i ± B, as in the loss.
 */
export function negativeProfile(
  similarity: ArrayLike<number>,
  rows: number,
  temperature: Temperature,
  ctx?: Partial<TemperatureContext<number>>,
  sigmoid?: SigmoidWeighting,
): NegativeProfile {
  return negativeProfileInParts(similarity, rows, temperature, ctx, sigmoid).result();
}

/**
 * SigLIP's weighting (core/loss/siglip.ts): each pair is its own binary problem with logit z = s/τ(s) + b,
 * where `temperature` already carries the learned t (τ(s)/t), so a negative's weight is σ(z_ij)/τ_ij and the
 * positive's (1 − σ(z_i,p))/τ_i,p — no softmax, no denominator shared with the other negatives.
 */
export interface SigmoidWeighting {
  readonly bias: number;
}

/** Half-width of the central difference that gives ℓ′(s) of a logit-function family. */
const SLOPE_STEP = 1e-6;

const sigmoidOf = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** A negativeProfile computed a block of rows at a time. */
export interface NegativeProfileParts {
  /** Computes the rows up to `row` (exclusive) not computed yet. */
  fill(row: number): void;
  /** Computes what is left and returns the profile. */
  result(): NegativeProfile;
}

/**
 * negativeProfile in parts, so that a page can spread the batch's softmax over several short tasks; the
 * numbers are the same however the rows are split.
 */
export function negativeProfileInParts(
  similarity: ArrayLike<number>,
  rows: number,
  temperature: Temperature,
  ctx?: Partial<TemperatureContext<number>>,
  sigmoid?: SigmoidWeighting,
): NegativeProfileParts {
  if (rows % 2 !== 0 || similarity.length !== rows * rows) {
    throw new Error(`negativeProfile needs a 2B×2B matrix (got ${similarity.length} values for ${rows} rows)`);
  }
  const half = rows / 2;
  const perRow = rows - 2;
  // dlogit/ds: 1/τ with τ detached; the logit's own slope where the family is a logit function of s.
  const logitOf = (x: number): number => x / temperature.scalar(x, ctx);
  const slope = temperature.family.logitFunction
    ? (x: number, _tau: number): number => (logitOf(x + SLOPE_STEP) - logitOf(x - SLOPE_STEP)) / (2 * SLOPE_STEP)
    : (_x: number, tau: number): number => 1 / tau;
  const s = new Float64Array(rows * perRow);
  const weight = new Float64Array(rows * perRow);
  const relativePenalty = new Float64Array(rows * perRow);
  const logit = new Float64Array(rows);
  const tau = new Float64Array(rows);
  const profile: NegativeProfile = { s, weight, relativePenalty };
  let done = 0;
  const fill = (row: number): void => {
    for (let i = done; i < Math.min(row, rows); i++) {
      const positive = (i + half) % rows;
      let max = -Infinity;
      for (let j = 0; j < rows; j++) {
        if (j === i) continue;
        const sij = similarity[i * rows + j]!;
        tau[j] = temperature.scalar(sij, ctx);
        logit[j] = sij / tau[j]!;
        if (logit[j]! > max) max = logit[j]!;
      }
      let denominator = 0;
      for (let j = 0; j < rows; j++) if (j !== i) denominator += Math.exp(logit[j]! - max);
      // Softmax: P_ij over the row's shared denominator. Sigmoid: σ(z_ij) of the pair alone.
      const probability = (j: number): number => (sigmoid ? sigmoidOf(logit[j]! + sigmoid.bias) : Math.exp(logit[j]! - max) / denominator);
      const positiveGradient = (1 - probability(positive)) * slope(similarity[i * rows + positive]!, tau[positive]!);
      let k = i * perRow;
      for (let j = 0; j < rows; j++) {
        if (j === i || j === positive) continue;
        const w = probability(j) * slope(similarity[i * rows + j]!, tau[j]!);
        s[k] = similarity[i * rows + j]!;
        weight[k] = w;
        relativePenalty[k] = w / positiveGradient;
        k++;
      }
    }
    done = Math.max(done, Math.min(row, rows));
  };
  return {
    fill,
    result: () => {
      fill(rows);
      return profile;
    },
  };
}

/** Mean of `values` in equal-width bins of s over [−1, 1]; NaN for empty bins. */
export function binnedMean(s: ArrayLike<number>, values: ArrayLike<number>, bins: number): Float64Array {
  const sum = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let k = 0; k < s.length; k++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((s[k]! + 1) / 2) * bins)));
    sum[b] += values[k]!;
    count[b]++;
  }
  return sum.map((x, b) => (count[b]! > 0 ? x / count[b]! : NaN));
}
