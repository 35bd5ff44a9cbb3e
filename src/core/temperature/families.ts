import type { Ops } from './ops';
import { learnable } from './learnable';
import { temperatureFree } from './temperatureFree';
import { isogclr, tauUncertainty } from './perSample';
import type { Params, ParamSpec, TemperatureFamily } from './types';

const tauParam = (key: string, label: string, def: number, help: string): ParamSpec => ({
  key,
  label,
  min: 0.01,
  max: 2,
  step: 0.005,
  default: def,
  help,
});

const orderedRange = (p: Params): string | null =>
  p.tmin <= p.tmax ? null : `τ min (${p.tmin}) must not exceed τ max (${p.tmax})`;

/** ½·(1 + cos(x)): 1 at x = 0 (mod 2π), 0 at x = π. */
function halfCosine<T>(o: Ops<T>, x: T): T {
  return o.mul(0.5, o.add(1, o.cos(x)));
}

export const constant: TemperatureFamily = {
  id: 'constant',
  label: 'Constant τ (SimCLR)',
  description: 'Plain NT-Xent: one temperature for every pair.',
  formula: 'τ(s) = τ',
  params: [tauParam('tau', 'τ', 0.2, 'The temperature of every logit.')],
  dependsOn: [],
  tau: (_o, _s, p) => p.tau,
};

export const dystress: TemperatureFamily = {
  id: 'dystress',
  label: 'DySTreSS (cosine)',
  description:
    'Manna et al.: lowest temperature for orthogonal pairs (s = 0), highest for near-identical and opposite pairs (s = ±1).',
  formula: 'τ(s) = τmin + ½(τmax − τmin)(1 + cos(π(1 + s)))',
  params: [
    tauParam('tmin', 'τ min', 0.1, 'Temperature at s = 0.'),
    tauParam('tmax', 'τ max', 0.2, 'Temperature at s = ±1.'),
  ],
  dependsOn: ['similarity'],
  check: orderedRange,
  tau: (o, s, p) => o.add(p.tmin, o.mul(p.tmax - p.tmin, halfCosine(o, o.mul(Math.PI, o.add(1, s))))),
};

export const dystressShifted: TemperatureFamily = {
  id: 'dystress-shifted',
  label: 'DySTreSS* (shifted)',
  description:
    'The official code’s get_temp2: the cosine valley moves to s = −Δs − k, its period shrinks to 2k, and τ = τmax above s = −Δs.',
  formula: 'τ(s) = τmin + ½(τmax − τmin)(1 + cos(π(s + Δs)/k)) for s ≤ −Δs; τmax above',
  params: [
    tauParam('tmin', 'τ min', 0.1, 'Temperature at the bottom of the valley, s = −Δs − k.'),
    tauParam('tmax', 'τ max', 0.2, 'Temperature at the rims and above s = −Δs.'),
    { key: 'shift', label: 'Δs (shift)', min: -1, max: 0, step: 0.05, default: -0.4, help: 'Offset Δs ≤ 0; τ = τmax for s > −Δs.' },
    { key: 'scale', label: 'k (scale)', min: 0.1, max: 2, step: 0.05, default: 0.7, help: 'Half-period k of the cosine valley.' },
  ],
  dependsOn: ['similarity'],
  check: orderedRange,
  tau: (o, s, p) =>
    o.select(
      s,
      '<=',
      -p.shift,
      o.add(p.tmin, o.mul(p.tmax - p.tmin, halfCosine(o, o.div(o.mul(Math.PI, o.add(s, p.shift)), p.scale)))),
      p.tmax,
    ),
};

export const cosconst: TemperatureFamily = {
  id: 'cosconst',
  label: 'Cosine ramp then constant',
  description:
    'The CIFAR script’s “cosconst”: a monotone ramp from τmin at s = −1 to τmax at s = −0.2, flat above (constants 0.2 and 0.8 as in the code).',
  formula: 'τ(s) = τmin + ½(τmax − τmin)(1 + cos(π(s + 0.2)/0.8)) for s ≤ −0.2; τmax above',
  params: [
    tauParam('tmin', 'τ min', 0.07, 'Temperature at s = −1.'),
    tauParam('tmax', 'τ max', 0.2, 'Temperature for s ≥ −0.2.'),
  ],
  dependsOn: ['similarity'],
  check: orderedRange,
  tau: (o, s, p) =>
    o.select(
      s,
      '<=',
      -0.2,
      o.add(p.tmin, o.mul(p.tmax - p.tmin, halfCosine(o, o.div(o.mul(Math.PI, o.add(s, 0.2)), 0.8)))),
      p.tmax,
    ),
};

