import { format, line, max, range, scaleLinear } from 'd3';
import { axisTitle, drawAxis, drawGridLines, tickCount } from './frame/axis';
import type { FigureDocument, FigureRoot, Group } from './frame/document';
import type { LegendItem } from './frame/legend';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD } from './frame/sizes';
import { pairStyle, PAIR_TYPES, runColor } from './frame/styles';
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
  for (const type of PAIR_TYPES) {
    summarisePairType(data.pairs[type], data.bins ?? HISTOGRAM_BINS);
    meanTemperatureOf(data.pairs[type], data.curves.current.curve);
  }
}

const tauFormat = format('.3~f');

/** The histograms fill at most this share of the plot's height, so the τ curve stays clear above them. */
const HISTOGRAM_HEADROOM = 0.45;

export function renderBatchUnderTemperatureFigure<D extends FigureDocument>(doc: D, data: BatchUnderTemperatureData, options: LabFigureOptions): FigureRoot<D> {
  const { width, theme } = options;
  const bins = data.bins ?? HISTOGRAM_BINS;
  const curves = [data.curves.current, ...data.curves.pins];
  const types = PAIR_TYPES.map((type) => {
    const values = data.pairs[type];
    return { type, style: pairStyle(theme, type), count: values.length, shares: summarisePairType(values, bins).shares, meanTau: meanTemperatureOf(values, data.curves.current.curve) };
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
  const [, high] = extentOf(curves.map((c) => c.curve.tau));
  const yTau = scaleLinear()
    .domain([0, high * 1.08])
    .range([bottom, top])
    .nice(tickCount(bottom - top, 50));
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
    const path = line<number>()
      .defined((k) => Number.isFinite(c.curve.tau[k]!))
      .x((k) => x(c.curve.s[k]!))
      .y((k) => yTau(c.curve.tau[k]!))
      .digits(2);
    layer
      .append('path')
      .attr('d', path(range(c.curve.s.length)) ?? '')
      .attr('stroke', runColor(theme, i))
      .attr('stroke-width', i === 0 ? 2.5 : 2)
      .attr('stroke-dasharray', i === 0 ? null : '6 4')
      .attr('data-series', c.label);
  }
  return root;
}
