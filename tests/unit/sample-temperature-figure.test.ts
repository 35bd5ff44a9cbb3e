import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { heldOutSampleTemperatures, quantileSorted, trainingSampleTemperatures } from '../../src/core/trainer/sampleTemperatures';
import { renderSampleTemperatureFigure, tauQuantileHistory, verdictSummary } from '../../src/figures/sampleTemperatureFigure';
import { themes } from '../../src/figures/theme';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const doc = window.document;
const options = { width: 560, height: 620, theme: themes.light, subtitle: 'step 300' };

describe('the τ_i summaries', () => {
  it('quantiles interpolate linearly between order statistics, as numpy', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([0, 10], 0.05)).toBeCloseTo(0.5, 12);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('training: only visited samples count, and the strip takes the first visited ones in the given order', () => {
    const tau = Float32Array.from([0.07, 0.05, 0.06, 0.07, 0.08]);
    const visited = Uint8Array.from([0, 1, 1, 0, 1]);
    const s = trainingSampleTemperatures(tau, visited, Int32Array.from([0, 1, 0, 1, 1]), Int32Array.from([4, 3, 2, 1, 0]));
    expect(s.count).toBe(3);
    expect(s.total).toBe(5);
    expect(s.quantiles.p50).toBeCloseTo(0.06, 6);
    expect(Array.from(s.values)).toEqual([tau[4], tau[2], tau[1]]);
    expect(Array.from(s.labels)).toEqual([1, 0, 1]);
  });
});

describe('the per-sample temperature figure', () => {
  it('draws the held-out τ_i by class and kNN verdict, with the medians it states', () => {
    const samples = heldOutSampleTemperatures(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.12, 0.5]), Int32Array.from([0, 0, 1, 1, 0, 1]), Uint8Array.from([1, 0, 1, 0, 1, 0]));
    const summary = verdictSummary(samples)!;
    expect(summary.correct).toEqual({ n: 3, median: expect.closeTo(0.12, 6) });
    expect(summary.wrong).toEqual({ n: 3, median: expect.closeTo(0.4, 6) });
    const svg = renderSampleTemperatureFigure(doc, { step: 300, samples, history: [] }, options);
    expect(svg.querySelector('[data-points="correct"]')!.getAttribute('data-count')).toBe('3');
    expect(svg.querySelector('[data-points="wrong"]')!.getAttribute('data-count')).toBe('3');
    // Class 1's wrong column: 0.4 and 0.5, median 0.45.
    expect(Number(svg.querySelector('[data-median="1 wrong"]')!.getAttribute('data-value'))).toBeCloseTo(0.45, 6);
    const description = svg.querySelector('desc')!.textContent!;
    expect(description).toContain('no curve τ(s)');
    expect(description).toContain('wrong: 0.4 (3)');
    expect(svg.querySelector('[data-panel="quantiles"]')).toBeNull();
  });

  it('draws the quantiles over training from the history points that carry them', () => {
    const samples = trainingSampleTemperatures(Float32Array.from([0.07, 0.06]), Uint8Array.from([1, 1]), Int32Array.from([0, 1]), Int32Array.from([0, 1]));
    const history = tauQuantileHistory([
      { step: 0 },
      { step: 50, tauSampleP05: 0.06, tauSampleMedian: 0.065, tauSampleP95: 0.07 },
      { step: 100, tauSampleP05: 0.055, tauSampleMedian: 0.06, tauSampleP95: 0.07 },
    ]);
    expect(history.map((h) => h.step)).toEqual([50, 100]);
    const svg = renderSampleTemperatureFigure(doc, { step: 100, samples, history }, options);
    expect(svg.querySelector('[data-panel="quantiles"] [data-series="median"]')!.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    expect(svg.querySelector('desc')!.textContent).toContain('2 of 2 training samples visited');
  });
});
