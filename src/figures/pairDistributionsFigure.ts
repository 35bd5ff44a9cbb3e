import { format, line, max, scaleLinear } from 'd3';
import { axisTitle, drawAxis, drawGridLines, panelTitle, finiteExtent, percentTickFormat, drawStepPanelFrame, tickCount } from './frame/axis';
import type { FigureDocument, FigureRoot, Group } from './frame/document';
import { drawLegend, type LegendItem } from './frame/legend';
import { createFigureRoot, drawCaption, drawHeader, type LabFigureOptions } from './frame/root';
import { PAD, TEXT_SIZE } from './frame/sizes';
import { pairStyle, pairTypes, runDash, type RunStyle } from './frame/styles';
import { drawHistogram, HISTOGRAM_BINS, summarisePairType, type PairSimilarities } from './similarityHistogram';
import { okabeIto, type Theme } from './theme';

/**
 * Cosine similarity by pair type for the current batch — true positives (two views of one sample), false
 * negatives (same class, different sample) and true negatives (different classes) — as normalised
 * histograms, with the three 1-D Wasserstein (earth mover's) distances between them printed. With a
 * history, a lower panel shows how those distances developed over training. Data without labels has
 * positives and negatives only, and the one distance between them.
 */

export interface PairDistances {
  readonly tpFn: number;
  readonly fnTn: number;
  readonly tpTn: number;
}

/** What the figure needs of a Snapshot (which fits as is). */
export interface PairSnapshot {
  readonly step: number;
  readonly batch: { readonly pairs: PairSimilarities; readonly distances: PairDistances };
}

export interface DistanceHistory extends RunStyle {
  readonly points: readonly { readonly step: number; readonly distances: PairDistances }[];
}

export interface PairDistributionsData {
  readonly snapshot: PairSnapshot;
  /** Past snapshots' distances, one entry per run (runs told apart by dash). */
  readonly history?: readonly DistanceHistory[];
  readonly bins?: number;
  /** The data has no labels: positives and negatives only, and the one distance between them. */
  readonly unlabelled?: boolean;
}

type DistanceKey = keyof PairDistances;

export const DISTANCE_KEYS: readonly DistanceKey[] = ['tpFn', 'fnTn', 'tpTn'];

/** The distances there are: the three, or only positives to negatives where the data has no labels. */
const distanceKeys = (unlabelled = false): readonly DistanceKey[] => (unlabelled ? ['tpTn'] : DISTANCE_KEYS);

export function distanceStyle(theme: Theme, key: DistanceKey, unlabelled = false): { label: string; color: string } {
  switch (key) {
    case 'tpFn':
      return { label: 'W₁(TP, FN)', color: okabeIto.vermillion };
    case 'fnTn':
      return { label: 'W₁(FN, TN)', color: theme.name === 'dark' ? okabeIto.skyBlue : okabeIto.blue };
    case 'tpTn':
      return { label: unlabelled ? 'W₁(TP, neg)' : 'W₁(TP, TN)', color: theme.foreground };
  }
}

const distanceFormat = format('.3f');
const stepFormat = format(',~d');
const countFormat = format(',~d');
const sFormat = format('.2f');

/** The figure's data work (histograms and means, memoised), to run in a task of its own before a build. */
export function preparePairDistributionsFigure(data: PairDistributionsData): void {
  for (const type of pairTypes(data.unlabelled)) summarisePairType(data.snapshot.batch.pairs[type], data.bins ?? HISTOGRAM_BINS);
}

