import * as tf from '../tf';
import type { TrainingConfig } from '../config';
import { l2Normalise } from '../loss';
import { mixSeed } from '../random';
import { applyConv, applyDense, conv3x3, dense, maxPool2x2, type Conv, type Dense } from './layers';

export type ModelConfig = TrainingConfig['model'];

/**
 * Encoder (MLP or small CNN) + projection head, L2-normalised output: the SimCLR shape at lab scale.
 * The backbone's features are what kNN would use at scale; the lab measures the projection (the space the
 * temperature acts on), as the DySTreSS paper's figures do.
 */
export interface Model {
  readonly variables: readonly tf.Variable[];
  /** Unit-norm embeddings for a batch of inputs (vectors B×d or images B×28×28×1). */
  embed(x: tf.Tensor): tf.Tensor2D;
  /** Only with the extra output unit: the unit-norm embeddings and each input's raw extra output u. */
  embedWithUncertainty?(x: tf.Tensor): { readonly z: tf.Tensor2D; readonly u: tf.Tensor1D };
  dispose(): void;
}

export interface ModelOptions {
  /**
   * One more output unit on the projection head's last layer (Temperature as Uncertainty's `posterior_head`):
   * kept as a layer of its own so that the other weights, and so every other run, stay as they are.
   */
  readonly uncertaintyUnit?: boolean;
}

export function createModel(config: ModelConfig, inputShape: readonly number[], seed: number, options: ModelOptions = {}): Model {
  const layerSeed = (i: number) => mixSeed(seed, 0x6d6f64, i);
  const head: Dense[] = [dense(config.featureDim, config.featureDim, layerSeed(10)), dense(config.featureDim, config.embeddingDim, layerSeed(11))];
  const uncertainty = options.uncertaintyUnit ? dense(config.featureDim, 1, layerSeed(12)) : undefined;
  let backbone: (x: tf.Tensor) => tf.Tensor2D;
  let own: (Dense | Conv)[];

  if (config.encoder === 'mlp') {
    const inputs = inputShape.reduce((a, b) => a * b, 1);
    const layers = [dense(inputs, config.hidden, layerSeed(0)), dense(config.hidden, config.featureDim, layerSeed(1))];
    own = layers;
    backbone = (x) => {
      let h = tf.reshape(x, [x.shape[0]!, inputs]) as tf.Tensor2D;
      for (const layer of layers) h = tf.relu(applyDense(h, layer));
      return h;
    };
  } else {
    if (inputShape.length !== 3) throw new Error(`the CNN encoder needs images (got input shape [${inputShape.join(', ')}])`);
    const [height, width, channels] = inputShape as [number, number, number];
    const c1 = conv3x3(channels, 16, layerSeed(0));
    const c2 = conv3x3(16, 32, layerSeed(1));
    const flat = Math.floor(height / 4) * Math.floor(width / 4) * 32;
    const fc = dense(flat, config.featureDim, layerSeed(2));
    own = [c1, c2, fc];
    backbone = (x) => {
      let h = maxPool2x2(tf.relu(applyConv(x as tf.Tensor4D, c1)));
      h = maxPool2x2(tf.relu(applyConv(h, c2)));
      return tf.relu(applyDense(tf.reshape(h, [h.shape[0], flat]) as tf.Tensor2D, fc));
    };
  }

  const variables = [...own, ...head, ...(uncertainty ? [uncertainty] : [])].flatMap((l) => [l.w, l.b]);
  const hidden = (x: tf.Tensor) => tf.relu(applyDense(backbone(x), head[0]!));
  return {
    variables,
    embed: (x) => tf.tidy(() => l2Normalise(applyDense(hidden(x), head[1]!))),
    ...(uncertainty
      ? {
          embedWithUncertainty: (x: tf.Tensor) => {
            const h = hidden(x);
            return { z: l2Normalise(applyDense(h, head[1]!)), u: tf.reshape(applyDense(h, uncertainty), [-1]) as tf.Tensor1D };
          },
        }
      : {}),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}
