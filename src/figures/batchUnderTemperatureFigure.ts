import { format, line, max, range, scaleLinear } from 'd3';
import { axisTitle, drawAxis, drawGridLines, tickCount } from './frame/axis';
import type { Drawn, FigureDocument, FigureRoot, Group } from './frame/document';
import type { LegendItem } from './frame/legend';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD } from './frame/sizes';
import { pairStyle, pairTypes, runColor } from './frame/styles';
import { drawHistogramArea, HISTOGRAM_BINS, summarisePairType, type PairSimilarities } from './similarityHistogram';
import { memoisePerData } from './memo';
import { extentOf, SIMILARITY_DOMAIN, type CurveSet, type SampledCurve } from './similarityCurves';

/**
 * The τ studio during training: τ(s) of the current temperature (and any pinned curves, dashed) in the
 * studio's style, over the current batch's similarity histograms by pair type on a secondary axis (share of
 * pairs). Where a pair type's mass sits under the curve is the temperature those pairs are trained with.
 */

export interface BatchUnderTemperatureData {
  readonly curves: CurveSet;
  readonly pairs: PairSimilarities;
  readonly bins?: number;
  /** The data has no labels: the batch's positives and negatives, no false negatives to tell apart. */
  readonly unlabelled?: boolean;
}

/**
 * The mean temperature the pairs of one type receive under a sampled τ(s) (s ascending): τ interpolated
 * linearly at every pair, the end values outside the samples. One loop with no call per pair, since it runs
 * over every pair of the batch at each update.
 */
export function meanTemperature(s: ArrayLike<number>, tau: ArrayLike<number>, pairs: ArrayLike<number>): number {
  const last = s.length - 1;
  if (last < 0) return NaN;
  const first = s[0]!;
  const end = s[last]!;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < pairs.length; i++) {
    const at = pairs[i]!;
    if (!Number.isFinite(at)) continue;
    n++;
    if (at <= first) {
      sum += tau[0]!;
      continue;
    }
    if (at >= end) {
      sum += tau[last]!;
      continue;
    }
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! <= at) lo = mid;
      else hi = mid;
    }
    const t = (at - s[lo]!) / (s[hi]! - s[lo]! || 1);
    sum += tau[lo]! + t * (tau[hi]! - tau[lo]!);
  }
  return n > 0 ? sum / n : NaN;
}

/** meanTemperature once per pair array and sampled τ (see memoisePerData). */
const meanTemperatureOf = memoisePerData((pairs: ArrayLike<number>, curve: SampledCurve): number => meanTemperature(curve.s, curve.tau, pairs));

/** The figure's data work (histograms and mean τ per pair type, memoised), for a task of its own before the build. */
export function prepareBatchUnderTemperatureFigure(data: BatchUnderTemperatureData): void {
  for (const type of pairTypes(data.unlabelled)) {
    summarisePairType(data.pairs[type], data.bins ?? HISTOGRAM_BINS);
    meanTemperatureOf(data.pairs[type], data.curves.current.curve);
  }
}

const tauFormat = format('.3~f');

/** The histograms fill at most this share of the plot's height, so the τ curve stays clear above them. */
const HISTOGRAM_HEADROOM = 0.45;

/** Where τ(s) was drawn: what moving the current curve in place needs (values, no markup to parse back). */
export interface TemperatureCurveGeometry {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** The τ axis's domain as drawn (rounded to nice ticks). */
  readonly tauDomain: readonly [number, number];
}

/** The τ axis for these curves between `bottom` and `top`: from 0, to a nice value above the highest τ. */
function tauScale(curves: readonly { readonly curve: SampledCurve }[], bottom: number, top: number) {
  const [, high] = extentOf(curves.map((c) => c.curve.tau));
  return scaleLinear()
    .domain([0, high * 1.08])
    .range([bottom, top])
    .nice(tickCount(bottom - top, 50));
}

/** The SVG path of a sampled τ(s) on the figure's scales (gaps where τ is not finite). */
function curvePath(curve: SampledCurve, x: (s: number) => number, y: (tau: number) => number): string {
  const path = line<number>()
    .defined((k) => Number.isFinite(curve.tau[k]!))
    .x((k) => x(curve.s[k]!))
    .y((k) => y(curve.tau[k]!))
    .digits(2);
  return path(range(curve.s.length)) ?? '';
}

/** What moveCurrentCurve touches in a drawn figure (a DOM element on the page). */
interface DrawnFigure {
  querySelectorAll(selector: string): ArrayLike<{ setAttribute(name: string, value: string): void }>;
}

/**
 * Moves the current τ(s) curve of a drawn figure to `curves.current` in place — one path's `d` — when the
 * τ axis stays as drawn and the same curves are shown; otherwise returns false and the figure must be built
 * again. For a slider that moves τ: the curve follows the hand at once, and the full build (legend, mean τ,
 * description) follows when the scheduler gets to it. The current curve is the last one drawn.
 */
export function moveCurrentCurve(svg: DrawnFigure, geometry: TemperatureCurveGeometry, curves: CurveSet): boolean {
  const all = [curves.current, ...curves.pins];
  const y = tauScale(all, geometry.bottom, geometry.top);
  const [low, high] = y.domain();
  if (low !== geometry.tauDomain[0] || high !== geometry.tauDomain[1]) return false;
  const paths = svg.querySelectorAll('path[data-series]');
  if (paths.length !== all.length) return false;
  const x = scaleLinear().domain(SIMILARITY_DOMAIN).range([geometry.left, geometry.right]);
  const current = paths[paths.length - 1]!;
  current.setAttribute('d', curvePath(curves.current.curve, x, y));
  current.setAttribute('data-series', curves.current.label);
  return true;
}

