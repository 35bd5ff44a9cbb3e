import type { Comparison, Ops } from './ops';
import { variesPerSample } from './perSample';
import { pytorchTrainedSnippet } from './pytorchTrained';
import type { Temperature } from './registry';

/**
 * The temperature as PyTorch code, generated from its one definition: the family's `tau` runs against
 * `pythonOps`, whose values are Python expressions, so the emitted expression is the definition itself
 * (custom formulas included) with every constant exactly as the lab uses it. A NT-Xent loss with the
 * lab's semantics (src/core/loss) comes with it, for training at scale with the tuned curve.
 */

/** A Python expression: its code, its precedence (to parenthesise only where needed), and what it is. */
export interface PyExpr {
  readonly code: string;
  readonly prec: number;
  /** A torch tensor (else a Python float). */
  readonly tensor: boolean;
  /** Depends on the similarity tensor `s` (so it already has the shape of s). */
  readonly usesS: boolean;
}

type Operand = PyExpr | number;

const ATOM = 100;
const POWER = 90;
const UNARY = 80;
const PRODUCT = 70;
const SUM = 60;
const COMPARISON = 50;
const CONDITIONAL = 10;

/**
 * Stands for the training step t while a custom formula is evaluated: formulas pass t to the Ops untouched,
 * so this value arrives as a literal and is written as `step`. (2⁶⁶ + a fraction: no formula's constant.)
 */
const STEP_MARK = 2 ** 66 * 1.2345;

function literal(x: number): PyExpr {
  const plain = (code: string, prec = ATOM): PyExpr => ({ code, prec, tensor: false, usesS: false });
  if (x === STEP_MARK) return plain('step');
  if (x === Math.PI) return plain('math.pi');
  if (x === Math.E) return plain('math.e');
  if (Number.isNaN(x)) return plain("float('nan')");
  if (!Number.isFinite(x)) return x > 0 ? plain("float('inf')") : plain("-float('inf')", UNARY);
  // JS prints the shortest decimal that reads back as the same double; Python reads it the same way.
  const text = String(x);
  return x < 0 || Object.is(x, -0) ? plain(Object.is(x, -0) ? '-0.0' : text, UNARY) : plain(text);
}

const expr = (x: Operand): PyExpr => (typeof x === 'number' ? literal(x) : x);
const paren = (e: PyExpr, min: number): string => (e.prec >= min ? e.code : `(${e.code})`);
/** A float operand where a tensor is required: a 0-d tensor of s's dtype and device. */
const asTensor = (e: PyExpr): string => (e.tensor ? e.code : `s.new_tensor(${e.code})`);

function binary(op: string, prec: number, a: Operand, b: Operand, rightAssociative = false): PyExpr {
  const l = expr(a);
  const r = expr(b);
  const left = paren(l, rightAssociative ? prec + 1 : prec);
  const right = paren(r, rightAssociative ? prec : prec + 1);
  return { code: `${left} ${op} ${right}`, prec, tensor: l.tensor || r.tensor, usesS: l.usesS || r.usesS };
}

function unaryFn(name: string, a: Operand, pythonName = `math.${name}`): PyExpr {
  const e = expr(a);
  return { code: `${e.tensor ? `torch.${name}` : pythonName}(${e.code})`, prec: ATOM, tensor: e.tensor, usesS: e.usesS };
}

function extremum(name: 'minimum' | 'maximum', a: Operand, b: Operand): PyExpr {
  const l = expr(a);
  const r = expr(b);
  const usesS = l.usesS || r.usesS;
  if (!l.tensor && !r.tensor) return { code: `${name === 'minimum' ? 'min' : 'max'}(${l.code}, ${r.code})`, prec: ATOM, tensor: false, usesS };
  return { code: `torch.${name}(${asTensor(l)}, ${asTensor(r)})`, prec: ATOM, tensor: true, usesS };
}

