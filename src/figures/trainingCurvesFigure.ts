import { format, line, scaleLinear, type ScaleLinear } from 'd3';
import { axisTitle, drawAxis, drawGridLines, panelTitle, finiteExtent, padExtent, percentTickFormat, stepTicks, tickCount } from './frame/axis';
import { figureElement, type Drawn, type FigureDocument, type FigureRoot, type Group } from './frame/document';
import type { LegendItem } from './frame/legend';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD, TEXT_SIZE, TICK_SIZE } from './frame/sizes';
import { runColor, runDash, type RunStyle } from './frame/styles';
import { estimateTextWidth, truncateText } from './frame/textLayout';

/**
 * Training curves as small multiples on one shared step axis: loss, kNN accuracy, alignment, uniformity,
 * tolerance and inter-class uniformity (and a learned τ over training where a run learns one), one line per run. A hover step from the UI draws one vertical rule
 * through every panel and prints each run's value there (linked hover).
 */

/** One evaluation; structural, so the core's HistoryPoint fits. null (or a missing key) is a gap. */
export interface TrainingHistoryPoint {
  readonly step: number;
  readonly loss?: number | null;
  readonly alignment?: number | null;
  readonly uniformity?: number | null;
  readonly tolerance?: number | null;
  readonly interClassUniformity?: number | null;
  readonly knnAccuracy?: number | null;
  readonly learnedTau?: number | null;
  readonly learnedBias?: number | null;
}

export type TrainingMetric = 'loss' | 'knnAccuracy' | 'alignment' | 'uniformity' | 'tolerance' | 'interClassUniformity' | 'learnedTau' | 'learnedBias';

export interface RunHistory extends RunStyle {
  readonly history: readonly TrainingHistoryPoint[];
}

export interface TrainingCurvesData {
  /** One to three runs; the first is drawn on top. */
  readonly runs: readonly RunHistory[];
  /** The step under the pointer (from the UI); null or undefined for no rule. */
  readonly hoverStep?: number | null;
}

interface MetricSpec {
  readonly key: TrainingMetric;
  readonly name: string;
  readonly hint?: string;
  readonly format: (v: number) => string;
  /** Tick labels, given the ticks (default: the scale's own format). */
  readonly ticks?: (ticks: readonly number[]) => (v: number) => string;
  /** The metric's possible range: padding never takes the y domain beyond it. */
  readonly bounds?: readonly [number, number];
}

const value3 = format('.3f');
const valueSmall = format('.3~g');
const percent = format('.1%');
const stepFormat = format(',~d');

const showValue = (v: number): string => (Math.abs(v) >= 0.01 || v === 0 ? value3(v) : valueSmall(v));

export const TRAINING_METRICS: readonly MetricSpec[] = [
  { key: 'loss', name: 'loss', format: showValue },
  { key: 'knnAccuracy', name: 'kNN accuracy', format: percent, ticks: percentTickFormat, bounds: [0, 1] },
  { key: 'alignment', name: 'alignment', hint: 'lower = tighter positives', format: showValue, bounds: [0, 4] },
  { key: 'uniformity', name: 'uniformity', hint: 'lower = more uniform', format: showValue, bounds: [-8, 0] },
  { key: 'tolerance', name: 'tolerance', hint: 'higher = more tolerant', format: showValue, bounds: [-1, 1] },
  { key: 'interClassUniformity', name: 'inter-class uniformity', hint: 'lower = classes spread', format: showValue, bounds: [-8, 0] },
  // Only runs that learn their temperature record these, so only they get the panels.
  { key: 'learnedTau', name: 'learned τ', hint: 'e^−θ, or 1/t for SigLIP', format: showValue, bounds: [0, 100] },
  { key: 'learnedBias', name: 'SigLIP bias b', format: showValue },
];

