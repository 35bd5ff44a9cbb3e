import * as tf from '../tf';
import { matMul } from '../model/matmul';
import type { Temperature } from '../temperature';
import { temperatureTensor } from '../temperature/tensor';

export interface LossOptions {
  readonly temperature: Temperature;
  /** τ computed from a detached copy of the similarities, as the official code (default true). */
  readonly detachTemperature: boolean;
  /** DCL: the positive is left out of the denominator. */
  readonly decoupled: boolean;
  /** Training step, for temperatures scheduled over training. */
  readonly step: number;
}

export const defaultLossOptions = (temperature: Temperature): LossOptions => ({
  temperature,
  detachTemperature: true,
  decoupled: false,
  step: 0,
});

/** Identity forward, zero gradient: tfjs has no stop_gradient. */
export const stopGradient: (x: tf.Tensor) => tf.Tensor = tf.customGrad((...inputs) => ({
  value: tf.clone(inputs[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** Far below any logit s/τ (|s/τ| ≤ 100 for τ ≥ 0.01), yet finite on every backend; exp(EXCLUDED + s/τ) = 0. */
const EXCLUDED = -1e9;

/**
 * z / max(‖z‖, 1e-12) row by row, as PyTorch's F.normalize. The floor sits under the square root: the
 * gradient of ‖z‖ at a zero row is 0/0, which made a run diverge at its first step whenever a small head's
 * ReLUs all closed for one sample (its embedding exactly zero); sqrt(max(‖z‖², 1e-24)) has a finite one.
 */
export const l2Normalise = (z: tf.Tensor2D): tf.Tensor2D =>
  tf.div(z, tf.sqrt(tf.maximum(tf.sum(tf.square(z), 1, true), 1e-24))) as tf.Tensor2D;

/** Mean positive-pair similarity A of the batch, detached (MACL's alignment). z1, z2 normalised. */
export const batchAlignment = (z1: tf.Tensor2D, z2: tf.Tensor2D): tf.Scalar =>
  stopGradient(tf.mean(tf.sum(tf.mul(z1, z2), 1))) as tf.Scalar;

/**
 * The constant masks of a row block: its positive's column (one-hot), and what leaves a column out of the
 * denominator (the row's own one, and the positive's too for DCL): EXCLUDED added there, 0 elsewhere. An
 * added EXCLUDED gives what replacing the logit by it gives — exp underflows to exactly 0 either way, and so
 * does the gradient — with one addition instead of a select.
 */
export interface PairMasks {
  readonly positive: tf.Tensor2D;
  readonly excluded: tf.Tensor2D;
  dispose(): void;
}

/** The masks of rows [rowStart, rowStart + rows) of a 2N batch of `total` rows; the caller disposes them. */
export function pairMasks(rowStart: number, rows: number, total: number, decoupled: boolean): PairMasks {
  const [positive, excluded] = tf.tidy(() => {
    const half = total / 2;
    const index = tf.range(rowStart, rowStart + rows, 1, 'int32');
    const self = tf.cast(tf.oneHot(index, total), 'bool');
    const partner = tf.mod(tf.range(rowStart + half, rowStart + half + rows, 1, 'int32'), tf.scalar(total, 'int32'));
    const positiveOneHot = tf.oneHot(partner, total);
    const positive = tf.cast(positiveOneHot, 'bool');
    const left = decoupled ? tf.logicalOr(self, positive) : self;
    return [positiveOneHot, tf.mul(tf.cast(left, 'float32'), EXCLUDED)] as tf.Tensor2D[];
  });
  return { positive: positive!, excluded: excluded!, dispose: () => tf.dispose([positive!, excluded!]) };
}

/**
 * Per-row NT-Xent losses for rows [rowStart, rowStart + zRows.rows) of the normalised 2N batch `z`
 * (positive of row i at i ± N). Every logit — positive included — is s_ij / τ(s_ij); the diagonal is removed.
 * Rows can be taken in blocks so that no 2N×2N matrix is needed for large N. `masks` (pairMasks of the same
 * block and options.decoupled) can be kept across calls; without them they are made here.
 *
 * With τ detached (the default) the loss is one op with its gradient written out (`detachedRowLosses`);
 * with τ differentiated it is the chain tfjs records and differentiates (`recordedRowLosses`). Both give the
 * same values, and the same gradients where τ is detached (tests/unit/loss-fused.test.ts).
 */
export function ntXentRowLosses(
  zRows: tf.Tensor2D,
  z: tf.Tensor2D,
  rowStart: number,
  options: LossOptions,
  alignment: tf.Scalar | number,
  masks?: PairMasks,
): tf.Tensor1D {
  return tf.tidy(() => {
    const s = matMul(zRows, z, false, true);
    const own = masks ?? pairMasks(rowStart, zRows.shape[0], z.shape[0], options.decoupled);
    return options.detachTemperature ? detachedRowLosses(s, options, alignment, own) : recordedRowLosses(s, options, alignment, own);
  });
}

/**
 * The row losses from the similarities s of a row block as tfjs's ordinary autodiff sees them: every op
 * recorded, τ's own gradient included unless options.detachTemperature (then τ is computed from a
 * stopGradient copy of s). The path for a differentiated τ, and the reference the one-op path is tested
 * against.
 */
export function recordedRowLosses(s: tf.Tensor2D, options: LossOptions, alignment: tf.Scalar | number, masks: PairMasks): tf.Tensor1D {
  return tf.tidy(() => {
    const sForTau = options.detachTemperature ? stopGradient(s) : s;
    const tau = temperatureTensor(options.temperature, sForTau, { step: options.step, alignment });
    const logits = tf.div(s, tau);
    const positiveLogit = tf.sum(tf.mul(logits, masks.positive), 1);
    const logDenominator = logSumExpRows(tf.add(logits, masks.excluded));
    const rowLoss = tf.sub(logDenominator, positiveLogit);
    if (options.temperature.family.reweighting !== 'macl') return rowLoss as tf.Tensor1D;
    // MACL: weight 1/(1 − P_pos), detached; the floor keeps a perfectly solved row finite.
    const pPositive = tf.exp(tf.neg(rowLoss));
    return tf.mul(rowLoss, stopGradient(tf.div(1, tf.maximum(tf.sub(1, pPositive), 1e-6)))) as tf.Tensor1D;
  });
}

/**
 * The row losses with τ detached, as one op whose gradient is written out. With τ a constant for back-prop,
 * row i's loss is logΣ_{j∈D_i} exp(s_ij/τ_ij) − s_ip/τ_ip (D_i: the row's denominator, p its positive), so
 * ∂loss_i/∂s_ij = (P_ij − Y_ij)/τ_ij with P the softmax over D_i and Y the positive's one-hot; MACL scales
 * row i by its detached weight w_i. That matrix G is made in the forward pass; the backward pass is dy_i·G_ij,
 * one product, where the recorded chain would replay τ's ops and their gradients (zero, but computed: sin for
 * cos, …) and about fifteen element-wise kernels on the 2N×2N matrix. Ops inside a customGrad's forward are
 * not recorded, so τ costs only its forward evaluation.
 */
function detachedRowLosses(s: tf.Tensor2D, options: LossOptions, alignment: tf.Scalar | number, masks: PairMasks): tf.Tensor1D {
  // Under a gradient tape the backward pass will run and needs G; without one, nothing is kept.
  const taped = recordingGradients();
  const rowLosses = tf.customGrad((...inputs) => {
    const similarities = inputs[0] as tf.Tensor2D;
    const tau = temperatureTensor(options.temperature, similarities, { step: options.step, alignment });
    const logits = tf.div(similarities, tau);
    const masked = tf.add(logits, masks.excluded);
    const shift = tf.max(masked, 1, true);
    const exponentials = tf.exp(tf.sub(masked, shift));
    const denominator = tf.sum(exponentials, 1, true);
    const positiveLogit = tf.sum(tf.mul(logits, masks.positive), 1);
    let rowLoss = tf.sub(tf.reshape(tf.add(shift, tf.log(denominator)), [-1]), positiveLogit) as tf.Tensor1D;
    let rowScale: tf.Tensor | undefined;
    if (options.temperature.family.reweighting === 'macl') {
      // MACL: weight 1/(1 − P_pos), a constant for back-prop; the floor keeps a perfectly solved row finite.
      const weight = tf.div(1, tf.maximum(tf.sub(1, tf.exp(tf.neg(rowLoss))), 1e-6));
      rowLoss = tf.mul(rowLoss, weight);
      rowScale = tf.reshape(weight, [-1, 1]);
    }
    const softmax = tf.div(exponentials, denominator);
    const perTau = tf.div(tf.sub(softmax, masks.positive), tau);
    const gradient = rowScale ? tf.mul(perTau, rowScale) : perTau;
    // G travels as columns 1… of the op's output (column 0 is the loss, what the caller sees), kept for the
    // backward pass, which disposes it. Not through `save`: that clones, and a clone is a copy on wasm, a new
    // buffer inside the op that tfjs's leak check (IS_TEST) counts against it.
    const packed = tf.concat([tf.reshape(rowLoss, [-1, 1]), gradient], 1) as tf.Tensor2D;
    if (taped) tf.keep(packed);
    return {
      value: packed,
      gradFunc: (dy: tf.Tensor) => {
        const [rows, columns] = packed.shape;
        const grad = tf.mul(tf.slice(packed, [0, 1], [rows, columns - 1]), tf.slice(dy, [0, 0], [rows, 1]));
        packed.dispose();
        return grad;
      },
    };
  });
  return tf.reshape(tf.slice(rowLosses(s), [0, 0], [-1, 1]), [-1]) as tf.Tensor1D;
}

/** Whether tfjs is recording ops for a gradient here (as its engine decides for every op). */
function recordingGradients(): boolean {
  const { gradientDepth, kernelDepth } = tf.engine().state;
  return gradientDepth > 0 && kernelDepth === 0;
}

/** Row maxima, held constant for back-prop: taken inside the op, so that tfjs records no max to differentiate. */
const constantRowMax: (x: tf.Tensor) => tf.Tensor = tf.customGrad((...inputs) => {
  const x = inputs[0] as tf.Tensor;
  return { value: tf.max(x, 1, true), gradFunc: () => tf.zerosLike(x) };
});

/**
 * log Σ_j exp(x_ij) per row, as tf.logSumExp computes it (shifted by the row's max), with the shift held
 * constant for back-prop: its gradient is zero in exact arithmetic, and tfjs would spend a comparison, a cast
 * and a product on the whole matrix to compute it.
 */
function logSumExpRows(x: tf.Tensor2D): tf.Tensor1D {
  const shift = constantRowMax(x);
  return tf.add(tf.reshape(shift, [-1]), tf.log(tf.sum(tf.exp(tf.sub(x, shift)), 1))) as tf.Tensor1D;
}

/** NT-Xent over the 2B batch [z1; z2] (raw embeddings; normalised here), mean over the 2B rows. */
export function ntXentLoss(z1: tf.Tensor2D, z2: tf.Tensor2D, options: LossOptions, masks?: PairMasks): tf.Scalar {
  return tf.tidy(() => {
    // Normalised once over the 2B rows (the same values row by row as each view alone, half the kernels).
    const z = l2Normalise(tf.concat([z1, z2], 0));
    // The batch alignment only for a τ that reads it (MACL): four kernels and a clone saved otherwise.
    const alignment = options.temperature.family.dependsOn.includes('alignment')
      ? batchAlignment(...(tf.split(z, [z1.shape[0], z2.shape[0]], 0) as [tf.Tensor2D, tf.Tensor2D]))
      : 0;
    return tf.mean(ntXentRowLosses(z, z, 0, options, alignment, masks)) as tf.Scalar;
  });
}
