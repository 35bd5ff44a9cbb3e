import * as tf from '../tf';

/**
 * tf.matMul for 2-D operands, with the same value and gradient, that never asks the wasm backend for a
 * transposed operand. tfjs-backend-wasm 4.22 runs only the plain layout through XNNPACK: a product with
 * transposeA or transposeB takes a loop about 10× slower (BENCHMARKS.md), and tfjs's own matMul gradient
 * is made of exactly such products (Xᵀ·dY, dY·Wᵀ). On wasm the operand is transposed first (a copy, cheap
 * next to the product); other backends get tf.matMul unchanged.
 */
export function matMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, transposeA, transposeB) as tf.Tensor2D;
  return withPlainGradient[Number(transposeA) * 2 + Number(transposeB)]!(a, b) as tf.Tensor2D;
}

/** The product on wasm: transposes made explicit. */
function plain(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  return tf.tidy(() => tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b));
}

/** tfjs's BatchMatMul gradient (tfjs-core gradients/BatchMatMul_grad), each product made plain. */
const withPlainGradient = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
].map(([transposeA, transposeB]) =>
  tf.customGrad((...inputs) => {
    // The inputs are used directly, not through save(): on wasm, save's clones count as a leak of the op.
    const [x, y] = inputs as [tf.Tensor, tf.Tensor];
    return {
      value: plain(x, y, transposeA!, transposeB!),
      gradFunc: (dy: tf.Tensor) => {
        if (!transposeA && !transposeB) return [plain(dy, y, false, true), plain(x, dy, true, false)];
        if (!transposeA && transposeB) return [plain(dy, y, false, false), plain(dy, x, true, false)];
        if (transposeA && !transposeB) return [plain(y, dy, false, true), plain(x, dy, false, false)];
        return [plain(y, dy, true, true), plain(dy, x, true, true)];
      },
    };
  }),
);
