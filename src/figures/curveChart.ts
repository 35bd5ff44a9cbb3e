import { area, line, range, scaleLinear, type ScaleLinear } from 'd3';
import { drawAxis, drawGridLines } from './frame/axis';
import type { FigureDocument, FigureRoot, Group } from './frame/document';
import { CHART_LEGEND, drawLegend, type LegendItem } from './frame/legend';
import { createFigureRoot, drawTitle, type FigureOptions } from './frame/root';
import { PAD, TEXT_SIZE, TITLE_SIZE } from './frame/sizes';
import { wrapText } from './frame/textLayout';
import type { Theme } from './theme';

/**
 * The studio's curve chart, drawn in the figure frame: title, legend and notes, a labelled plot of curves
 * over one x interval, optional shaded x-bands.
 */

export interface ChartSeries {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color: string;
  readonly dashed: boolean;
}

export interface ChartNote {
  readonly text: string;
  readonly tone: 'normal' | 'warning';
}

export interface XBand {
  readonly from: number;
  readonly to: number;
}

/** A translucent area between two curves sampled at the same x (a range of curves, say). */
export interface ChartArea {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly color: string;
}

export interface CurveChartSpec {
  readonly ariaLabel: string;
  readonly title: string;
  readonly description: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  /** The first series is listed first in the legend and drawn last, on top of the others. */
  readonly series: readonly ChartSeries[];
  /** Lines of text between legend and plot, wrapped to the figure's width. */
  readonly notes: readonly ChartNote[];
  readonly bands: readonly XBand[];
  /** Drawn under the curves and listed after them in the legend. */
  readonly areas?: readonly ChartArea[];
}

/** How much wider semibold text runs than the regular text the wrap estimates. */
const SEMIBOLD_WIDTH = 1.12;
const NOTE_LINE = 16;
const MARGIN = { left: 62, right: 18, bottom: 46 };

function drawBands(g: Group, bands: readonly XBand[], x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, theme: Theme): void {
  const [bottom, top] = y.range();
  const layer = g.append('g').attr('data-role', 'bands');
  for (const b of bands) {
    layer
      .append('rect')
      .attr('x', x(b.from))
      .attr('width', Math.max(1, x(b.to) - x(b.from)))
      .attr('y', top!)
      .attr('height', bottom! - top!)
      .attr('fill', theme.warningFill)
      .attr('stroke', theme.warning)
      .attr('stroke-width', 0.75)
      .attr('stroke-dasharray', '2 3')
      .attr('data-from', b.from)
      .attr('data-to', b.to);
  }
}

function drawAreas(g: Group, areas: readonly ChartArea[], x: ScaleLinear<number, number>, y: ScaleLinear<number, number>): void {
  const layer = g.append('g').attr('data-role', 'areas');
  for (const a of areas) {
    const path = area<number>()
      .defined((i) => Number.isFinite(a.low[i]!) && Number.isFinite(a.high[i]!))
      .x((i) => x(a.x[i]!))
      .y0((i) => y(a.low[i]!))
      .y1((i) => y(a.high[i]!))
      .digits(2);
    layer
      .append('path')
      .attr('d', path(range(a.x.length)))
      .attr('fill', a.color)
      .attr('fill-opacity', 0.25)
      .attr('stroke', a.color)
      .attr('stroke-width', 1.5)
      .attr('data-area', a.label);
  }
}

function drawSeries(g: Group, series: readonly ChartSeries[], x: ScaleLinear<number, number>, y: ScaleLinear<number, number>): void {
  const layer = g.append('g').attr('fill', 'none').attr('stroke-linejoin', 'round').attr('stroke-linecap', 'round');
  for (const s of [...series].reverse()) {
    const path = line<number>()
      .defined((i) => Number.isFinite(s.y[i]!))
      .x((i) => x(s.x[i]!))
      .y((i) => y(s.y[i]!))
      .digits(2);
    layer
      .append('path')
      .attr('d', path(range(s.x.length)))
      .attr('stroke', s.color)
      .attr('stroke-width', s.dashed ? 2 : 2.5)
      .attr('stroke-dasharray', s.dashed ? '6 4' : null)
      .attr('data-series', s.label);
  }
}

export function renderCurveChart<D extends FigureDocument>(doc: D, spec: CurveChartSpec, options: FigureOptions): FigureRoot<D> {
  const { width, height, theme } = options;
  const { svg, root } = createFigureRoot(doc, spec, options);
  const innerWidth = width - 2 * PAD;
  drawTitle(svg, spec.title, options, false);

  const legendTop = PAD + TITLE_SIZE + 18;
  const areas = spec.areas ?? [];
  const legend: LegendItem[] = [
    ...spec.series.map((s) => ({ label: s.label, color: s.color, swatch: 'line' as const, dash: s.dashed ? '6 4' : null })),
    ...areas.map((a) => ({ label: a.label, color: a.color, swatch: 'area' as const })),
  ];
  let cursor = Math.max(drawLegend(svg, legend, PAD, legendTop, innerWidth, theme, CHART_LEGEND) + 2, legendTop + 6);
  for (const note of spec.notes) {
    // Warnings are set in semibold, wider than the average glyph the wrap estimates.
    for (const text of wrapText(note.text, note.tone === 'warning' ? innerWidth / SEMIBOLD_WIDTH : innerWidth, TEXT_SIZE)) {
      cursor += NOTE_LINE;
      svg
        .append('text')
        .attr('x', PAD)
        .attr('y', cursor)
        .attr('fill', note.tone === 'warning' ? theme.warning : theme.muted)
        .attr('font-weight', note.tone === 'warning' ? 600 : null)
        .text(text);
    }
  }

  const plot = { top: cursor + 16, left: MARGIN.left, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const x = scaleLinear().domain(spec.xDomain).range([plot.left, plot.right]);
  const y = scaleLinear().domain(spec.yDomain).range([plot.bottom, plot.top]);
  const xTicks = Math.max(2, Math.round((plot.right - plot.left) / 70));
  const yTicks = Math.max(2, Math.round((plot.bottom - plot.top) / 55));

  const body: Group = svg.append('g');
  drawGridLines(body, x, y, x.ticks(xTicks), y.ticks(yTicks), theme, false);
  drawBands(body, spec.bands, x, y, theme);
  if (areas.length > 0) drawAreas(body, areas, x, y);
  drawAxis(body, { scale: x, orient: 'bottom', at: plot.bottom, count: xTicks, name: 'x' }, options);
  drawAxis(body, { scale: y, orient: 'left', at: plot.left, count: yTicks, name: 'y' }, options);

  body
    .append('text')
    .attr('x', (plot.left + plot.right) / 2)
    .attr('y', height - 10)
    .attr('text-anchor', 'middle')
    .attr('fill', theme.foreground)
    .text(spec.xLabel);
  body
    .append('text')
    .attr('transform', `translate(6,${(plot.top + plot.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'hanging')
    .attr('fill', theme.foreground)
    .text(spec.yLabel);

  drawSeries(body, spec.series, x, y);
  return root;
}