export function renderPairDistributionsFigure<D extends FigureDocument>(doc: D, data: PairDistributionsData, options: LabFigureOptions): FigureRoot<D> {
  const { width, theme } = options;
  const bins = data.bins ?? HISTOGRAM_BINS;
  const { pairs, distances } = data.snapshot.batch;
  const unlabelled = data.unlabelled === true;
  const histograms = pairTypes(unlabelled).map((type) => ({ type, style: pairStyle(theme, type, unlabelled), values: pairs[type], ...summarisePairType(pairs[type], bins) }));
  const history = (data.history ?? []).filter((h) => h.points.length > 0);
  const showHistory = history.length > 0;
  const keys = distanceKeys(unlabelled);

  const distanceText = keys.map((k) => `${distanceStyle(theme, k, unlabelled).label} = ${Number.isFinite(distances[k]) ? distanceFormat(distances[k]) : '–'}`);
  const description =
    `Similarity by pair type at step ${stepFormat(data.snapshot.step)}: normalised histograms (${bins} bins over −1 to 1) of cosine similarity for ` +
    histograms.map((h) => `${h.style.label} (${countFormat(h.values.length)} pairs, mean ${Number.isFinite(h.mean) ? sFormat(h.mean) : '–'})`).join(', ') +
    `. Earth mover's ${keys.length > 1 ? 'distances' : 'distance'}: ${distanceText.join(', ')}.` +
    (unlabelled ? ' The data has no labels, so no negative is known to share its sample’s class.' : '') +
    (showHistory ? ` The lower panel shows ${keys.length > 1 ? 'the three distances' : 'the distance'} over training.` : '');
  const { svg, root } = createFigureRoot(doc, { ariaLabel: 'Similarity by pair type', title: 'Similarity by pair type', description }, options);

  const legend: LegendItem[] = histograms.map((h) => ({ label: `${h.style.label} · ${countFormat(h.values.length)}`, color: h.style.color, swatch: 'area' }));
  let top = drawHeader(svg, { title: 'Similarity by pair type', subtitle: options.subtitle, legend }, options);

  // The distances, keyed by colour to the lines of the lower panel.
  const distanceItems: LegendItem[] = [
    { label: 'earth mover’s distance', color: theme.muted, swatch: 'none', textColor: theme.muted },
    ...keys.map((k, i): LegendItem => ({ label: distanceText[i]!, color: distanceStyle(theme, k).color, swatch: showHistory ? 'line' : 'none' })),
  ];
  top = drawLegend(svg, distanceItems, PAD, top + 10, width - 2 * PAD, theme) + 14;
  const bottom = drawCaption(svg, options.caption, options) - 36;

  const left = PAD + 50;
  const right = width - PAD - 6;
  const total = bottom - top;
  // Runs are told apart by dash: their key sits beside the lower panel's title, wrapping below it if need be.
  const keyLeft = PAD + 168;
  const runItems: LegendItem[] = history.length > 1 ? history.map((h) => ({ label: h.label, color: theme.muted, swatch: 'line', dash: runDash(h.colorIndex) })) : [];
  // Rows of that key beyond the first come out of the histogram's height, not the distances panel's.
  const probe = svg.append('g');
  const keyRows = runItems.length > 0 ? drawLegend(probe, runItems, keyLeft, 0, width - PAD - keyLeft, theme) - 4 : 0;
  probe.remove();
  const historyHeight = showHistory ? Math.max(90, Math.round(total * 0.34)) + keyRows : 0;
  const histBottom = showHistory ? bottom - historyHeight - 46 : bottom;

  // Histograms.
  const x = scaleLinear().domain([-1, 1]).range([left, right]);
  const peak = max(histograms, (h) => max(h.shares) ?? 0) ?? 0;
  const y = scaleLinear()
    .domain([0, peak > 0 ? peak * 1.08 : 0.1])
    .range([histBottom, top])
    .nice(tickCount(histBottom - top, 45));
  // Shares never exceed 100 %, whatever round number nice() reached for.
  if (y.domain()[1]! > 1) y.domain([0, 1]);
  const body: Group = svg.append('g').attr('data-panel', 'histogram');
  const xTicks = x.ticks(tickCount(right - left, 60));
  const yTicks = y.ticks(tickCount(histBottom - top, 45));
  drawGridLines(body, x, y, xTicks, yTicks, theme);
  drawAxis(body, { scale: x, orient: 'bottom', at: histBottom, ticks: xTicks, format: x.tickFormat(xTicks.length), name: 'x' }, options);
  drawAxis(body, { scale: y, orient: 'left', at: left, ticks: yTicks, format: percentTickFormat(yTicks), name: 'y' }, options);
  axisTitle(body, 'cosine similarity s', (left + right) / 2, histBottom + 34, theme);
  axisTitle(body, 'share of pairs', PAD - 8, (top + histBottom) / 2, theme, true);
  // True negatives (usually the most pairs, widest) at the back, true positives in front.
  for (const h of [...histograms].reverse()) drawHistogram(body, h.shares, x, y, h.style.color, h.type);
  // Each type's mean similarity: a small triangle on the axis.
  for (const h of histograms) {
    if (!Number.isFinite(h.mean)) continue;
    const mx = x(Math.max(-1, Math.min(1, h.mean)));
    body
      .append('path')
      .attr('d', `M${mx.toFixed(2)},${histBottom - 1}l-5,-8h10z`)
      .attr('fill', h.style.color)
      .attr('stroke', theme.background)
      .attr('stroke-width', 1)
      .attr('data-mean', h.type);
  }

  if (showHistory) {
    const titleY = histBottom + 50;
    const g: Group = svg.append('g').attr('data-panel', 'distances');
    panelTitle(g, 'Distances over training', PAD, titleY, theme, TEXT_SIZE);
    const panelTop = runItems.length > 0 ? drawLegend(g, runItems, keyLeft, titleY, width - PAD - keyLeft, theme) + 10 : titleY + 8;
    const steps = finiteExtent(history.flatMap((h) => h.points.map((p) => p.step)))!;
    const dMax = finiteExtent(history.flatMap((h) => h.points.flatMap((p) => keys.map((k) => p.distances[k]))))?.[1] ?? 1;
    const sy = scaleLinear()
      .domain([0, dMax > 0 ? dMax * 1.08 : 1])
      .range([bottom, panelTop])
      .nice(3);
    const sx = drawStepPanelFrame(g, { steps, y: sy, left, right, bottom, yTickSpacing: 30 }, options);
    axisTitle(g, 'W₁', PAD - 8, (panelTop + bottom) / 2, theme, true);
    for (const run of [...history].reverse()) {
      const points = [...run.points].sort((a, b) => a.step - b.step);
      for (const key of keys) {
        const path = line<(typeof points)[number]>()
          .defined((p) => Number.isFinite(p.distances[key]))
          .x((p) => sx(p.step))
          .y((p) => sy(p.distances[key]))
          .digits(2);
        g.append('path')
          .attr('d', path(points) ?? '')
          .attr('fill', 'none')
          .attr('stroke', distanceStyle(theme, key).color)
          .attr('stroke-width', 1.75)
          .attr('stroke-dasharray', runDash(run.colorIndex))
          .attr('data-series', `${run.label} ${key}`);
      }
    }
  }
  return root;
}
