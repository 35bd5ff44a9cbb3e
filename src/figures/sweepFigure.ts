import type { SweepDefinition } from '../core/sweep/definition';
import { expandCells } from '../core/sweep/definition';
import { SWEEP_METRICS, summariseSweep, type SweepMetric, type SweepRun } from '../core/sweep/results';
import type { Drawn, FigureDocument, FigureRoot } from './frame/document';
import { createFigureRoot, drawHeader, type LabFigureOptions } from './frame/root';

/**
 * STUB of the sweep heatmap, standing in until the real figure lands: one rect per cell (data-sweep-cell),
 * the best by mean marked data-best="true", the mean as text. Same API and attributes as the real one.
 */

export interface SweepView {
  readonly metric: SweepMetric;
  readonly versusConstant: boolean;
}

export interface SweepFigureData {
  readonly definition: SweepDefinition;
  readonly runs: readonly SweepRun[];
  readonly view: SweepView;
}

export interface SweepGeometry {
  readonly width: number;
  readonly cells: readonly { readonly index: number; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
}

export function drawSweepFigure<D extends FigureDocument>(doc: D, data: SweepFigureData, options: LabFigureOptions): Drawn<SweepGeometry, FigureRoot<D>> {
  const { definition, runs, view } = data;
  const cells = expandCells(definition);
  const summary = summariseSweep(definition, cells.length, runs, view.metric);
  const label = SWEEP_METRICS[view.metric].label;
  const title = `Sweep: final ${label} over ${definition.x.param}${definition.y ? ` × ${definition.y.param}` : ''}`;
  const { svg, root } = createFigureRoot(doc, { ariaLabel: title, title, description: `Mean ${label} over seeds per cell.` }, options);
  const top = drawHeader(svg, { title, legend: [], ...(options.subtitle ? { subtitle: options.subtitle } : {}) }, options);
  const columns = definition.x.values.length;
  const rows = definition.y?.values.length ?? 1;
  const left = 60;
  const cellWidth = (options.width - left - 16) / columns;
  const cellHeight = Math.max(20, (options.height - top - 40) / rows);
  const geometry: SweepGeometry['cells'][number][] = [];
  for (const cell of cells) {
    const column = cell.index % columns;
    const row = Math.floor(cell.index / columns);
    const box = { index: cell.index, x: left + column * cellWidth, y: top + (rows - 1 - row) * cellHeight, width: cellWidth, height: cellHeight };
    geometry.push(box);
    const mean = summary.region.cells[cell.index]?.summary.mean ?? NaN;
    const rect = svg
      .append('rect')
      .attr('data-sweep-cell', cell.index)
      .attr('x', box.x)
      .attr('y', box.y)
      .attr('width', box.width - 2)
      .attr('height', box.height - 2)
      .attr('fill', Number.isFinite(mean) ? options.theme.current : options.theme.grid);
    if (summary.region.best === cell.index) rect.attr('data-best', 'true').attr('stroke', options.theme.foreground).attr('stroke-width', 3);
    svg
      .append('text')
      .attr('x', box.x + box.width / 2)
      .attr('y', box.y + box.height / 2)
      .attr('text-anchor', 'middle')
      .attr('fill', options.theme.background)
      .text(Number.isFinite(mean) ? mean.toFixed(3) : '–');
  }
  return { element: root, geometry: { width: options.width, cells: geometry } };
}

export function renderSweepFigure<D extends FigureDocument>(doc: D, data: SweepFigureData, options: LabFigureOptions): FigureRoot<D> {
  return drawSweepFigure(doc, data, options).element;
}

export function sweepCellAt(geometry: SweepGeometry, x: number, y: number): number | null {
  const cell = geometry.cells.find((c) => x >= c.x && x < c.x + c.width && y >= c.y && y < c.y + c.height);
  return cell ? cell.index : null;
}
