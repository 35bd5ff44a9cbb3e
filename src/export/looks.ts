import { paperTheme, slideTheme, type Theme } from '../figures/theme';

/**
 * How an exported figure looks: its palette and its size. A figure is laid out at `layoutWidth` CSS px by
 * its own figure function and written at `typeScale` times that size (the viewBox keeps the layout), so on
 * a slide the same figure comes out with larger type and thicker lines, never cramped.
 */
export type ExportLookId = 'paper' | 'slide';

export interface ExportLook {
  readonly id: ExportLookId;
  readonly label: string;
  readonly theme: Theme;
  /** Layout width of a figure, and of a wide one (the training curves). */
  readonly layoutWidth: number;
  readonly wideLayoutWidth: number;
  readonly typeScale: number;
}

export interface FigureSize {
  readonly width: number;
  readonly height: number;
}

export const exportLooks: Readonly<Record<ExportLookId, ExportLook>> = {
  // 12 px text at 1:1 is 9 pt in print; the figure is about 5.4 in (one wide column) wide.
  paper: { id: 'paper', label: 'Paper', theme: paperTheme, layoutWidth: 520, wideLayoutWidth: 900, typeScale: 1 },
  // 12 px text × 1.75 = 21 px: readable from the back of a room on a 1920-px slide holding two figures.
  slide: { id: 'slide', label: 'Slide', theme: slideTheme, layoutWidth: 540, wideLayoutWidth: 960, typeScale: 1.75 },
};

export const DEFAULT_LOOK: ExportLookId = 'paper';

export const PNG_SCALES = [1, 2, 4] as const;
export type PngScale = (typeof PNG_SCALES)[number];
export const DEFAULT_PNG_SCALE: PngScale = 2;

/** The layout size (what the figure function draws) and the written size (SVG width/height, PNG at 1×). */
export function exportSizes(look: ExportLook, wide: boolean, heightFor: (width: number) => number): { layout: FigureSize; output: FigureSize } {
  const width = wide ? look.wideLayoutWidth : look.layoutWidth;
  const layout = { width, height: heightFor(width) };
  return { layout, output: { width: Math.round(layout.width * look.typeScale), height: Math.round(layout.height * look.typeScale) } };
}
