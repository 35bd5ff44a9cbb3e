import { format, line, scaleLinear } from 'd3';
import { axisTitle, drawAxis, drawGridLines, finiteExtent, padExtent, tickCount } from './frame/axis';
import type { FigureDocument, FigureRoot, Group } from './frame/document';
import type { LegendItem } from './frame/legend';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD, TICK_SIZE } from './frame/sizes';
import { runColor, runDash } from './frame/styles';
import { estimateTextWidth } from './frame/textLayout';
import type { RunHistory, TrainingHistoryPoint } from './trainingCurvesFigure';

/**
 * Each run's path through the (uniformity, tolerance) plane of Wang & Liu: uniformity on x (lower = more
 * uniform), tolerance on y (higher = more tolerant), so the ideal — uniform and tolerant — is the upper left.
 * Points fade from early (faint) to late (solid); the start is a hollow ring, the end a filled dot, both
 * labelled.
 */

export interface UniformityToleranceData {
  readonly runs: readonly RunHistory[];
  /** The data has no labels, so there is no tolerance to draw (the empty plot says why). */
  readonly unlabelled?: boolean;
  /** A step to ring on each run's trajectory (linked hover from the training curves). */
  readonly hoverStep?: number | null;
}

export const UNIFORMITY_LABEL = 'uniformity (lower = more uniform)';
export const TOLERANCE_LABEL = 'tolerance (higher = more tolerant)';

const MAX_MARKERS = 120;
const value = format('.3~f');
const stepFormat = format(',~d');

interface TrajectoryPoint {
  readonly step: number;
  readonly uniformity: number;
  readonly tolerance: number;
}

/** The points of a history where both uniformity and tolerance are known, in step order. */
export function trajectory(history: readonly TrainingHistoryPoint[]): TrajectoryPoint[] {
  const points: TrajectoryPoint[] = [];
  for (const p of history) {
    const u = p.uniformity;
    const t = p.tolerance;
    if (u === null || u === undefined || t === null || t === undefined || !Number.isFinite(u) || !Number.isFinite(t)) continue;
    points.push({ step: p.step, uniformity: u, tolerance: t });
  }
  return points.sort((a, b) => a.step - b.step);
}

interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Places a label next to (x, y): right, left, above, below, then further out, taking the first spot that
 * stays inside `bounds` and clears the boxes already taken.
 */
function placeLabel(text: string, x: number, y: number, taken: Box[], bounds: Box): { x: number; y: number; anchor: 'start' | 'end' | 'middle' } {
  const w = estimateTextWidth(text, TICK_SIZE);
  const h = 13;
  const candidates: { dx: number; dy: number; anchor: 'start' | 'end' | 'middle' }[] = [];
  for (const r of [9, 18, 30]) {
    candidates.push({ dx: r, dy: 4, anchor: 'start' }, { dx: -r, dy: 4, anchor: 'end' }, { dx: 0, dy: -r, anchor: 'middle' }, { dx: 0, dy: r + 9, anchor: 'middle' });
    candidates.push({ dx: r, dy: -r, anchor: 'start' }, { dx: -r, dy: -r, anchor: 'end' }, { dx: r, dy: r + 9, anchor: 'start' }, { dx: -r, dy: r + 9, anchor: 'end' });
  }
  const boxOf = (c: (typeof candidates)[number]): Box => {
    const lx = x + c.dx;
    const x0 = c.anchor === 'start' ? lx : c.anchor === 'end' ? lx - w : lx - w / 2;
    return { x0, x1: x0 + w, y0: y + c.dy - h + 2, y1: y + c.dy + 2 };
  };
  const inside = (b: Box): boolean => b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
  const chosen = candidates.find((c) => inside(boxOf(c)) && !taken.some((t) => overlaps(t, boxOf(c)))) ?? candidates.find((c) => inside(boxOf(c))) ?? candidates[0]!;
  taken.push(boxOf(chosen));
  return { x: x + chosen.dx, y: y + chosen.dy, anchor: chosen.anchor };
}

