import jsep from 'jsep';
import { errorMessage } from '../errors';
import type { Comparison, Ops } from './ops';
import { fail, ok, type Result } from '../result';
import { quoted } from '../quote';

/**
 * A temperature formula typed by the user, in s (cosine similarity) and t (training step).
 * Parsed with jsep into a syntax tree that we interpret ourselves against Ops — never eval — so the same
 * formula runs on numbers (plots) and on tensors (the loss).
 */

// `^` is power here (not XOR), binding tighter than * and right-associative, like `**`.
jsep.removeBinaryOp('^');
jsep.addBinaryOp('^', 11, true);

const unary = ['abs', 'cos', 'sin', 'tan', 'exp', 'log', 'sqrt', 'tanh'] as const;
const binary = ['min', 'max', 'pow'] as const;
type UnaryFn = (typeof unary)[number];
type BinaryFn = (typeof binary)[number];

export type FormulaNode =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: 's' | 't' }
  | { kind: 'neg'; arg: FormulaNode }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: FormulaNode; right: FormulaNode }
  | { kind: 'call1'; fn: UnaryFn; arg: FormulaNode }
  | { kind: 'call2'; fn: BinaryFn; left: FormulaNode; right: FormulaNode }
  | { kind: 'cond'; left: FormulaNode; cmp: Comparison; right: FormulaNode; then: FormulaNode; otherwise: FormulaNode };

// A Map, not an object: a name such as “constructor” or “__proto__” must not find Object's own properties.
const constants: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);
const arithmetic = new Set(['+', '-', '*', '/', '^', '**']);
const comparisons = new Set(['<', '<=', '>', '>=']);
const allowed = `numbers, s, t, pi, e, + − * / ^, ${[...unary, ...binary].join(', ')}, and “a < b ? x : y”`;

function convert(n: jsep.Expression): FormulaNode {
  switch (n.type) {
    case 'Literal': {
      const v = (n as jsep.Literal).value;
      if (typeof v !== 'number') throw new Error(`only numbers are allowed as literals (got ${quoted(String(v))})`);
      return { kind: 'num', value: v };
    }
    case 'Identifier': {
      const name = (n as jsep.Identifier).name;
      if (name === 's' || name === 't') return { kind: 'var', name };
      const c = constants.get(name.toLowerCase());
      if (c !== undefined) return { kind: 'num', value: c };
      throw new Error(`unknown name ${quoted(name)}: use s (similarity), t (step), pi or e`);
    }
    case 'UnaryExpression': {
      const u = n as jsep.UnaryExpression;
      if (u.operator === '-') return { kind: 'neg', arg: convert(u.argument) };
      if (u.operator === '+') return convert(u.argument);
      throw new Error(`operator “${u.operator}” is not allowed`);
    }
    case 'BinaryExpression': {
      const b = n as jsep.BinaryExpression;
      if (!arithmetic.has(b.operator)) throw new Error(`operator “${b.operator}” is not allowed here`);
      const op = b.operator === '**' ? '^' : (b.operator as '+' | '-' | '*' | '/' | '^');
      return { kind: 'bin', op, left: convert(b.left), right: convert(b.right) };
    }
    case 'CallExpression': {
      const c = n as jsep.CallExpression;
      const name = c.callee.type === 'Identifier' ? (c.callee as jsep.Identifier).name : '';
      const args = c.arguments.map(convert);
      if ((unary as readonly string[]).includes(name)) {
        if (args.length !== 1) throw new Error(`${name}() takes one argument`);
        return { kind: 'call1', fn: name as UnaryFn, arg: args[0]! };
      }
      if ((binary as readonly string[]).includes(name)) {
        if (args.length !== 2) throw new Error(`${name}() takes two arguments`);
        return { kind: 'call2', fn: name as BinaryFn, left: args[0]!, right: args[1]! };
      }
      throw new Error(`unknown function ${quoted(name || '?')}`);
    }
    case 'ConditionalExpression': {
      const c = n as jsep.ConditionalExpression;
      const test = c.test as jsep.BinaryExpression;
      if (test.type !== 'BinaryExpression' || !comparisons.has(test.operator)) {
        throw new Error('the condition of “? :” must be a comparison such as s < 0');
      }
      return {
        kind: 'cond',
        left: convert(test.left),
        cmp: test.operator as Comparison,
        right: convert(test.right),
        then: convert(c.consequent),
        otherwise: convert(c.alternate),
      };
    }
    default:
      throw new Error(`${n.type} is not allowed; use ${allowed}`);
  }
}

export function parseFormula(text: string): Result<FormulaNode> {
  if (text.trim() === '') return fail('the formula is empty');
  if (text.length > 500) return fail('the formula is longer than 500 characters');
  try {
    return ok(convert(jsep(text)));
  } catch (e) {
    return fail(`formula ${quoted(text)}: ${errorMessage(e)}`);
  }
}

export function usesVariable(node: FormulaNode, name: 's' | 't'): boolean {
  switch (node.kind) {
    case 'num':
      return false;
    case 'var':
      return node.name === name;
    case 'neg':
    case 'call1':
      return usesVariable(node.arg, name);
    case 'bin':
    case 'call2':
      return usesVariable(node.left, name) || usesVariable(node.right, name);
    case 'cond':
      return [node.left, node.right, node.then, node.otherwise].some((c) => usesVariable(c, name));
  }
}

export function evaluateFormula<T>(o: Ops<T>, node: FormulaNode, s: T, t: number): T | number {
  const ev = (n: FormulaNode): T | number => evaluateFormula(o, n, s, t);
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'var':
      return node.name === 's' ? s : t;
    case 'neg':
      return o.neg(ev(node.arg));
    case 'bin': {
      const l = ev(node.left);
      const r = ev(node.right);
      const f = { '+': o.add, '-': o.sub, '*': o.mul, '/': o.div, '^': o.pow }[node.op];
      return f(l, r);
    }
    case 'call1':
      return o[node.fn](ev(node.arg));
    case 'call2':
      return o[node.fn](ev(node.left), ev(node.right));
    case 'cond':
      return o.select(ev(node.left), node.cmp, ev(node.right), ev(node.then), ev(node.otherwise));
  }
}