export function renderBatchUnderTemperatureFigure<D extends FigureDocument>(doc: D, data: BatchUnderTemperatureData, options: LabFigureOptions): FigureRoot<D> {
  return drawBatchUnderTemperatureFigure(doc, data, options).element;
}

/** The figure with the geometry of its τ axis, for moveCurrentCurve. */
export function drawBatchUnderTemperatureFigure<D extends FigureDocument>(
  doc: D,
  data: BatchUnderTemperatureData,
  options: LabFigureOptions,
): Drawn<TemperatureCurveGeometry, FigureRoot<D>> {
  const { width, theme } = options;
  const bins = data.bins ?? HISTOGRAM_BINS;
  const curves = [data.curves.current, ...data.curves.pins];
  const types = pairTypes(data.unlabelled).map((type) => {
    const values = data.pairs[type];
    return { type, style: pairStyle(theme, type, data.unlabelled), count: values.length, shares: summarisePairType(values, bins).shares, meanTau: meanTemperatureOf(values, data.curves.current.curve) };
  });

  const means = types
    .filter((t) => Number.isFinite(t.meanTau))
    .map((t) => `${t.style.short} ${tauFormat(t.meanTau)}`)
    .join(' · ');
  const description =
    `Temperature τ(s) of ${data.curves.current.label} over the current batch's cosine similarities: histograms of ` +
    types.map((t) => `${t.style.label} (${t.count} pairs)`).join(', ') +
    ` on a secondary axis (share of pairs).` +
    (means !== '' ? ` Mean τ received: ${means}.` : '') +
    (data.curves.pins.length > 0 ? ` Dashed: ${data.curves.pins.length} pinned curve(s).` : '');
  const { svg, root } = createFigureRoot(doc, { ariaLabel: 'Temperature over the current batch', title: 'Temperature over the batch', description }, options);

  const legend: LegendItem[] = [
    ...curves.map((c, i): LegendItem => ({ label: c.label, color: runColor(theme, i), swatch: 'line', dash: i === 0 ? null : '6 4' })),
    ...types.map((t, i): LegendItem => ({ label: t.style.label, color: t.style.color, swatch: 'area', newRow: i === 0 })),
  ];
  const notes = means !== '' ? [`mean τ received: ${means}`] : [];
  const top = drawHeader(svg, { title: 'Temperature over the batch', subtitle: options.subtitle, legend, notes }, options);
  const bottom = drawCaption(svg, options.caption, options) - 36;

  const left = PAD + 50;
  const right = width - PAD - 54;
  const x = scaleLinear().domain(SIMILARITY_DOMAIN).range([left, right]);
  const yTau = tauScale(curves, bottom, top);
  const peak = max(types, (t) => max(t.shares) ?? 0) ?? 0;
  const yShare = scaleLinear()
    .domain([0, (peak > 0 ? peak : 0.1) / HISTOGRAM_HEADROOM])
    .range([bottom, top]);

  const body: Group = svg.append('g');
  const xTicks = x.ticks(tickCount(right - left, 60));
  const tauTicks = yTau.ticks(tickCount(bottom - top, 50));
  drawGridLines(body, x, yTau, xTicks, tauTicks, theme);

  const histograms: Group = body.append('g').attr('data-role', 'histograms');
  for (const t of [...types].reverse()) drawHistogramArea(histograms, t.shares, x, yShare, t.style.color, t.type);

  drawAxis(body, { scale: x, orient: 'bottom', at: bottom, ticks: xTicks, format: x.tickFormat(xTicks.length), name: 'x' }, options);
  drawAxis(body, { scale: yTau, orient: 'left', at: left, ticks: tauTicks, format: yTau.tickFormat(tauTicks.length), name: 'y' }, options);
  // The share axis only spans the histograms' range: above it there is nothing to read off.
  const shareTop = (peak > 0 ? peak : 0.1) * 1.1;
  const shareTicks = scaleLinear().domain([0, shareTop]).nice(3).ticks(3).filter((v) => v <= shareTop);
  drawAxis(body, { scale: yShare, orient: 'right', at: right, ticks: shareTicks, format: format(shareTop < 0.1 ? '.1%' : '.0%'), name: 'y2' }, options);
  axisTitle(body, 'cosine similarity s', (left + right) / 2, bottom + 34, theme);
  axisTitle(body, 'temperature τ(s)', PAD - 8, (top + bottom) / 2, theme, true);
  const shareTitleY = (yShare(0) + yShare(shareTop)) / 2;
  body
    .append('text')
    .attr('transform', `translate(${options.width - PAD + 2},${shareTitleY}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', theme.foreground)
    .attr('data-role', 'axis-title')
    .text('share of pairs');

  const layer = body.append('g').attr('fill', 'none').attr('stroke-linejoin', 'round').attr('stroke-linecap', 'round');
  for (let i = curves.length - 1; i >= 0; i--) {
    const c = curves[i]!;
    layer
      .append('path')
      .attr('d', curvePath(c.curve, x, yTau))
      .attr('stroke', runColor(theme, i))
      .attr('stroke-width', i === 0 ? 2.5 : 2)
      .attr('stroke-dasharray', i === 0 ? null : '6 4')
      .attr('data-series', c.label);
  }
  const [tauLow, tauHigh] = yTau.domain() as [number, number];
  return { element: root, geometry: { left, right, top, bottom, tauDomain: [tauLow, tauHigh] } };
}
