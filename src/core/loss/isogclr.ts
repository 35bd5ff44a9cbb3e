import * as tf from '../tf';
import { matMul } from '../model/matmul';
import type { Params } from '../temperature';
import { ISOGCLR_CONSTANTS } from '../temperature/perSample';
import { l2Normalise, stopGradient } from './ntxent';

/**
 * iSogCLR (Qiu et al. 2023, "Not all semantics are created equal"), following SogCLR_DRO_Loss of
 * zhqiu/contrastive-learning-iSogCLR (unimodal_exps/losses.py). Every training sample i has a temperature τ_i,
 * a moving estimate s_i of its mean exp-sum over negatives and a moving gradient m_i of τ_i (`u` in the code).
 * Rows i and i + B (the two views of sample i) use τ_i. With the 2B − 2 negatives j of a row (its own view and
 * its positive left out) and similarities S:
 *
 *   g_r   = Σ_j exp(S_rj/τ_i) / (2B − 2)                                 (detached)
 *   s_r   = (1 − γ)·s_i + γ·g_r      (s_r = g_r the first time sample i is seen)
 *   w_rj  = exp(S_rj/τ_i) / s_r                                          (detached)
 *   loss  = mean_i Σ_{r ∈ {i, i+B}} [ Σ_j w_rj·S_rj / (2B − 2) − S_r,pos ]     (the code's surrogate: its gradient)
 *   value = mean_i Σ_{r ∈ {i, i+B}} [ τ_i·(log g_r + ρ) − S_r,pos ]                (the DRO objective: reported)
 *   ∂τ_r  = log s_r + ρ − Σ_j w_rj·S_rj/τ_i / (2B − 2)
 *   m_i  ← (1 − β)·m_i + β·clip((∂τ_i + ∂τ_{i+B})/2, ±3)
 *   τ_i  ← clip(τ_i − η·m_i, τmin, τmax),  s_i ← (s_i + s_{i+B})/2
 *
 * The one departure from the code: it sets s_r = g_r during the whole first epoch (every sample is then seen
 * once, by its shuffled loader); the lab draws batches independently, so a sample's first visit plays that part
 * (s_i = 0 marks "not seen yet": g_r > 0 always).
 */

/** The per-sample state of the batch's B samples, gathered from the trainer's [N] state. */
export interface IsogclrBatchState {
  readonly tau: tf.Tensor1D;
  readonly s: tf.Tensor1D;
  readonly m: tf.Tensor1D;
}

export interface IsogclrStep {
  readonly loss: tf.Scalar;
  /** The batch's state after this step (no gradient), to be written back at the batch's indices. */
  readonly next: IsogclrBatchState;
}