function select(a: Operand, cmp: Comparison, b: Operand, then: Operand, otherwise: Operand): PyExpr {
  const condition = binary(cmp, COMPARISON, a, b);
  const t = expr(then);
  const o = expr(otherwise);
  const usesS = condition.usesS || t.usesS || o.usesS;
  if (condition.tensor) return { code: `torch.where(${condition.code}, ${asTensor(t)}, ${asTensor(o)})`, prec: ATOM, tensor: true, usesS };
  return {
    code: `${paren(t, CONDITIONAL + 1)} if ${condition.code} else ${paren(o, CONDITIONAL)}`,
    prec: CONDITIONAL,
    tensor: t.tensor || o.tensor,
    usesS,
  };
}

export const pythonOps: Ops<PyExpr> = {
  add: (a, b) => binary('+', SUM, a, b),
  sub: (a, b) => binary('-', SUM, a, b),
  mul: (a, b) => binary('*', PRODUCT, a, b),
  div: (a, b) => binary('/', PRODUCT, a, b),
  pow: (a, b) => binary('**', POWER, a, b, true),
  min: (a, b) => extremum('minimum', a, b),
  max: (a, b) => extremum('maximum', a, b),
  neg: (a) => {
    const e = expr(a);
    return { code: `-${paren(e, UNARY + 1)}`, prec: UNARY, tensor: e.tensor, usesS: e.usesS };
  },
  abs: (a) => unaryFn('abs', a, 'abs'),
  cos: (a) => unaryFn('cos', a),
  sin: (a) => unaryFn('sin', a),
  tan: (a) => unaryFn('tan', a),
  exp: (a) => unaryFn('exp', a),
  log: (a) => unaryFn('log', a),
  sqrt: (a) => unaryFn('sqrt', a),
  tanh: (a) => unaryFn('tanh', a),
  select,
};

const S: PyExpr = { code: 's', prec: ATOM, tensor: true, usesS: true };
const ALIGNMENT: PyExpr = { code: 'alignment', prec: ATOM, tensor: true, usesS: false };

export interface PyTorchTau {
  /** The body's return expression, shaped like s. */
  readonly expression: string;
  /** The Python parameters after s: `step` and/or `alignment`, or `learned` (a LearnedTemperature module). */
  readonly arguments: readonly ('step' | 'alignment' | 'learned')[];
  /** Set when τ depends on the step in a way the generator cannot carry (evaluated at `step`). */
  readonly fixedStep?: number;
}

/**
 * The τ expression of `temperature` in Python. τ's dependence on the step is kept symbolic when the
 * definition passes the step through the Ops (custom formulas); a family that computes with the step in
 * plain numbers (Kukleva's schedule) is written at `step`, and says so.
 */
export function pytorchTau(temperature: Temperature, step = 0): PyTorchTau {
  const { family, params } = temperature;
  // A learned τ is a parameter of the model, not a function of s: CLIP's e^−θ from the LearnedTemperature module.
  if (family.trained === 'learnable-global') return { expression: 'torch.exp(-learned.logit_scale).expand_as(s)', arguments: ['learned'] };
  const usesStep = family.dependsOn.includes('step');
  const usesAlignment = family.dependsOn.includes('alignment');
  let fixedStep: number | undefined;
  let raw = family.tau(pythonOps, S, params, { step: STEP_MARK, alignment: ALIGNMENT });
  let result = expr(raw);
  if (usesStep && !/\bstep\b/.test(result.code)) {
    fixedStep = step;
    raw = family.tau(pythonOps, S, params, { step, alignment: ALIGNMENT });
    result = expr(raw);
  }
  const shaped = result.usesS
    ? result.code
    : result.tensor
      ? `${paren(result, ATOM)}.expand_as(s)`
      : `torch.full_like(s, ${result.code})`;
  const args: ('step' | 'alignment' | 'learned')[] = [];
  if (usesStep && fixedStep === undefined) args.push('step');
  if (usesAlignment) args.push('alignment');
  return { expression: shaped, arguments: args, ...(fixedStep !== undefined ? { fixedStep } : {}) };
}

