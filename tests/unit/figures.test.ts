import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { logitMonotonicity, temperatureCurve } from '../../src/core/analysis';
import { createTemperature, type Temperature, type TemperatureSetting } from '../../src/core/temperature';
import type { FigureOptions } from '../../src/figures/frame/root';
import { monotonicityMessage, renderLogitFigure } from '../../src/figures/logitFigure';
import type { LabelledCurve } from '../../src/figures/similarityCurves';
import { renderTemperatureFigure } from '../../src/figures/temperatureFigure';
import { darkTheme, lightTheme } from '../../src/figures/theme';
import { goldenMarkup } from './support/goldenSvg';

/**
 * Golden-file tests in the manner of Observable Plot: each figure function renders headless into jsdom with
 * fixed data; the normalised SVG (numbers rounded to 2 decimals, one element per line) is compared with a
 * checked-in file. Run `npx vitest run --project unit -u` to accept an intended change, then look at the diff.
 */

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const doc = window.document;
const light: FigureOptions = { width: 560, height: 420, theme: lightTheme };

function temperature(setting: TemperatureSetting): Temperature {
  const r = createTemperature(setting);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function labelled(label: string, setting: TemperatureSetting): LabelledCurve {
  return { label, curve: temperatureCurve(temperature(setting), {}, 101) };
}

const dystress = (tmin: number, tmax: number): TemperatureSetting => ({ family: 'dystress', params: { tmin, tmax } });

/** The axis's own ticks give the pixel ↔ data mapping, so these checks also prove the axes tell the truth. */
function axisScale(svg: SVGSVGElement, axis: 'x' | 'y'): { invert(px: number): number; apply(v: number): number } {
  const ticks = [...svg.querySelectorAll(`[data-axis="${axis}"] .tick`)].map((t) => {
    const [, tx, ty] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute('transform') ?? '')!;
    return { px: Number(axis === 'x' ? tx : ty), value: Number(t.textContent!.replace('−', '-')) };
  });
  const a = ticks[0]!;
  const b = ticks[ticks.length - 1]!;
  const slope = (b.px - a.px) / (b.value - a.value);
  return { apply: (v) => a.px + (v - a.value) * slope, invert: (px) => a.value + (px - a.px) / slope };
}

function pathPoints(path: Element): [number, number][] {
  return (path.getAttribute('d') ?? '')
    .split(/[ML]/)
    .filter((p) => p !== '')
    .map((p) => p.split(',').map(Number) as [number, number]);
}

function valueOnPath(svg: SVGSVGElement, label: string, s: number): number {
  const x = axisScale(svg, 'x');
  const y = axisScale(svg, 'y');
  const path = [...svg.querySelectorAll('path[data-series]')].find((p) => p.getAttribute('data-series') === label)!;
  const target = x.apply(s);
  const nearest = pathPoints(path).reduce((best, p) => (Math.abs(p[0] - target) < Math.abs(best[0] - target) ? p : best));
  return y.invert(nearest[1]);
}

