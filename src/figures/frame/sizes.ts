/** Type sizes and spacing shared by every figure, in SVG units. */
export const PAD = 14;
export const TITLE_SIZE = 15;
export const TEXT_SIZE = 12;
export const TICK_SIZE = 11;
export const LINE_HEIGHT = 16;
export const LEGEND_ROW = 18;
