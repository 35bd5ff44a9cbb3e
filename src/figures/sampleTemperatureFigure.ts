import { area, format, line, scaleLinear } from 'd3';
import type { SampleTemperatures } from '../core/trainer/sampleTemperatures';
import { axisTitle, drawAxis, drawGridLines, panelTitle, finiteExtent, padExtent, drawStepPanelFrame, tickCount } from './frame/axis';
import type { FigureDocument, FigureRoot, Group } from './frame/document';
import type { LegendItem } from './frame/legend';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD, TEXT_SIZE, TICK_SIZE } from './frame/sizes';
import { okabeIto, type Theme } from './theme';

/**
 * Temperatures trained per sample (iSogCLR) or predicted per input (Temperature as Uncertainty), shown as
 * what they are: a distribution over samples, never a curve τ(s). The upper panel is a strip of the τ_i at
 * the current snapshot, one column per class (for predicted τ split into the samples the kNN gets right and
 * those it gets wrong), each with its median; the lower panel the 5 %, 50 % and 95 % quantiles over training.
 */

export interface TauQuantilePoint {
  readonly step: number;
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
}

export interface SampleTemperatureData {
  readonly step: number;
  readonly samples: SampleTemperatures;
  readonly history: readonly TauQuantilePoint[];
  readonly classNames?: readonly string[];
}

const tauFormat = format('.3~f');
const countFormat = format(',~d');
const stepFormat = format(',~d');
const RADIUS = 1.8;

/** A column's samples: whether the kNN was right decides the colour (held-out), else one colour. */
type Verdict = 'correct' | 'wrong' | 'all';

function verdictStyle(theme: Theme, verdict: Verdict): { label: string; color: string } {
  switch (verdict) {
    case 'correct':
      return { label: 'kNN correct', color: theme.name === 'dark' ? okabeIto.skyBlue : okabeIto.blue };
    case 'wrong':
      return { label: 'kNN wrong', color: okabeIto.vermillion };
    case 'all':
      return { label: 'τ_i of a training sample', color: theme.current };
  }
}

/** A deterministic jitter in [−½, ½) for sample k: the strip does not move between identical snapshots. */
const jitter = (k: number): number => (((Math.imul(k + 1, 0x9e3779b1) >>> 0) / 4294967296) - 0.5);

const median = (values: number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
};

function dotsPath(points: readonly (readonly [number, number])[]): string {
  const r = RADIUS;
  return points.map(([x, y]) => `M${(x - r).toFixed(1)},${y.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`).join('');
}

/** The numbers the description and the notes state: per verdict, count and median. */
export function verdictSummary(samples: SampleTemperatures): { correct: { n: number; median: number }; wrong: { n: number; median: number } } | undefined {
  const verdicts = samples.knnCorrect;
  if (!verdicts) return undefined;
  const correct: number[] = [];
  const wrong: number[] = [];
  samples.values.forEach((v, k) => (verdicts[k] ? correct : wrong).push(v));
  return { correct: { n: correct.length, median: median(correct) }, wrong: { n: wrong.length, median: median(wrong) } };
}

