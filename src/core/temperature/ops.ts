export type Comparison = '<' | '<=' | '>' | '>=';

/**
 * The arithmetic a temperature formula may use. Every temperature function is written once against this
 * interface and evaluated either on plain numbers (plots, tests, the analyzer's checks: `numberOps`) or on
 * tensors (the loss: `tensorOps` in `./tensor`, a module of its own so that the number path pulls in no
 * tfjs), so the curve the user sees is exactly the curve the loss uses.
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
