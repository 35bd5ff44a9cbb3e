import * as tf from '../tf';
import { createTemperature, type Temperature } from '../temperature';
import { batchAlignment, l2Normalise, ntXentRowLosses, type LossOptions, type PairMasks } from './ntxent';

const unit = createTemperature({ family: 'constant', params: { tau: 1 } });
if (!unit.ok) throw new Error(unit.error);
/** τ = 1: the learned scale carries the whole temperature. */
const UNIT_TEMPERATURE: Temperature = unit.value;

/**
 * NT-Xent with one learned logit scale, CLIP's way: logits = e^θ·s_ij (openai/CLIP clip/model.py,
 * `logit_scale`). It is ntXentRowLosses of the scaled rows e^θ·z against z with τ = 1 — the same logits, the
 * same masks — so θ gets its gradient through the scaled rows. The cap e^θ ≤ 100 is applied to θ after each
 * optimiser step, as CLIP's training does, not here.
 */
export function learnedScaleNtXentLoss(z1: tf.Tensor2D, z2: tf.Tensor2D, logitScale: tf.Scalar, options: LossOptions, masks?: PairMasks): tf.Scalar {
  return tf.tidy(() => {
    const n1 = l2Normalise(z1);
    const n2 = l2Normalise(z2);
    const z = tf.concat([n1, n2], 0);
    const scaled = tf.mul(z, tf.exp(logitScale)) as tf.Tensor2D;
    const unitOptions = { ...options, temperature: UNIT_TEMPERATURE, detachTemperature: true };
    return tf.mean(ntXentRowLosses(scaled, z, 0, unitOptions, batchAlignment(n1, n2), masks)) as tf.Scalar;
  });
}
