import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { negativeProfile } from '../../src/core/analysis';
import { createTemperature } from '../../src/core/temperature';
import { renderPairDistributionsFigure } from '../../src/figures/pairDistributionsFigure';
import { lightTheme } from '../../src/figures/theme';
import { lastLearned, overlayCurves, overlayProfile, withOverlayCurves } from '../../src/ui/compare/overlayCurves';
import { distanceHistory, snapshot } from './lab-figures.fixtures';

const dys = { family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } };
const fixed = { family: 'constant', params: { tau: 0.2 } };
const context = { step: 0, alignment: 0 };

/** A 4×4 similarity matrix (2 anchors × 2 views) with unit diagonal. */
const batch = (a: number, b: number): Float32Array =>
  Float32Array.from([1, a, 0.9, b, a, 1, b, 0.8, 0.9, b, 1, a, b, 0.8, a, 1]);

describe('overlaid runs in the temperature and gradient figures', () => {
  it('put the runs’ τ curves first among the pins, so pin i has run colour i + 1', () => {
    const curves = overlayCurves(
      [
        { label: 'Fixed τ = 0.2', temperature: fixed },
        { label: 'DySTreSS (0.1, 0.2)', temperature: dys },
      ],
      context,
    );
    expect(curves.map((c) => c.label)).toEqual(['Fixed τ = 0.2', 'DySTreSS (0.1, 0.2)']);
    const at = (i: number, s: number) => curves[i]!.curve.tau[Array.from(curves[i]!.curve.s).findIndex((x) => Math.abs(x - s) < 1e-9)];
    expect(at(0, 0)).toBeCloseTo(0.2, 12);
    expect(at(1, 0)).toBeCloseTo(0.1, 12);
    expect(at(1, 1)).toBeCloseTo(0.2, 12);

    const studioPin = { label: 'pinned curve', curve: curves[0]!.curve };
    const set = withOverlayCurves({ current: curves[1]!, pins: [studioPin] }, curves);
    expect(set.pins.map((p) => p.label)).toEqual(['Fixed τ = 0.2', 'DySTreSS (0.1, 0.2)', 'pinned curve']);
    const plain = { current: curves[1]!, pins: [studioPin] };
    expect(withOverlayCurves(plain, [])).toBe(plain);
  });

  it('pools every seed’s last batch into one gradient profile under the run’s own τ', () => {
    const tau = createTemperature(dys);
    if (!tau.ok) throw new Error(tau.error);
    const one = negativeProfile(batch(0.3, -0.2), 4, tau.value, context);
    const two = negativeProfile(batch(0.1, 0.5), 4, tau.value, context);
    expect(overlayProfile({ temperature: dys, batches: [batch(0.3, -0.2)] }, context)).toEqual(one);
    const pooled = overlayProfile({ temperature: dys, batches: [batch(0.3, -0.2), batch(0.1, 0.5)] }, context)!;
    expect(Array.from(pooled.s)).toEqual([...one.s, ...two.s]);
    expect(Array.from(pooled.weight)).toEqual([...one.weight, ...two.weight]);
    expect(Array.from(pooled.relativePenalty)).toEqual([...one.relativePenalty, ...two.relativePenalty]);
    expect(overlayProfile({ temperature: dys, batches: [] }, context)).toBeNull();
  });
});

describe('similarity by pair type with the runs of a comparison', () => {
  it('keeps the distances panel clear of a run key that wraps over several rows', () => {
    const { window } = new JSDOM('<!doctype html><html><body></body></html>');
    const labels = ['this run', 'DySTreSS (0.1, 0.2) · step 1,200', 'Fixed τ = 0.2 (mean of 3 seeds)', 'DySTreSS (0.1, 0.2) (mean of 3 seeds)'];
    const history = labels.map((label, i) => distanceHistory(40 + i, label, i, 1));
    const svg = renderPairDistributionsFigure(window.document, { snapshot, history }, { width: 400, height: 520, theme: lightTheme });
    const panel = svg.querySelector('[data-panel="distances"]')!;
    const translate = (el: Element): number[] => (/translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute('transform') ?? '') ?? [0, 0, 0]).slice(1).map(Number);
    const key = panel.querySelector('[data-role="legend"]')!;
    const entries = [...key.querySelectorAll('[data-legend]')];
    expect(entries.map((e) => e.getAttribute('data-legend'))).toEqual(labels);
    const keyBottom = Math.max(...entries.flatMap((e) => [...e.querySelectorAll('tspan')].map((t) => translate(key)[1]! + translate(e)[1]! + Number(t.getAttribute('y')))));
    const gridYs = [...panel.querySelectorAll('[data-role="grid"] line')].filter((l) => l.getAttribute('y1') === l.getAttribute('y2')).map((l) => Number(l.getAttribute('y1')));
    const plotTop = Math.min(...gridYs);
    expect(new Set(entries.map((e) => translate(e)[1])).size).toBeGreaterThan(1);
    expect(plotTop).toBeGreaterThan(keyBottom + 4);
    expect(Math.max(...gridYs) - plotTop).toBeGreaterThanOrEqual(60);
  });
});

describe('overlaid runs that learned their temperature', () => {
  const at = { step: 0, alignment: 0 };
  const point = (step: number, learnedTau: number | null, learnedBias?: number) => ({
    step,
    loss: 1,
    stepMs: 1,
    alignment: 0,
    uniformity: 0,
    learnedTau,
    ...(learnedBias !== undefined ? { learnedBias } : {}),
  });
  it('draw the τ the run learned last, not τ₀', () => {
    const [curve] = overlayCurves([{ label: 'learned', temperature: { family: 'learnable', params: { t0: 0.5 } }, history: [point(0, 0.5), point(100, 0.3), point(200, null)] }], at);
    expect(curve!.curve.tau[0]).toBe(0.3);
    const [start] = overlayCurves([{ label: 'learned', temperature: { family: 'learnable', params: { t0: 0.5 } } }], at);
    expect(start!.curve.tau[0]).toBe(0.5);
  });
  it('SigLIP runs: τ(s)/t, and the sigmoid weighting with the learned bias', () => {
    expect(lastLearned([point(0, 0.1, -10), point(50, 0.2, -9)])).toEqual({ tau: 0.2, bias: -9 });
    const [curve] = overlayCurves([{ label: 'siglip', temperature: { family: 'constant', params: { tau: 1 } }, history: [point(50, 0.2, -9)] }], at);
    expect(curve!.curve.tau[100]).toBeCloseTo(0.2, 12);
  });
});
