import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { binnedMean } from '../../src/core/analysis';
import {
  drawBatchUnderTemperatureFigure,
  meanTemperature,
  moveCurrentCurve,
  prepareBatchUnderTemperatureFigure,
  renderBatchUnderTemperatureFigure,
} from '../../src/figures/batchUnderTemperatureFigure';
import { drawEmbeddingFigure, prepareEmbeddingFigure, projectEmbedding, renderEmbeddingFigure, sphereRotation } from '../../src/figures/embeddingFigure';
import { powerOfTen, prepareGradientProfileFigure, renderGradientProfileFigure } from '../../src/figures/gradientProfileFigure';
import type { LabFigureOptions } from '../../src/figures/frame/root';
import { preparePairDistributionsFigure, renderPairDistributionsFigure } from '../../src/figures/pairDistributionsFigure';
import { pca } from '../../src/core/analysis/pca';
import { finiteMean, similarityHistogram, summarisePairType } from '../../src/figures/similarityHistogram';
import { darkTheme, lightTheme } from '../../src/figures/theme';
import { drawTrainingCurvesFigure, nearestStep, renderTrainingCurvesFigure, type RunHistory } from '../../src/figures/trainingCurvesFigure';
import { renderUniformityToleranceFigure, TOLERANCE_LABEL, UNIFORMITY_LABEL } from '../../src/figures/uniformityToleranceFigure';
import { pointUnderPointer, stepUnderPointer } from '../../src/ui/lab/hover';
import {
  constant,
  currentBatch,
  digitNames,
  distanceHistory,
  dystress,
  embedding16,
  embedding2,
  embedding3,
  labelled,
  linksFor,
  profiles,
  runs,
  snapshot,
  temperature,
} from './lab-figures.fixtures';
import { goldenMarkup } from './support/goldenSvg';

/**
 * The lab's training figures, rendered headless into jsdom with fixed synthetic data: golden files of the
 * normalised SVG (numbers rounded to 2 decimals, one element per line; `npx vitest run --project unit -u`
 * accepts an intended change — then look at the diff, and at the pictures: `npx tsx scripts/render-figures.ts`),
 * and checks that what is drawn is what the data says.
 */

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const doc = window.document;
const subtitle = 'step 1,200 · DySTreSS (τ min 0.1, τ max 0.2) · seed 1';
const light: LabFigureOptions = { width: 560, height: 460, theme: lightTheme, subtitle };
const dark: LabFigureOptions = { width: 380, height: 460, theme: darkTheme, subtitle };