export const exponential: TemperatureFamily = {
  id: 'exponential',
  label: 'Exponential V',
  description: 'The code’s removed “expo” function: V-shaped, a − b at s = 0, approaching a at s = ±1.',
  formula: 'τ(s) = a − b·exp(−c|s|)',
  params: [
    { key: 'a', label: 'a', min: 0.01, max: 2, step: 0.005, default: 0.2, help: 'Asymptote for large |s|.' },
    { key: 'b', label: 'b', min: 0, max: 2, step: 0.005, default: 0.1, help: 'Depth of the V: τ(0) = a − b.' },
    { key: 'c', label: 'c', min: 0.1, max: 20, step: 0.1, default: 3.5, help: 'Steepness.' },
  ],
  dependsOn: ['similarity'],
  check: (p) => (p.a > p.b ? null : `a (${p.a}) must exceed b (${p.b}) so that τ(0) = a − b > 0`),
  tau: (o, s, p) => o.sub(p.a, o.mul(p.b, o.exp(o.mul(-p.c, o.abs(s))))),
};

export const linear: TemperatureFamily = {
  id: 'linear',
  label: 'Linear V (assumed form)',
  description: 'A V-shaped linear function, the natural reading of the paper’s “linear” ablation.',
  formula: 'τ(s) = τmin + (τmax − τmin)|s|',
  assumption: 'The exact linear form used in the paper is unknown; this is an assumed form.',
  params: [
    tauParam('tmin', 'τ min', 0.1, 'Temperature at s = 0.'),
    tauParam('tmax', 'τ max', 0.2, 'Temperature at s = ±1.'),
  ],
  dependsOn: ['similarity'],
  check: orderedRange,
  tau: (o, s, p) => o.add(p.tmin, o.mul(p.tmax - p.tmin, o.abs(s))),
};

export const kukleva: TemperatureFamily = {
  id: 'kukleva',
  label: 'Cosine schedule over training (Kukleva et al.)',
  description:
    'One temperature for all pairs that cycles with the training step: τ+ at step 0, τ− half a period later.',
  formula: 'τ(t) = τ− + ½(τ+ − τ−)(1 + cos(2πt/T)), t = training step',
  params: [
    tauParam('tmin', 'τ−', 0.1, 'Lowest temperature of the cycle.'),
    { ...tauParam('tmax', 'τ+', 1, 'Highest temperature of the cycle (at step 0).') },
    { key: 'period', label: 'T (period)', unit: 'steps', min: 10, max: 100000, step: 10, default: 1000, help: 'Steps per full cycle.' },
  ],
  dependsOn: ['step'],
  check: (p) => (p.tmin <= p.tmax ? null : `τ− (${p.tmin}) must not exceed τ+ (${p.tmax})`),
  tau: (_o, _s, p, ctx) => p.tmin + (p.tmax - p.tmin) * 0.5 * (1 + Math.cos((2 * Math.PI * ctx.step) / p.period)),
};

export const macl: TemperatureFamily = {
  id: 'macl',
  label: 'MACL (batch-adaptive)',
  description:
    'Huang et al.: one temperature per batch that rises with the batch’s mean positive similarity A; each row’s loss is reweighted by 1/(1 − P_pos).',
  formula: 'τ = τ0·(1 + α(A − A0)), A = mean positive similarity (detached)',
  params: [
    tauParam('tau0', 'τ0', 0.1, 'Temperature when A = A0.'),
    { key: 'alpha', label: 'α', min: 0, max: 2, step: 0.05, default: 0.5, help: 'How strongly τ follows the alignment A.' },
    { key: 'a0', label: 'A0', min: -1, max: 1, step: 0.05, default: 0, help: 'Reference alignment.' },
  ],
  dependsOn: ['alignment'],
  reweighting: 'macl',
  check: (p) =>
    1 + p.alpha * (-1 - p.a0) > 0
      ? null
      : `τ0·(1 + α(A − A0)) must stay > 0 for every alignment A in [−1, 1]; lower α or A0`,
  tau: (o, _s, p, ctx) => o.mul(p.tau0, o.add(1, o.mul(p.alpha, o.sub(ctx.alignment, p.a0)))),
};

export const builtinFamilies: readonly TemperatureFamily[] = [
  constant,
  dystress,
  dystressShifted,
  cosconst,
  exponential,
  linear,
  kukleva,
  macl,
  temperatureFree,
  learnable,
  isogclr,
  tauUncertainty,
];
