import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTemperature,
  defaultSetting,
  familyIds,
  formatTemperatureSpec,
  parseTemperatureSpec,
  type Temperature,
} from '../../src/core/temperature';
import { temperatureTensor } from '../../src/core/temperature/tensor';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

function spec(text: string): Temperature {
  const r = parseTemperatureSpec(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

// paper.md §3.7, reference values [D], given to 4 decimals.
const S = [-1, -0.5, -0.3, 0, 0.25, 0.5, 0.9, 1];
const table: Record<string, number[]> = {
  'dystress:0.1,0.2': [0.2, 0.15, 0.1206, 0.1, 0.1146, 0.15, 0.1976, 0.2],
  'dystress:0.07,0.2': [0.2, 0.135, 0.0968, 0.07, 0.089, 0.135, 0.1968, 0.2],
  'dystress-shifted:0.1,0.2,-0.4,0.7': [0.2, 0.1188, 0.1, 0.1389, 0.1891, 0.2, 0.2, 0.2],
  'cosconst:0.07,0.2': [0.07, 0.1599, 0.1951, 0.2, 0.2, 0.2, 0.2, 0.2],
  'exponential:0.2,0.1,3.5': [0.197, 0.1826, 0.165, 0.1, 0.1583, 0.1826, 0.1957, 0.197],
  'dystress-shifted:0.04,0.05,-0.4,0.7': [0.05, 0.0419, 0.04, 0.0439, 0.0489, 0.05, 0.05, 0.05],
};
const effectiveLogit = [-5, -3.333, -2.487, 0, 2.181, 3.333, 4.556, 5]; // s/τ for dystress:0.1,0.2

describe('temperature families: paper.md §3.7 reference values', () => {
  for (const [text, expected] of Object.entries(table)) {
    it(text, () => {
      const t = spec(text);
      S.forEach((s, i) => expect(t.scalar(s)).toBeCloseTo(expected[i]!, 4));
    });
  }
  it('effective logit s/τ(s) of dystress (0.1, 0.2)', () => {
    const t = spec('dystress:0.1,0.2');
    S.forEach((s, i) => expect(s / t.scalar(s)).toBeCloseTo(effectiveLogit[i]!, 3));
  });
});

describe('one definition: tensor form equals scalar form', () => {
  const s = Array.from({ length: 201 }, (_, i) => -1 + i / 100);
  for (const id of familyIds) {
    it(id, () => {
      const created = createTemperature(defaultSetting(id));
      if (!created.ok) throw new Error(created.error);
      const t = created.value;
      const ctx = { step: 137, alignment: 0.4 };
      const got = tf.tidy(() => temperatureTensor(t, tf.tensor1d(s), { step: ctx.step, alignment: tf.scalar(ctx.alignment) })).arraySync() as number[];
      expect(got).toHaveLength(s.length);
      s.forEach((x, i) => expect(got[i]).toBeCloseTo(t.scalar(x, ctx), 5));
    });
  }
});

describe('schedules and batch-adaptive temperatures', () => {
  it('kukleva: τ+ at step 0, τ− at half a period, independent of s', () => {
    const t = spec('kukleva:0.1,1,400');
    expect(t.scalar(0.3, { step: 0 })).toBeCloseTo(1, 12);
    expect(t.scalar(-0.7, { step: 200 })).toBeCloseTo(0.1, 12);
    expect(t.scalar(0.9, { step: 100 })).toBeCloseTo(0.55, 12);
  });
  it('macl: τ0·(1 + α(A − A0))', () => {
    const t = spec('macl:0.1,0.5,0.2');
    expect(t.scalar(0, { alignment: 0.8 })).toBeCloseTo(0.1 * (1 + 0.5 * 0.6), 12);
    expect(t.family.reweighting).toBe('macl');
  });
  it('custom formula in s and t equals the family it spells out', () => {
    const custom = createTemperature({ family: 'custom', params: {}, formula: '0.1 + 0.05*(1 - cos(pi*s)) + 0*t' });
    if (!custom.ok) throw new Error(custom.error);
    const ref = spec('dystress:0.1,0.2');
    for (const s of S) expect(custom.value.scalar(s)).toBeCloseTo(ref.scalar(s), 12);
    expect(custom.value.family.dependsOn).toEqual(['similarity', 'step']);
  });
  it('custom formula: ^ is a right-associative power binding tighter than *', () => {
    const t = createTemperature({ family: 'custom', params: {}, formula: '0.1 + 2*s^2^1' });
    if (!t.ok) throw new Error(t.error);
    expect(t.value.scalar(0.5)).toBeCloseTo(0.6, 12);
  });
  it('custom formula: conditional, min/max and the step variable', () => {
    const t = createTemperature({ family: 'custom', params: {}, formula: 's < 0 ? 0.3 : max(0.1, s/10) + t/1e6' });
    if (!t.ok) throw new Error(t.error);
    expect(t.value.scalar(-0.5)).toBe(0.3);
    expect(t.value.scalar(0.5)).toBeCloseTo(0.1, 12);
    expect(t.value.scalar(0.5, { step: 1e5 })).toBeCloseTo(0.2, 12);
  });
});

describe('bad settings get a clear message', () => {
  const bad: [string, RegExp][] = [
    ['dystress:0.3,0.2', /τ min \(0.3\) must not exceed τ max \(0.2\)/],
    ['dystress:0,0.2', /τ min must be between 0.01 and 2 \(got 0\)/],
    ['dystress:abc,0.2', /not a number: “abc”/],
    ['constant:-1', /between/],
    ['dystress-shifted:0.1,0.2,0.3,0.7', /Δs \(shift\) must be between -1 and 0/],
    ['exponential:0.1,0.2,3', /a \(0.1\) must exceed b \(0.2\)/],
    ['nope:1', /unknown temperature family “nope”/],
    ['dystress:0.1,0.2,0.3', /at most 2 values/],
    ['macl:0.1,2,0.8', /must stay > 0/],
    ['custom:s', /τ must be finite and > 0 .* τ\(s = -1.000\) = -1/],
    ['custom:1/s', /finite and > 0/],
    ['custom:log(s)', /finite and > 0/],
    ['custom:alert(1)', /unknown function “alert”/],
    ['custom:s.constructor', /not allowed/],
    ['custom:x+1', /unknown name “x”/],
    ['custom:', /empty/],
    ['custom:0.1 +', /formula/],
  ];
  for (const [text, message] of bad) {
    it(text, () => {
      const r = parseTemperatureSpec(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    });
  }
});

describe('spec round trip', () => {
  for (const id of familyIds) {
    it(id, () => {
      const text = formatTemperatureSpec(defaultSetting(id));
      const t = spec(text);
      expect(t.setting).toEqual(defaultSetting(id));
    });
  }
  it('omitted trailing parameters take their defaults', () => {
    expect(spec('dystress-shifted:0.1,0.2').params).toEqual({ tmin: 0.1, tmax: 0.2, shift: -0.4, scale: 0.7 });
  });
});
