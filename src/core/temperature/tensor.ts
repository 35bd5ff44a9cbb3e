import * as tf from '../tf';
import type { Comparison, Ops } from './ops';
import type { Temperature } from './registry';
import type { TemperatureContext } from './types';

type TensorOrNumber = tf.Tensor | number;

const asTensor = (x: TensorOrNumber): tf.Tensor => (typeof x === 'number' ? tf.scalar(x) : x);

function broadcastPair(a: TensorOrNumber, b: TensorOrNumber): [tf.Tensor, tf.Tensor] {
  const ta = asTensor(a);
  const tb = asTensor(b);
  const shape = tf.broadcast_util.assertAndGetBroadcastShape(ta.shape, tb.shape);
  return [tf.broadcastTo(ta, shape), tf.broadcastTo(tb, shape)];
}

function comparisonMask(a: TensorOrNumber, cmp: Comparison, b: TensorOrNumber): tf.Tensor {
  switch (cmp) {
    case '<':
      return tf.less(a, b);
    case '<=':
      return tf.lessEqual(a, b);
    case '>':
      return tf.greater(a, b);
    case '>=':
      return tf.greaterEqual(a, b);
  }
}

/** Tensor evaluation. Callers own the intermediate tensors: use inside tf.tidy. */
export const tensorOps: Ops<tf.Tensor> = {
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  pow: (a, b) => tf.pow(a, b),
  min: (a, b) => tf.minimum(a, b),
  max: (a, b) => tf.maximum(a, b),
  neg: (a) => tf.neg(a),
  abs: (a) => tf.abs(a),
  cos: (a) => tf.cos(a),
  sin: (a) => tf.sin(a),
  tan: (a) => tf.tan(a),
  exp: (a) => tf.exp(a),
  log: (a) => tf.log(a),
  sqrt: (a) => tf.sqrt(a),
  tanh: (a) => tf.tanh(a),
  select: (a, cmp, b, then, otherwise) => {
    const mask = comparisonMask(a, cmp, b);
    const [x, y] = broadcastPair(then, otherwise);
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(mask.shape, x.shape);
    return tf.where(tf.broadcastTo(mask, shape), tf.broadcastTo(x, shape), tf.broadcastTo(y, shape));
  },
};

/** τ of `temperature` for every element of s, same shape as s: its family's one definition on tensors.
 *  Call inside tf.tidy. */
export function temperatureTensor(temperature: Temperature, s: tf.Tensor, ctx: TemperatureContext<tf.Tensor>): tf.Tensor {
  const tau = temperature.family.tau(tensorOps, s, temperature.params, ctx);
  return typeof tau === 'number' ? tf.fill(s.shape, tau) : tf.broadcastTo(tau, s.shape);
}
