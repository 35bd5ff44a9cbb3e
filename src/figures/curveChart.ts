import { axisBottom, axisLeft, line, range, scaleLinear, type ScaleLinear, type Selection } from 'd3';
import { createFigureRoot } from './labFrame';
import { estimateTextWidth, truncateText, wrapText } from './textLayout';
import type { Theme } from './theme';

/**
 * The shared skeleton of the studio's figures: title, legend and notes inside the SVG, a labelled plot of
 * curves over one x interval, optional shaded x-bands. Everything is styled with presentation attributes
 * on an explicit background, so the SVG looks the same pasted into a paper as on the page.
 */


export interface FigureOptions {
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

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
}

const PAD = 14;
const TITLE_SIZE = 15;
const TEXT_SIZE = 12;
const TICK_SIZE = 11;
/** How much wider semibold text runs than the regular text the wrap estimates. */
const SEMIBOLD_WIDTH = 1.12;
const LEGEND_ROW = 18;
const MAX_LEGEND_LINES = 3;
const NOTE_LINE = 16;
const SWATCH = 24;
const MARGIN = { left: 62, right: 18, bottom: 46 };

type Group = Selection<SVGGElement, unknown, null, undefined>;

interface LegendEntry {
  readonly series: ChartSeries;
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
}

/**
 * Flows legend entries left to right, starting a new row when one does not fit; a label too long for a
 * row of its own wraps onto further lines (settings are spelled out in full, so nothing is lost).
 */
function layoutLegend(series: readonly ChartSeries[], maxWidth: number): { entries: LegendEntry[]; height: number } {
  const textWidth = maxWidth - SWATCH - 6;
  const entries: LegendEntry[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const s of series) {
    const lines = wrapText(s.label, textWidth, TEXT_SIZE, MAX_LEGEND_LINES);
    const width = SWATCH + 6 + Math.max(...lines.map((l) => estimateTextWidth(l, TEXT_SIZE)));
    if (x > 0 && (lines.length > 1 || x + width > maxWidth)) {
      x = 0;
      y += rowHeight;
    }
    entries.push({ series: s, lines, x, y });
    rowHeight = Math.max(x === 0 ? 0 : rowHeight, lines.length * LEGEND_ROW);
    x = lines.length > 1 ? maxWidth : x + width + 18;
  }
  return { entries, height: y + rowHeight };
}

function drawLegend(g: Group, entries: readonly LegendEntry[], theme: Theme): void {
  for (const e of entries) {
    const item = g
      .append('g')
      .attr('transform', `translate(${e.x},${e.y})`)
      .attr('data-legend', e.series.label);
    item
      .append('line')
      .attr('x1', 0)
      .attr('x2', SWATCH)
      .attr('y1', -4)
      .attr('y2', -4)
      .attr('stroke', e.series.color)
      .attr('stroke-width', 2.5)
      .attr('stroke-dasharray', e.series.dashed ? '6 4' : null);
    const text = item.append('text').attr('fill', theme.foreground).attr('font-size', TEXT_SIZE);
    e.lines.forEach((line, i) => text.append('tspan').attr('x', SWATCH + 6).attr('y', i * LEGEND_ROW).text(line));
  }
}

function styleAxis(g: Group, theme: Theme): void {
  g.attr('font-family', null).attr('font-size', TICK_SIZE);
  g.selectAll('path.domain').attr('stroke', theme.muted);
  g.selectAll('.tick line').attr('stroke', theme.muted);
  g.selectAll('.tick text').attr('fill', theme.muted);
}

function drawGrid(g: Group, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, xTicks: number, yTicks: number, theme: Theme): void {
  const [left, right] = x.range();
  const [bottom, top] = y.range();
  const grid = g.append('g').attr('stroke', theme.grid).attr('stroke-width', 1);
  for (const t of y.ticks(yTicks)) grid.append('line').attr('x1', left!).attr('x2', right!).attr('y1', y(t)).attr('y2', y(t));
  for (const t of x.ticks(xTicks)) grid.append('line').attr('x1', x(t)).attr('x2', x(t)).attr('y1', top!).attr('y2', bottom!);
}

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

export function renderCurveChart(doc: Document, spec: CurveChartSpec, options: FigureOptions): SVGSVGElement {
  const { width, height, theme } = options;
  const svg = createFigureRoot(doc, spec, options);
  const innerWidth = width - 2 * PAD;

  svg
    .append('text')
    .attr('x', PAD)
    .attr('y', PAD + TITLE_SIZE - 2)
    .attr('font-size', TITLE_SIZE)
    .attr('font-weight', 600)
    .attr('fill', theme.foreground)
    .text(truncateText(spec.title, innerWidth, TITLE_SIZE));

  const legend = layoutLegend(spec.series, innerWidth);
  const legendTop = PAD + TITLE_SIZE + 18;
  drawLegend(svg.append('g').attr('transform', `translate(${PAD},${legendTop})`), legend.entries, theme);

  let cursor = legendTop + Math.max(legend.height - LEGEND_ROW, 0) + 6;
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
  drawGrid(body, x, y, xTicks, yTicks, theme);
  drawBands(body, spec.bands, x, y, theme);

  const xAxis: Group = body.append('g').attr('transform', `translate(0,${plot.bottom})`).attr('data-axis', 'x');
  xAxis.call(axisBottom(x).ticks(xTicks).tickSizeOuter(0));
  styleAxis(xAxis, theme);
  const yAxis: Group = body.append('g').attr('transform', `translate(${plot.left},0)`).attr('data-axis', 'y');
  yAxis.call(axisLeft(y).ticks(yTicks).tickSizeOuter(0));
  styleAxis(yAxis, theme);

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
  return svg.node()!;
}
