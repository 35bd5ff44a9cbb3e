import { format, precisionFixed, select, type ScaleContinuousNumeric, type Selection } from 'd3';
import type { FigureOptions } from './curveChart';
import { estimateTextWidth, truncateText, wrapText } from './textLayout';
import { okabeIto, type Theme } from './theme';

/**
 * The frame shared by the lab's training figures: a self-contained SVG root (role, aria-label, <title>,
 * <desc>, background), a header with title, run metadata and legend drawn inside the SVG, a caption at the
 * foot, axes styled with presentation attributes, and the colour conventions (runs, pair types, classes).
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type Group = Selection<SVGGElement, unknown, null, undefined>;
type NumericScale = ScaleContinuousNumeric<number, number>;

export interface LabFigureOptions extends FigureOptions {
  /** Run metadata under the title, e.g. "step 1200 · dystress (0.1, 0.2) · seed 1". */
  readonly subtitle?: string;
  /** A remark at the foot of the figure. */
  readonly caption?: string;
}

/** One run in a comparison: its legend text and its place in the run palette (0 = the live run). */
export interface RunStyle {
  readonly label: string;
  readonly colorIndex: number;
}

export const PAD = 14;
export const TITLE_SIZE = 15;
export const TEXT_SIZE = 12;
export const TICK_SIZE = 11;
export const LINE_HEIGHT = 16;
const LEGEND_ROW = 18;
const SWATCH = 22;

// ---------------------------------------------------------------------------------------------- colours

/** Run 0 takes the live colour, further runs the pin colours — the same order as the τ studio's pins. */
export function runColor(theme: Theme, colorIndex: number): string {
  const i = Math.max(0, Math.floor(colorIndex));
  return i === 0 ? theme.current : theme.pins[(i - 1) % theme.pins.length]!;
}

const RUN_DASHES: readonly (string | null)[] = [null, '7 4', '2 3', '10 3 2 3'];

/** A colour-free second cue: run 0 solid, the others dashed or dotted. */
export function runDash(colorIndex: number): string | null {
  return RUN_DASHES[Math.max(0, Math.floor(colorIndex)) % RUN_DASHES.length]!;
}

export type PairType = 'truePositive' | 'falseNegative' | 'trueNegative';
export const PAIR_TYPES: readonly PairType[] = ['truePositive', 'falseNegative', 'trueNegative'];

export interface PairStyle {
  readonly label: string;
  readonly short: string;
  readonly color: string;
}

/** Pair types keep their colours in every figure; none of them is the live run's (τ curve's) colour. */
export function pairStyle(theme: Theme, type: PairType): PairStyle {
  switch (type) {
    case 'truePositive':
      return { label: 'true positives', short: 'TP', color: okabeIto.bluishGreen };
    case 'falseNegative':
      return { label: 'false negatives (same class)', short: 'FN', color: okabeIto.orange };
    case 'trueNegative':
      return { label: 'true negatives (other class)', short: 'TN', color: theme.name === 'dark' ? '#E28BC0' : okabeIto.reddishPurple };
  }
}

/**
 * Class colours: the seven Okabe–Ito hues and the theme's foreground (on the dark background sky blue comes
 * first and reddish purple is lightened, for contrast), then the same colours as hollow markers for classes 8–15, so ten MNIST digits stay
 * apart without relying on hue alone.
 */
export function classColor(theme: Theme, label: number): string {
  if (label < 0) return theme.muted;
  const dark = theme.name === 'dark';
  const hues = [
    dark ? okabeIto.skyBlue : okabeIto.blue,
    okabeIto.orange,
    okabeIto.bluishGreen,
    okabeIto.vermillion,
    dark ? '#E28BC0' : okabeIto.reddishPurple,
    dark ? okabeIto.blue : okabeIto.skyBlue,
    okabeIto.yellow,
    theme.foreground,
  ];
  return hues[label % hues.length]!;
}

export function classHollow(label: number): boolean {
  return label >= 8 && Math.floor(label / 8) % 2 === 1;
}

// ------------------------------------------------------------------------------------------------- root

export interface FigureText {
  readonly ariaLabel: string;
  readonly title: string;
  readonly description: string;
}

