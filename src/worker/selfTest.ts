import * as tf from '../core/tf';
import { warpImages } from '../core/data';
import { ntXentLoss } from '../core/loss';
import { applyConv, maxPool2x2 } from '../core/model';
import { SeededRandom } from '../core/random';
import { parseTemperatureSpec } from '../core/temperature';

/**
 * A backend's correctness self-test: small computations with the kernels training uses, run on the backend
 * under test and compared with the same computations on the cpu backend (pure JS, the reference).
 * Each check names what it exercises, so a failure says which kernel a backend gets wrong.
 */
export interface SelfTestCheck {
  readonly name: string;
  /** Why this backend might get it wrong, appended to a failure message. */
  readonly hint?: string;
  readonly run: () => tf.Tensor;
}

export type SelfTestOutputs = ReadonlyMap<string, Float32Array>;

/** Deterministic inputs: the same numbers on every backend and every run. */
function values(count: number, seed: number, scale = 1): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: count }, () => scale * (2 * rng.next() - 1));
}

const matrix = (rows: number, cols: number, seed: number, scale = 1): tf.Tensor2D =>
  tf.tensor2d(values(rows * cols, seed, scale), [rows, cols]);

const dystress = (() => {
  const parsed = parseTemperatureSpec('dystress:0.1,0.2');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
})();

/** tfjs WebGPU builds a pipeline with one storage buffer per input; the default limit is 8 per stage. */
const ADD_N_INPUTS = 9;

export const selfTestChecks: readonly SelfTestCheck[] = [
  { name: 'matMul', run: () => tf.matMul(matrix(5, 7, 1), matrix(7, 4, 2)) },
  { name: 'matMul (transposeB)', run: () => tf.matMul(matrix(6, 7, 3), matrix(5, 7, 4), false, true) },
  {
    // The CNN's own layers (im2col: pad, slices, concat, matMul; pooling by reshape and max), with the
    // gradients that reach the input and the weights.
    name: 'convolution + max pooling, with gradients',
    run: () => {
      const x = tf.variable(tf.tensor4d(values(2 * 8 * 8 * 2, 5), [2, 8, 8, 2]));
      const layer = {
        w: tf.variable(tf.tensor4d(values(3 * 3 * 2 * 4, 6, 0.5), [3, 3, 2, 4])),
        b: tf.variable(tf.tensor1d(values(4, 14))),
      };
      const trained = [x, layer.w, layer.b];
      try {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(maxPool2x2(tf.relu(applyConv(x, layer))))), trained);
        return tf.concat([tf.reshape(value, [1]), ...trained.map((v) => tf.reshape(grads[v.name]!, [-1]))]);
      } finally {
        tf.dispose(trained);
      }
    },
  },
  {
    name: 'exp, log, logSumExp',
    run: () => {
      const x = matrix(4, 6, 7, 3);
      return tf.concat([tf.reshape(tf.exp(x), [-1]), tf.reshape(tf.log(tf.add(tf.abs(x), 0.5)), [-1]), tf.logSumExp(x, 1)]);
    },
  },
  { name: 'cos, sin', run: () => tf.concat([tf.cos(matrix(3, 5, 8, 4)), tf.sin(matrix(3, 5, 8, 4))]) },
  {
    name: 'where (select)',
    run: () => {
      const a = matrix(4, 5, 9);
      const b = matrix(4, 5, 10);
      return tf.where(tf.less(a, b), a, tf.fill([4, 5], -5));
    },
  },
  { name: 'oneHot', run: () => tf.cast(tf.oneHot(tf.tensor1d([0, 3, 1, 4, 2, 4], 'int32'), 5), 'float32') },
  { name: 'gather', run: () => tf.gather(matrix(8, 3, 11), tf.tensor1d([6, 0, 3, 3, 7], 'int32')) },
  {
    // What the image augmentations warp with (tf.image.transform, bilinear; per image on cpu, see warp.ts).
    name: 'image warp (bilinear)',
    run: () => {
      const images = tf.tensor4d(values(2 * 6 * 6, 12), [2, 6, 6, 1]);
      return warpImages(images, Float32Array.from([0.9, 0.2, 0.3, -0.15, 1.1, -0.2, 0, 0, 1, 0, 0.5, 0, 1, 0.25, 0, 0]));
    },
  },
  {
    name: 'NT-Xent gradient (DySTreSS τ)',
    run: () => {
      const loss = (z: tf.Tensor) => {
        const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
        return ntXentLoss(z1, z2, { temperature: dystress, detachTemperature: false, decoupled: false, step: 1 });
      };
      const z = matrix(8, 5, 13);
      return tf.concat([tf.reshape(loss(z), [1]), tf.reshape(tf.grad(loss)(z), [-1])]);
    },
  },
  {
    name: `addN of ${ADD_N_INPUTS} tensors`,
    hint: 'tfjs WebGPU storage-buffer limit',
    run: () => tf.addN(Array.from({ length: ADD_N_INPUTS }, (_, i) => matrix(3, 4, 20 + i))),
  },
];

