import type { Theme } from '../theme';
import type { Group, Svg } from './document';
import { LEGEND_ROW, TEXT_SIZE } from './sizes';
import { estimateTextWidth, wrapText } from './textLayout';

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

/**
 * How a legend looks: the lab's figures use short swatches, two-line labels and a tagged group; the studio's
 * curve charts (τ and logit), whose labels spell out every setting, longer swatches and up to three lines.
 */
export interface LegendStyle {
  readonly swatch: number;
  readonly gap: number;
  readonly maxLines: number;
  /** Mark the legend's group with data-role="legend". */
  readonly tagged: boolean;
}

export const LAB_LEGEND: LegendStyle = { swatch: 22, gap: 16, maxLines: 2, tagged: true };
export const CHART_LEGEND: LegendStyle = { swatch: 24, gap: 18, maxLines: 3, tagged: false };

interface PlacedItem {
  readonly item: LegendItem;
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
}

function swatchWidth(item: LegendItem, style: LegendStyle): number {
  if (item.swatch === 'none') return 0;
  return item.swatch === 'point' || item.swatch === 'hollow' ? 12 : style.swatch + 6;
}

/** Flows items left to right in rows; a label too long for a row wraps (at most `maxLines` lines). */
function layoutLegend(items: readonly LegendItem[], maxWidth: number, style: LegendStyle): { placed: PlacedItem[]; height: number } {
  const placed: PlacedItem[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const item of items) {
    const sw = swatchWidth(item, style);
    const lines = wrapText(item.label, maxWidth - sw, TEXT_SIZE, style.maxLines);
    const width = sw + Math.max(...lines.map((l) => estimateTextWidth(l, TEXT_SIZE)));
    if (x > 0 && (item.newRow === true || lines.length > 1 || x + width > maxWidth)) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    placed.push({ item, lines, x, y });
    rowHeight = Math.max(rowHeight, lines.length * LEGEND_ROW);
    x = lines.length > 1 ? maxWidth : x + width + style.gap;
  }
  return { placed, height: y + rowHeight };
}

function drawSwatch(g: Group, item: LegendItem, style: LegendStyle): void {
  switch (item.swatch) {
    case 'line':
      g.append('line')
        .attr('x1', 0)
        .attr('x2', style.swatch)
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
        .attr('width', style.swatch)
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

/** Draws the legend with its first baseline at `top`; returns the y of its last baseline plus 4. */
export function drawLegend(
  svg: Svg | Group,
  items: readonly LegendItem[],
  left: number,
  top: number,
  maxWidth: number,
  theme: Theme,
  style: LegendStyle = LAB_LEGEND,
): number {
  if (items.length === 0) return top - LEGEND_ROW + 4;
  const { placed, height } = layoutLegend(items, maxWidth, style);
  const g = svg.append('g').attr('transform', `translate(${left},${top})`);
  if (style.tagged) g.attr('data-role', 'legend');
  for (const p of placed) {
    const entry = g.append('g').attr('transform', `translate(${p.x},${p.y})`).attr('data-legend', p.item.label);
    drawSwatch(entry, p.item, style);
    const text = entry.append('text').attr('fill', p.item.textColor ?? theme.foreground).attr('font-size', TEXT_SIZE);
    p.lines.forEach((line, i) => text.append('tspan').attr('x', swatchWidth(p.item, style)).attr('y', i * LEGEND_ROW).text(line));
  }
  return top + height - LEGEND_ROW + 4;
}