/** iSogCLR's loss and state update for the batch [z1; z2] (raw embeddings; normalised here). Use inside tf.tidy. */
export function isogclrStep(z1: tf.Tensor2D, z2: tf.Tensor2D, state: IsogclrBatchState, params: Params): IsogclrStep {
  const { gamma, eta, beta, gradientClip } = ISOGCLR_CONSTANTS;
  const b = z1.shape[0];
  const negatives = 2 * b - 2;
  const n1 = l2Normalise(z1);
  const n2 = l2Normalise(z2);
  const z = tf.concat([n1, n2], 0);
  const similarity = matMul(z, z, false, true);
  const positive = tf.sum(tf.mul(n1, n2), 1);
  const tauRows = tf.concat([state.tau, state.tau]);
  const scaled = tf.div(stopGradient(similarity), tf.reshape(tauRows, [-1, 1]));
  // Negatives only: (1 − I_B) tiled 2×2 leaves out a row's own column and its positive's.
  const negativeMask = tf.tile(tf.sub(1, tf.eye(b)), [2, 2]);
  const expScaled = tf.mul(tf.exp(scaled), negativeMask);
  const g = tf.div(tf.sum(expScaled, 1), negatives);
  const previous = tf.concat([state.s, state.s]);
  const estimate = tf.where(tf.greater(previous, 0), tf.add(tf.mul(1 - gamma, previous), tf.mul(gamma, g)), g);
  const weights = tf.div(expScaled, tf.reshape(estimate, [-1, 1]));
  const rowLoss = tf.sub(tf.div(tf.sum(tf.mul(weights, similarity), 1), negatives), tf.concat([positive, positive]));
  const surrogate = tf.div(tf.sum(rowLoss), b);
  // The value reported is the DRO objective itself, mean_i Σ_r [τ_i·(log g_r + ρ) − S_r,pos]; its gradient is the
  // code's surrogate's (the same but for the moving s_r in place of g_r): the surrogate's value is not a loss.
  const objective = tf.div(tf.sum(tf.sub(tf.mul(tauRows, tf.add(tf.log(g), params.rho)), tf.concat([positive, positive]))), b);
  const loss = tf.add(surrogate, stopGradient(tf.sub(objective, surrogate))) as tf.Scalar;

  const rowGradient = tf.sub(tf.add(tf.log(estimate), params.rho), tf.div(tf.sum(tf.mul(weights, scaled), 1), negatives));
  const [g1, g2] = tf.split(rowGradient, 2) as [tf.Tensor1D, tf.Tensor1D];
  const tauGradient = tf.clipByValue(tf.div(tf.add(g1, g2), 2), -gradientClip, gradientClip);
  const m = tf.add(tf.mul(1 - beta, state.m), tf.mul(beta, tauGradient)) as tf.Tensor1D;
  const tau = tf.clipByValue(tf.sub(state.tau, tf.mul(eta, m)), params.tmin!, params.tmax!) as tf.Tensor1D;
  const [s1, s2] = tf.split(estimate, 2) as [tf.Tensor1D, tf.Tensor1D];
  const s = tf.div(tf.add(s1, s2), 2) as tf.Tensor1D;
  return { loss, next: { tau: stopGradient(tau) as tf.Tensor1D, s: stopGradient(s) as tf.Tensor1D, m: stopGradient(m) as tf.Tensor1D } };
}

/** The trainer's iSogCLR state over all N training samples, on the device. */
export class IsogclrState {
  private tauAll: tf.Tensor1D;
  private sAll: tf.Tensor1D;
  private mAll: tf.Tensor1D;
  /** Which samples have been in a batch, on the host (for the figures: the others still have τ init). */
  readonly visited: Uint8Array;

  constructor(readonly n: number, tauInit: number) {
    this.tauAll = tf.keep(tf.fill([n], tauInit)) as tf.Tensor1D;
    this.sAll = tf.keep(tf.zeros([n])) as tf.Tensor1D;
    this.mAll = tf.keep(tf.zeros([n])) as tf.Tensor1D;
    this.visited = new Uint8Array(n);
  }

  get tau(): tf.Tensor1D {
    return this.tauAll;
  }

  /** The state of the samples at `indices` (distinct). Use inside tf.tidy. */
  gather(indices: tf.Tensor1D): IsogclrBatchState {
    return { tau: tf.gather(this.tauAll, indices), s: tf.gather(this.sAll, indices), m: tf.gather(this.mAll, indices) };
  }

  /** Writes a batch's new state at its (distinct) indices. */
  update(indices: Int32Array, next: IsogclrBatchState): void {
    const at = tf.tensor2d(indices, [indices.length, 1], 'int32');
    const written = [this.tauAll, this.sAll, this.mAll].map((all, k) =>
      tf.keep(tf.tensorScatterUpdate(all, at, [next.tau, next.s, next.m][k]!)),
    ) as tf.Tensor1D[];
    at.dispose();
    this.dispose();
    [this.tauAll, this.sAll, this.mAll] = written as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    for (const i of indices) this.visited[i] = 1;
  }

  /** Its tensors, for checkpoints (τ, s, m). */
  tensors(): readonly tf.Tensor1D[] {
    return [this.tauAll, this.sAll, this.mAll];
  }

  /** Restores a checkpoint's copies (the copies become the state). */
  restore(copies: readonly tf.Tensor[]): void {
    this.dispose();
    [this.tauAll, this.sAll, this.mAll] = copies.map((c) => tf.keep(tf.clone(c))) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
  }

  dispose(): void {
    tf.dispose([this.tauAll, this.sAll, this.mAll]);
  }
}