export function createFigureRoot(doc: Document, text: FigureText, { width, height, theme }: FigureOptions): Svg {
  const svg: Svg = select(doc.createElementNS(SVG_NS, 'svg'))
    .attr('xmlns', SVG_NS)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', text.ariaLabel)
    .attr('font-family', theme.fontFamily)
    .attr('font-size', TEXT_SIZE);
  svg.append('title').text(text.title);
  svg.append('desc').text(text.description);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', theme.background);
  return svg;
}

// ------------------------------------------------------------------------------------------------ legend

export type SwatchKind = 'line' | 'area' | 'point' | 'hollow' | 'none';

export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly swatch: SwatchKind;
  readonly dash?: string | null;
  /** Text colour; the foreground unless set. */
  readonly textColor?: string;
  /** Start a new row with this item (a new group of keys). */
  readonly newRow?: boolean;
}

interface PlacedItem {
  readonly item: LegendItem;
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
}

function swatchWidth(item: LegendItem): number {
  if (item.swatch === 'none') return 0;
  return item.swatch === 'point' || item.swatch === 'hollow' ? 12 : SWATCH + 6;
}

/** Flows items left to right in rows; a label too long for a row wraps (at most two lines). */
function layoutLegend(items: readonly LegendItem[], maxWidth: number): { placed: PlacedItem[]; height: number } {
  const placed: PlacedItem[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const item of items) {
    const sw = swatchWidth(item);
    const lines = wrapText(item.label, maxWidth - sw, TEXT_SIZE, 2);
    const width = sw + Math.max(...lines.map((l) => estimateTextWidth(l, TEXT_SIZE)));
    if (x > 0 && (item.newRow === true || lines.length > 1 || x + width > maxWidth)) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    placed.push({ item, lines, x, y });
    rowHeight = Math.max(rowHeight, lines.length * LEGEND_ROW);
    x = lines.length > 1 ? maxWidth : x + width + 16;
  }
  return { placed, height: y + rowHeight };
}

function drawSwatch(g: Group, item: LegendItem): void {
  switch (item.swatch) {
    case 'line':
      g.append('line')
        .attr('x1', 0)
        .attr('x2', SWATCH)
        .attr('y1', -4)
        .attr('y2', -4)
        .attr('stroke', item.color)
        .attr('stroke-width', 2.5)
        .attr('stroke-dasharray', item.dash ?? null);
      return;
    case 'area':
      g.append('rect')
        .attr('x', 0)
        .attr('y', -10)
        .attr('width', SWATCH)
        .attr('height', 10)
        .attr('fill', item.color)
        .attr('fill-opacity', 0.35)
        .attr('stroke', item.color)
        .attr('stroke-width', 1.5);
      return;
    case 'point':
    case 'hollow':
      g.append('circle')
        .attr('cx', 4)
        .attr('cy', -4)
        .attr('r', 4)
        .attr('fill', item.swatch === 'point' ? item.color : 'none')
        .attr('stroke', item.color)
        .attr('stroke-width', item.swatch === 'point' ? 0 : 1.5);
      return;
    case 'none':
      return;
  }
}

/** Draws the legend with its first baseline at `top`; returns the y just below it. */
export function drawLegend(svg: Svg | Group, items: readonly LegendItem[], left: number, top: number, maxWidth: number, theme: Theme): number {
  if (items.length === 0) return top - LEGEND_ROW + 4;
  const { placed, height } = layoutLegend(items, maxWidth);
  const g = svg.append('g').attr('transform', `translate(${left},${top})`).attr('data-role', 'legend');
  for (const p of placed) {
    const entry = g.append('g').attr('transform', `translate(${p.x},${p.y})`).attr('data-legend', p.item.label);
    drawSwatch(entry, p.item);
    const text = entry.append('text').attr('fill', p.item.textColor ?? theme.foreground).attr('font-size', TEXT_SIZE);
    p.lines.forEach((line, i) => text.append('tspan').attr('x', swatchWidth(p.item)).attr('y', i * LEGEND_ROW).text(line));
  }
  return top + height - LEGEND_ROW + 4;
}

// ------------------------------------------------------------------------------------------- header, foot

export interface HeaderSpec {
  readonly title: string;
  readonly subtitle?: string;
  readonly legend: readonly LegendItem[];
  /** Muted lines under the legend. */
  readonly notes?: readonly string[];
}

