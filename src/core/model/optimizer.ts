import * as tf from '../tf';
import type { TrainingConfig } from '../config';

export type OptimizerConfig = TrainingConfig['optimizer'];

/**
 * Adam (decoupled weight decay, i.e. AdamW) and SGD with momentum, written out so the learning rate can change
 * live and follow a cosine schedule, and so the state can be checkpointed with the weights.
 */
export interface Optimizer {
  /** One update from gradients (same order as the variables) at 1-based step t. */
  apply(grads: readonly tf.Tensor[], t: number): void;
  setLearningRate(lr: number): void;
  learningRateAt(t: number): number;
  /** Moment estimates (flat, all variables), for checkpoints. */
  readonly state: readonly tf.Variable[];
  dispose(): void;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export function createOptimizer(config: OptimizerConfig, variables: readonly tf.Variable[]): Optimizer {
  let baseRate = config.learningRate;
  // One flat buffer for all variables: a handful of ops per step instead of a dozen per variable.
  const sizes = variables.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const flatten = (tensors: readonly tf.Tensor[]) => tf.concat(tensors.map((t) => tf.reshape(t, [-1])));
  const first = tf.variable(tf.zeros([total]), false);
  const second = config.kind === 'adam' ? [tf.variable(tf.zeros([total]), false)] : [];
  const learningRateAt = (t: number) =>
    config.cosineSchedule ? baseRate * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, config.scheduleSteps)) / config.scheduleSteps)) : baseRate;

  const apply = (grads: readonly tf.Tensor[], t: number) => {
    const lr = learningRateAt(t);
    tf.tidy(() => {
      const g = flatten(grads);
      const v = flatten(variables);
      let next: tf.Tensor;
      if (config.kind === 'adam') {
        const m = tf.add(tf.mul(first, BETA1), tf.mul(g, 1 - BETA1));
        const s = tf.add(tf.mul(second[0]!, BETA2), tf.mul(tf.square(g), 1 - BETA2));
        first.assign(m);
        second[0]!.assign(s);
        const mHat = tf.div(m, 1 - BETA1 ** t);
        const sHat = tf.div(s, 1 - BETA2 ** t);
        const update = tf.add(tf.div(mHat, tf.add(tf.sqrt(sHat), EPSILON)), tf.mul(v, config.weightDecay));
        next = tf.sub(v, tf.mul(update, lr));
      } else {
        const buffer = tf.add(tf.mul(first, config.momentum), tf.add(g, tf.mul(v, config.weightDecay)));
        first.assign(buffer);
        next = tf.sub(v, tf.mul(buffer, lr));
      }
      tf.split(next, sizes).forEach((part, i) => variables[i]!.assign(tf.reshape(part, variables[i]!.shape)));
    });
  };

  return {
    apply,
    setLearningRate: (lr) => {
      baseRate = lr;
    },
    learningRateAt,
    state: [first, ...second],
    dispose: () => [first, ...second].forEach((v) => v.dispose()),
  };
}
