import { format, line, range, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { binnedMean } from '../core/analysis/gradients';
import { axisTitle, drawAxis, drawGridLines, panelTitle, tickCount } from './frame/axis';
import type { FigureDocument, FigureRoot, Group } from './frame/document';
import type { LegendItem } from './frame/legend';
import { dotSubpath } from './frame/marks';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD } from './frame/sizes';
import { runColor, runDash, type RunStyle } from './frame/styles';
import { memoisePerData } from './memo';
import { SIMILARITY_DOMAIN } from './similarityCurves';

/**
 * How hard the current batch pushes each negative: the per-negative gradient weight P_ij/τ_ij and Wang &
 * Liu's relative penalty (the negative's gradient over the positive's) against the pair's similarity s.
 * Lines are means in equal bins of s (core/analysis binnedMean); faint dots are single pairs. Both are
 * positive and span decades, so the y axes are logarithmic unless told otherwise.
 */

/** Per negative pair: structural, so the core's NegativeProfile fits. */
export interface NegativeProfileData {
  readonly s: ArrayLike<number>;
  readonly weight: ArrayLike<number>;
  readonly relativePenalty: ArrayLike<number>;
}

export interface GradientRun extends RunStyle {
  readonly profile: NegativeProfileData;
}

export interface GradientProfileData {
  readonly runs: readonly GradientRun[];
  /** Bins of s over [−1, 1] for the mean lines (default 40). */
  readonly bins?: number;
}

export interface GradientProfileOptions extends LabFigureOptions {
  /** 'auto' (default): logarithmic when the values span more than two decades. */
  readonly yScale?: 'auto' | 'log' | 'linear';
  /** Draw single pairs as faint dots (default true), at most `maxDots` per run. */
  readonly scatter?: boolean;
  readonly maxDots?: number;
  /**
   * How the loss weighs negatives: 'softmax' (NT-Xent, default: each weight Pᵢⱼ/τᵢⱼ shares one denominator
   * with the row's other negatives) or 'sigmoid' (SigLIP: each weight σ(zᵢⱼ)·t/τᵢⱼ is the pair's own).
   */
  readonly weighting?: 'softmax' | 'sigmoid' | 'logit-function';
}

type Quantity = 'weight' | 'relativePenalty';

/** Each panel's title is its y axis's label. */
const QUANTITIES: readonly { key: Quantity; title: string }[] = [
  { key: 'weight', title: 'gradient weight Pᵢⱼ/τᵢⱼ' },
  { key: 'relativePenalty', title: 'relative penalty rᵢⱼ (Wang & Liu)' },
];