function metricValue(p: TrainingHistoryPoint, key: TrainingMetric): number | null {
  const v = p[key];
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

/**
 * The history point whose step is nearest to `step` (the earlier one on a tie); with `metric`, only points
 * where that metric has a value count. Undefined when there is none.
 */
export function nearestStep<P extends TrainingHistoryPoint>(history: readonly P[], step: number, metric?: TrainingMetric): P | undefined {
  let best: P | undefined;
  for (const p of history) {
    if (metric !== undefined && metricValue(p, metric) === null) continue;
    if (best === undefined) {
      best = p;
      continue;
    }
    const d = Math.abs(p.step - step);
    const b = Math.abs(best.step - step);
    if (d < b || (d === b && p.step < best.step)) best = p;
  }
  return best;
}

interface Panel {
  readonly metric: MetricSpec;
  readonly column: number;
  readonly row: number;
}

const PANEL_HEADER = 20;
const LINE = 15;
const READOUT_GAP = 10;
/** Bold text runs about this much wider than the estimate for regular text. */
const BOLD = 1.1;

const boldWidth = (text: string): number => estimateTextWidth(text, TEXT_SIZE) * BOLD;

/** The widest readout a metric can need: each run's longest formatted value. */
function readoutWidth(runs: readonly RunHistory[], metric: MetricSpec): number {
  let total = 0;
  for (const run of runs) {
    let widest = boldWidth('–');
    for (const p of run.history) {
      const v = metricValue(p, metric.key);
      if (v !== null) widest = Math.max(widest, boldWidth(metric.format(v)));
    }
    total += widest;
  }
  return total + READOUT_GAP * Math.max(0, runs.length - 1);
}

/** 1–3 columns, whichever gives the panels the most room (height, or half the width, whichever is less). */
function chooseColumns(count: number, width: number, height: number): number {
  let best = 1;
  let bestScore = -Infinity;
  for (let c = 1; c <= Math.min(3, count); c++) {
    const cellWidth = (width - (c - 1) * PANEL_GAP) / c;
    const score = Math.min(cellWidth / 2, height / Math.ceil(count / c));
    if (score > bestScore + 1e-9) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
const PANEL_GAP = 14;
const Y_AXIS_WIDTH = 46;
const X_AXIS_HEIGHT = 20;

function drawRun(g: Group, run: RunHistory, key: TrainingMetric, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, color: string, dash: string | null): void {
  const points = run.history.filter((p) => Number.isFinite(p.step));
  const path = line<TrainingHistoryPoint>()
    .defined((p) => metricValue(p, key) !== null)
    .x((p) => x(p.step))
    .y((p) => y(metricValue(p, key)!))
    .digits(2);
  g.append('path')
    .attr('d', path(points) ?? '')
    .attr('fill', 'none')
    .attr('stroke', color)
    .attr('stroke-width', 1.75)
    .attr('stroke-linejoin', 'round')
    .attr('stroke-dasharray', dash)
    .attr('data-series', run.label);
  // A value with gaps on both sides draws no line segment: mark it with a dot.
  points.forEach((p, i) => {
    const v = metricValue(p, key);
    if (v === null) return;
    const before = i > 0 && metricValue(points[i - 1]!, key) !== null;
    const after = i < points.length - 1 && metricValue(points[i + 1]!, key) !== null;
    if (!before && !after) g.append('circle').attr('cx', x(p.step)).attr('cy', y(v)).attr('r', 2).attr('fill', color).attr('data-isolated', p.step);
  });
}

/** Where a panel is drawn and its step scale, in the SVG's units. */
export interface StepPanel {
  readonly metric: TrainingMetric;
  /** The panel's cell: its plot, axes and header. */
  readonly box: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  /** The step scale: `stepDomain` maps linearly onto x in `stepRange`. */
  readonly stepDomain: readonly [number, number];
  readonly stepRange: readonly [number, number];
}

export interface TrainingCurvesGeometry {
  /** The figure's width in SVG units, to map client coordinates into the SVG. */
  readonly width: number;
  readonly panels: readonly StepPanel[];
}

export function renderTrainingCurvesFigure<D extends FigureDocument>(doc: D, data: TrainingCurvesData, options: LabFigureOptions): FigureRoot<D> {
  return drawTrainingCurvesFigure(doc, data, options).element;
}

/** The figure and each panel's step scale, for the page to tell which step is under the pointer. */
export function drawTrainingCurvesFigure<D extends FigureDocument>(doc: D, data: TrainingCurvesData, options: LabFigureOptions): Drawn<TrainingCurvesGeometry, FigureRoot<D>> {
  const { width, theme } = options;
  const runs = data.runs;
  const metrics = TRAINING_METRICS.filter((m) => runs.some((r) => r.history.some((p) => metricValue(p, m.key) !== null)));
  const stepExtent = finiteExtent(runs.flatMap((r) => r.history.map((p) => p.step)));
  const hoverStep = data.hoverStep ?? null;

  const lastStep = stepExtent ? stepFormat(stepExtent[1]) : '–';
  const description =
    runs.length === 0
      ? 'Training curves: no runs yet.'
      : `Training curves of ${runs.map((r) => r.label).join(', ')} up to step ${lastStep}: ` +
        (metrics.length > 0 ? metrics.map((m) => m.name).join(', ') : 'no metrics recorded yet') +
        ' against training step, one panel per metric.' +
        (hoverStep !== null ? ` A rule marks step ${stepFormat(hoverStep)}.` : '');
  const { svg, root } = createFigureRoot(doc, { ariaLabel: 'Training curves', title: 'Training curves', description }, options);
  svg.attr('data-panels', metrics.map((m) => m.key).join(' '));

  const legend: LegendItem[] = runs.map((r) => ({ label: r.label, color: runColor(theme, r.colorIndex), swatch: 'line', dash: runDash(r.colorIndex) }));
  const top = drawHeader(svg, { title: 'Training curves', subtitle: options.subtitle, legend }, options);
  const bottom = drawCaption(svg, options.caption, options) - 22;

  if (metrics.length === 0 || !stepExtent) {
    svg
      .append('text')
      .attr('x', width / 2)
      .attr('y', (top + bottom) / 2)
      .attr('text-anchor', 'middle')
      .attr('fill', theme.muted)
      .text('No training history yet');
    return { element: root, geometry: { width, panels: [] } };
  }

  const columns = chooseColumns(metrics.length, width - 2 * PAD, bottom - top);
  const rows = Math.ceil(metrics.length / columns);
  const panels: Panel[] = metrics.map((metric, i) => ({ metric, column: i % columns, row: Math.floor(i / columns) }));
  const cellWidth = (width - 2 * PAD - (columns - 1) * PANEL_GAP) / columns;
  const rowHeight = (bottom - top) / rows;
  // The hovered values share the title's line when every panel has room for them, else get a line of
  // their own. Decided from the runs' values, not from the hover, so panels never move under the pointer.
  const twoLines = runs.length > 0 && metrics.some((m) => boldWidth(m.name) + readoutWidth(runs, m) + 12 > cellWidth);
  const header = twoLines ? PANEL_HEADER + LINE : PANEL_HEADER;

  const stepDomain: [number, number] = stepExtent[0] === stepExtent[1] ? [stepExtent[0] - 1, stepExtent[1] + 1] : stepExtent;
  const body: Group = svg.append('g');
  const stepPanels: StepPanel[] = [];

  for (const panel of panels) {
    const { metric } = panel;
    const left = PAD + panel.column * (cellWidth + PANEL_GAP) + Y_AXIS_WIDTH;
    const right = PAD + panel.column * (cellWidth + PANEL_GAP) + cellWidth;
    const panelTop = top + panel.row * rowHeight;
    const plotTop = panelTop + header + 4;
    // Only the lowest panel of each column carries the step labels; the others keep the tick marks.
    const lowest = panels.every((p) => p.column !== panel.column || p.row <= panel.row);
    const plotBottom = panelTop + rowHeight - (lowest ? X_AXIS_HEIGHT : 10);

    const x = scaleLinear().domain(stepDomain).range([left, right]);
    const values = runs.flatMap((r) => r.history.map((p) => metricValue(p, metric.key) ?? NaN));
    let domain = padExtent(finiteExtent(values)!, 0.08, 0.05);
    if (metric.bounds) domain = [Math.max(metric.bounds[0], domain[0]), Math.min(metric.bounds[1], domain[1])];
    const y = scaleLinear().domain(domain).range([plotBottom, plotTop]).nice(3);

    stepPanels.push({ metric: metric.key, box: { left: left - Y_AXIS_WIDTH, top: panelTop, right, bottom: panelTop + rowHeight }, stepDomain, stepRange: [left, right] });
    // The step scale is in the markup too, for readers of the SVG.
    const g: Group = body.append('g').attr('data-panel', metric.key).attr('data-step-domain', stepDomain.join(' ')).attr('data-step-range', `${left} ${right}`);
    const xTicks = stepTicks(x, tickCount(right - left, 70));
    const yTicks = y.ticks(tickCount(plotBottom - plotTop, 26));
    drawGridLines(g, x, y, xTicks, yTicks, theme);
    const xAxis = drawAxis(g, { scale: x, orient: 'bottom', at: plotBottom, ticks: xTicks, labels: lowest, format: stepFormat, name: 'x' }, options);
    drawAxis(g, { scale: y, orient: 'left', at: left, ticks: yTicks, format: metric.ticks?.(yTicks) ?? y.tickFormat(yTicks.length), name: 'y' }, options);

    const lines = g.append('g').attr('data-role', 'series');
    for (const run of [...runs].reverse()) drawRun(lines, run, metric.key, x, y, runColor(theme, run.colorIndex), runDash(run.colorIndex));

    // Header: the metric's name (its y-axis label) on the left, the hovered values on the right.
    const readout: { text: string; color: string }[] = [];
    if (hoverStep !== null) {
      for (const run of runs) {
        const p = nearestStep(run.history, hoverStep, metric.key);
        readout.push({ text: p ? metric.format(metricValue(p, metric.key)!) : '–', color: runColor(theme, run.colorIndex) });
      }
    }
    const headerLeft = left - Y_AXIS_WIDTH + 2;
    const room = right - headerLeft - (twoLines ? 0 : readoutWidth(runs, metric) + 12);
    const full = metric.hint ? `${metric.name} (${metric.hint})` : metric.name;
    const name = boldWidth(full) <= room ? full : truncateText(metric.name, Math.max(room, 40) / BOLD, TEXT_SIZE);
    panelTitle(g, name, headerLeft, panelTop + PANEL_HEADER - 6, theme);
    if (readout.length > 0) {
      const text = g
        .append('text')
        .attr('x', right)
        .attr('y', panelTop + header - 6)
        .attr('text-anchor', 'end')
        .attr('font-weight', 600)
        .attr('data-role', 'readout');
      readout.forEach((r, i) => text.append('tspan').attr('fill', r.color).attr('dx', i === 0 ? 0 : READOUT_GAP).text(r.text));
    }

    if (hoverStep !== null) {
      const hx = x(hoverStep);
      if (hx >= left - 0.5 && hx <= right + 0.5) {
        const rule = g.append('g').attr('data-role', 'hover');
        rule
          .append('line')
          .attr('x1', hx)
          .attr('x2', hx)
          .attr('y1', plotTop)
          .attr('y2', plotBottom)
          .attr('stroke', theme.foreground)
          .attr('stroke-opacity', 0.55)
          .attr('stroke-width', 1)
          .attr('data-step', hoverStep);
        for (const run of runs) {
          const p = nearestStep(run.history, hoverStep, metric.key);
          if (!p) continue;
          rule
            .append('circle')
            .attr('cx', x(p.step))
            .attr('cy', y(metricValue(p, metric.key)!))
            .attr('r', 3.5)
            .attr('fill', runColor(theme, run.colorIndex))
            .attr('stroke', theme.background)
            .attr('stroke-width', 1.5);
        }
        if (lowest) {
          const label = stepFormat(hoverStep);
          const w = estimateTextWidth(label, TICK_SIZE) + 10;
          const tx = Math.min(Math.max(hx, left + w / 2), right - w / 2);
          // Tick labels the tag would cover make way.
          const tickNodes = figureElement(xAxis).querySelectorAll('.tick');
          xTicks.forEach((t, i) => {
            const half = estimateTextWidth(stepFormat(t), TICK_SIZE) / 2;
            if (Math.abs(x(t) - tx) < w / 2 + half + 2) tickNodes[i]!.setAttribute('opacity', '0');
          });
          rule
            .append('rect')
            .attr('x', tx - w / 2)
            .attr('y', plotBottom + 2)
            .attr('width', w)
            .attr('height', 16)
            .attr('rx', 3)
            .attr('fill', theme.foreground);
          rule
            .append('text')
            .attr('x', tx)
            .attr('y', plotBottom + 14)
            .attr('text-anchor', 'middle')
            .attr('font-size', TICK_SIZE)
            .attr('fill', theme.background)
            .text(label);
        }
      }
    }
  }

  axisTitle(body, 'training step', width / 2, bottom + 18, theme);
  return { element: root, geometry: { width, panels: stepPanels } };
}