/** Title, subtitle, legend and notes; returns the y where the plot area may begin. */
export function drawHeader(svg: Svg, spec: HeaderSpec, { width, theme }: FigureOptions): number {
  const innerWidth = width - 2 * PAD;
  let y = PAD + TITLE_SIZE - 2;
  svg
    .append('text')
    .attr('x', PAD)
    .attr('y', y)
    .attr('font-size', TITLE_SIZE)
    .attr('font-weight', 600)
    .attr('fill', theme.foreground)
    .attr('data-role', 'title')
    .text(truncateText(spec.title, innerWidth, TITLE_SIZE));
  if (spec.subtitle) {
    for (const line of wrapText(spec.subtitle, innerWidth, TEXT_SIZE, 2)) {
      y += LINE_HEIGHT;
      svg.append('text').attr('x', PAD).attr('y', y).attr('fill', theme.muted).attr('data-role', 'subtitle').text(line);
    }
  }
  y = drawLegend(svg, spec.legend, PAD, y + 22, innerWidth, theme);
  for (const note of spec.notes ?? []) {
    for (const line of wrapText(note, innerWidth, TEXT_SIZE, 3)) {
      y += LINE_HEIGHT;
      svg.append('text').attr('x', PAD).attr('y', y).attr('fill', theme.muted).attr('data-role', 'note').text(line);
    }
  }
  return y + 10;
}

/** The caption at the foot; returns the y above which the plot must end. */
export function drawCaption(svg: Svg, caption: string | undefined, { width, height, theme }: FigureOptions): number {
  if (!caption) return height - 8;
  const lines = wrapText(caption, width - 2 * PAD, TICK_SIZE, 2);
  let y = height - 10 - (lines.length - 1) * 14;
  const top = y - 14;
  for (const line of lines) {
    svg
      .append('text')
      .attr('x', PAD)
      .attr('y', y)
      .attr('font-size', TICK_SIZE)
      .attr('fill', theme.muted)
      .attr('data-role', 'caption')
      .text(line);
    y += 14;
  }
  return top;
}

// -------------------------------------------------------------------------------------------------- axes

export interface AxisSpec {
  readonly scale: NumericScale;
  readonly orient: 'bottom' | 'left' | 'right';
  /** Where the axis line sits: y for a bottom axis, x for a vertical one. */
  readonly at: number;
  readonly ticks?: readonly number[];
  readonly count?: number;
  readonly format?: (v: number) => string;
  /** Hide the tick labels (small multiples that share an axis). */
  readonly labels?: boolean;
  readonly name: string;
}

const TICK_LENGTH = 6;
const TICK_PADDING = 3;

/**
 * An axis with d3-axis's markup (domain path, `g.tick` with line and text, the half-pixel offset on
 * standard-density screens) and no outer ticks, written straight into the DOM: d3-axis's data join is
 * most of a figure's build time at the update rates of the lab, and figures are rebuilt, never updated.
 */
export function drawAxis(parent: Group, spec: AxisSpec, theme: Theme): Group {
  const { scale, orient } = spec;
  const vertical = orient !== 'bottom';
  const k = orient === 'left' ? -1 : 1;
  const offset = typeof window !== 'undefined' && window.devicePixelRatio > 1 ? 0 : 0.5;
  const values = spec.ticks ?? scale.ticks(spec.count ?? 5);
  const format = spec.labels === false ? () => '' : (spec.format ?? (spec.ticks ? scale.tickFormat() : scale.tickFormat(spec.count ?? 5)));
  const g: Group = parent
    .append('g')
    .attr('transform', vertical ? `translate(${spec.at},0)` : `translate(0,${spec.at})`)
    .attr('data-axis', spec.name)
    .attr('fill', 'none')
    .attr('font-size', TICK_SIZE)
    .attr('text-anchor', orient === 'right' ? 'start' : orient === 'left' ? 'end' : 'middle');
  const node = g.node()!;
  const doc = node.ownerDocument;
  const [r0, r1] = [+scale.range()[0]! + offset, +scale.range().at(-1)! + offset];
  const domain = doc.createElementNS(SVG_NS, 'path');
  domain.setAttribute('class', 'domain');
  domain.setAttribute('stroke', theme.muted);
  domain.setAttribute('d', vertical ? `M${offset},${r0}V${r1}` : `M${r0},${offset}H${r1}`);
  node.append(domain);
  // Ticks and labels point away from the plot: along x for a vertical axis, along y for a horizontal one.
  const outward = vertical ? 'x' : 'y';
  for (const value of values) {
    const position = scale(value) + offset;
    const tick = doc.createElementNS(SVG_NS, 'g');
    tick.setAttribute('class', 'tick');
    tick.setAttribute('opacity', '1');
    tick.setAttribute('transform', vertical ? `translate(0,${position})` : `translate(${position},0)`);
    const line = doc.createElementNS(SVG_NS, 'line');
    line.setAttribute('stroke', theme.muted);
    line.setAttribute(`${outward}2`, String(k * TICK_LENGTH));
    const text = doc.createElementNS(SVG_NS, 'text');
    text.setAttribute('fill', theme.muted);
    text.setAttribute(outward, String(k * (TICK_LENGTH + TICK_PADDING)));
    text.setAttribute('dy', vertical ? '0.32em' : '0.71em');
    text.textContent = format(value);
    tick.append(line, text);
    node.append(tick);
  }
  return g;
}