const WEIGHT_TITLES = {
  sigmoid: 'gradient weight σ(zᵢⱼ)·t/τᵢⱼ, each negative on its own (SigLIP)',
  'logit-function': 'gradient weight Pᵢⱼ·ℓ′(sᵢⱼ), the logit ℓ(s) = s/τ(s) differentiated',
} as const;

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10⁻³ for 0.001; 1 and 10 stay plain. */
export function powerOfTen(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e === 0) return '1';
  if (e === 1) return '10';
  return `10${[...String(e)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

const sFormat = format('.2f');
const valueFormat = format('.3~g');

/** Bin centres of `bins` equal bins over [−1, 1]. */
function binCentres(bins: number): Float64Array {
  return Float64Array.from({ length: bins }, (_, b) => -1 + (2 * (b + 0.5)) / bins);
}

interface RunCurves extends ProfileSummary {
  readonly run: GradientRun;
}

/** The smallest and largest positive finite value, or undefined when there is none. */
function positiveExtent(a: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : undefined;
}

/** What the figure derives from one run's profile: binned means and the positive extent of each quantity. */
interface ProfileSummary {
  readonly means: Record<Quantity, Float64Array>;
  readonly extents: Record<Quantity, [number, number] | undefined>;
}

/** Once per profile and bin count (see memoisePerData; prepareGradientProfileFigure runs it ahead of a build). */
const summariseProfile = memoisePerData(
  (profile: NegativeProfileData, bins: number): ProfileSummary => ({
    means: { weight: binnedMean(profile.s, profile.weight, bins), relativePenalty: binnedMean(profile.s, profile.relativePenalty, bins) },
    extents: { weight: positiveExtent(profile.weight), relativePenalty: positiveExtent(profile.relativePenalty) },
  }),
);

/** The figure's data work (binned means and extents, memoised), to run in a task of its own before a build. */
export function prepareGradientProfileFigure(data: GradientProfileData): void {
  for (const run of data.runs) summariseProfile(run.profile, data.bins ?? DEFAULT_BINS);
}

const DEFAULT_BINS = 40;

const DOT_RADIUS = 1.4;

/** Every `stride`-th index, so at most `limit` dots: deterministic, spread over the batch. */
function sampleIndices(n: number, limit: number): number[] {
  const stride = Math.max(1, Math.ceil(n / Math.max(1, limit)));
  return range(0, n, stride);
}

export function renderGradientProfileFigure<D extends FigureDocument>(doc: D, data: GradientProfileData, options: GradientProfileOptions): FigureRoot<D> {
  const { width, theme } = options;
  const bins = data.bins ?? DEFAULT_BINS;
  const centres = binCentres(bins);
  const curves: RunCurves[] = data.runs.map((run) => ({ run, ...summariseProfile(run.profile, bins) }));
  const scatter = options.scatter ?? true;
  const maxDots = options.maxDots ?? 800;

  // Where the live run pushes hardest: the bin with the largest mean weight.
  let peakBin = -1;
  const live = curves[0];
  if (live) for (let b = 0; b < bins; b++) if (Number.isFinite(live.means.weight[b]!) && (peakBin < 0 || live.means.weight[b]! > live.means.weight[peakBin]!)) peakBin = b;
  const peakNote = live && peakBin >= 0 ? `largest mean weight ${valueFormat(live.means.weight[peakBin]!)} at s≈${sFormat(centres[peakBin]!)} (${live.run.label})` : undefined;

  const sigmoid = options.weighting === 'sigmoid';
  const description =
    `Gradient on each negative pair of the current batch against its cosine similarity s: weight ` +
    (sigmoid
      ? `σ(z_ij)·t/τ_ij, SigLIP's sigmoid weight that no other negative changes`
      : options.weighting === 'logit-function'
        ? `P_ij·ℓ′(s_ij), the slope of the logit ℓ(s) = s/τ(s), which is never detached`
        : `P_ij/τ_ij`) +
    ` (upper panel) and ` +
    `Wang & Liu's relative penalty, the negative's gradient over the positive's (lower panel), as means in ${bins} bins of s` +
    (scatter ? ' over faint dots for single pairs' : '') +
    `; runs: ${data.runs.map((r) => `${r.label} (${r.profile.s.length} negatives)`).join(', ') || 'none'}.` +
    (peakNote ? ` ${peakNote}.` : '');
  const { svg, root } = createFigureRoot(doc, { ariaLabel: 'Gradient on negatives vs cosine similarity', title: 'Gradient on negatives', description }, options);

  const legend: LegendItem[] = data.runs.map((r) => ({ label: r.label, color: runColor(theme, r.colorIndex), swatch: 'line', dash: runDash(r.colorIndex) }));
  const notes = [`lines: means in ${bins} bins of s${scatter ? ' · dots: single pairs' : ''}`];
  if (peakNote) notes.push(peakNote);
  const top = drawHeader(svg, { title: 'Gradient on negatives', subtitle: options.subtitle, legend, notes }, options);
  const bottom = drawCaption(svg, options.caption, options) - 36;

  const left = PAD + 50;
  const right = width - PAD - 6;
  const x = scaleLinear().domain(SIMILARITY_DOMAIN).range([left, right]);
  const xTicks = x.ticks(tickCount(right - left, 60));
  const gap = 30;
  const panelHeight = (bottom - top - gap) / 2;

  QUANTITIES.forEach((q, index) => {
    const panelTop = top + index * (panelHeight + gap) + 24;
    const panelBottom = top + index * (panelHeight + gap) + panelHeight;
    const lowest = index === QUANTITIES.length - 1;
    const extent = curves.reduce<[number, number] | undefined>((all, c) => {
      const e = c.extents[q.key];
      return !e ? all : !all ? e : [Math.min(all[0], e[0]), Math.max(all[1], e[1])];
    }, undefined) ?? [1e-3, 1];
    const log = options.yScale === 'log' || ((options.yScale ?? 'auto') === 'auto' && extent[1] / extent[0] > 100);
    let y: ScaleContinuousNumeric<number, number>;
    let yTicks: number[];
    let yFormat: (v: number) => string;
    if (log) {
      const lo = 10 ** Math.floor(Math.log10(extent[0]));
      const hi = 10 ** Math.ceil(Math.log10(extent[1]));
      y = scaleLog().domain([lo, hi === lo ? lo * 10 : hi]).range([panelBottom, panelTop]).clamp(true);
      const decades = Math.round(Math.log10(y.domain()[1]! / y.domain()[0]!));
      const every = Math.max(1, Math.ceil(decades / Math.max(1, Math.floor((panelBottom - panelTop) / 22))));
      yTicks = range(0, decades + 1, every).map((e) => lo * 10 ** e);
      yFormat = powerOfTen;
    } else {
      y = scaleLinear().domain([0, extent[1] * 1.08]).range([panelBottom, panelTop]).nice(3);
      yTicks = y.ticks(tickCount(panelBottom - panelTop, 30));
      yFormat = y.tickFormat(yTicks.length);
    }

    const g: Group = svg.append('g').attr('data-panel', q.key).attr('data-scale', log ? 'log' : 'linear');
    panelTitle(g, `${q.key === 'weight' && options.weighting && options.weighting !== 'softmax' ? WEIGHT_TITLES[options.weighting] : q.title}${log ? ' · log scale' : ''}`, PAD, panelTop - 14, theme);
    drawGridLines(g, x, y, xTicks, yTicks, theme);
    drawAxis(g, { scale: x, orient: 'bottom', at: panelBottom, ticks: xTicks, labels: lowest, format: x.tickFormat(xTicks.length), name: 'x' }, options);
    drawAxis(g, { scale: y, orient: 'left', at: left, ticks: yTicks, format: yFormat, name: 'y' }, options);

    const valid = (v: number): boolean => Number.isFinite(v) && (!log || v > 0);
    if (scatter) {
      const dots = g.append('g').attr('data-role', 'pairs');
      for (const { run } of [...curves].reverse()) {
        const { s } = run.profile;
        const v = run.profile[q.key];
        // All of a run's dots in one path of small closed circles: one element, cheap to rebuild.
        let d = '';
        let count = 0;
        for (const i of sampleIndices(s.length, maxDots)) {
          if (!valid(v[i]!) || !Number.isFinite(s[i]!)) continue;
          d += dotSubpath(x(s[i]!), y(v[i]!), DOT_RADIUS, 1);
          count++;
        }
        dots
          .append('path')
          .attr('d', d)
          .attr('fill', runColor(theme, run.colorIndex))
          .attr('fill-opacity', theme.name === 'dark' ? 0.24 : 0.16)
          .attr('data-count', count);
      }
    }
    const lines = g.append('g').attr('data-role', 'means').attr('fill', 'none').attr('stroke-linejoin', 'round');
    for (const { run, means } of [...curves].reverse()) {
      const m = means[q.key];
      const color = runColor(theme, run.colorIndex);
      const path = line<number>()
        .defined((b) => valid(m[b]!))
        .x((b) => x(centres[b]!))
        .y((b) => y(m[b]!))
        .digits(2);
      lines
        .append('path')
        .attr('d', path(range(bins)) ?? '')
        .attr('stroke', color)
        .attr('stroke-width', 2.25)
        .attr('stroke-dasharray', runDash(run.colorIndex))
        .attr('data-series', run.label);
      for (let b = 0; b < bins; b++) {
        const isolated = valid(m[b]!) && !(b > 0 && valid(m[b - 1]!)) && !(b < bins - 1 && valid(m[b + 1]!));
        if (isolated) lines.append('circle').attr('cx', x(centres[b]!)).attr('cy', y(m[b]!)).attr('r', 2.25).attr('fill', color).attr('stroke', 'none');
      }
    }
    if (lowest) axisTitle(g, 'cosine similarity s of the negative pair', (left + right) / 2, panelBottom + 34, theme);
  });
  return root;
}
