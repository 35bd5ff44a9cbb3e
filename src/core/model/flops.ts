import type { ModelConfig } from './encoder';

/** One matrix product of a training step: [m×k]·[k×n], with tfjs's transpose flags, `count` times. */
export interface MatMul {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly count: number;
  readonly role: 'forward' | 'backward' | 'loss forward' | 'loss backward';
}

/** FLOPs of a matmul list: 2 per multiply–add. */
export const matMulFlops = (products: readonly MatMul[]): number => products.reduce((sum, p) => sum + 2 * p.m * p.k * p.n * p.count, 0);

/** The model's layers as products of a row block [rows × inputs] with a weight [inputs × outputs]. */
function layerShapes(config: ModelConfig, inputShape: readonly number[], samples: number): { rows: number; inputs: number; outputs: number }[] {
  const head = [
    { rows: samples, inputs: config.featureDim, outputs: config.featureDim },
    { rows: samples, inputs: config.featureDim, outputs: config.embeddingDim },
  ];
  if (config.encoder === 'mlp') {
    const inputs = inputShape.reduce((a, b) => a * b, 1);
    return [
      { rows: samples, inputs, outputs: config.hidden },
      { rows: samples, inputs: config.hidden, outputs: config.featureDim },
      ...head,
    ];
  }
  // The CNN's 3×3 convolutions are im2col products (see layers.ts): one row per output pixel.
  const [h, w, c] = inputShape as [number, number, number];
  const half = [Math.floor(h / 2), Math.floor(w / 2)] as const;
  return [
    { rows: samples * h * w, inputs: 9 * c, outputs: 16 },
    { rows: samples * half[0] * half[1], inputs: 9 * 16, outputs: 32 },
    { rows: samples, inputs: Math.floor(h / 4) * Math.floor(w / 4) * 32, outputs: config.featureDim },
    ...head,
  ];
}

/**
 * Every matrix product of one training step of `batch` pairs (2·batch views): the encoder forward, its
 * backward (weight gradients for every layer, input gradients for all but the first, whose input is data),
 * and the NT-Xent similarity matrix Z·Zᵀ with its two gradients. Element-wise work (activations, the loss's
 * exp/logsumexp, Adam) is not counted: it is O(size) against the products' O(size × width).
 */
export function trainingStepMatMuls(config: ModelConfig, inputShape: readonly number[], batch: number): MatMul[] {
  const samples = 2 * batch;
  const products: MatMul[] = [];
  layerShapes(config, inputShape, samples).forEach(({ rows, inputs, outputs }, i) => {
    const product = (m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, role: MatMul['role']): MatMul => ({
      m,
      k,
      n,
      transposeA,
      transposeB,
      count: 1,
      role,
    });
    products.push(product(rows, inputs, outputs, false, false, 'forward'));
    // dW = Xᵀ·dY; dX = dY·Wᵀ.
    products.push(product(inputs, rows, outputs, true, false, 'backward'));
    if (i > 0) products.push(product(rows, outputs, inputs, false, true, 'backward'));
  });
  const d = config.embeddingDim;
  products.push({ m: samples, k: d, n: samples, transposeA: false, transposeB: true, count: 1, role: 'loss forward' });
  // S = Z·Zᵀ with Z on both sides: dZ = dS·Z and dSᵀ·Z.
  products.push({ m: samples, k: samples, n: d, transposeA: false, transposeB: false, count: 1, role: 'loss backward' });
  products.push({ m: samples, k: samples, n: d, transposeA: true, transposeB: false, count: 1, role: 'loss backward' });
  return products;
}

/** FLOPs of one training step (see trainingStepMatMuls for what is counted). */
export const trainingStepFlops = (config: ModelConfig, inputShape: readonly number[], batch: number): number =>
  matMulFlops(trainingStepMatMuls(config, inputShape, batch));
