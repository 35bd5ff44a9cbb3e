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
  /** Moment estimates, for checkpoints. */
  readonly state: readonly tf.Variable[];
  dispose(): void;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export function createOptimizer(config: OptimizerConfig, variables: readonly tf.Variable[]): Optimizer {
  let baseRate = config.learningRate;
  const zeros = () => variables.map((v) => tf.variable(tf.zerosLike(v), false));
  const first = zeros();
  const second = config.kind === 'adam' ? zeros() : [];
  const learningRateAt = (t: number) =>
    config.cosineSchedule ? baseRate * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, config.scheduleSteps)) / config.scheduleSteps)) : baseRate;

  const apply = (grads: readonly tf.Tensor[], t: number) => {
    const lr = learningRateAt(t);
    tf.tidy(() => {
      variables.forEach((v, i) => {
        const g = grads[i]!;
        if (config.kind === 'adam') {
          const m = tf.add(tf.mul(first[i]!, BETA1), tf.mul(g, 1 - BETA1));
          const s = tf.add(tf.mul(second[i]!, BETA2), tf.mul(tf.square(g), 1 - BETA2));
          first[i]!.assign(m);
          second[i]!.assign(s);
          const mHat = tf.div(m, 1 - BETA1 ** t);
          const sHat = tf.div(s, 1 - BETA2 ** t);
          const update = tf.add(tf.div(mHat, tf.add(tf.sqrt(sHat), EPSILON)), tf.mul(v, config.weightDecay));
          v.assign(tf.sub(v, tf.mul(update, lr)));
        } else {
          const buffer = tf.add(tf.mul(first[i]!, config.momentum), tf.add(g, tf.mul(v, config.weightDecay)));
          first[i]!.assign(buffer);
          v.assign(tf.sub(v, tf.mul(buffer, lr)));
        }
      });
    });
  };

  return {
    apply,
    setLearningRate: (lr) => {
      baseRate = lr;
    },
    learningRateAt,
    state: [...first, ...second],
    dispose: () => [...first, ...second].forEach((v) => v.dispose()),
  };
}
