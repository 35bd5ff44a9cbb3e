import * as tf from '../tf';
import type { Objective } from '../config/schema';
import { matMul } from '../model/matmul';
import type { Temperature } from '../temperature';
import { temperatureTensor } from '../temperature/tensor';
import { batchAlignment, l2Normalise, stopGradient, type LossOptions } from './ntxent';

/** SigLIP's initial values (big_vision, two_towers: t = exp(t′) with t′ = log 10, and b = −10). */
export const SIGLIP_INIT = { logT: Math.log(10), bias: -10 } as const;

/** Why a temperature cannot go with an objective, or null when it can. */
export function objectiveProblem(objective: Objective, temperature: Temperature): string | null {
  if (objective !== 'siglip') return null;
  if (temperature.family.trained) return `SigLIP learns its own scale t; ${temperature.family.label} learns τ as well — choose a temperature that is not learned`;
  if (temperature.family.reweighting === 'macl') return 'MACL reweights each row by 1/(1 − P_pos), a softmax probability; SigLIP has no softmax — choose another temperature';
  return null;
}

/**
 * The labels of SigLIP's pairs in the SimCLR 2B batch: +1 for the positive (i, i ± B), −1 for every other
 * off-diagonal pair, 0 on the diagonal (a view is not its own pair). Made once per batch size; the caller
 * disposes it.
 */
export function sigmoidPairLabels(total: number): tf.Tensor2D {
  return tf.tidy(() => {
    const half = total / 2;
    const rows = tf.range(0, total, 1, 'int32');
    const partner = tf.mod(tf.add(rows, tf.scalar(half, 'int32')), tf.scalar(total, 'int32'));
    const positive = tf.oneHot(partner, total);
    const self = tf.oneHot(rows, total);
    // 2·positive − 1 off the diagonal, 0 on it.
    return tf.mul(tf.sub(tf.mul(positive, 2), 1), tf.sub(1, self)) as tf.Tensor2D;
  });
}

/** log(1 + e^x), written with ops every backend has: max(x, 0) + log(1 + e^−|x|). */
function softplus(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.relu(x), tf.log(tf.add(1, tf.exp(tf.neg(tf.abs(x))))));
}

/**
 * SigLIP's pairwise sigmoid loss (Zhai et al. 2023; google-research/big_vision
 * big_vision/trainers/proj/image_text/siglip.py) on the SimCLR 2B batch [z1; z2]:
 *
 *   logit_ij = t·s_ij/τ(s_ij) + b,   L = mean_i Σ_{j≠i} −log σ(y_ij·logit_ij),   y = +1 at j = i ± B, −1 elsewhere
 *
 * t = e^{t′} and b are learned (`logT`, `bias`). τ(s) is the run's temperature, evaluated as in NT-Xent
 * (detached if the switch says so): with `constant:1` this is exactly the paper's t·s + b; any other family
 * shapes the logit the way it does in NT-Xent, and t rescales it. Each pair is its own binary problem, so a
 * negative's gradient σ(logit_ij)·t/τ_ij does not depend on the other negatives (no softmax).
 * big_vision sums over each row's columns and averages over rows; here every view is a row.
 */
export function siglipLoss(
  z1: tf.Tensor2D,
  z2: tf.Tensor2D,
  options: LossOptions,
  logT: tf.Scalar,
  bias: tf.Scalar,
  labels?: tf.Tensor2D,
): tf.Scalar {
  return tf.tidy(() => {
    const n1 = l2Normalise(z1);
    const n2 = l2Normalise(z2);
    const z = tf.concat([n1, n2], 0);
    const s = matMul(z, z, false, true);
    const sForTau = options.detachTemperature ? stopGradient(s) : s;
    const tau = temperatureTensor(options.temperature, sForTau, { step: options.step, alignment: batchAlignment(n1, n2) });
    const logits = tf.add(tf.mul(tf.div(s, tau), tf.exp(logT)), bias);
    const y = labels ?? sigmoidPairLabels(z.shape[0]);
    // −log σ(y·logit) = softplus(−y·logit); |y| = 0 leaves the diagonal out.
    const perPair = tf.mul(softplus(tf.neg(tf.mul(y, logits))), tf.abs(y));
    return tf.mean(tf.sum(perPair, 1)) as tf.Scalar;
  });
}