/** Runs every check on the active backend; a check that throws is reported as its message. */
export async function runSelfTest(checks: readonly SelfTestCheck[] = selfTestChecks): Promise<Map<string, Float32Array | Error>> {
  const outputs = new Map<string, Float32Array | Error>();
  for (const check of checks) {
    try {
      const result = tf.tidy(check.run);
      try {
        outputs.set(check.name, Float32Array.from(await result.data()));
      } finally {
        result.dispose();
      }
    } catch (e) {
      outputs.set(check.name, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return outputs;
}

/** Agreement required with the cpu reference, relative to the largest reference value of each check. */
const SELF_TEST_TOLERANCE = 1e-3;

/**
 * The first disagreement with the reference, as a sentence (e.g. "addN of 9 tensors differs from cpu by 3.2
 * (0.87 relative; tfjs WebGPU storage-buffer limit)"), or null when every check agrees. A check's relative
 * error is its largest absolute difference divided by max(1, largest reference magnitude): relative for large
 * values, absolute near zero, where a relative error means nothing.
 */
export function compareWithReference(
  outputs: ReadonlyMap<string, Float32Array | Error>,
  reference: SelfTestOutputs,
  checks: readonly SelfTestCheck[] = selfTestChecks,
  tolerance = SELF_TEST_TOLERANCE,
): string | null {
  for (const check of checks) {
    const expected = reference.get(check.name);
    const actual = outputs.get(check.name);
    const hint = check.hint ? ` (${check.hint})` : '';
    if (!expected) return `${check.name}: no cpu reference`;
    if (actual === undefined) return `${check.name} did not run`;
    if (actual instanceof Error) return `${check.name} failed: ${actual.message}${hint}`;
    if (actual.length !== expected.length) return `${check.name} returned ${actual.length} values, cpu ${expected.length}${hint}`;
    const { absolute, relative } = difference(actual, expected);
    if (Number.isNaN(relative)) return `${check.name} differs from cpu by a non-finite value${hint}`;
    if (relative > tolerance) {
      return `${check.name} differs from cpu by ${format(absolute)} (${format(relative)} relative${check.hint ? `; ${check.hint}` : ''})`;
    }
  }
  return null;
}

/** Largest |a − b|, and that divided by max(1, max |b|); NaN when a value is non-finite where the reference is finite. */
export function difference(actual: ArrayLike<number>, expected: ArrayLike<number>): { absolute: number; relative: number } {
  let scale = 1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (!Number.isFinite(a) && Number.isFinite(b)) return { absolute: NaN, relative: NaN };
    scale = Math.max(scale, Math.abs(b));
    worst = Math.max(worst, Math.abs(a - b));
  }
  return { absolute: worst, relative: worst / scale };
}

const format = (value: number): string => (value >= 0.01 ? value.toPrecision(2) : value.toExponential(1));

/** The reference outputs: a check that throws on cpu is a bug in the self-test itself. */
export function asReference(outputs: ReadonlyMap<string, Float32Array | Error>): SelfTestOutputs {
  const reference = new Map<string, Float32Array>();
  for (const [name, value] of outputs) {
    if (value instanceof Error) throw new Error(`self-test check “${name}” fails on cpu: ${value.message}`);
    reference.set(name, value);
  }
  return reference;
}
