import * as tf from '../tf';
import { matMul } from '../model/matmul';
import { l2Normalise, stopGradient } from './ntxent';

/**
 * Temperature as Uncertainty (Zhang et al. 2021), following TaU_SimCLR of mhw32/temperature-as-uncertainty-public
 * (src/objectives/simclr.py) with its defaults (eps 1e-6, simclr_mask false). The encoder gives each input a
 * location (normalised) and one raw number u (an extra output unit of the projection head, as the code's
 * `posterior_head`). With S the 2B × 2B cosine similarities, σ the logistic function and row r's negatives the
 * 2B − 2 columns other than its own view and its positive:
 *
 *   loss = mean_r [ log(Σ_neg exp(S_rj·σ(u_r)/T) + eps) − S_pos(r)·σ(u_{r mod B})/T ]
 *
 * so τ_r = T/σ(u_r). As in the code, the positive of *both* views is scaled by the first view's σ(u)
 * (`pos = pos * temp1 / t`, then repeated), while each row's negatives use its own.
 */
export const TAU_EPS = 1e-6;

/** The loss of the batch [z1; z2] (raw embeddings; normalised here) and the raw u of each view. Use inside tf.tidy. */
export function tauUncertaintyLoss(z1: tf.Tensor2D, z2: tf.Tensor2D, u1: tf.Tensor1D, u2: tf.Tensor1D, t: number): tf.Scalar {
  const b = z1.shape[0];
  const n1 = l2Normalise(z1);
  const n2 = l2Normalise(z2);
  const z = tf.concat([n1, n2], 0);
  const confidence = tf.sigmoid(tf.concat([u1, u2]));
  const logits = tf.div(tf.mul(matMul(z, z, false, true), tf.reshape(confidence, [-1, 1])), t);
  const negatives = tf.tile(tf.sub(1, tf.eye(b)), [2, 2]);
  const denominator = tf.add(tf.sum(tf.mul(tf.exp(logits), negatives), 1), TAU_EPS);
  const positive = tf.div(tf.mul(tf.sum(tf.mul(n1, n2), 1), tf.sigmoid(u1)), t);
  return tf.mean(tf.sub(tf.log(denominator), tf.concat([positive, positive]))) as tf.Scalar;
}

/** τ_i = T/σ(u_i), detached: what the figures show. */
export const predictedTau = (u: tf.Tensor1D, t: number): tf.Tensor1D => stopGradient(tf.div(t, tf.sigmoid(u))) as tf.Tensor1D;
