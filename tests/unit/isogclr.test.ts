import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { IsogclrState, isogclrStep } from '../../src/core/loss/isogclr';
import { parseTemperatureSpec } from '../../src/core/temperature';
import { finiteDifferenceGradient, randomMatrix } from './support/naive';
import { freshNaiveIsogclrState, ISOGCLR_WALK, naiveIsogclrStep, naiveIsogclrSurrogate, type NaiveIsogclrState } from './support/naivePerSample';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const { samples: N, batch: B, dim: D, steps: WALK } = ISOGCLR_WALK;

function run(params: { tmin: number; tmax: number; rho: number }) {
  const state = new IsogclrState(N, 0.07);
  const naive = freshNaiveIsogclrState(N);
  const losses: { lab: number; naive: number }[] = [];
  WALK.forEach(({ index: batch, raw }) => {
    const lab = tf.tidy(() => {
      const z = tf.tensor2d(Float32Array.from(raw), [2 * B, D]);
      const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      const step = isogclrStep(z1, z2, state.gather(tf.tensor1d(batch, 'int32')), params);
      return { loss: step.loss.arraySync() as number, next: { tau: tf.keep(step.next.tau), s: tf.keep(step.next.s), m: tf.keep(step.next.m) } };
    });
    state.update(Int32Array.from(batch), lab.next);
    tf.dispose([lab.next.tau, lab.next.s, lab.next.m]);
    losses.push({ lab: lab.loss, naive: naiveIsogclrStep(raw, B, D, batch, naive, params).objective });
  });
  const [tau, s, m] = state.tensors().map((x) => Float64Array.from(x.dataSync()));
  state.dispose();
  return { tau: tau!, s: s!, m: m!, naive, losses };
}

describe('iSogCLR (SogCLR_DRO_Loss) against a float64 loop over the official code', () => {
  it('τ_i, s_i and m_i after five steps, and every step’s objective, match', () => {
    const r = run({ tmin: 0.05, tmax: 1, rho: 6 });
    for (let i = 0; i < N; i++) {
      expect(r.tau[i]).toBeCloseTo(r.naive.tau[i]!, 7);
      expect(r.m[i]).toBeCloseTo(r.naive.u[i]!, 4);
      expect(r.s[i]! / r.naive.s[i]!).toBeCloseTo(1, 4);
    }
    for (const { lab, naive } of r.losses) expect(lab).toBeCloseTo(naive, 4);
    // The τ_i moved (by about η·m per visit) and differ between samples: the comparison above is not vacuous.
    expect(new Set(Array.from(r.tau, (x) => x.toFixed(6))).size).toBeGreaterThan(3);
    expect(Math.max(...Array.from(r.tau, (x) => Math.abs(x - 0.07)))).toBeGreaterThan(1e-3);
  });

  it('clips τ_i to [τ min, τ max] as the code does', () => {
    // ρ = 0 drives τ down; τ min just under τ init makes the clip bite within a few steps.
    const r = run({ tmin: 0.0695, tmax: 1, rho: 0 });
    expect(Array.from(r.naive.tau).some((x) => x === 0.0695)).toBe(true);
    for (let i = 0; i < N; i++) expect(r.tau[i]).toBeCloseTo(r.naive.tau[i]!, 7);
  });

  it('the gradient is the official surrogate’s (weights detached), by finite differences', () => {
    const raw = randomMatrix(2 * B, D, 7);
    const batch = [4, 1, 5];
    const prior: NaiveIsogclrState = { tau: Float64Array.from([0.07, 0.2, 0.07, 0.07, 0.1, 0.3, 0.07]), s: new Float64Array(N), u: new Float64Array(N) };
    prior.s.set([0, 3, 0, 0, 2, 5, 0]);
    const { weights } = naiveIsogclrStep(raw, B, D, batch, { tau: prior.tau.slice(), s: prior.s.slice(), u: prior.u.slice() }, { tmin: 0.05, tmax: 1, rho: 6 });
    const expected = finiteDifferenceGradient((x) => naiveIsogclrSurrogate(x, B, D, weights), raw);
    const gradient = tf.tidy(() => {
      const state = {
        tau: tf.tensor1d(batch.map((i) => prior.tau[i]!)),
        s: tf.tensor1d(batch.map((i) => prior.s[i]!)),
        m: tf.zeros([B]) as tf.Tensor1D,
      };
      return tf.grad((z: tf.Tensor) => {
        const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
        return isogclrStep(z1, z2, state, { tmin: 0.05, tmax: 1, rho: 6 }).loss;
      })(tf.tensor2d(Float32Array.from(raw), [2 * B, D])).dataSync();
    });
    expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(0.05);
    expected.forEach((g, k) => expect(gradient[k]).toBeCloseTo(g, 3));
  });

  it('parses isogclr:TMIN,TMAX and refuses a reversed range', () => {
    const t = parseTemperatureSpec('isogclr:0.05,1');
    expect(t.ok && t.value.family.trained).toBe('per-sample');
    expect(t.ok && t.value.params).toEqual({ tmin: 0.05, tmax: 1, rho: 6 });
    const bad = parseTemperatureSpec('isogclr:0.5,0.1');
    expect(bad.ok).toBe(false);
  });
});