/** The points of an embedding layer: each class is one path of closed circles "M x−r,y a r,r …". */
function pointCentres(svg: SVGSVGElement, role: 'points' | 'points-back'): { x: number; y: number; label: number }[] {
  const out: { x: number; y: number; label: number }[] = [];
  for (const path of svg.querySelectorAll(`[data-role="${role}"] path`)) {
    const d = path.getAttribute('d')!;
    const label = Number(path.getAttribute('data-class'));
    const matches = [...d.matchAll(/M(-?[\d.]+),(-?[\d.]+)a([\d.]+),/g)];
    expect(matches).toHaveLength(Number(path.getAttribute('data-count')));
    for (const m of matches) out.push({ x: Number(m[1]) + Number(m[3]), y: Number(m[2]), label });
  }
  return out;
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A tick label as a number: "−0.5", "25%", "1,200", "10⁻³". */
function tickValue(text: string): number {
  const t = text.replace(/−/g, '-').replace(/,/g, '');
  const power = /^10([⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(t);
  if (power) return 10 ** ((power[1] ? -1 : 1) * Number([...power[2]!].map((c) => SUPERSCRIPTS.indexOf(c)).join('')));
  if (t.endsWith('%')) return Number(t.slice(0, -1)) / 100;
  return Number(t);
}

/** d3-axis shifts ticks by half a pixel for crisp lines when there is no high-DPI window (as here). */
const D3_TICK_OFFSET = 0.5;

interface AxisMap {
  apply(v: number): number;
  invert(px: number): number;
}

/** The pixel ↔ data mapping that an axis's own labelled ticks state (linear, or log when `log`). */
function axisScale(root: Element, axis: string, log = false): AxisMap {
  const ticks = [...root.querySelectorAll(`[data-axis="${axis}"] .tick`)]
    .filter((t) => (t.textContent ?? '') !== '')
    .map((t) => {
      const [, tx, ty] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute('transform') ?? '')!;
      return { px: Number(axis === 'x' ? tx : ty) - D3_TICK_OFFSET, value: tickValue(t.textContent!) };
    });
  const f = log ? Math.log10 : (v: number): number => v;
  const a = ticks[0]!;
  const b = ticks[ticks.length - 1]!;
  const slope = (b.px - a.px) / (f(b.value) - f(a.value));
  return {
    apply: (v) => a.px + (f(v) - f(a.value)) * slope,
    invert: (px) => {
      const u = f(a.value) + (px - a.px) / slope;
      return log ? 10 ** u : u;
    },
  };
}

function pathPoints(d: string): [number, number][] {
  return d
    .split(/[ML]/)
    .filter((p) => p !== '')
    .map((p) => p.split(',').map(Number) as [number, number]);
}

/** The area enclosed by a closed polygon (shoelace formula). */
function polygonArea(points: readonly [number, number][]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i]!;
    const [x1, y1] = points[(i + 1) % points.length]!;
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2;
}

const texts = (root: Element): string[] => [...root.querySelectorAll('text')].map((t) => t.textContent ?? '');

/** Every figure: a labelled, self-contained image whose text stays inside it. */
function expectSelfContained(svg: SVGSVGElement, ariaWords: readonly string[], options: LabFigureOptions): void {
  expect(svg.getAttribute('role')).toBe('img');
  for (const word of ariaWords) expect(svg.getAttribute('aria-label')).toContain(word);
  expect(svg.querySelector(':scope > title')?.textContent).toBeTruthy();
  expect(svg.querySelector(':scope > desc')?.textContent?.length).toBeGreaterThan(40);
  const background = svg.querySelector(':scope > rect')!;
  expect(background.getAttribute('fill')).toBe(options.theme.background);
  expect(background.getAttribute('width')).toBe(String(options.width));
  expect(svg.querySelector('[data-role="title"]')?.textContent).toBe(svg.querySelector(':scope > title')?.textContent);
  expect(texts(svg)).toContain(options.subtitle);
  expect(svg.querySelector('style')).toBeNull();
  expect(svg.querySelectorAll('[class]:not(.tick):not(.domain)').length).toBe(0);
  for (const t of svg.querySelectorAll(':scope > text, [data-role="legend"] text')) {
    const y = Number(t.getAttribute('y') ?? t.querySelector('tspan')?.getAttribute('y') ?? 0);
    expect(y).toBeLessThanOrEqual(options.height);
  }
}

/** The lowest y of the legend's rows, and the highest y of any plot axis: the legend must end above. */
function legendClearsPlot(svg: SVGSVGElement): void {
  const legend = svg.querySelector('[data-role="legend"]');
  if (!legend) return;
  const top = Number(/translate\([-\d.]+,([-\d.]+)\)/.exec(legend.getAttribute('transform')!)![1]);
  const rows = [...legend.querySelectorAll('[data-legend]')].map((e) => Number(/translate\([-\d.]+,([-\d.]+)\)/.exec(e.getAttribute('transform')!)![1]));
  const legendBottom = top + Math.max(...rows) + 4;
  const axisTops = [...svg.querySelectorAll('[data-axis="y"] .tick')].map((t) => Number(/translate\([-\d.]+,([-\d.]+)\)/.exec(t.getAttribute('transform')!)![1]));
  expect(legendBottom).toBeLessThan(Math.min(...axisTops) - 4);
}

describe('pca', () => {
  it('finds the axes of a hand-made cross', () => {
    // (±2, 0, 0) and (0, ±1, 0): variance 2 along e₁, 0.5 along e₂, none along e₃.
    const points = [2, 0, 0, -2, 0, 0, 0, 1, 0, 0, -1, 0];
    const r = pca(points, 4, 3);
    expect(Array.from(r.components[0]!)).toEqual([expect.closeTo(1, 12), expect.closeTo(0, 12), expect.closeTo(0, 12)]);
    expect(Array.from(r.components[1]!)).toEqual([expect.closeTo(0, 12), expect.closeTo(1, 12), expect.closeTo(0, 12)]);
    expect(r.variances).toEqual([expect.closeTo(2, 12), expect.closeTo(0.5, 12)]);
    expect(r.explained).toEqual([expect.closeTo(0.8, 12), expect.closeTo(0.2, 12)]);
    expect(Array.from(r.projections)).toEqual([2, 0, -2, 0, 0, 1, 0, -1].map((v) => expect.closeTo(v, 12)));
  });

  it('recovers the plane that points in 5-D lie on, with its variance split', () => {
    const u = [1, 2, 0, -1, 1].map((v) => v / Math.sqrt(7));
    const w = [0, 1, 1, 2, 0].map((v) => v / Math.sqrt(6)); // u·w = 0
    const n = 60;
    const points: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = 3 * Math.cos(i * 0.7) + 0.5;
      const b = Math.sin(i * 1.3);
      for (let k = 0; k < 5; k++) points.push(0.2 + a * u[k]! + b * w[k]!);
    }
    const r = pca(points, n, 5);
    const dot = (x: ArrayLike<number>, y: ArrayLike<number>): number => Array.from(x).reduce((s, v, k) => s + v * y[k]!, 0);
    // Both components lie in span{u, w} …
    for (const c of r.components) expect(dot(c, u) ** 2 + dot(c, w) ** 2).toBeCloseTo(1, 10);
    expect(dot(r.components[0]!, r.components[1]!)).toBeCloseTo(0, 10);
    // … and are eigenvectors of the covariance: C·c = λ·c.
    const mean = r.mean;
    for (let c = 0; c < 2; c++) {
      const v = r.components[c]!;
      const cv = new Float64Array(5);
      for (let i = 0; i < n; i++) {
        let proj = 0;
        for (let k = 0; k < 5; k++) proj += (points[i * 5 + k]! - mean[k]!) * v[k]!;
        for (let k = 0; k < 5; k++) cv[k] += ((points[i * 5 + k]! - mean[k]!) * proj) / n;
      }
      for (let k = 0; k < 5; k++) expect(cv[k]!).toBeCloseTo(r.variances[c]! * v[k]!, 9);
    }
    expect(Math.abs(dot(r.components[0]!, u))).toBeGreaterThan(0.99);
    expect(r.explained[0]! + r.explained[1]!).toBeCloseTo(1, 10);
    expect(r.explained[0]!).toBeGreaterThan(0.8);
    // Deterministic: the same points give the same signs.
    expect(Array.from(pca(points, n, 5).components[0]!)).toEqual(Array.from(r.components[0]!));
  });

  it('is not trapped when the largest column of the covariance is orthogonal to the top component', () => {
    // Covariance ½[[1,1,0],[1,1,0],[0,0,1.8]]: top eigenvector (1,1,0)/√2 with variance 1, but the third
    // column has the largest norm and is itself an eigenvector (variance 0.9).
    const c = Math.sqrt(1.8);
    const r = pca([1, 1, 0, -1, -1, 0, 0, 0, c, 0, 0, -c], 4, 3);
    expect(r.variances[0]).toBeCloseTo(1, 9);
    expect(Math.abs(r.components[0]![0]!)).toBeCloseTo(Math.SQRT1_2, 9);
    expect(r.variances[1]).toBeCloseTo(0.9, 9);
    expect(Math.abs(r.components[1]![2]!)).toBeCloseTo(1, 9);
  });

  it('completes the basis when the points have no spread left', () => {
    const r = pca([1, 1, 1, 1, 1, 1], 2, 3);
    expect(r.explained).toEqual([0, 0]);
    expect(Math.abs(r.components[0]![0]! * r.components[1]![0]! + r.components[0]![1]! * r.components[1]![1]! + r.components[0]![2]! * r.components[1]![2]!)).toBeLessThan(1e-12);
  });
});

