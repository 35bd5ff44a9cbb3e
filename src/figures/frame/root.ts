import type { Theme } from '../theme';
import { createSvg, SVG_NS, type FigureDocument, type FigureRoot, type Svg } from './document';
import { drawLegend, type LegendItem } from './legend';
import { LINE_HEIGHT, PAD, TEXT_SIZE, TICK_SIZE, TITLE_SIZE } from './sizes';
import { truncateText, wrapText } from './textLayout';

/**
 * A figure's root and the text around its plot: a self-contained SVG root (role, aria-label, <title>, <desc>,
 * background), a header with title, run metadata and legend drawn inside the SVG, and a caption at the foot.
 * Everything is styled with presentation attributes on an explicit background, so the SVG looks the same
 * pasted into a paper as on the page.
 */

export interface FigureOptions {
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
  /**
   * The screen's device pixel ratio (default 1). At 1, axis lines sit on half pixels so that they stay
   * one pixel wide, as d3-axis draws them.
   */
  readonly devicePixelRatio?: number;
}

export interface LabFigureOptions extends FigureOptions {
  /** Run metadata under the title, e.g. "step 1200 · dystress (0.1, 0.2) · seed 1". */
  readonly subtitle?: string;
  /** A remark at the foot of the figure. */
  readonly caption?: string;
}

export interface FigureText {
  readonly ariaLabel: string;
  readonly title: string;
  readonly description: string;
}

/** The root of a figure in `doc`: `svg` to draw in, `root` to return. */
export function createFigureRoot<D extends FigureDocument>(doc: D, text: FigureText, { width, height, theme }: FigureOptions): { readonly svg: Svg; readonly root: FigureRoot<D> } {
  const { svg, root } = createSvg(doc);
  svg
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
  return { svg, root };
}

/** The title on the first line, shortened to the width; `tagged` marks it with data-role="title". */
export function drawTitle(svg: Svg, title: string, { width, theme }: FigureOptions, tagged: boolean): void {
  const text = svg
    .append('text')
    .attr('x', PAD)
    .attr('y', PAD + TITLE_SIZE - 2)
    .attr('font-size', TITLE_SIZE)
    .attr('font-weight', 600)
    .attr('fill', theme.foreground);
  if (tagged) text.attr('data-role', 'title');
  text.text(truncateText(title, width - 2 * PAD, TITLE_SIZE));
}

export interface HeaderSpec {
  readonly title: string;
  readonly subtitle?: string;
  readonly legend: readonly LegendItem[];
  /** Muted lines under the legend. */
  readonly notes?: readonly string[];
}

/** Title, subtitle, legend and notes; returns the y where the plot area may begin. */
export function drawHeader(svg: Svg, spec: HeaderSpec, options: FigureOptions): number {
  const { width, theme } = options;
  const innerWidth = width - 2 * PAD;
  drawTitle(svg, spec.title, options, true);
  let y = PAD + TITLE_SIZE - 2;
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
