import * as tf from '../tf';

export type Comparison = '<' | '<=' | '>' | '>=';

/**
 * The arithmetic a temperature formula may use. Every temperature function is written once against this
 * interface and evaluated either on plain numbers (plots, tests, the analyzer's checks) or on tensors (the
 * loss), so the curve the user sees is exactly the curve the loss uses.
 */
export interface Ops<T> {
  add(a: T | number, b: T | number): T;
  sub(a: T | number, b: T | number): T;
  mul(a: T | number, b: T | number): T;
  div(a: T | number, b: T | number): T;
  pow(a: T | number, b: T | number): T;
  min(a: T | number, b: T | number): T;
  max(a: T | number, b: T | number): T;
  neg(a: T | number): T;
  abs(a: T | number): T;
  cos(a: T | number): T;
  sin(a: T | number): T;
  tan(a: T | number): T;
  exp(a: T | number): T;
  log(a: T | number): T;
  sqrt(a: T | number): T;
  tanh(a: T | number): T;
  /** Elementwise `a cmp b ? then : otherwise`; both branches are evaluated (tensor semantics). */
  select(a: T | number, cmp: Comparison, b: T | number, then: T | number, otherwise: T | number): T;
}

function compare(a: number, cmp: Comparison, b: number): boolean {
  switch (cmp) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

export const numberOps: Ops<number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  min: (a, b) => Math.min(a, b),
  max: (a, b) => Math.max(a, b),
  neg: (a) => -a,
  abs: Math.abs,
  cos: Math.cos,
  sin: Math.sin,
  tan: Math.tan,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  select: (a, cmp, b, then, otherwise) => (compare(a, cmp, b) ? then : otherwise),
};

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
