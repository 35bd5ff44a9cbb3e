import { format, scaleLinear } from 'd3';
import { renderCurveChart, type ChartNote, type ChartSeries, type XBand } from './curveChart';
import type { FigureDocument, FigureRoot } from './frame/document';
import type { FigureOptions } from './frame/root';
import { extentOf, SIMILARITY_DOMAIN, type CurveSet } from './similarityCurves';

export interface TemperatureRatio {
  /** How the ratio is written, e.g. "τ max/τ min". */
  readonly label: string;
  readonly value: number;
}

export interface LogitFigureData extends CurveSet {
  /** Intervals of s where the current curve's logit decreases (core/analysis logitMonotonicity). */
  readonly decreasing: readonly XBand[];
  /** Set when the family has a lowest and a highest temperature. */
  readonly ratio?: TemperatureRatio;
}

const sFormat = format('.2f');
const ratioFormat = format('.3~g');

/** The plain-language verdict shown in the figure and read out by screen readers. */
export function monotonicityMessage(decreasing: readonly XBand[]): string {
  if (decreasing.length === 0) return 'Monotonic: a more similar negative always gets a larger logit.';
  const intervals = decreasing.map((b) => `[${sFormat(b.from)}, ${sFormat(b.to)}]`).join(' ∪ ');
  return `Not monotonic: on s ∈ ${intervals} a more similar negative gets a smaller logit.`;
}

/**
 * The effective logit s/τ(s) that enters the softmax. Where it decreases (shaded) the ordering of negatives
 * by similarity is inverted, which is the failure mode of a too-wide temperature range.
 */
export function renderLogitFigure<D extends FigureDocument>(doc: D, data: LogitFigureData, options: FigureOptions): FigureRoot<D> {
  const { theme } = options;
  const curves = [data.current, ...data.pins];
  const series: ChartSeries[] = curves.map((c, i) => ({
    label: c.label,
    x: c.curve.s,
    y: c.curve.logit,
    color: i === 0 ? theme.current : theme.pins[(i - 1) % theme.pins.length]!,
    dashed: i > 0,
  }));
  const [low, high] = extentOf(curves.map((c) => c.curve.logit));
  const pad = (high - low) * 0.05 || 1;
  const yDomain = scaleLinear().domain([low - pad, high + pad]).nice().domain() as [number, number];

  const verdict = monotonicityMessage(data.decreasing);
  const notes: ChartNote[] = [{ text: verdict, tone: data.decreasing.length > 0 ? 'warning' : 'normal' }];
  if (data.ratio) notes.push({ text: `${data.ratio.label} = ${ratioFormat(data.ratio.value)}`, tone: 'normal' });

  const svg = renderCurveChart(
    doc,
    {
      ariaLabel: 'Effective logit s/τ(s) vs cosine similarity',
      title: 'Effective logit s/τ(s)',
      description:
        `Effective logit s/τ(s) of ${data.current.label} for cosine similarity s from −1 to 1. ${verdict}` +
        (data.ratio ? ` ${data.ratio.label} = ${ratioFormat(data.ratio.value)}.` : '') +
        (data.decreasing.length > 0 ? ' Shaded: where the logit decreases.' : ''),
      xLabel: 'cosine similarity s',
      yLabel: 's/τ(s)',
      xDomain: SIMILARITY_DOMAIN,
      yDomain,
      series,
      notes,
      bands: data.decreasing,
    },
    options,
  );
  svg.setAttribute('data-monotone', String(data.decreasing.length === 0));
  return svg;
}