export function drawGridLines(parent: Group, x: NumericScale | null, y: NumericScale | null, xTicks: readonly number[], yTicks: readonly number[], theme: Theme): void {
  const grid = parent.append('g').attr('stroke', theme.grid).attr('stroke-width', 1).attr('data-role', 'grid');
  if (y && x) {
    const [left, right] = x.range() as [number, number];
    for (const t of yTicks) grid.append('line').attr('x1', left).attr('x2', right).attr('y1', y(t)).attr('y2', y(t));
  }
  if (x && y) {
    const [bottom, top] = y.range() as [number, number];
    for (const t of xTicks) grid.append('line').attr('x1', x(t)).attr('x2', x(t)).attr('y1', top).attr('y2', bottom);
  }
}

/** A horizontal axis title centred under [left, right]. */
export function axisTitle(parent: Group | Svg, text: string, x: number, y: number, theme: Theme, rotate = false, maxWidth = Infinity): void {
  const t = parent
    .append('text')
    .attr('text-anchor', 'middle')
    .attr('fill', theme.foreground)
    .attr('data-role', 'axis-title')
    .text(truncateText(text, maxWidth, TEXT_SIZE));
  if (rotate) t.attr('transform', `translate(${x},${y}) rotate(-90)`).attr('dominant-baseline', 'hanging');
  else t.attr('x', x).attr('y', y);
}

/**
 * A dot as a closed subpath (two arcs), so many dots can share one <path>: one element to build instead of
 * one per point. Coordinates are written with `digits` decimals.
 */
export function dotSubpath(cx: number, cy: number, r: number, digits: number): string {
  return `M${(cx - r).toFixed(digits)},${cy.toFixed(digits)}${circleArcs(r)}`;
}

const arcsByRadius = new Map<number, string>();

/** The two arcs of a dot of radius r, from its leftmost point: the same string for every dot of a figure. */
function circleArcs(r: number): string {
  let arcs = arcsByRadius.get(r);
  if (arcs === undefined) {
    arcs = `a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    if (arcsByRadius.size < 64) arcsByRadius.set(r, arcs);
  }
  return arcs;
}

/** Ticks on a step axis: whole steps only, so a short run never shows "1, 1, 2, 2". */
export function stepTicks(scale: NumericScale, count: number): number[] {
  return scale.ticks(count).filter(Number.isInteger);
}

/** A percent format with as many decimals as the tick spacing needs, so neighbouring labels differ. */
export function percentTickFormat(ticks: readonly number[]): (v: number) => string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  return format(`.${Math.max(0, precisionFixed(step) - 2)}%`);
}

/** Number of ticks that keeps labels about `spacing` px apart. */
export function tickCount(length: number, spacing: number): number {
  return Math.max(2, Math.round(Math.abs(length) / spacing));
}

/** min/max over finite values, or undefined. */
export function finiteExtent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : undefined;
}

/** Pads an extent by `fraction` of its span (or by `fallback` when it is a single value). */
export function padExtent([lo, hi]: readonly [number, number], fraction: number, fallback: number): [number, number] {
  const span = hi - lo;
  if (span <= 0) return [lo - fallback, hi + fallback];
  return [lo - span * fraction, hi + span * fraction];
}