describe('training curves', () => {
  it('matches its golden file (three runs, hover at step 1,200)', async () => {
    const svg = renderTrainingCurvesFigure(doc, { runs, hoverStep: 1200 }, { ...light, height: 520 });
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-training-curves-light.svg');
  });

  it('matches its golden file (dark, narrow, one run, no hover)', async () => {
    const svg = renderTrainingCurvesFigure(doc, { runs: [runs[0]!] }, dark);
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-training-curves-dark-narrow.svg');
  });

  it('finds the nearest step, the earlier one on a tie, skipping points without the metric', () => {
    const history = [
      { step: 0, loss: 5, knnAccuracy: 0.2 },
      { step: 100, loss: 4, knnAccuracy: null },
      { step: 200, loss: null, knnAccuracy: 0.5 },
    ];
    expect(nearestStep(history, 120)?.step).toBe(100);
    expect(nearestStep(history, 150)?.step).toBe(100);
    expect(nearestStep(history, 999)?.step).toBe(200);
    expect(nearestStep(history, 90, 'knnAccuracy')?.step).toBe(0);
    expect(nearestStep(history, 190, 'loss')?.step).toBe(100);
    expect(nearestStep([], 10)).toBeUndefined();
  });

  it('draws the hover rule at the step axis position of hoverStep in every panel, with the values there', () => {
    const svg = renderTrainingCurvesFigure(doc, { runs, hoverStep: 1225 }, { ...light, height: 520 });
    expectSelfContained(svg, ['Training curves'], { ...light, height: 520 });
    legendClearsPlot(svg);
    const panels = [...svg.querySelectorAll('[data-panel]')];
    expect(panels.map((p) => p.getAttribute('data-panel'))).toEqual(['loss', 'knnAccuracy', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity']);
    // Panels in one column share the step axis; the lowest of them carries its labels.
    const domainOf = (panel: Element): string | null => panel.querySelector('[data-axis="x"] path.domain')!.getAttribute('d');
    const labelled = panels.filter((p) => [...p.querySelectorAll('[data-axis="x"] .tick text')].some((t) => t.textContent !== ''));
    expect(labelled.map((p) => p.getAttribute('data-panel'))).toEqual(['tolerance', 'interClassUniformity']);
    for (const panel of panels) {
      const x = axisScale(labelled.find((l) => domainOf(l) === domainOf(panel))!, 'x');
      const rule = panel.querySelector('[data-role="hover"] line')!;
      expect(Number(rule.getAttribute('x1'))).toBeCloseTo(x.apply(1225), 1);
      expect(rule.getAttribute('x2')).toBe(rule.getAttribute('x1'));
    }
    // Values at the nearest evaluated step (1,200 or 1,250 — 1,225 is a tie, so 1,200).
    const loss = svg.querySelector('[data-panel="loss"] [data-role="readout"]')!;
    const expected = runs.map((r) => r.history.find((p) => p.step === 1200)!.loss!.toFixed(3));
    expect([...loss.querySelectorAll('tspan')].map((t) => t.textContent)).toEqual(expected);
    const y = axisScale(svg.querySelector('[data-panel="loss"]')!, 'y');
    const dot = svg.querySelector('[data-panel="loss"] [data-role="hover"] circle')!;
    expect(y.invert(Number(dot.getAttribute('cy')))).toBeCloseTo(runs[0]!.history.find((p) => p.step === 1200)!.loss!, 2);
  });

  it('leaves gaps for nulls, skips panels without data and keeps the layout when hovering', () => {
    const sparse: RunHistory[] = runs.map((r) => ({ ...r, history: r.history.map((p) => ({ ...p, tolerance: null })) }));
    const svg = renderTrainingCurvesFigure(doc, { runs: sparse }, light);
    expect(svg.getAttribute('data-panels')).toBe('loss knnAccuracy alignment uniformity interClassUniformity');
    const gapped = svg.querySelector(`[data-panel="loss"] path[data-series="${runs[1]!.label}"]`)!;
    expect(gapped.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    const hovered = renderTrainingCurvesFigure(doc, { runs: sparse, hoverStep: 500 }, light);
    const axisOf = (s: SVGSVGElement): string | null => s.querySelector('[data-panel="uniformity"] [data-axis="y"]')!.getAttribute('transform');
    expect(axisOf(hovered)).toBe(axisOf(svg));
    expect(svg.querySelector('[data-role="hover"]')).toBeNull();
  });

  it('marks a value isolated between gaps with a dot', () => {
    const history = [{ step: 0, loss: 1 }, { step: 10, loss: null }, { step: 20, loss: 2 }, { step: 30, loss: null }];
    const svg = renderTrainingCurvesFigure(doc, { runs: [{ label: 'run', colorIndex: 0, history }] }, light);
    expect([...svg.querySelectorAll('[data-isolated]')].map((c) => c.getAttribute('data-isolated'))).toEqual(['0', '20']);
  });

  it('says so when there is nothing to draw', () => {
    const svg = renderTrainingCurvesFigure(doc, { runs: [] }, light);
    expect(texts(svg)).toContain('No training history yet');
    expect(svg.getAttribute('aria-label')).toBe('Training curves');
  });
});

describe('uniformity vs tolerance', () => {
  it('says why it is empty: nothing recorded yet, or no labels to measure tolerance with', () => {
    const uniformityOnly: RunHistory = { label: 'this run', colorIndex: 0, history: [{ step: 0, uniformity: -1.2, tolerance: null }, { step: 100, uniformity: -2.1, tolerance: null }] };
    expect(texts(renderUniformityToleranceFigure(doc, { runs: [uniformityOnly] }, light))).toContain('No uniformity and tolerance recorded yet');
    const svg = renderUniformityToleranceFigure(doc, { runs: [uniformityOnly], unlabelled: true }, light);
    expect(texts(svg)).toContain('Tolerance needs labels, and this data has none');
    expect(svg.querySelector('desc')!.textContent).toContain('Tolerance needs labels, and this data has none.');
  });

  it('matches its golden file (dark, narrow, three runs)', async () => {
    const svg = renderUniformityToleranceFigure(doc, { runs }, dark);
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-uniformity-tolerance-dark-narrow.svg');
  });

  it('rings each run at the recorded step nearest the hovered one', () => {
    const run = runs[0]!;
    const target = run.history[7]!;
    const svg = renderUniformityToleranceFigure(doc, { runs, hoverStep: target.step + 1 }, light);
    const x = axisScale(svg, 'x');
    const y = axisScale(svg, 'y');
    const ring = svg.querySelector(`[data-run="${run.label}"] circle[data-role="hover"]`)!;
    expect(ring.getAttribute('data-step')).toBe(String(target.step));
    expect(x.invert(Number(ring.getAttribute('cx')))).toBeCloseTo(target.uniformity!, 2);
    expect(y.invert(Number(ring.getAttribute('cy')))).toBeCloseTo(target.tolerance!, 2);
    expect(svg.querySelectorAll('circle[data-role="hover"]')).toHaveLength(runs.length);
    expect(renderUniformityToleranceFigure(doc, { runs }, light).querySelector('[data-role="hover"]')).toBeNull();
  });

  it('puts start and end where the axes say, fading earlier steps', () => {
    const svg = renderUniformityToleranceFigure(doc, { runs }, light);
    expectSelfContained(svg, ['Uniformity', 'Tolerance'], light);
    legendClearsPlot(svg);
    expect(texts(svg)).toEqual(expect.arrayContaining([UNIFORMITY_LABEL, TOLERANCE_LABEL, 'start · step 0', 'end · step 2,000']));
    const x = axisScale(svg, 'x');
    const y = axisScale(svg, 'y');
    const run = runs[0]!;
    const group = svg.querySelector(`[data-run="${run.label}"]`)!;
    const start = group.querySelector('[data-role="start"]')!;
    const end = group.querySelector('[data-role="end"]')!;
    const first = run.history[0]!;
    const last = run.history[run.history.length - 1]!;
    expect(x.invert(Number(start.getAttribute('cx')))).toBeCloseTo(first.uniformity!, 2);
    expect(y.invert(Number(start.getAttribute('cy')))).toBeCloseTo(first.tolerance!, 2);
    expect(x.invert(Number(end.getAttribute('cx')))).toBeCloseTo(last.uniformity!, 2);
    expect(y.invert(Number(end.getAttribute('cy')))).toBeCloseTo(last.tolerance!, 2);
    const opacities = [...group.querySelectorAll('[data-role="steps"] circle')].map((c) => Number(c.getAttribute('fill-opacity')));
    expect(opacities).toHaveLength(run.history.length);
    expect(opacities[0]).toBeCloseTo(0.15, 5);
    expect(opacities[opacities.length - 1]).toBe(1);
    expect([...opacities].sort((a, b) => a - b)).toEqual(opacities);
    // Three runs start together: one shared start label.
    expect(texts(svg).filter((t) => t === 'start · step 0')).toHaveLength(1);
  });
});

describe('similarity by pair type', () => {
  const history = [distanceHistory(40, 'DySTreSS τ 0.1–0.2', 0, 1), distanceHistory(60, 'constant τ 0.1', 1, 0.4)];

  it('summarises each pair type once per array and bin count, and draws the same figure either way', () => {
    const fresh = (): typeof snapshot => ({
      ...snapshot,
      batch: {
        ...snapshot.batch,
        pairs: {
          truePositive: Float64Array.from(snapshot.batch.pairs.truePositive),
          falseNegative: Float64Array.from(snapshot.batch.pairs.falseNegative),
          trueNegative: Float64Array.from(snapshot.batch.pairs.trueNegative),
        },
      },
    });
    const values = fresh().batch.pairs.trueNegative;
    const summary = summarisePairType(values, 30);
    expect(summarisePairType(values, 30)).toBe(summary);
    expect(Array.from(summary.shares)).toEqual(Array.from(similarityHistogram(values, 30)));
    expect(summary.mean).toBe(finiteMean(values));
    expect(summarisePairType(values).shares).toHaveLength(50);

    const options = { ...light, height: 560 };
    const plain = goldenMarkup(renderPairDistributionsFigure(doc, { snapshot: fresh(), history }, options));
    const prepared = { snapshot: fresh(), history };
    preparePairDistributionsFigure(prepared);
    expect(goldenMarkup(renderPairDistributionsFigure(doc, prepared, options))).toBe(plain);
  });

  it('matches its golden file (with distances over training for two runs)', async () => {
    const svg = renderPairDistributionsFigure(doc, { snapshot, history }, { ...light, height: 560 });
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-pair-distributions-light.svg');
  });

  it('draws normalised histograms whose bars sum to 1, and prints the three distances', () => {
    const svg = renderPairDistributionsFigure(doc, { snapshot, history }, { ...light, height: 560 });
    expectSelfContained(svg, ['Similarity'], { ...light, height: 560 });
    legendClearsPlot(svg);
    const panel = svg.querySelector('[data-panel="histogram"]')!;
    const y = axisScale(panel, 'y');
    const pxPerShare = y.apply(0) - y.apply(1);
    const x = axisScale(panel, 'x');
    const pxPerBin = x.apply(0.04) - x.apply(0);
    for (const type of ['truePositive', 'falseNegative', 'trueNegative']) {
      const fill = panel.querySelector(`[data-histogram="${type}"] path[data-shares]`)!;
      const shares = fill.getAttribute('data-shares')!.split(' ').map(Number);
      expect(shares).toHaveLength(50);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      // The filled step area is the bars' total area: one bin wide times the shares' sum (1) high.
      expect(polygonArea(pathPoints(fill.getAttribute('d')!.replace(/Z$/, ''))) / (pxPerBin * pxPerShare)).toBeCloseTo(1, 3);
    }
    const { tpFn, fnTn, tpTn } = snapshot.batch.distances;
    expect(texts(svg)).toEqual(expect.arrayContaining([`W₁(TP, FN) = ${tpFn.toFixed(3)}`, `W₁(FN, TN) = ${fnTn.toFixed(3)}`, `W₁(TP, TN) = ${tpTn.toFixed(3)}`]));
    expect(svg.querySelectorAll('[data-panel="distances"] path[data-series]')).toHaveLength(6);
    const d = axisScale(svg.querySelector('[data-panel="distances"]')!, 'y');
    const line = svg.querySelector(`[data-panel="distances"] path[data-series="DySTreSS τ 0.1–0.2 tpTn"]`)!;
    const lastPoint = pathPoints(line.getAttribute('d')!).pop()!;
    expect(d.invert(lastPoint[1])).toBeCloseTo(history[0]!.points[12]!.distances.tpTn, 2);
  });

  it('bins over [−1, 1] with s = 1 in the last bin and ignores non-finite values', () => {
    const h = similarityHistogram([-1, -0.99, 0, 1, NaN], 4);
    expect(Array.from(h)).toEqual([0.5, 0, 0.25, 0.25]);
    expect(Array.from(similarityHistogram([], 3))).toEqual([0, 0, 0]);
  });

  it('leaves the distances panel out without a history', () => {
    const svg = renderPairDistributionsFigure(doc, { snapshot }, light);
    expect(svg.querySelector('[data-panel="distances"]')).toBeNull();
    expect(texts(svg)).toContain('true positives · 48');
  });

  it('without labels: positives and negatives only, and the one distance between them, over training too', () => {
    // As the trainer reports unlabelled data: every negative a true negative, no false negatives.
    const negatives = Float32Array.from([...currentBatch.pairs.falseNegative, ...currentBatch.pairs.trueNegative]);
    const pairs = { truePositive: currentBatch.pairs.truePositive, falseNegative: new Float32Array(0), trueNegative: negatives };
    const unlabelledSnapshot = { step: 1200, batch: { pairs, distances: { tpFn: NaN, fnTn: NaN, tpTn: 0.61 } } };
    const svg = renderPairDistributionsFigure(doc, { snapshot: unlabelledSnapshot, history, unlabelled: true }, { ...light, height: 560 });
    expectSelfContained(svg, ['Similarity'], { ...light, height: 560 });
    legendClearsPlot(svg);
    expect(svg.querySelector('[data-histogram="falseNegative"]')).toBeNull();
    expect(svg.querySelectorAll('[data-panel="histogram"] [data-histogram]')).toHaveLength(2);
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(['true positives · 48', `negatives (no labels) · ${negatives.length.toLocaleString("en-US")}`, 'W₁(TP, neg) = 0.610']));
    expect(shown.some((t) => /FN|TN\)|same class|other class/.test(t))).toBe(false);
    expect([...svg.querySelectorAll('[data-panel="distances"] path[data-series]')].map((p) => p.getAttribute('data-series'))).toEqual(
      history.map((h) => `${h.label} tpTn`).reverse(),
    );
    expect(svg.querySelector('desc')!.textContent).toContain('The data has no labels');
  });
});

describe('temperature over the batch', () => {
  const curves = { current: labelled('DySTreSS (cosine): τ min 0.1, τ max 0.2', dystress(0.1, 0.2)), pins: [labelled('Constant τ (SimCLR): τ 0.2', constant(0.2))] };

  it('draws the same figure whether or not its data was prepared first, and follows a new curve', () => {
    const fresh = () => ({ truePositive: Float32Array.from(currentBatch.pairs.truePositive), falseNegative: Float32Array.from(currentBatch.pairs.falseNegative), trueNegative: Float32Array.from(currentBatch.pairs.trueNegative) });
    const plain = goldenMarkup(renderBatchUnderTemperatureFigure(doc, { curves, pairs: fresh() }, light));
    const pairs = fresh();
    prepareBatchUnderTemperatureFigure({ curves, pairs });
    expect(goldenMarkup(renderBatchUnderTemperatureFigure(doc, { curves, pairs }, light))).toBe(plain);
    // Same pairs under another curve: the memo is per curve, so the mean τ changes with it.
    const wider = { ...curves, current: labelled('DySTreSS (cosine): τ min 0.1, τ max 0.5', dystress(0.1, 0.5)) };
    expect(goldenMarkup(renderBatchUnderTemperatureFigure(doc, { curves: wider, pairs }, light))).toBe(goldenMarkup(renderBatchUnderTemperatureFigure(doc, { curves: wider, pairs: fresh() }, light)));
    expect(goldenMarkup(renderBatchUnderTemperatureFigure(doc, { curves: wider, pairs }, light))).not.toBe(plain);
  });

  it('moves the current curve in place to the path a full build draws, while the τ axis stays', () => {
    const drawn = drawBatchUnderTemperatureFigure(doc, { curves, pairs: currentBatch.pairs }, light);
    const pathOf = (svg: SVGSVGElement) => [...svg.querySelectorAll('path[data-series]')].map((p) => [p.getAttribute('data-series'), p.getAttribute('d')]);
    // τ max 0.19: the axis (0 to 0.25, nice) is unchanged.
    const moved = { ...curves, current: labelled('DySTreSS (cosine): τ min 0.1, τ max 0.19', dystress(0.1, 0.19)) };
    const before = pathOf(drawn.element);
    expect(moveCurrentCurve(drawn.element, drawn.geometry, moved)).toBe(true);
    const rebuilt = drawBatchUnderTemperatureFigure(doc, { curves: moved, pairs: currentBatch.pairs }, light);
    expect(rebuilt.geometry.tauDomain).toEqual(drawn.geometry.tauDomain);
    expect(pathOf(drawn.element)).toEqual(pathOf(rebuilt.element));
    expect(pathOf(drawn.element)).not.toEqual(before);
    // τ max 0.5 needs another axis: nothing is moved, the figure must be built again.
    const wider = { ...curves, current: labelled('DySTreSS (cosine): τ min 0.1, τ max 0.5', dystress(0.1, 0.5)) };
    const untouched = pathOf(drawn.element);
    expect(moveCurrentCurve(drawn.element, drawn.geometry, wider)).toBe(false);
    expect(pathOf(drawn.element)).toEqual(untouched);
    // A curve pinned since it was drawn: not the same curves, built again.
    expect(moveCurrentCurve(drawn.element, drawn.geometry, { ...moved, pins: [...moved.pins, moved.current] })).toBe(false);
  });

  it('matches its golden file', async () => {
    const svg = renderBatchUnderTemperatureFigure(doc, { curves, pairs: currentBatch.pairs }, light);
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-batch-temperature-light.svg');
  });

  it('without labels: the batch’s positives and negatives under τ, named so, with the mean τ each receives', () => {
    const negatives = Float32Array.from([...currentBatch.pairs.falseNegative, ...currentBatch.pairs.trueNegative]);
    const pairs = { truePositive: currentBatch.pairs.truePositive, falseNegative: new Float32Array(0), trueNegative: negatives };
    const svg = renderBatchUnderTemperatureFigure(doc, { curves, pairs, unlabelled: true }, light);
    expectSelfContained(svg, ['Temperature'], light);
    legendClearsPlot(svg);
    expect(svg.querySelectorAll('[data-histogram]')).toHaveLength(2);
    const shown = texts(svg);
    expect(shown).toContain('negatives (no labels)');
    expect(shown.some((t) => /false negatives|other class/.test(t))).toBe(false);
    expect(shown.find((t) => t.startsWith('mean τ received:'))).toMatch(/^mean τ received: TP 0\.\d+ · neg 0\.\d+$/);
  });

  it('draws τ(s) on the left axis over the pair histograms on the right axis', () => {
    const svg = renderBatchUnderTemperatureFigure(doc, { curves, pairs: currentBatch.pairs }, light);
    expectSelfContained(svg, ['Temperature'], light);
    legendClearsPlot(svg);
    const x = axisScale(svg, 'x');
    const y = axisScale(svg, 'y');
    const path = svg.querySelector(`path[data-series="${curves.current.label}"]`)!;
    const points = pathPoints(path.getAttribute('d')!);
    const at = (s: number): number => y.invert(points.reduce((best, p) => (Math.abs(p[0] - x.apply(s)) < Math.abs(best[0] - x.apply(s)) ? p : best))[1]);
    expect(at(0)).toBeCloseTo(0.1, 3);
    expect(at(1)).toBeCloseTo(0.2, 3);
    const shares = svg.querySelector('[data-histogram="truePositive"] path')!.getAttribute('data-shares')!.split(' ').map(Number);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    // The tallest histogram reaches 45 % of the plot's height (the τ axis is niced, so its last tick is the top).
    const y2 = axisScale(svg, 'y2');
    const tallest = Math.max(...(['truePositive', 'falseNegative', 'trueNegative'] as const).flatMap((t) => Array.from(similarityHistogram(currentBatch.pairs[t]))));
    const tauTicks = [...svg.querySelectorAll('[data-axis="y"] .tick')].map((t) => Number(/translate\(0,([-\d.]+)\)/.exec(t.getAttribute('transform')!)![1]));
    const plotHeight = Math.max(...tauTicks) - Math.min(...tauTicks);
    expect((y2.apply(0) - y2.apply(tallest)) / plotHeight).toBeCloseTo(0.45, 3);
    const tp = meanTemperature(curves.current.curve.s, curves.current.curve.tau, currentBatch.pairs.truePositive);
    expect(texts(svg).join(' ')).toContain(`TP ${Number(tp.toFixed(3))}`);
    expect(texts(svg)).toEqual(expect.arrayContaining(['cosine similarity s', 'temperature τ(s)', 'share of pairs']));
  });

  it('interpolates a sampled curve and averages τ over pairs', () => {
    /** The naive reference: find the samples around `at` by a linear scan, interpolate between them. */
    const interpolate = (s: ArrayLike<number>, values: ArrayLike<number>, at: number): number => {
      if (at <= s[0]!) return values[0]!;
      for (let i = 1; i < s.length; i++) if (at <= s[i]!) return values[i - 1]! + ((at - s[i - 1]!) / (s[i]! - s[i - 1]!)) * (values[i]! - values[i - 1]!);
      return values[s.length - 1]!;
    };
    expect(meanTemperature([-1, 0, 1], [2, 0, 2], [0.25])).toBeCloseTo(0.5, 12);
    expect(meanTemperature([-1, 0, 1], [2, 0, 2], [3])).toBe(2);
    expect(meanTemperature([-1, 1], [0.2, 0.2], [0.3, -0.5, NaN])).toBeCloseTo(0.2, 12);
    expect(meanTemperature([-1, 0, 1], [2, 0, 2], [0.25, -1.5, 1, NaN])).toBeCloseTo((0.5 + 2 + 2) / 3, 12);
    expect(meanTemperature([], [], [0.5])).toBeNaN();
    // On a batch under the DySTreSS curve: the mean of the pointwise interpolation, and of τ(s) itself.
    const { s, tau } = labelled('', dystress(0.1, 0.5)).curve;
    const exact = temperature(dystress(0.1, 0.5));
    for (const type of ['truePositive', 'falseNegative', 'trueNegative'] as const) {
      const pairs = Float64Array.from(currentBatch.pairs[type]);
      let viaInterpolate = 0;
      let viaTau = 0;
      for (const v of pairs) {
        viaInterpolate += interpolate(s, tau, v);
        viaTau += exact.scalar(v);
      }
      expect(meanTemperature(s, tau, pairs)).toBeCloseTo(viaInterpolate / pairs.length, 12);
      expect(meanTemperature(s, tau, pairs)).toBeCloseTo(viaTau / pairs.length, 3);
    }
  });
});

describe('gradient on negatives', () => {
  it('draws the same figure whether or not its data was prepared first, at any bin count', () => {
    // Fresh arrays each time, so nothing is memoised from another test.
    const fresh = () => profiles().map((r) => ({ ...r, profile: { s: Float64Array.from(r.profile.s), weight: Float64Array.from(r.profile.weight), relativePenalty: Float64Array.from(r.profile.relativePenalty) } }));
    const options = { ...light, height: 540, maxDots: 150 };
    const plain = goldenMarkup(renderGradientProfileFigure(doc, { runs: fresh() }, options));
    const runs = fresh();
    prepareGradientProfileFigure({ runs, bins: 20 });
    expect(goldenMarkup(renderGradientProfileFigure(doc, { runs }, options))).toBe(plain);
    prepareGradientProfileFigure({ runs });
    expect(goldenMarkup(renderGradientProfileFigure(doc, { runs }, options))).toBe(plain);
    expect(goldenMarkup(renderGradientProfileFigure(doc, { runs, bins: 20 }, options))).toBe(goldenMarkup(renderGradientProfileFigure(doc, { runs: fresh(), bins: 20 }, options)));
  });

  it('matches its golden file', async () => {
    const svg = renderGradientProfileFigure(doc, { runs: profiles() }, { ...light, height: 540, maxDots: 150 });
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-gradient-profile-light.svg');
  });

  it('plots the binned means of P_ij/τ_ij and of the relative penalty on log axes', () => {
    const runsWithProfiles = profiles();
    const svg = renderGradientProfileFigure(doc, { runs: runsWithProfiles, bins: 20 }, { ...light, height: 540 });
    expectSelfContained(svg, ['Gradient'], { ...light, height: 540 });
    legendClearsPlot(svg);
    for (const key of ['weight', 'relativePenalty'] as const) {
      const panel = svg.querySelector(`[data-panel="${key}"]`)!;
      expect(panel.getAttribute('data-scale')).toBe('log');
      const y = axisScale(panel, 'y', true);
      const x = axisScale(svg.querySelector('[data-panel="relativePenalty"]')!, 'x');
      const { profile, label } = runsWithProfiles[0]!;
      const means = binnedMean(profile.s, profile[key], 20);
      const first = means.findIndex((m) => Number.isFinite(m));
      const [px, py] = pathPoints(panel.querySelector(`[data-role="means"] path[data-series="${label}"]`)!.getAttribute('d')!)[0]!;
      expect(x.invert(px)).toBeCloseTo(-1 + (first + 0.5) / 10, 2);
      expect(Math.log10(y.invert(py))).toBeCloseTo(Math.log10(means[first]!), 2);
    }
    // Single pairs: one path of dots per run, each dot a closed circle.
    for (const layer of svg.querySelectorAll('[data-role="pairs"] path')) {
      const dots = layer.getAttribute('d')!.match(/M/g)!.length;
      expect(dots).toBe(Number(layer.getAttribute('data-count')));
      expect(dots).toBeGreaterThan(100);
    }
    expect(svg.querySelectorAll('[data-role="pairs"] path').length).toBe(2 * runsWithProfiles.length);
  });

  it('uses a linear axis when asked, and writes powers of ten', () => {
    const svg = renderGradientProfileFigure(doc, { runs: profiles().slice(0, 1) }, { ...light, yScale: 'linear', scatter: false });
    expect(svg.querySelector('[data-panel="weight"]')!.getAttribute('data-scale')).toBe('linear');
    expect(svg.querySelector('[data-role="pairs"]')).toBeNull();
    expect([1e-3, 1e-2, 0.1, 1, 10, 100].map(powerOfTen)).toEqual(['10⁻³', '10⁻²', '10⁻¹', '1', '10', '10²']);
  });
});

describe('embedding', () => {
  it('draws the same figure whether or not its PCA was prepared first, and computes it once per points array', () => {
    const options = { ...light, height: 540 };
    const plain = goldenMarkup(renderEmbeddingFigure(doc, { dim: 16, points: Float32Array.from(embedding16.points), labels: embedding16.labels }, options));
    const points = Float32Array.from(embedding16.points);
    prepareEmbeddingFigure({ dim: 16, points, labels: embedding16.labels });
    expect(goldenMarkup(renderEmbeddingFigure(doc, { dim: 16, points, labels: embedding16.labels }, options))).toBe(plain);
    // Memoised by array, so fewer labels (fewer points drawn) must not reuse the full set's components blindly.
    const fewer = embedding16.labels.subarray(0, 100);
    expect(goldenMarkup(renderEmbeddingFigure(doc, { dim: 16, points, labels: fewer }, options))).toBe(
      goldenMarkup(renderEmbeddingFigure(doc, { dim: 16, points: Float32Array.from(embedding16.points), labels: fewer }, options)),
    );
    const first = projectEmbedding({ dim: 16, points, labels: embedding16.labels });
    const again = projectEmbedding({ dim: 16, points, labels: embedding16.labels, view: { yaw: 10, pitch: 5 } });
    expect(Array.from(again.x)).toEqual(Array.from(first.x));
  });

  it('matches its golden file (unit circle, with links)', async () => {
    const svg = renderEmbeddingFigure(doc, { dim: 2, ...embedding2, links: linksFor(240, 5) }, light);
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-embedding-circle-light.svg');
  });

  it('matches its golden file (unit sphere, dark)', async () => {
    const svg = renderEmbeddingFigure(doc, { dim: 3, points: embedding3.points.subarray(0, 150 * 3), labels: embedding3.labels.subarray(0, 150), view: { yaw: 35, pitch: 20 }, links: linksFor(150, 6) }, dark);
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-embedding-sphere-dark-narrow.svg');
  });

  it('matches its golden file (PCA of 16-D, ten named classes)', async () => {
    const svg = renderEmbeddingFigure(doc, { dim: 16, points: embedding16.points.subarray(0, 160 * 16), labels: embedding16.labels.subarray(0, 160), classNames: digitNames }, { ...light, height: 540 });
    await expect(goldenMarkup(svg)).toMatchFileSnapshot('./golden/lab-embedding-pca-light.svg');
  });

  it('draws the unit circle with the radius of 1 on the axes, and the points on it', () => {
    const svg = renderEmbeddingFigure(doc, { dim: 2, ...embedding2 }, light);
    expectSelfContained(svg, ['Embedding'], light);
    legendClearsPlot(svg);
    const x = axisScale(svg, 'x');
    const y = axisScale(svg, 'y');
    const circle = svg.querySelector('[data-role="unit-circle"]')!;
    expect(Number(circle.getAttribute('r'))).toBeCloseTo(x.apply(1) - x.apply(0), 6);
    expect(Number(circle.getAttribute('r'))).toBeCloseTo(y.apply(0) - y.apply(1), 6);
    const points = pointCentres(svg, 'points');
    expect(points).toHaveLength(240);
    for (const p of points) expect(Math.hypot(x.invert(p.x), y.invert(p.y))).toBeCloseTo(1, 2);
    // Each class's points are one path, in the class's colour.
    expect(points.filter((p) => p.label === 4)).toHaveLength(embedding2.labels.filter((l) => l === 4).length);
    expect(texts(svg)).toEqual(expect.arrayContaining(['z₁', 'z₂', 'class 0', 'class 4']));
  });

  it('rotates the sphere: yaw about z₃, pitch tilting z₃ towards the viewer; the far side is dimmed', () => {
    const front = sphereRotation({ yaw: 0, pitch: 0 });
    expect(front([1, 0, 0])).toEqual([1, 0, 0]);
    expect(front([0, 0, 1])).toEqual([0, 1, 0]);
    expect(front([0, 1, 0])).toEqual([0, 0, 1]);
    const turned = sphereRotation({ yaw: 90, pitch: 30 });
    const [sx, sy, depth] = turned([0, 0, 1]);
    expect(sx).toBeCloseTo(0, 12);
    expect(sy).toBeCloseTo(Math.cos(Math.PI / 6), 12);
    expect(depth).toBeCloseTo(0.5, 12);
    expect(turned([1, 0, 0])[2]).toBeCloseTo(Math.cos(Math.PI / 6), 12);

    const svg = renderEmbeddingFigure(doc, { dim: 3, ...embedding3, view: { yaw: 35, pitch: 20 } }, light);
    expectSelfContained(svg, ['Embedding'], light);
    const projection = projectEmbedding({ dim: 3, ...embedding3, view: { yaw: 35, pitch: 20 } });
    const onFront = Array.from(projection.depth).filter((d) => d >= 0).length;
    expect(pointCentres(svg, 'points')).toHaveLength(onFront);
    expect(pointCentres(svg, 'points-back')).toHaveLength(300 - onFront);
    expect(svg.querySelector('[data-role="points-back"]')!.getAttribute('opacity')).toBe('0.3');
    expect(svg.querySelectorAll('[data-circle="equator"]').length).toBeGreaterThanOrEqual(2);
    expect([...svg.querySelectorAll('[data-axis-key]')].map((t) => t.textContent)).toEqual(['z₁', 'z₂', 'z₃']);
  });

  it('projects higher dimensions with PCA and prints the explained variance', () => {
    // Points on a known plane of R⁸: the projection keeps their distances exactly.
    const n = 50;
    const points = new Float64Array(n * 8);
    for (let i = 0; i < n; i++) {
      points[i * 8 + 2] = Math.cos(i) * 0.9;
      points[i * 8 + 5] = Math.sin(i) * 0.4;
    }
    const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
    const projection = projectEmbedding({ dim: 8, points, labels });
    expect(projection.mode).toBe('pca');
    expect(projection.explained![0] + projection.explained![1]).toBeCloseTo(1, 10);
    const dist = (i: number, j: number, xs: ArrayLike<number>, ys: ArrayLike<number>): number => Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!);
    const orig = (i: number, j: number): number => Math.hypot(points[i * 8 + 2]! - points[j * 8 + 2]!, points[i * 8 + 5]! - points[j * 8 + 5]!);
    for (const [i, j] of [[0, 1], [3, 17], [10, 44]] as const) expect(dist(i, j, projection.x, projection.y)).toBeCloseTo(orig(i, j), 10);

    const svg = renderEmbeddingFigure(doc, { dim: 16, ...embedding16, classNames: digitNames }, { ...light, height: 540 });
    expectSelfContained(svg, ['Embedding', 'PCA'], { ...light, height: 540 });
    legendClearsPlot(svg);
    const [e1, e2] = svg.getAttribute('data-explained')!.split(' ').map(Number);
    const pc = pca(embedding16.points, 400, 16);
    expect(e1).toBeCloseTo(pc.explained[0]!, 12);
    expect(e2).toBeCloseTo(pc.explained[1]!, 12);
    expect(texts(svg)).toEqual(expect.arrayContaining([`PC 1 (${(100 * e1!).toFixed(1)}%)`, `PC 2 (${(100 * e2!).toFixed(1)}%)`, 'zero', 'nine']));
    // Classes 8 and 9 are hollow: a second cue besides hue.
    expect(svg.querySelector('[data-legend="nine"] circle')!.getAttribute('fill')).toBe('none');
    expect(svg.querySelector('[data-class="9"]')!.getAttribute('fill')).toBe('none');
  });
});