export function renderSampleTemperatureFigure<D extends FigureDocument>(doc: D, data: SampleTemperatureData, options: LabFigureOptions): FigureRoot<D> {
  const { width, theme } = options;
  const { samples } = data;
  const predicted = samples.kind === 'predicted';
  const title = predicted ? 'Predicted temperatures τ_i = T/σ(u_i)' : 'Per-sample temperatures τ_i (iSogCLR)';
  const q = samples.quantiles;
  const summary = verdictSummary(samples);
  const population = predicted
    ? `${countFormat(samples.count)} held-out samples`
    : `${countFormat(samples.count)} of ${countFormat(samples.total)} training samples visited so far (the others keep τ init)`;
  const quantileText = `5 % ${tauFormat(q.p05)}, median ${tauFormat(q.p50)}, 95 % ${tauFormat(q.p95)}`;
  const verdictText = summary
    ? ` Median τ_i where the kNN is correct: ${tauFormat(summary.correct.median)} (${countFormat(summary.correct.n)}); wrong: ${Number.isFinite(summary.wrong.median) ? tauFormat(summary.wrong.median) : '–'} (${countFormat(summary.wrong.n)}).`
    : '';
  const description =
    `${title} at step ${stepFormat(data.step)}: the distribution of τ over ${population}; quantiles ${quantileText}.${verdictText}` +
    ` τ is not a function of the similarity here, so no curve τ(s) is drawn. The strip shows ${countFormat(samples.values.length)} samples by class` +
    (data.history.length > 0 ? '; the lower panel the 5 %, 50 % and 95 % quantiles over training.' : '.');
  const { svg, root } = createFigureRoot(doc, { ariaLabel: title, title, description }, options);

  const verdicts: Verdict[] = summary ? ['correct', 'wrong'] : ['all'];
  const legend: LegendItem[] = [
    ...verdicts.map((v) => ({ label: verdictStyle(theme, v).label, color: verdictStyle(theme, v).color, swatch: 'point' as const })),
    { label: 'class median', color: theme.foreground, swatch: 'line' as const },
  ];
  const notes = [`${population[0]!.toUpperCase()}${population.slice(1)}: ${quantileText}.${verdictText}`];
  let top = drawHeader(svg, { title, subtitle: options.subtitle, legend, notes }, options);
  top += 8;
  const bottom = drawCaption(svg, options.caption, options) - 36;
  const left = PAD + 50;
  const right = width - PAD - 6;
  const showHistory = data.history.length > 1;
  const historyHeight = showHistory ? Math.max(80, Math.round((bottom - top) * 0.34)) : 0;
  const stripBottom = showHistory ? bottom - historyHeight - 50 : bottom;

  // Columns: one per class (in label order), split by the kNN's verdict for predicted temperatures.
  const classes = [...new Set(samples.labels)].sort((a, b) => a - b);
  const columns = classes.flatMap((c) => verdicts.map((verdict) => ({ c, verdict })));
  const values = Array.from(samples.values).concat(data.history.flatMap((h) => [h.p05, h.p95]));
  const [lo, hi] = padExtent(finiteExtent(values) ?? [0, 1], 0.08, 0.01);
  const y = scaleLinear().domain([Math.max(0, lo), hi]).range([stripBottom, top]).nice(tickCount(stripBottom - top, 40));
  const x = scaleLinear().domain([0, Math.max(1, columns.length)]).range([left, right]);
  const body: Group = svg.append('g').attr('data-panel', 'strip');
  const yTicks = y.ticks(tickCount(stripBottom - top, 40));
  drawGridLines(body, x, y, [], yTicks, theme);
  drawAxis(body, { scale: y, orient: 'left', at: left, ticks: yTicks, format: y.tickFormat(yTicks.length), name: 'y' }, options);
  body.append('line').attr('x1', left).attr('x2', right).attr('y1', stripBottom + 0.5).attr('y2', stripBottom + 0.5).attr('stroke', theme.muted);
  axisTitle(body, predicted ? 'τ_i = T/σ(u_i)' : 'τ_i', PAD - 8, (top + stripBottom) / 2, theme, true);

  const byVerdict = new Map<Verdict, [number, number][]>(verdicts.map((v) => [v, []]));
  columns.forEach(({ c, verdict }, column) => {
    const members: number[] = [];
    samples.values.forEach((v, k) => {
      if (samples.labels[k] !== c) return;
      if (verdict !== 'all' && (samples.knnCorrect![k] === 1) !== (verdict === 'correct')) return;
      members.push(v);
      byVerdict.get(verdict)!.push([x(column + 0.5 + 0.7 * jitter(k)), y(v)]);
    });
    const m = median(members);
    if (Number.isFinite(m)) {
      body
        .append('line')
        .attr('x1', x(column + 0.1))
        .attr('x2', x(column + 0.9))
        .attr('y1', y(m))
        .attr('y2', y(m))
        .attr('stroke', theme.foreground)
        .attr('stroke-width', 2)
        .attr('data-median', `${c} ${verdict}`)
        .attr('data-value', m);
    }
  });
  for (const [verdict, points] of byVerdict) {
    body
      .append('path')
      .attr('d', dotsPath(points))
      .attr('fill', verdictStyle(theme, verdict).color)
      .attr('fill-opacity', 0.55)
      .attr('data-points', verdict)
      .attr('data-count', points.length);
  }
  // Class labels under their columns (both verdict columns of a class share one).
  const perClass = verdicts.length;
  classes.forEach((c, i) => {
    const name = data.classNames?.[c] ?? String(c);
    body
      .append('text')
      .attr('x', x(i * perClass + perClass / 2))
      .attr('y', stripBottom + 16)
      .attr('text-anchor', 'middle')
      .attr('font-size', TICK_SIZE)
      .attr('fill', theme.muted)
      .text(name);
  });
  axisTitle(body, predicted ? 'class (left: kNN correct, right: kNN wrong)' : 'class', (left + right) / 2, stripBottom + 34, theme);

  if (showHistory) {
    const titleY = stripBottom + 54;
    const g: Group = svg.append('g').attr('data-panel', 'quantiles');
    panelTitle(g, 'τ_i quantiles over training (band 5–95 %, line median)', PAD, titleY, theme, TEXT_SIZE);
    const panelTop = titleY + 12;
    const points = [...data.history].sort((a, b) => a.step - b.step);
    const steps = finiteExtent(points.map((p) => p.step))!;
    const sy = y.copy().range([bottom, panelTop]).nice(3);
    const sx = drawStepPanelFrame(g, { steps, y: sy, left, right, bottom, yTickSpacing: 28 }, options);
    const band = area<TauQuantilePoint>()
      .x((p) => sx(p.step))
      .y0((p) => sy(p.p05))
      .y1((p) => sy(p.p95))
      .digits(2);
    g.append('path').attr('d', band(points) ?? '').attr('fill', theme.current).attr('fill-opacity', 0.2).attr('data-series', 'p05-p95');
    const mid = line<TauQuantilePoint>()
      .x((p) => sx(p.step))
      .y((p) => sy(p.p50))
      .digits(2);
    g.append('path').attr('d', mid(points) ?? '').attr('fill', 'none').attr('stroke', theme.current).attr('stroke-width', 2).attr('data-series', 'median');
  }
  return root;
}

/** The quantile history of a run's history points (those that carry them). */
export function tauQuantileHistory(
  points: readonly { readonly step: number; readonly tauSampleP05?: number | null; readonly tauSampleMedian?: number | null; readonly tauSampleP95?: number | null }[],
): TauQuantilePoint[] {
  const out: TauQuantilePoint[] = [];
  for (const p of points) {
    if (p.tauSampleP05 == null || p.tauSampleMedian == null || p.tauSampleP95 == null) continue;
    out.push({ step: p.step, p05: p.tauSampleP05, p50: p.tauSampleMedian, p95: p.tauSampleP95 });
  }
  return out;
}
