import { normaliseRows, randomMatrix } from './naive';

/**
 * Plain float64 loops written from the sources' code, independent of the lab's tensor implementations:
 * SogCLR_DRO_Loss (zhqiu/contrastive-learning-iSogCLR, unimodal_exps/losses.py) and TaU_SimCLR
 * (mhw32/temperature-as-uncertainty-public, src/objectives/simclr.py).
 */

export interface NaiveIsogclrState {
  readonly tau: Float64Array;
  readonly s: Float64Array;
  readonly u: Float64Array;
}

/** A fresh iSogCLR state over `n` samples: every τ_i at `tauInit`, nothing averaged yet. */
export const freshNaiveIsogclrState = (n: number, tauInit = 0.07): NaiveIsogclrState => ({ tau: new Float64Array(n).fill(tauInit), s: new Float64Array(n), u: new Float64Array(n) });

/**
 * The walk the iSogCLR tests replay (the lab's tensors and the exported PyTorch module against these loops):
 * batches of 3 over 7 samples, where samples come back (moving averages) and some are seen for the first time
 * late; step t's two views are randomMatrix(2B, D, 100 + t).
 */
export const ISOGCLR_WALK = (() => {
  const samples = 7;
  const batch = 3;
  const dim = 4;
  const indices = [
    [0, 1, 2],
    [2, 3, 4],
    [0, 4, 5],
    [1, 2, 6],
    [6, 0, 3],
  ];
  return { samples, batch, dim, steps: indices.map((index, t) => ({ index, raw: randomMatrix(2 * batch, dim, 100 + t) })) };
})();

export interface NaiveIsogclrOptions {
  readonly tmin: number;
  readonly tmax: number;
  readonly rho: number;
  readonly gamma?: number;
  readonly eta?: number;
  readonly beta?: number;
  readonly clip?: number;
}

const dot = (z: Float64Array, a: number, b: number, d: number): number => {
  let sum = 0;
  for (let k = 0; k < d; k++) sum += z[a * d + k]! * z[b * d + k]!;
  return sum;
};

/**
 * One forward of SogCLR_DRO_Loss on raw [2B × d] embeddings of the samples `index` (B distinct indices):
 * updates `state` in place as the code does (s = g on a sample's first visit, the lab's stand-in for epoch 0)
 * and returns the DRO objective's value, the code's surrogate value and its detached weights (for gradients).
 */
export function naiveIsogclrStep(raw: Float64Array, b: number, d: number, index: readonly number[], state: NaiveIsogclrState, o: NaiveIsogclrOptions) {
  const gamma = o.gamma ?? 0.8;
  const eta = o.eta ?? 1e-3;
  const beta = o.beta ?? 0.9;
  const clip = o.clip ?? 3;
  const n = 2 * b;
  const numNeg = 2 * b - 2;
  const z = normaliseRows(raw, n, d);
  const weights = new Float64Array(n * n);
  const estimate = new Float64Array(n);
  const gradTau = new Float64Array(n);
  let objective = 0;
  let surrogate = 0;
  for (let r = 0; r < n; r++) {
    const i = index[r % b]!;
    const tau = state.tau[i]!;
    const pos = dot(z, r, (r + b) % n, d);
    let g = 0;
    for (let c = 0; c < n; c++) if (c % b !== r % b) g += Math.exp(dot(z, r, c, d) / tau);
    g /= numNeg;
    const s = state.s[i]! > 0 ? (1 - gamma) * state.s[i]! + gamma * g : g;
    estimate[r] = s;
    let weightedSim = 0;
    let weightedScaled = 0;
    for (let c = 0; c < n; c++) {
      if (c % b === r % b) continue;
      const sim = dot(z, r, c, d);
      const w = Math.exp(sim / tau) / s;
      weights[r * n + c] = w;
      weightedSim += w * sim;
      weightedScaled += (w * sim) / tau;
    }
    surrogate += weightedSim / numNeg - pos;
    objective += tau * (Math.log(g) + o.rho) - pos;
    gradTau[r] = Math.log(s) + o.rho - weightedScaled / numNeg;
  }
  for (let k = 0; k < b; k++) {
    const i = index[k]!;
    const grad = Math.min(Math.max((gradTau[k]! + gradTau[k + b]!) / 2, -clip), clip);
    state.u[i] = (1 - beta) * state.u[i]! + beta * grad;
    state.tau[i] = Math.min(Math.max(state.tau[i]! - eta * state.u[i]!, o.tmin), o.tmax);
    state.s[i] = (estimate[k]! + estimate[k + b]!) / 2;
  }
  return { objective: objective / b, surrogate: surrogate / b, weights };
}

/** The surrogate Σ_r [Σ_j w_rj S_rj/(2B − 2) − S_r,pos] / B with the weights held fixed: its gradient is the loss's. */
export function naiveIsogclrSurrogate(raw: Float64Array, b: number, d: number, weights: Float64Array): number {
  const n = 2 * b;
  const z = normaliseRows(raw, n, d);
  let total = 0;
  for (let r = 0; r < n; r++) {
    let weighted = 0;
    for (let c = 0; c < n; c++) if (c % b !== r % b) weighted += weights[r * n + c]! * dot(z, r, c, d);
    total += weighted / (2 * b - 2) - dot(z, r, (r + b) % n, d);
  }
  return total / b;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * TaU_SimCLR.get_loss (simclr_mask false): loc = normalise([loc1; loc2]), temp = σ([u1; u2]);
 * sim = exp(cov·temp_row/t); neg = Σ over columns other than the row's own sample (both views);
 * pos = exp(⟨loc1, loc2⟩·σ(u1)/t) for both halves; loss = −mean log(pos/(neg + eps)).
 */
export function naiveTauUncertainty(raw: Float64Array, u: Float64Array, b: number, d: number, t: number, eps = 1e-6): number {
  const n = 2 * b;
  const loc = normaliseRows(raw, n, d);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const temp = sigmoid(u[r]!);
    let neg = 0;
    for (let c = 0; c < n; c++) if (c % b !== r % b) neg += Math.exp((dot(loc, r, c, d) * temp) / t);
    const k = r % b;
    const pos = Math.exp((dot(loc, k, k + b, d) * sigmoid(u[k]!)) / t);
    total += -Math.log(pos / (neg + eps));
  }
  return total / n;
}
