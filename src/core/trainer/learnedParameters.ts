import * as tf from '../tf';
import type { TrainingConfig } from '../config';
import type { Objective } from '../config';
import { SIGLIP_INIT } from '../loss';
import { createOptimizer, type Optimizer } from '../model';
import { LOGIT_SCALE_MAX, type Temperature } from '../temperature';

/**
 * Scalars the loss learns beside the encoder: CLIP's log logit scale θ (the `learnable` family), or SigLIP's
 * log scale t′ and bias b (the `siglip` objective). Each set has
 * an optimiser of the run's kind, learning rate and schedule, without weight decay (open_clip exempts
 * `logit_scale` from it), and its projection after every step.
 */
interface Common {
  readonly variables: readonly tf.Variable[];
  /** What they were made from; other settings make new ones. */
  readonly origin: string;
  /** One optimiser step from their gradients (same order as `variables`), then the projection. */
  apply(grads: readonly tf.Tensor[], t: number): void;
  setLearningRate(lr: number): void;
  /** [τ, b] for the packed read-back (b is NaN where there is none). Call inside tf.tidy. */
  readout(): tf.Tensor1D;
  /** The variables and their optimiser state, for checkpoints. */
  readonly state: readonly tf.Variable[];
  dispose(): void;
}

export interface LearnedScale extends Common {
  readonly kind: 'learnable';
  /** θ, with logits = e^θ·s. */
  readonly logitScale: tf.Variable<tf.Rank.R0>;
}

export interface SigmoidParameters extends Common {
  readonly kind: 'siglip';
  /** t′, with t = e^{t′}. */
  readonly logT: tf.Variable<tf.Rank.R0>;
  readonly bias: tf.Variable<tf.Rank.R0>;
}

export type LearnedParameters = LearnedScale | SigmoidParameters;

function withOptimizer(variables: readonly tf.Variable[], config: TrainingConfig['optimizer'], project: () => void) {
  const optimizer: Optimizer = createOptimizer({ ...config, weightDecay: 0 }, variables);
  return {
    variables,
    apply: (grads: readonly tf.Tensor[], t: number) => {
      optimizer.apply(grads, t);
      project();
    },
    setLearningRate: (lr: number) => optimizer.setLearningRate(lr),
    state: [...variables, ...optimizer.state],
    dispose: () => {
      optimizer.dispose();
      tf.dispose([...variables]);
    },
  };
}

/** θ = ln(1/τ₀), clamped to [0, ln 100] after every step as open_clip does (`logit_scale.clamp_(0, math.log(100))`). */
function learnedScale(t0: number, config: TrainingConfig['optimizer']): LearnedScale {
  const logitScale = tf.variable(tf.scalar(Math.log(1 / t0)), true) as tf.Variable<tf.Rank.R0>;
  const base = withOptimizer([logitScale], config, () => {
    tf.tidy(() => logitScale.assign(tf.clipByValue(logitScale, 0, Math.log(LOGIT_SCALE_MAX)) as tf.Scalar));
  });
  return {
    ...base,
    kind: 'learnable',
    origin: `learnable:${t0}`,
    logitScale,
    readout: () => tf.stack([tf.exp(tf.neg(logitScale)), tf.scalar(NaN)]) as tf.Tensor1D,
  };
}

/** t′ = log 10 and b = −10 as big_vision starts them; no projection (big_vision has none). */
function sigmoidParameters(config: TrainingConfig['optimizer']): SigmoidParameters {
  const logT = tf.variable(tf.scalar(SIGLIP_INIT.logT), true) as tf.Variable<tf.Rank.R0>;
  const bias = tf.variable(tf.scalar(SIGLIP_INIT.bias), true) as tf.Variable<tf.Rank.R0>;
  const base = withOptimizer([logT, bias], config, () => undefined);
  return {
    ...base,
    kind: 'siglip',
    origin: 'siglip',
    logT,
    bias,
    readout: () => tf.stack([tf.exp(tf.neg(logT)), bias]) as tf.Tensor1D,
  };
}

/**
 * What the settings call for: the current parameters when they still fit, new ones when not, or none. SigLIP
 * keeps its t and b across temperature changes; it does not go with a learned τ (objectiveProblem).
 */
export function learnedParametersFor(
  temperature: Temperature,
  config: TrainingConfig['optimizer'],
  current: LearnedParameters | undefined,
  objective: Objective = 'nt-xent',
): LearnedParameters | undefined {
  const origin = objective === 'siglip' ? 'siglip' : temperature.family.trained === 'learnable-global' ? `learnable:${temperature.params.t0}` : undefined;
  if (current?.origin === origin) return current;
  current?.dispose();
  if (origin === undefined) return undefined;
  return origin === 'siglip' ? sigmoidParameters(config) : learnedScale(temperature.params.t0!, config);
}