export function renderUniformityToleranceFigure<D extends FigureDocument>(doc: D, data: UniformityToleranceData, options: LabFigureOptions): FigureRoot<D> {
  const { width, theme } = options;
  const runs = data.runs.map((run) => ({ run, points: trajectory(run.history) }));
  const drawn = runs.filter((r) => r.points.length > 0);

  const summary = drawn
    .map(({ run, points }) => {
      const a = points[0]!;
      const b = points[points.length - 1]!;
      return `${run.label}: from uniformity ${value(a.uniformity)}, tolerance ${value(a.tolerance)} at step ${stepFormat(a.step)} to uniformity ${value(b.uniformity)}, tolerance ${value(b.tolerance)} at step ${stepFormat(b.step)}`;
    })
    .join('; ');
  const description =
    'Uniformity vs Tolerance: each run\u2019s trajectory during training, uniformity on the x axis (lower = more uniform), tolerance on the y axis (higher = more tolerant). ' +
    (summary !== '' ? `${summary}.` : data.unlabelled ? 'Tolerance needs labels, and this data has none.' : 'No run has both metrics yet.');
  const { svg, root } = createFigureRoot(doc, { ariaLabel: 'Uniformity vs Tolerance', title: 'Uniformity vs tolerance', description }, options);

  const legend: LegendItem[] = [
    ...data.runs.map((r): LegendItem => ({ label: r.label, color: runColor(theme, r.colorIndex), swatch: 'line', dash: runDash(r.colorIndex) })),
    { label: 'start', color: theme.foreground, swatch: 'hollow' },
    { label: 'end (fainter = earlier)', color: theme.foreground, swatch: 'point' },
  ];
  const top = drawHeader(svg, { title: 'Uniformity vs tolerance', subtitle: options.subtitle, legend }, options);
  const bottom = drawCaption(svg, options.caption, options) - 40;

  const plot = { left: PAD + 52, right: width - PAD - 6, top: top + 6, bottom };
  const uExtent = finiteExtent(drawn.flatMap((r) => r.points.map((p) => p.uniformity))) ?? [-4, 0];
  const tExtent = finiteExtent(drawn.flatMap((r) => r.points.map((p) => p.tolerance))) ?? [0, 1];
  const x = scaleLinear().domain(padExtent(uExtent, 0.1, 0.1)).range([plot.left, plot.right]).nice(tickCount(plot.right - plot.left, 70));
  const y = scaleLinear().domain(padExtent(tExtent, 0.1, 0.05)).range([plot.bottom, plot.top]).nice(tickCount(plot.bottom - plot.top, 50));

  const body: Group = svg.append('g');
  const xTicks = x.ticks(tickCount(plot.right - plot.left, 70));
  const yTicks = y.ticks(tickCount(plot.bottom - plot.top, 50));
  drawGridLines(body, x, y, xTicks, yTicks, theme);
  drawAxis(body, { scale: x, orient: 'bottom', at: plot.bottom, ticks: xTicks, format: x.tickFormat(xTicks.length), name: 'x' }, options);
  drawAxis(body, { scale: y, orient: 'left', at: plot.left, ticks: yTicks, format: y.tickFormat(yTicks.length), name: 'y' }, options);
  axisTitle(body, UNIFORMITY_LABEL, (plot.left + plot.right) / 2, plot.bottom + 34, theme);
  axisTitle(body, TOLERANCE_LABEL, PAD - 8, (plot.top + plot.bottom) / 2, theme, true);

  if (drawn.length === 0) {
    body
      .append('text')
      .attr('x', (plot.left + plot.right) / 2)
      .attr('y', (plot.top + plot.bottom) / 2)
      .attr('text-anchor', 'middle')
      .attr('fill', theme.muted)
      .text(data.unlabelled ? 'Tolerance needs labels, and this data has none' : 'No uniformity and tolerance recorded yet');
    return root;
  }

  const taken: Box[] = [];
  const bounds: Box = { x0: plot.left + 2, x1: plot.right - 2, y0: plot.top + 2, y1: plot.bottom - 2 };
  const labels: { text: string; x: number; y: number; color: string }[] = [];

  // Later runs first, so the live run (index 0) lies on top.
  for (const { run, points } of [...drawn].reverse()) {
    const color = runColor(theme, run.colorIndex);
    const g: Group = body.append('g').attr('data-run', run.label);
    const path = line<TrajectoryPoint>()
      .x((p) => x(p.uniformity))
      .y((p) => y(p.tolerance))
      .digits(2);
    g.append('path')
      .attr('d', path(points) ?? '')
      .attr('fill', 'none')
      .attr('stroke', color)
      .attr('stroke-width', 1.5)
      .attr('stroke-opacity', 0.7)
      .attr('stroke-linejoin', 'round')
      .attr('stroke-dasharray', runDash(run.colorIndex))
      .attr('data-series', run.label);
    const stride = Math.max(1, Math.ceil(points.length / MAX_MARKERS));
    const first = points[0]!.step;
    const last = points[points.length - 1]!.step;
    const markers = g.append('g').attr('data-role', 'steps');
    for (let i = 0; i < points.length; i += stride) {
      const p = points[i]!;
      const t = last > first ? (p.step - first) / (last - first) : 1;
      markers
        .append('circle')
        .attr('cx', x(p.uniformity))
        .attr('cy', y(p.tolerance))
        .attr('r', 2.5)
        .attr('fill', color)
        .attr('fill-opacity', 0.15 + 0.85 * t)
        .attr('data-step', p.step);
    }
    const a = points[0]!;
    const b = points[points.length - 1]!;
    g.append('circle')
      .attr('cx', x(a.uniformity))
      .attr('cy', y(a.tolerance))
      .attr('r', 5.5)
      .attr('fill', theme.background)
      .attr('stroke', color)
      .attr('stroke-width', 2)
      .attr('data-role', 'start');
    g.append('circle')
      .attr('cx', x(b.uniformity))
      .attr('cy', y(b.tolerance))
      .attr('r', 5.5)
      .attr('fill', color)
      .attr('stroke', theme.background)
      .attr('stroke-width', 1.5)
      .attr('data-role', 'end');
    const hoverStep = data.hoverStep ?? null;
    if (hoverStep !== null) {
      const near = points.reduce((best, p) => (Math.abs(p.step - hoverStep) < Math.abs(best.step - hoverStep) ? p : best));
      g.append('circle')
        .attr('cx', x(near.uniformity))
        .attr('cy', y(near.tolerance))
        .attr('r', 7)
        .attr('fill', 'none')
        .attr('stroke', theme.foreground)
        .attr('stroke-width', 2)
        .attr('data-role', 'hover')
        .attr('data-step', near.step);
    }
    for (const p of [a, b]) taken.push({ x0: x(p.uniformity) - 6, x1: x(p.uniformity) + 6, y0: y(p.tolerance) - 6, y1: y(p.tolerance) + 6 });
    labels.push({ text: `start · step ${stepFormat(a.step)}`, x: x(a.uniformity), y: y(a.tolerance), color });
    if (points.length > 1) labels.push({ text: `end · step ${stepFormat(b.step)}`, x: x(b.uniformity), y: y(b.tolerance), color });
  }

  const labelLayer = body.append('g').attr('data-role', 'labels').attr('font-size', TICK_SIZE);
  const placed: typeof labels = [];
  for (const l of [...labels].reverse()) {
    // Runs that start (or end) together at the same step share one label.
    if (placed.some((p) => p.text === l.text && Math.hypot(p.x - l.x, p.y - l.y) < 24)) continue;
    placed.push(l);
    const at = placeLabel(l.text, l.x, l.y, taken, bounds);
    labelLayer
      .append('text')
      .attr('x', at.x)
      .attr('y', at.y)
      .attr('text-anchor', at.anchor)
      .attr('fill', theme.foreground)
      .attr('stroke', theme.background)
      .attr('stroke-width', 3)
      .attr('stroke-linejoin', 'round')
      .attr('paint-order', 'stroke')
      .text(l.text);
  }
  return root;
}
