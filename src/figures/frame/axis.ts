import { format, precisionFixed, scaleLinear, type ScaleContinuousNumeric, type ScaleLinear } from 'd3';
import type { Theme } from '../theme';
import { figureElement, SVG_NS, type Group, type Svg } from './document';
import type { FigureOptions } from './root';
import { TEXT_SIZE, TICK_SIZE } from './sizes';
import { truncateText } from './textLayout';

type NumericScale = ScaleContinuousNumeric<number, number>;

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
 * standard-density screens) and no outer ticks, written straight into the DOM: d3-axis's data join is most
 * of a figure's build time at the update rates of the lab, and figures are rebuilt, never updated.
 */
export function drawAxis(parent: Group, spec: AxisSpec, { theme, devicePixelRatio = 1 }: Pick<FigureOptions, 'theme' | 'devicePixelRatio'>): Group {
  const { scale, orient } = spec;
  const vertical = orient !== 'bottom';
  const k = orient === 'left' ? -1 : 1;
  const offset = devicePixelRatio > 1 ? 0 : 0.5;
  const values = spec.ticks ?? scale.ticks(spec.count ?? 5);
  const format = spec.labels === false ? () => '' : (spec.format ?? (spec.ticks ? scale.tickFormat() : scale.tickFormat(spec.count ?? 5)));
  const g: Group = parent
    .append('g')
    .attr('transform', vertical ? `translate(${spec.at},0)` : `translate(0,${spec.at})`)
    .attr('data-axis', spec.name)
    .attr('fill', 'none')
    .attr('font-size', TICK_SIZE)
    .attr('text-anchor', orient === 'right' ? 'start' : orient === 'left' ? 'end' : 'middle');
  const node = figureElement(g);
  const doc = node.ownerDocument;
  const [r0, r1] = [+scale.range()[0]! + offset, +scale.range().at(-1)! + offset];
  const domain = doc.createElementNS(SVG_NS, 'path');
  domain.setAttribute('class', 'domain');
  domain.setAttribute('stroke', theme.muted);
  domain.setAttribute('d', vertical ? `M${offset},${r0}V${r1}` : `M${r0},${offset}H${r1}`);
  node.appendChild(domain);
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
    tick.appendChild(line);
    tick.appendChild(text);
    node.appendChild(tick);
  }
  return g;
}

/** Grid lines at the y ticks, then at the x ticks, across the scales' ranges; `tagged` marks the group with data-role="grid". */
export function drawGridLines(parent: Group, x: NumericScale, y: NumericScale, xTicks: readonly number[], yTicks: readonly number[], theme: Theme, tagged = true): void {
  const grid = parent.append('g').attr('stroke', theme.grid).attr('stroke-width', 1);
  if (tagged) grid.attr('data-role', 'grid');
  const [left, right] = x.range() as [number, number];
  for (const t of yTicks) grid.append('line').attr('x1', left).attr('x2', right).attr('y1', y(t)).attr('y2', y(t));
  const [bottom, top] = y.range() as [number, number];
  for (const t of xTicks) grid.append('line').attr('x1', x(t)).attr('x2', x(t)).attr('y1', top).attr('y2', bottom);
}

/** An axis title centred on (x, y), or turned to read upwards with `rotate`. */
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

/** A panel's bold title, left-aligned at (x, y); `size` sets its font size where the panel's text differs. */
export function panelTitle(parent: Group, text: string, x: number, y: number, theme: Theme, size?: number): void {
  const title = parent.append('text').attr('x', x).attr('y', y).attr('fill', theme.foreground).attr('font-weight', 600);
  if (size !== undefined) title.attr('font-size', size);
  title.attr('data-role', 'panel-title').text(text);
}

/** Ticks on a step axis: whole steps only, so a short run never shows "1, 1, 2, 2". */
export function stepTicks(scale: NumericScale, count: number): number[] {
  return scale.ticks(count).filter(Number.isInteger);
}

const stepFormat = format(',~d');

export interface StepPanelFrame {
  /** The first and last step drawn; a single step is widened by one on each side. */
  readonly steps: readonly [number, number];
  /** The panel's value scale, its range already set from `bottom` up to the panel's top. */
  readonly y: NumericScale;
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  /** About how many px apart the value ticks sit. */
  readonly yTickSpacing: number;
}

/**
 * The frame of a panel over training steps (a figure's lower "over training" panel): the step scale, grid
 * lines, both axes with whole-step ticks, and the step axis's title. Returns the step scale to draw with.
 */
export function drawStepPanelFrame(parent: Group, frame: StepPanelFrame, options: Pick<FigureOptions, 'theme' | 'devicePixelRatio'>): ScaleLinear<number, number> {
  const { steps, y, left, right, bottom } = frame;
  const x = scaleLinear()
    .domain(steps[0] === steps[1] ? [steps[0] - 1, steps[1] + 1] : [...steps])
    .range([left, right]);
  const xTicks = stepTicks(x, tickCount(right - left, 70));
  const yTicks = y.ticks(tickCount(bottom - y.range()[1]!, frame.yTickSpacing));
  drawGridLines(parent, x, y, xTicks, yTicks, options.theme);
  drawAxis(parent, { scale: x, orient: 'bottom', at: bottom, ticks: xTicks, format: stepFormat, name: 'x' }, options);
  drawAxis(parent, { scale: y, orient: 'left', at: left, ticks: yTicks, format: y.tickFormat(yTicks.length), name: 'y' }, options);
  axisTitle(parent, 'training step', (left + right) / 2, bottom + 34, options.theme);
  return x;
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
