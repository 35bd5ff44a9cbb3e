import { format, interpolateBlues, interpolateRdBu, line, rgb, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { findNumericParameter } from '../core/config/parameters';
import { expandCells, type SweepCell, type SweepDefinition } from '../core/sweep/definition';
import { finalMetric, summariseSweep, SWEEP_METRICS, type SweepMetric, type SweepRun, type SweepSummary } from '../core/sweep/results';
import { summarise, type Summary } from '../core/sweep/statistics';
import { findFamily } from '../core/temperature';
import { axisTitle, drawAxis, drawGridLines, finiteExtent, padExtent, tickCount } from './frame/axis';
import type { Drawn, FigureDocument, FigureRoot, Group, Svg } from './frame/document';
import type { LegendItem } from './frame/legend';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD, TICK_SIZE } from './frame/sizes';
import { estimateTextWidth, truncateText } from './frame/textLayout';
import type { Theme } from './theme';

/**
 * A sweep's results: over two axes a heatmap of one final metric (mean over seeds, sd in the cell, the best
 * cell and the optimal region outlined, skipped and diverged cells drawn as such), over one axis a line with
 * 95 % error bars beside the best constant τ. With `versusConstant` every cell shows its difference to the
 * best constant τ, paired by seed.
 */

export interface SweepView {
  readonly metric: SweepMetric;
  /** Show each cell minus the best constant τ, paired by seed. */
  readonly versusConstant: boolean;
}

export interface SweepFigureData {
  readonly definition: SweepDefinition;
  readonly runs: readonly SweepRun[];
  readonly view: SweepView;
}