export interface LossSettings {
  readonly detachTemperature: boolean;
  readonly decoupled: boolean;
  /** 'siglip' adds SigLIP's pairwise sigmoid loss with its learned t and b (core/loss/siglip.ts). */
  readonly objective?: 'nt-xent' | 'siglip';
}

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** A comment line per parameter, e.g. `#   τ min = 0.1`. */
function parameterLines(temperature: Temperature): string[] {
  const { family, params, setting } = temperature;
  if (family.params.length === 0) return setting.formula ? [`#   τ(s, t) = ${setting.formula}`] : [];
  return family.params.map((p) => `#   ${p.label} = ${params[p.key]}${p.unit ? ` ${p.unit}` : ''}`);
}

/**
 * A self-contained Python module: `tau(s, …)` and `nt_xent(z1, z2, …)`, with the loss options of the run
 * as defaults. Header lines name the family, its parameters and the app version.
 */
export function pytorchSnippet(temperature: Temperature, loss: LossSettings, options: { step?: number; version?: string } = {}): string {
  const { family } = temperature;
  // τ trained per sample or predicted: no τ(s) to write, a loss module with its state instead.
  if (variesPerSample(family)) return pytorchTrainedSnippet(temperature, options);
  const tau = pytorchTau(temperature, options.step ?? 0);
  const tauParams = tau.arguments.map((a) => (a === 'step' ? 'step=0' : a));
  const tauCallArgs = [...tau.arguments];
  const learned = tau.arguments.includes('learned');
  const macl = family.reweighting === 'macl';
  const needsStep = tau.arguments.includes('step');
  const needsAlignment = tau.arguments.includes('alignment');
  const lines = [
    `# τ(s) exported from DySTreSS Lab${options.version ? ` ${options.version}` : ''}: ${family.label}`,
    `#   ${family.formula}`,
    ...parameterLines(temperature),
    ...(tau.fixedStep !== undefined
      ? [`# This family's τ depends on the training step; it is written here at step ${tau.fixedStep}.`]
      : []),
    '# Generated from the same definition the lab plots and trains with.',
    'import math',
    '',
    'import torch',
    'import torch.nn.functional as F',
    '',
    '',
    ...(learned ? learnedTemperatureClass(temperature.params.t0!) : []),
    `def tau(${['s', ...tauParams].join(', ')}):`,
    '    """Temperature for cosine similarities s (a tensor); the result has the shape of s.' +
      (needsStep ? '\n    step: the training step t.' : '') +
      (needsAlignment ? "\n    alignment: the batch's mean positive-pair similarity A (a 0-d tensor, detached)." : '') +
      (learned ? '\n    learned: the LearnedTemperature module; tau = exp(-logit_scale) for every pair.' : '') +
      '"""',
    `    return ${tau.expression}`,
    '',
    '',
    `def nt_xent(z1, z2${learned ? ', learned' : ''}${needsStep ? ', step=0' : ''}, detach_tau=${pyBool(loss.detachTemperature && !family.logitFunction)}, decoupled=${pyBool(loss.decoupled)}):`,
    '    """NT-Xent with a temperature per pair, as in DySTreSS Lab.',
    '',
    '    z1, z2: [B, D] embeddings of two views; row i of z1 and row i of z2 are a positive pair.',
    '    Every logit, the positive included, is s_ij / tau(s_ij); the diagonal is left out, the positive of',
    '    row i is row i ± B, and the loss is the mean cross-entropy over the 2B rows.',
    '    detach_tau: tau is computed from a detached copy of the similarities (no gradient through tau).',
    ...(family.logitFunction ? ['        This family is a logit function of s (s / tau(s)); the lab never detaches it.'] : []),
    '    decoupled: DCL, the positive is left out of the denominator.',
    '    """',
    '    z = F.normalize(torch.cat([z1, z2], dim=0), dim=1)',
    '    n = z.shape[0]',
    '    b = n // 2',
    '    sim = z @ z.t()',
    ...(needsAlignment ? ['    alignment = (z[:b] * z[b:]).sum(dim=1).mean().detach()'] : []),
    `    t = tau(${['sim.detach() if detach_tau else sim', ...tauCallArgs].join(', ')})`,
    '    logits = sim / t',
    '    rows = torch.arange(n, device=z.device)',
    '    positive = (rows + b) % n',
    '    excluded = torch.eye(n, dtype=torch.bool, device=z.device)',
    '    if decoupled:',
    '        excluded[rows, positive] = True',
    "    row_loss = torch.logsumexp(logits.masked_fill(excluded, float('-inf')), dim=1) - logits[rows, positive]",
    ...(macl
      ? [
          '    # MACL: each row is reweighted by 1 / (1 - P_pos), detached.',
          '    weight = 1 / torch.clamp(1 - torch.exp(-row_loss), min=1e-6)',
          '    row_loss = row_loss * weight.detach()',
        ]
      : []),
    '    return row_loss.mean()',
    '',
    ...(loss.objective === 'siglip' ? siglipLines(tauCallArgs, needsStep, loss.detachTemperature && !family.logitFunction) : []),
  ];
  return lines.join('\n');
}