describe('temperature figure', () => {
  const current = labelled('DySTreSS (cosine): τ min 0.1, τ max 0.2', dystress(0.1, 0.2));
  const pin = labelled('Constant τ (SimCLR): τ 0.2', { family: 'constant', params: { tau: 0.2 } });

  it('matches its golden file (light, with one pin)', async () => {
    const svg = renderTemperatureFigure(doc, { current, pins: [pin] }, light);
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/temperature-light.svg');
  });

  it('matches its golden file (dark, narrow, three pins)', async () => {
    const pins = [pin, labelled('DySTreSS (cosine): τ min 0.05, τ max 0.5', dystress(0.05, 0.5)), labelled('Linear V: τ min 0.1, τ max 0.2', { family: 'linear', params: { tmin: 0.1, tmax: 0.2 } })];
    const svg = renderTemperatureFigure(doc, { current, pins }, { width: 380, height: 360, theme: darkTheme });
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/temperature-dark-narrow.svg');
  });

  it('draws τ min at s = 0 and τ max at s = ±1 where the axes say', () => {
    const svg = renderTemperatureFigure(doc, { current, pins: [] }, light);
    expect(valueOnPath(svg, current.label, 0)).toBeCloseTo(0.1, 3);
    expect(valueOnPath(svg, current.label, 1)).toBeCloseTo(0.2, 3);
    expect(valueOnPath(svg, current.label, -1)).toBeCloseTo(0.2, 3);
    expect(Number(svg.getAttribute('data-tau-at-0'))).toBeCloseTo(0.1, 10);
    expect(Number(svg.getAttribute('data-tau-at-1'))).toBeCloseTo(0.2, 10);
  });

  it('wraps a long legend label onto at most three lines instead of running off the figure', () => {
    const long = { label: `Custom: τ = ${'0.1+0.05*cos(pi*s)'.repeat(20)}`, curve: current.curve };
    const svg = renderTemperatureFigure(doc, { current: long, pins: [pin] }, { width: 380, height: 360, theme: lightTheme });
    const lines = [...svg.querySelectorAll('[data-legend] tspan')].map((t) => t.textContent ?? '');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/…$/);
    expect(lines[3]).toBe(pin.label);
  });

  it('is a self-contained, labelled image', () => {
    const svg = renderTemperatureFigure(doc, { current, pins: [pin] }, light);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toContain('Temperature');
    expect(svg.querySelector('title')?.textContent).toBe('Temperature vs cosine similarity');
    expect(svg.querySelector('desc')?.textContent).toContain('τ(0) = 0.1');
    expect(svg.querySelector('rect')?.getAttribute('fill')).toBe(lightTheme.background);
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['cosine similarity s', 'temperature τ(s)', current.label, pin.label]));
    const pinned = [...svg.querySelectorAll('path[data-series]')].find((p) => p.getAttribute('data-series') === pin.label);
    expect(pinned?.getAttribute('stroke-dasharray')).toBe('6 4');
  });
});

describe('effective-logit figure', () => {
  const wide = temperature(dystress(0.05, 0.5));
  const data = {
    current: { label: 'DySTreSS (cosine): τ min 0.05, τ max 0.5', curve: temperatureCurve(wide, {}, 101) },
    pins: [labelled('DySTreSS (cosine): τ min 0.1, τ max 0.2', dystress(0.1, 0.2))],
    decreasing: logitMonotonicity(wide).decreasing,
    ratio: { label: 'τ max/τ min', value: 10 },
  };

  it('matches its golden file (not monotonic, with ratio and a pin)', async () => {
    const svg = renderLogitFigure(doc, data, light);
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/logit-light-not-monotonic.svg');
  });

  it('shades the decreasing intervals and says so in words', () => {
    const svg = renderLogitFigure(doc, data, light);
    const bands = [...svg.querySelectorAll('[data-role="bands"] rect')];
    expect(bands.map((b) => Number(b.getAttribute('data-from')))).toEqual([expect.closeTo(-0.69, 2), expect.closeTo(0.23, 2)]);
    const x = axisScale(svg, 'x');
    expect(x.invert(Number(bands[1]!.getAttribute('x')))).toBeCloseTo(0.2265, 2);
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent).join(' ');
    expect(texts).toContain('Not monotonic: on s ∈ [−0.69, −0.23] ∪ [0.23, 0.69] a more similar negative gets a smaller logit.');
    expect(texts).toContain('τ max/τ min = 10');
    expect(svg.getAttribute('aria-label')).toContain('Effective logit');
    expect(svg.getAttribute('aria-label')?.toLowerCase()).not.toContain('temperature');
    expect(svg.getAttribute('data-monotone')).toBe('false');
  });

  it('plots s/τ(s): 1/τ max at s = 1', () => {
    const svg = renderLogitFigure(doc, { ...data, pins: [] }, light);
    expect(valueOnPath(svg, data.current.label, 1)).toBeCloseTo(2, 1);
    expect(valueOnPath(svg, data.current.label, 0)).toBeCloseTo(0, 1);
  });

  it('words the verdict for monotone curves', () => {
    expect(monotonicityMessage([])).toBe('Monotonic: a more similar negative always gets a larger logit.');
  });
});