/** Where each grid cell is drawn, in the SVG's own units, for the pointer (click a cell to load it). */
export interface SweepGeometry {
  readonly width: number;
  readonly cells: readonly { readonly index: number; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
}

/** What a cell is: not run yet, refused by the family, every seed diverged, or with at least one finished seed. */
type CellState = 'pending' | 'skipped' | 'diverged' | 'ok';

interface CellModel {
  readonly cell: SweepCell;
  readonly state: CellState;
  readonly summary: Summary;
  /** The value the figure shows: the mean, or the mean difference to the best constant τ. */
  readonly value: number;
  /** The spread shown beside it: the sd over seeds (of the paired differences in versusConstant). */
  readonly sd: number;
  readonly n: number;
  readonly optimal: boolean;
  readonly best: boolean;
  /** versusConstant only: the paired interval covers zero. */
  readonly notDistinguishable: boolean;
  readonly diverged: number;
}

interface SweepModel {
  readonly definition: SweepDefinition;
  readonly view: SweepView;
  /** Cells show their difference to the best constant τ: asked for, and a constant τ has finished. */
  readonly versus: boolean;
  readonly summary: SweepSummary;
  readonly cells: readonly CellModel[];
  /** The best constant τ's own summary over seeds, or null when no constant run finished. */
  readonly constant: { readonly tau: number; readonly summary: Summary } | null;
  readonly metricLabel: string;
  readonly better: 'higher' | 'lower';
}

/** An axis parameter's visible name: the family's slider label, or the training parameter's. */
function parameterLabel(definition: SweepDefinition, param: string): string {
  return findFamily(definition.base.temperature.family)?.params.find((p) => p.key === param)?.label ?? findNumericParameter(param)?.label ?? param;
}

function cellState(cell: SweepCell, runs: readonly SweepRun[]): CellState {
  if ('skipped' in cell.outcome) return 'skipped';
  if (runs.length === 0) return 'pending';
  if (runs.every((r) => r.status === 'skipped')) return 'skipped';
  return runs.some((r) => r.status === 'ok') ? 'ok' : 'diverged';
}

function sweepModel({ definition, runs, view }: SweepFigureData): SweepModel {
  const cells = expandCells(definition);
  const summary = summariseSweep(definition, cells.length, runs, view.metric);
  const { region, toBestConstant } = summary;
  // Without a finished constant τ there is nothing to subtract: the cells show their own means.
  const versus = view.versusConstant && summary.bestConstant !== null;
  const models = cells.map((cell, i): CellModel => {
    const own = runs.filter((r) => 'cell' in r.target && r.target.cell === i);
    const verdict = region.cells[i]!;
    const difference = toBestConstant[i]!;
    const shown = versus ? difference : verdict.summary;
    const state = cellState(cell, own);
    return {
      cell,
      // A finished cell without a value to show (its constant-τ partners still running) waits like one not run.
      state: state === 'ok' && !Number.isFinite(shown.mean) ? 'pending' : state,
      summary: verdict.summary,
      value: shown.mean,
      sd: shown.sd,
      n: shown.n,
      optimal: verdict.optimal,
      best: i === region.best,
      notDistinguishable: versus && difference.indistinguishable,
      diverged: own.filter((r) => r.status === 'diverged').length,
    };
  });
  const best = summary.bestConstant;
  const constant = best
    ? {
        tau: best.tau,
        summary: summarise(runs.filter((r) => 'constantTau' in r.target && r.target.constantTau === best.tau).map((r) => finalMetric(r, view.metric))),
      }
    : null;
  const metric = SWEEP_METRICS[view.metric];
  return { definition, view, versus, summary, cells: models, constant, metricLabel: metric.label, better: metric.direction };
}

// --------------------------------------------------------------------------------------------- number text

/** Decimals for three significant digits of the largest magnitude shown (kNN 0.920, loss 5.12, Δ +0.0200). */
export function decimalsFor(values: readonly number[]): number {
  const largest = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  if (largest === 0) return 3;
  return Math.min(6, Math.max(0, 3 - Math.ceil(Math.log10(largest))));
}

interface Numbers {
  readonly value: (v: number) => string;
  readonly spread: (v: number) => string;
}

function numbers(decimals: number, signed: boolean): Numbers {
  return { value: format(`${signed ? '+' : ''}.${decimals}f`), spread: format(`.${decimals}f`) };
}

const axisValue = format('~g');

/** Black or white, whichever contrasts more with `fill` (WCAG relative luminance). */
export function textColorOn(fill: string): string {
  const { r, g, b } = rgb(fill);
  const linear = (c: number): number => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

// --------------------------------------------------------------------------------------------- colour scale

interface ColorScale {
  readonly color: (v: number) => string;
  /** Ramp ends and the values printed under them, worse on the left. */
  readonly stops: readonly { readonly at: number; readonly label: string }[];
  readonly domain: readonly [number, number];
}

/**
 * Sequential blues for a metric (darker = better, whichever way the metric improves); for differences to
 * the best constant τ, red–blue centred on 0 (blue = better than the constant).
 */
function colorScale(model: SweepModel, numbers: Numbers): ColorScale {
  const values = model.cells.filter((c) => c.state === 'ok').map((c) => c.value);
  const sign = model.better === 'higher' ? 1 : -1;
  if (model.versus) {
    const reach = Math.max(...values.filter(Number.isFinite).map(Math.abs), 1e-12);
    const t = (v: number): number => 0.5 + 0.4 * Math.max(-1, Math.min(1, (sign * v) / reach));
    return {
      color: (v) => interpolateRdBu(t(v)),
      domain: [-sign * reach, sign * reach],
      stops: [
        { at: 0, label: `worse ${numbers.value(-sign * reach)}` },
        { at: 0.5, label: '0' },
        { at: 1, label: `better ${numbers.value(sign * reach)}` },
      ],
    };
  }
  const [lo, hi] = finiteExtent(values) ?? [0, 1];
  const [worst, best] = sign > 0 ? [lo, hi] : [hi, lo];
  const t = (v: number): number => (hi === lo ? 1 : (v - worst) / (best - worst));
  return {
    color: (v) => interpolateBlues(0.15 + 0.75 * t(v)),
    domain: [worst, best],
    stops: [
      { at: 0, label: `worse ${numbers.value(worst)}` },
      { at: 1, label: `better ${numbers.value(best)}` },
    ],
  };
}

const RAMP_STEPS = 24;
const RAMP_HEIGHT = 10;

/** The colour ramp with its ends labelled; returns the y below it. */
function drawRamp(svg: Svg, scale: ColorScale, title: string, top: number, maxWidth: number, theme: Theme): number {
  const width = Math.min(240, maxWidth);
  const g = svg.append('g').attr('data-role', 'color-scale').attr('transform', `translate(${PAD},${top})`);
  g.append('text').attr('y', 0).attr('fill', theme.foreground).attr('font-size', TICK_SIZE).text(truncateText(title, maxWidth, TICK_SIZE));
  const [from, to] = scale.domain;
  for (let i = 0; i < RAMP_STEPS; i++) {
    const v = from + ((to - from) * (i + 0.5)) / RAMP_STEPS;
    g.append('rect')
      .attr('x', (width * i) / RAMP_STEPS)
      .attr('y', 6)
      .attr('width', width / RAMP_STEPS + 0.5)
      .attr('height', RAMP_HEIGHT)
      .attr('fill', scale.color(v));
  }
  for (const stop of scale.stops) {
    g.append('text')
      .attr('x', stop.at * width)
      .attr('y', 6 + RAMP_HEIGHT + 12)
      .attr('text-anchor', stop.at === 0 ? 'start' : stop.at === 1 ? 'end' : 'middle')
      .attr('fill', theme.muted)
      .attr('font-size', TICK_SIZE)
      .text(stop.label);
  }
  return top + 6 + RAMP_HEIGHT + 16;
}

// ------------------------------------------------------------------------------------------------ text

function describeBest(model: SweepModel, numbers: Numbers): string {
  const { definition, summary } = model;
  const best = model.cells[summary.region.best];
  if (!best) return 'No cell has finished yet.';
  const s = best.summary;
  const where = cellName(definition, best.cell);
  const interval = Number.isFinite(s.halfWidth) ? ` ± ${numbers.spread(s.halfWidth)} (95 % CI, n = ${s.n})` : ` (n = ${s.n}, no interval)`;
  const region = model.cells.filter((c) => c.optimal).length;
  return `Best: ${where}: ${model.metricLabel} ${numbers.value(s.mean)}${interval}; optimal region ${region} cell${region === 1 ? '' : 's'}.`;
}

function describeConstant(model: SweepModel, numbers: Numbers): string {
  if (!model.constant) return 'Constant τ line: no finished run yet.';
  const s = model.constant.summary;
  const interval = Number.isFinite(s.halfWidth) ? ` ± ${numbers.spread(s.halfWidth)}` : '';
  return `Best constant τ = ${axisValue(model.constant.tau)}: ${numbers.value(s.mean)}${interval} (n = ${s.n}).`;
}

/** The first letter in upper case, unless the word is an initialism written with a lower-case first letter (kNN). */
const capitalise = (text: string): string => (/^.[A-Z]/.test(text) ? text : text.charAt(0).toUpperCase() + text.slice(1));

const cellName = (definition: SweepDefinition, cell: SweepCell): string =>
  [`${parameterLabel(definition, definition.x.param)} ${axisValue(cell.x)}`, ...(definition.y && cell.y !== undefined ? [`${parameterLabel(definition, definition.y.param)} ${axisValue(cell.y)}`] : [])].join(', ');

/** The cell's full reading, for its <title> (the pointer's tooltip) and the description. */
function cellReading(model: SweepModel, c: CellModel, numbers: Numbers): string {
  const name = cellName(model.definition, c.cell);
  if (c.state === 'pending') return `${name}: not run yet`;
  if (c.state === 'skipped') return `${name}: skipped${'skipped' in c.cell.outcome ? ` (${c.cell.outcome.skipped})` : ''}`;
  if (c.state === 'diverged') return `${name}: diverged on every seed`;
  const what = model.versus ? `${model.metricLabel} − best constant τ` : model.metricLabel;
  const spread = Number.isFinite(c.sd) ? ` ± ${numbers.spread(c.sd)} (sd)` : '';
  const marks = [c.best ? 'best' : '', c.optimal && !c.best ? 'optimal region' : '', c.notDistinguishable ? `not distinguishable at n = ${c.n}` : '', c.diverged > 0 ? `${c.diverged} diverged` : '']
    .filter((m) => m !== '')
    .join(', ');
  return `${name}: ${what} ${numbers.value(c.value)}${spread}, n = ${c.n}${marks ? `; ${marks}` : ''}`;
}

function subtitleOf(model: SweepModel, options: LabFigureOptions): string {
  const { definition } = model;
  const metric = model.versus ? `${model.metricLabel} minus the best constant τ` : `final ${model.metricLabel}`;
  const parts = [`${metric} (${model.better} is better)`, `${definition.seeds.length} seed${definition.seeds.length === 1 ? '' : 's'}`, `${format(',')(definition.steps)} steps`];
  return [...parts, ...(options.subtitle ? [options.subtitle] : [])].join(' · ');
}

// ------------------------------------------------------------------------------------------------ drawing

export function renderSweepFigure<D extends FigureDocument>(doc: D, data: SweepFigureData, options: LabFigureOptions): FigureRoot<D> {
  return drawSweepFigure(doc, data, options).element;
}

/** The figure, and where each cell (or point) is, for the page to tell which one was clicked. */
export function drawSweepFigure<D extends FigureDocument>(doc: D, data: SweepFigureData, options: LabFigureOptions): Drawn<SweepGeometry, FigureRoot<D>> {
  const model = sweepModel(data);
  return data.definition.y ? drawHeatmap(doc, model, options) : drawLine(doc, model, options);
}

/** The cell index under a point in SVG units, or null. */
export function sweepCellAt(geometry: SweepGeometry, x: number, y: number): number | null {
  const hit = geometry.cells.find((c) => x >= c.x && x < c.x + c.width && y >= c.y && y < c.y + c.height);
  return hit ? hit.index : null;
}

const BEST_STROKE = 3;
const REGION_DASH = '6 3';

/** Diagonal hatching clipped to a rectangle, as one path: the mark of a skipped cell. */
function hatchPath(x: number, y: number, w: number, h: number, spacing: number): string {
  const f = (v: number): string => v.toFixed(1);
  let d = '';
  for (let k = spacing; k < w + h; k += spacing) {
    d += `M${f(x + Math.max(0, k - h))},${f(y + Math.min(k, h))}L${f(x + Math.min(k, w))},${f(y + Math.max(0, k - w))}`;
  }
  return d;
}

/** The outline of a set of grid cells: every cell edge that no other cell of the set shares, as one path. */
function regionOutline(members: ReadonlySet<string>, columns: readonly number[], rows: readonly number[]): string {
  const key = (c: number, r: number): string => `${c} ${r}`;
  let d = '';
  for (const member of members) {
    const [c, r] = member.split(' ').map(Number) as [number, number];
    const [x0, x1, y0, y1] = [columns[c]!, columns[c + 1]!, rows[r]!, rows[r + 1]!];
    if (!members.has(key(c - 1, r))) d += `M${x0},${y0}V${y1}`;
    if (!members.has(key(c + 1, r))) d += `M${x1},${y0}V${y1}`;
    if (!members.has(key(c, r - 1))) d += `M${x0},${y0}H${x1}`;
    if (!members.has(key(c, r + 1))) d += `M${x0},${y1}H${x1}`;
  }
  return d;
}

/** A stroke with a halo in the background colour under it, so it shows on pale and on dark cells alike. */
function haloStroke(g: Group, d: string, color: string, halo: string, width: number, dash: string | null, role: string): void {
  const layer = g.append('g').attr('data-role', role).attr('fill', 'none').attr('stroke-linecap', 'square');
  layer.append('path').attr('d', d).attr('stroke', halo).attr('stroke-width', width + 2);
  layer.append('path').attr('d', d).attr('stroke', color).attr('stroke-width', width).attr('stroke-dasharray', dash);
}

function markLegend(model: SweepModel, theme: Theme): LegendItem[] {
  const items: LegendItem[] = [
    { label: 'best cell', color: theme.foreground, swatch: 'line' },
    { label: 'optimal region: not distinguishable from the best (paired by seed)', color: theme.foreground, swatch: 'line', dash: REGION_DASH },
  ];
  if (model.cells.some((c) => c.state === 'skipped')) items.push({ label: 'skipped', color: theme.muted, swatch: 'area' });
  if (model.cells.some((c) => c.state === 'diverged')) items.push({ label: 'diverged', color: theme.warning, swatch: 'area' });
  if (model.cells.some((c) => c.state === 'pending')) items.push({ label: 'not run yet', color: theme.muted, swatch: 'hollow' });
  return items;
}

const Y_LABEL_GAP = 8;

function drawHeatmap<D extends FigureDocument>(doc: D, model: SweepModel, options: LabFigureOptions): Drawn<SweepGeometry, FigureRoot<D>> {
  const { width, theme } = options;
  const { definition } = model;
  const yAxis = definition.y!;
  const xValues = definition.x.values;
  const yValues = yAxis.values;
  const xName = parameterLabel(definition, definition.x.param);
  const yName = parameterLabel(definition, yAxis.param);
  const versus = model.versus;

  const shown = model.cells.filter((c) => c.state === 'ok');
  // Differences to the constant τ are in the metric's units: as many decimals as the means.
  const decimals = decimalsFor(shown.map((c) => c.summary.mean));
  const numberText = numbers(decimals, versus);
  const summaryNumbers = numbers(decimals, false);
  const seeds = definition.seeds.length;

  const title = `${capitalise(model.metricLabel)} over ${xName} × ${yName}`;
  const notes = [describeBest(model, summaryNumbers), describeConstant(model, summaryNumbers)];
  const caption =
    options.caption ??
    (versus
      ? `Mean ± sd of cell − best constant τ, paired by seed; n.s.: 95 % CI covers 0, not distinguishable at n = ${seeds}.`
      : 'Mean ± sd over seeds; the optimal region: cells whose 95 % CI of the paired difference to the best covers 0.');
  const description =
    `${title}, ${subtitleOf(model, options)}; ${xName} on the x axis (${xValues.map(axisValue).join(', ')}), ${yName} on the y axis (${yValues.map(axisValue).join(', ')}). ` +
    `${notes.join(' ')} ${model.cells.map((c) => cellReading(model, c, numberText)).join('; ')}.`;
  const { svg, root } = createFigureRoot(doc, { ariaLabel: title, title, description }, options);
  svg.attr('data-best-cell', model.summary.region.best);

  const header = drawHeader(svg, { title, subtitle: subtitleOf(model, options), legend: markLegend(model, theme), notes }, options);
  const scale = colorScale(model, numberText);
  const rampTitle = versus ? `${model.metricLabel} − best constant τ` : `${model.metricLabel} (mean over seeds)`;
  const top = drawRamp(svg, scale, rampTitle, header + 10, width - 2 * PAD, theme) + 8;
  const bottom = drawCaption(svg, caption, options) - 38;

  const yLabelWidth = Math.max(...yValues.map((v) => estimateTextWidth(axisValue(v), TICK_SIZE)));
  const left = PAD + 18 + yLabelWidth + Y_LABEL_GAP;
  const right = width - PAD;
  const columns = xValues.map((_, i) => left + ((right - left) * i) / xValues.length).concat(right);
  // Row edges from the top; the first y value in the bottom row, as on a plot's y axis.
  const rows = yValues.map((_, i) => top + ((bottom - top) * i) / yValues.length).concat(bottom);
  const rowOf = (yIndex: number): number => yValues.length - 1 - yIndex;
  const cellWidth = (right - left) / xValues.length;
  const cellHeight = (bottom - top) / yValues.length;
  const { fontSize, cellNumbers } = cellText(model, decimals, versus, cellWidth);
  const twoLines = cellHeight >= 2 * fontSize + 6;

  const body: Group = svg.append('g').attr('data-role', 'plot');
  const cellsLayer = body.append('g').attr('data-role', 'cells');
  const geometry: SweepGeometry['cells'][number][] = [];
  const regionMembers = new Set<string>();
  let bestBox: { x: number; y: number; w: number; h: number } | null = null;

  for (const c of model.cells) {
    const col = xValues.indexOf(c.cell.x);
    const row = rowOf(yValues.indexOf(c.cell.y!));
    const [x, y] = [columns[col]!, rows[row]!];
    geometry.push({ index: c.cell.index, x, y, width: cellWidth, height: cellHeight });
    if (c.optimal) regionMembers.add(`${col} ${row}`);
    if (c.best) bestBox = { x, y, w: cellWidth, h: cellHeight };

    const g = cellsLayer.append('g').attr('data-cell', c.cell.index).attr('data-state', c.state);
    g.append('title').text(cellReading(model, c, numberText));
    const rect = g.append('rect').attr('x', x + 1).attr('y', y + 1).attr('width', cellWidth - 2).attr('height', cellHeight - 2);
    let lines: string[] = [];
    let textColor = theme.muted;
    if (c.state === 'ok') {
      const fill = scale.color(c.value);
      rect.attr('fill', fill);
      textColor = textColorOn(fill);
      const second = c.notDistinguishable ? 'n.s.' : Number.isFinite(c.sd) ? `±${cellNumbers.spread(c.sd)}` : `n = ${c.n}`;
      lines = [cellNumbers.value(c.value), second];
      g.attr('data-value', c.value).attr('data-sd', Number.isFinite(c.sd) ? c.sd : null).attr('data-optimal', c.optimal ? 'true' : null);
    } else if (c.state === 'skipped') {
      rect.attr('fill', theme.grid);
      g.append('path').attr('d', hatchPath(x + 1, y + 1, cellWidth - 2, cellHeight - 2, 7)).attr('stroke', theme.muted).attr('stroke-opacity', 0.45).attr('stroke-width', 1);
      lines = [fitWord(['skipped', 'skip'], cellWidth, fontSize)];
      textColor = theme.foreground;
    } else if (c.state === 'diverged') {
      rect.attr('fill', theme.warningFill).attr('stroke', theme.warning).attr('stroke-width', 1);
      lines = [fitWord(['diverged', 'div.'], cellWidth, fontSize)];
      textColor = theme.warning;
    } else {
      rect.attr('fill', 'none').attr('stroke', theme.muted).attr('stroke-opacity', 0.6).attr('stroke-width', 1);
    }
    const shownLines = twoLines ? lines : lines.slice(0, 1);
    const text = g
      .append('text')
      .attr('x', x + cellWidth / 2)
      .attr('text-anchor', 'middle')
      .attr('font-size', fontSize)
      .attr('fill', textColor);
    const first = y + cellHeight / 2 - ((shownLines.length - 1) * (fontSize + 2)) / 2 + fontSize * 0.35;
    shownLines.forEach((l, i) => text.append('tspan').attr('x', x + cellWidth / 2).attr('y', first + i * (fontSize + 2)).text(l));
  }

  if (regionMembers.size > 0) haloStroke(body, regionOutline(regionMembers, columns, rows), theme.foreground, theme.background, 2, REGION_DASH, 'optimal-region');
  // On the cell's edges, over the region's dashes, so that it never covers the cell's text.
  if (bestBox) haloStroke(body, `M${bestBox.x},${bestBox.y}h${bestBox.w}v${bestBox.h}h${-bestBox.w}Z`, theme.foreground, theme.background, BEST_STROKE, null, 'best');

  // Category axes: each value centred on its column or row.
  const xAxis = body.append('g').attr('data-axis', 'x').attr('font-size', TICK_SIZE).attr('fill', theme.muted).attr('text-anchor', 'middle');
  xValues.forEach((v, i) => xAxis.append('text').attr('x', columns[i]! + cellWidth / 2).attr('y', bottom + 14).text(axisValue(v)));
  const yAxisG = body.append('g').attr('data-axis', 'y').attr('font-size', TICK_SIZE).attr('fill', theme.muted).attr('text-anchor', 'end');
  yValues.forEach((v, i) => yAxisG.append('text').attr('x', left - Y_LABEL_GAP).attr('y', rows[rowOf(i)]! + cellHeight / 2).attr('dy', '0.32em').text(axisValue(v)));
  axisTitle(body, xName, (left + right) / 2, bottom + 32, theme, false, right - left);
  axisTitle(body, yName, PAD - 8, (top + bottom) / 2, theme, true, bottom - top);

  return { element: root, geometry: { width, cells: geometry } };
}

/** How much the width estimate is stretched for cell text, which must never spill over its cell. */
const CELL_TEXT_MARGIN = 1.1;

/** The largest type (11, 10, 9) and then the most decimals with which every cell's numbers fit its width. */
function cellText(model: SweepModel, decimals: number, signed: boolean, cellWidth: number): { fontSize: number; cellNumbers: Numbers } {
  const shown = model.cells.filter((c) => c.state === 'ok');
  const fits = (n: Numbers, size: number): boolean =>
    shown.every((c) => CELL_TEXT_MARGIN * Math.max(estimateTextWidth(`±${n.spread(c.sd)}`, size), estimateTextWidth(n.value(c.value), size)) < cellWidth - 4);
  for (const d of [decimals, Math.max(0, decimals - 1)]) {
    for (const size of [TICK_SIZE, 10, 9]) if (fits(numbers(d, signed), size)) return { fontSize: size, cellNumbers: numbers(d, signed) };
  }
  return { fontSize: 9, cellNumbers: numbers(Math.max(0, decimals - 1), signed) };
}

/** The first word that fits a cell, else the last. */
function fitWord(words: readonly string[], cellWidth: number, fontSize: number): string {
  return words.find((w) => estimateTextWidth(w, fontSize) < cellWidth - 4) ?? words.at(-1)!;
}

/** A geometric progression of at least three positive values: drawn on a log axis. */
export function isGeometric(values: readonly number[]): boolean {
  if (values.length < 3 || values.some((v) => !(v > 0))) return false;
  const ratio = values[1]! / values[0]!;
  return Math.abs(ratio - 1) > 1e-9 && values.every((v, i) => i === 0 || Math.abs(v / values[i - 1]! / ratio - 1) < 1e-6);
}

function drawLine<D extends FigureDocument>(doc: D, model: SweepModel, options: LabFigureOptions): Drawn<SweepGeometry, FigureRoot<D>> {
  const { width, theme } = options;
  const { definition } = model;
  const xName = parameterLabel(definition, definition.x.param);
  const versus = model.versus;
  const order = model.cells.map((_, i) => i).sort((a, b) => model.cells[a]!.cell.x - model.cells[b]!.cell.x);
  const interval = (c: CellModel): readonly [number, number] => {
    if (!versus) return [c.summary.low, c.summary.high];
    const d = model.summary.toBestConstant[c.cell.index]!;
    return [d.low, d.high];
  };
  const shown = model.cells.filter((c) => c.state === 'ok');
  const decimals = decimalsFor(shown.map((c) => c.summary.mean));
  const valueNumbers = numbers(decimals, versus);
  const summaryNumbers = numbers(decimals, false);

  const tauText = model.constant ? `best constant τ = ${axisValue(model.constant.tau)}` : 'best constant τ';
  const title = `${capitalise(model.metricLabel)} over ${xName}`;
  const notes = [describeBest(model, summaryNumbers), describeConstant(model, summaryNumbers)];
  const caption =
    options.caption ??
    (versus
      ? `Paired difference to the ${tauText} with its 95 % CI; n.s.: not distinguishable at n = ${definition.seeds.length}; filled: optimal region.`
      : 'Mean with its t-based 95 % CI. Filled: optimal region (not distinguishable from the best, paired by seed); ringed: best.');
  const description = `${title}, ${subtitleOf(model, options)}. ${notes.join(' ')} ${model.cells.map((c) => cellReading(model, c, valueNumbers)).join('; ')}.`;
  const { svg, root } = createFigureRoot(doc, { ariaLabel: title, title, description }, options);
  svg.attr('data-best-cell', model.summary.region.best);

  const referenceColor = theme.pins[0]!;
  const legend: LegendItem[] = [
    { label: `${versus ? 'difference' : 'mean'} ± 95 % CI`, color: theme.current, swatch: 'line' },
    { label: versus ? `${tauText} (the zero line)` : `${tauText} ± 95 % CI`, color: referenceColor, swatch: 'line', dash: '6 4' },
    { label: 'optimal region', color: theme.current, swatch: 'point' },
    { label: 'outside it', color: theme.current, swatch: 'hollow' },
  ];
  const top = drawHeader(svg, { title, subtitle: subtitleOf(model, options), legend, notes }, options) + 6;
  const bottom = drawCaption(svg, caption, options) - 40;
  const left = PAD + 52;
  const right = width - PAD - 10;

  const xs = definition.x.values;
  const log = isGeometric(xs);
  const [xLo, xHi] = finiteExtent(xs)!;
  const x: ScaleContinuousNumeric<number, number> = log
    ? scaleLog().domain(xLo === xHi ? [xLo / 2, xHi * 2] : [xLo / (xHi / xLo) ** 0.06, xHi * (xHi / xLo) ** 0.06]).range([left, right])
    : scaleLinear().domain(padExtent([xLo, xHi], 0.06, Math.abs(xLo) * 0.5 || 1)).range([left, right]);

  const reference = model.constant ? (versus ? { mean: 0, low: 0, high: 0 } : model.constant.summary) : null;
  const yValues = [...shown.flatMap((c) => [c.value, ...interval(c)]), ...(reference ? [reference.mean, reference.low, reference.high] : [])];
  const y = scaleLinear()
    .domain(padExtent(finiteExtent(yValues) ?? [0, 1], 0.1, 0.05))
    .range([bottom, top])
    .nice(tickCount(bottom - top, 45));

  const body: Group = svg.append('g').attr('data-role', 'plot');
  const xTicks = log ? xs.slice() : x.ticks(tickCount(right - left, 70));
  const yTicks = y.ticks(tickCount(bottom - top, 45));
  drawGridLines(body, x, y, xTicks, yTicks, theme);
  drawAxis(body, { scale: x, orient: 'bottom', at: bottom, ticks: xTicks, format: log ? axisValue : x.tickFormat(xTicks.length), name: 'x' }, options);
  drawAxis(body, { scale: y, orient: 'left', at: left, ticks: yTicks, format: y.tickFormat(yTicks.length), name: 'y' }, options);
  axisTitle(body, `${xName}${log ? ' (log scale)' : ''}`, (left + right) / 2, bottom + 34, theme, false, right - left);
  axisTitle(body, versus ? `${model.metricLabel} − constant τ` : model.metricLabel, PAD - 8, (top + bottom) / 2, theme, true, bottom - top);

  if (reference && model.constant) {
    const g = body.append('g').attr('data-role', 'constant').attr('data-tau', model.constant.tau);
    if (!versus && Number.isFinite(reference.low)) {
      g.append('rect')
        .attr('x', left)
        .attr('width', right - left)
        .attr('y', y(reference.high))
        .attr('height', Math.max(0, y(reference.low) - y(reference.high)))
        .attr('fill', referenceColor)
        .attr('fill-opacity', 0.16);
    }
    g.append('line').attr('x1', left).attr('x2', right).attr('y1', y(reference.mean)).attr('y2', y(reference.mean)).attr('stroke', referenceColor).attr('stroke-width', 2).attr('stroke-dasharray', '6 4');
    // The label goes to the end of the line whose nearest point lies further from it, over a halo.
    const ends = [shown.filter((c) => c.cell.x === xLo), shown.filter((c) => c.cell.x === xHi)].map((at) => Math.min(Infinity, ...at.map((c) => Math.abs(y(c.value) - y(reference.mean)))));
    const atLeft = ends[0]! > ends[1]!;
    g.append('text')
      .attr('x', atLeft ? left + 6 : right - 6)
      .attr('y', y(reference.mean) - 6)
      .attr('text-anchor', atLeft ? 'start' : 'end')
      .attr('fill', theme.foreground)
      .attr('stroke', theme.background)
      .attr('stroke-width', 3)
      .attr('paint-order', 'stroke')
      .attr('font-size', TICK_SIZE)
      .text(tauText);
  }

  const path = line<number>()
    .defined((i) => model.cells[i]!.state === 'ok' && Number.isFinite(model.cells[i]!.value))
    .x((i) => x(model.cells[i]!.cell.x))
    .y((i) => y(model.cells[i]!.value))
    .digits(2);
  body.append('path').attr('d', path(order)).attr('fill', 'none').attr('stroke', theme.current).attr('stroke-width', 2);

  const points = body.append('g').attr('data-role', 'points');
  const geometry: SweepGeometry['cells'][number][] = [];
  const positions = order.map((i) => x(model.cells[i]!.cell.x));
  order.forEach((i, k) => {
    const c = model.cells[i]!;
    const px = positions[k]!;
    const from = k === 0 ? left : (positions[k - 1]! + px) / 2;
    const to = k === order.length - 1 ? right : (px + positions[k + 1]!) / 2;
    geometry.push({ index: c.cell.index, x: from, y: top, width: to - from, height: bottom - top });
    const g = points.append('g').attr('data-cell', c.cell.index).attr('data-state', c.state);
    g.append('title').text(cellReading(model, c, valueNumbers));
    if (c.state !== 'ok') {
      const word = c.state === 'pending' ? 'not run' : c.state;
      g.append('text')
        .attr('x', px)
        .attr('y', bottom - 8)
        .attr('text-anchor', 'middle')
        .attr('font-size', TICK_SIZE)
        .attr('fill', c.state === 'diverged' ? theme.warning : theme.muted)
        .text(word);
      return;
    }
    g.attr('data-value', c.value).attr('data-optimal', c.optimal ? 'true' : null);
    const [lo, hi] = interval(c);
    if (Number.isFinite(lo) && Number.isFinite(hi)) {
      g.append('path')
        .attr('d', `M${px},${y(lo)}V${y(hi)}M${px - 4},${y(lo)}H${px + 4}M${px - 4},${y(hi)}H${px + 4}`)
        .attr('stroke', theme.current)
        .attr('stroke-width', 1.5)
        .attr('fill', 'none');
    }
    g.append('circle')
      .attr('cx', px)
      .attr('cy', y(c.value))
      .attr('r', 4.5)
      .attr('fill', c.optimal ? theme.current : theme.background)
      .attr('stroke', theme.current)
      .attr('stroke-width', 2);
    if (c.best) g.append('circle').attr('data-role', 'best').attr('cx', px).attr('cy', y(c.value)).attr('r', 9).attr('fill', 'none').attr('stroke', theme.foreground).attr('stroke-width', 2);
    if (c.notDistinguishable) {
      const onLeft = px > right - 30;
      g.append('text')
        .attr('x', onLeft ? px - 8 : px + 8)
        .attr('y', y(c.value) - 8)
        .attr('text-anchor', onLeft ? 'end' : 'start')
        .attr('font-size', TICK_SIZE)
        .attr('fill', theme.muted)
        .text('n.s.');
    }
  });

  return { element: root, geometry: { width, cells: geometry } };
}
