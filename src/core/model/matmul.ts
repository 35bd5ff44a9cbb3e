import * as tf from '../tf';

/**
 * Matrix products that never ask the wasm backend for a transposed operand. tfjs-backend-wasm 4.22 runs
 * only the plain layout through XNNPACK: a product with transposeA or transposeB takes a loop about 10×
 * slower (BENCHMARKS.md), and tfjs's own BatchMatMul gradient is made of exactly such products (Xᵀ·dY,
 * dY·Wᵀ). On wasm the operand is transposed first (a copy, cheap next to the product); other backends run
 * tf.matMul unchanged. Same values, same gradients.
 */
export function matMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor2D {
  return product(a, b, transposeA, transposeB) as tf.Tensor2D;
}

function product(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  if (tf.getBackend() !== 'wasm' || (!transposeA && !transposeB)) return tf.matMul(a, b, transposeA, transposeB);
  return tf.tidy(() => tf.matMul(transposeA ? swapLastAxes(a) : a, transposeB ? swapLastAxes(b) : b));
}

function swapLastAxes(x: tf.Tensor): tf.Tensor {
  const rank = x.rank;
  return tf.transpose(x, [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2]);
}

// tfjs-core's BatchMatMul gradient (gradients/BatchMatMul_grad.ts), its products routed through `product`.
// Registered once, over the one that src/core/tf.ts registers, for every matMul the core differentiates.
tf.registerGradient({
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const d = dy as tf.Tensor;
    if (!transposeA && !transposeB) return { a: () => product(d, b, false, true), b: () => product(a, d, true, false) };
    if (!transposeA && transposeB) return { a: () => product(d, b, false, false), b: () => product(d, a, true, false) };
    if (transposeA && !transposeB) return { a: () => product(b, d, false, true), b: () => product(a, d, false, false) };
    return { a: () => product(b, d, true, true), b: () => product(d, a, true, true) };
  },
});