describe('tick labels on narrow ranges', () => {
  const labelsOf = (root: Element, axis: string): string[] => [...root.querySelectorAll(`[data-axis="${axis}"] .tick text`)].map((t) => t.textContent ?? '').filter((t) => t !== '');

  it('show whole steps only, and percentages precise enough to differ, on a three-step run', () => {
    const history = [0, 1, 2].map((step) => ({
      step,
      loss: 4 - step * 0.01,
      stepMs: 50,
      alignment: 1,
      uniformity: -1,
      tolerance: 0.5,
      interClassUniformity: -1,
      knnAccuracy: 0.81 + step * 0.004,
      tauPositiveMean: null,
      tauNegativeMean: null,
    }));
    const svg = renderTrainingCurvesFigure(doc, { runs: [{ label: 'short', colorIndex: 0, history }] }, { ...light, height: 520 });
    const lowest = [...svg.querySelectorAll('[data-panel]')].map((p) => labelsOf(p, 'x')).filter((l) => l.length > 0);
    expect(lowest.length).toBeGreaterThan(0);
    for (const labels of lowest) {
      expect(labels.every((l) => /^\d+$/.test(l))).toBe(true);
      expect(new Set(labels).size).toBe(labels.length);
    }
    const knn = labelsOf(svg.querySelector('[data-panel="knnAccuracy"]')!, 'y');
    expect(knn.length).toBeGreaterThan(1);
    expect(new Set(knn).size).toBe(knn.length);
    expect(knn.every((l) => l.endsWith('%'))).toBe(true);
  });

  it('never take the share-of-pairs axis past 100 %', () => {
    const ones = new Float32Array(64).fill(0.999);
    const spread = Float32Array.from({ length: 64 }, (_, i) => -0.5 + i / 64);
    const pairs = { truePositive: ones, falseNegative: spread, trueNegative: spread };
    const svg = renderPairDistributionsFigure(doc, { snapshot: { step: 3, batch: { pairs, distances: { tpFn: 1, fnTn: 0, tpTn: 1 } } } }, light);
    const shares = labelsOf(svg.querySelector('[data-panel="histogram"]')!, 'y').map(tickValue);
    expect(Math.max(...shares)).toBe(1);
  });
});