/**
 * SigLIP's loss as the lab trains it (core/loss/siglip.ts, after big_vision's siglip.py): logits
 * t·s/tau(s) + b on the SimCLR 2B batch, +1 for the positive, −1 for every other pair, the diagonal left out.
 */
function siglipLines(tauArgs: readonly string[], needsStep: boolean, detach: boolean): string[] {
  return [
    '',
    'class SigLIPScale(torch.nn.Module):',
    '    """SigLIP\'s learned scale t = exp(t_prime) and bias b, started as big_vision does (t = 10, b = -10)."""',
    '',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.t_prime = torch.nn.Parameter(torch.tensor(math.log(10.0)))',
    '        self.bias = torch.nn.Parameter(torch.tensor(-10.0))',
    '',
    '',
    `def siglip_loss(z1, z2, scale${needsStep ? ', step=0' : ''}, detach_tau=${pyBool(detach)}):`,
    '    """SigLIP\'s pairwise sigmoid loss on the 2B batch [z1; z2], as in DySTreSS Lab.',
    '',
    '    logit_ij = t * s_ij / tau(s_ij) + b; label +1 for the positive (i +- B), -1 for every other pair,',
    '    the diagonal left out; the loss is the mean over the 2B rows of the sum of -log sigmoid(label * logit).',
    '    With tau = 1 this is the paper\'s t * s + b.',
    '    """',
    '    z = F.normalize(torch.cat([z1, z2], dim=0), dim=1)',
    '    n = z.shape[0]',
    '    b = n // 2',
    '    sim = z @ z.t()',
    ...(tauArgs.includes('alignment') ? ['    alignment = (z[:b] * z[b:]).sum(dim=1).mean().detach()'] : []),
    `    t = tau(${['sim.detach() if detach_tau else sim', ...tauArgs].join(', ')})`,
    '    logits = sim / t * scale.t_prime.exp() + scale.bias',
    '    rows = torch.arange(n, device=z.device)',
    '    labels = -torch.ones_like(sim)',
    '    labels[rows, (rows + b) % n] = 1',
    '    labels[rows, rows] = 0',
    '    return -(F.logsigmoid(labels * logits) * labels.abs()).sum(dim=1).mean()',
    '',
  ];
}

/** CLIP's learned temperature as a module: θ = logit_scale, clamped after each optimiser step as open_clip does. */
function learnedTemperatureClass(t0: number): string[] {
  return [
    'class LearnedTemperature(torch.nn.Module):',
    "    \"\"\"One temperature learned with the encoder, CLIP's way: logits = exp(logit_scale) * s.",
    '',
    "    Train it with the encoder's optimiser (open_clip leaves it out of weight decay) and call",
    '    clamp_() after every optimiser step: exp(logit_scale) stays in [1, 100], tau in [0.01, 1].',
    '    \"\"\"',
    '',
    `    def __init__(self, t0=${literal(t0).code}):`,
    '        super().__init__()',
    '        self.logit_scale = torch.nn.Parameter(torch.tensor(math.log(1 / t0)))',
    '',
    '    @torch.no_grad()',
    '    def clamp_(self):',
    '        self.logit_scale.clamp_(0, math.log(100))',
    '',
    '',
  ];
}