describe('geometry for the pointer', () => {
  /** An element standing in for the drawn SVG: shown at `shown` px wide from (left, top) on the page. */
  const shownAt = (left: number, top: number, shown: number): Element => ({ getBoundingClientRect: () => ({ left, top, width: shown }) }) as unknown as Element;

  it('gives each training panel the step scale and cell it draws, and maps the pointer through them', () => {
    const options = { ...light, height: 520 };
    const { element, geometry } = drawTrainingCurvesFigure(doc, { runs }, options);
    const drawn = [...element.querySelectorAll('g[data-panel]')];
    expect(geometry.width).toBe(560);
    expect(geometry.panels.map((p) => p.metric)).toEqual(drawn.map((g) => g.getAttribute('data-panel')));
    for (const [i, panel] of geometry.panels.entries()) {
      expect(panel.stepDomain.join(' ')).toBe(drawn[i]!.getAttribute('data-step-domain'));
      expect(panel.stepRange.join(' ')).toBe(drawn[i]!.getAttribute('data-step-range'));
      expect(panel.box.left).toBeLessThan(panel.stepRange[0]);
      expect(panel.box.right).toBe(panel.stepRange[1]);
    }
    const loss = geometry.panels[0]!;
    const [d0, d1] = loss.stepDomain;
    const [r0, r1] = loss.stepRange;
    const middle = (loss.box.top + loss.box.bottom) / 2;
    // Shown at half size, 100 px from the page's left edge.
    const svg = shownAt(100, 50, 280);
    expect(stepUnderPointer(svg, geometry, 100 + ((r0 + r1) / 2) * 0.5, 50 + middle * 0.5)).toBeCloseTo((d0 + d1) / 2, 9);
    expect(stepUnderPointer(svg, geometry, 100 + r1 * 0.5, 50 + middle * 0.5)).toBeCloseTo(d1, 9);
    expect(stepUnderPointer(svg, geometry, 100 + r0 * 0.5, 50 + (loss.box.top - 1) * 0.5)).toBeNull();
  });

  it('gives the embedding the plot square it draws, and finds the point under the pointer', () => {
    const data = { dim: 2, ...embedding2 };
    const { element, geometry } = drawEmbeddingFigure(doc, data, light);
    const { half, left, top, side } = geometry;
    expect(`${half} ${left} ${top} ${side}`).toBe(element.querySelector('[data-plot]')!.getAttribute('data-plot'));
    const projection = projectEmbedding(data);
    const svg = shownAt(0, 0, 560);
    const at = (i: number): [number, number] => [left + ((projection.x[i]! + half) * side) / (2 * half), top + side - ((projection.y[i]! + half) * side) / (2 * half)];
    const [x, y] = at(17);
    const found = pointUnderPointer(svg, geometry, projection, x, y)!;
    expect(Math.hypot(at(found)[0] - x, at(found)[1] - y)).toBe(0);
    expect(pointUnderPointer(svg, geometry, projection, left - 40, top - 40)).toBeNull();
  });
});

describe('device pixel ratio', () => {
  it('puts axis lines on half pixels at 1 (the default) and on whole pixels above', () => {
    const domain = (devicePixelRatio?: number): string | null =>
      renderTrainingCurvesFigure(doc, { runs }, { ...light, height: 520, devicePixelRatio }).querySelector('[data-panel="loss"] [data-axis="x"] path.domain')!.getAttribute('d');
    expect(domain()).toMatch(/^M[\d.]+\.5,0\.5H[\d.]+\.5$/);
    expect(domain(1)).toBe(domain());
    expect(domain(2)).toMatch(/^M\d+,0H\d+$/);
  });
});
