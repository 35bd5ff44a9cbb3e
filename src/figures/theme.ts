/**
 * Colours and type for figures. Series colours come from the Okabe–Ito palette, which stays distinguishable
 * under the common colour-vision deficiencies; dashes (pins) add a second, colour-free cue.
 */
export interface Theme {
  readonly name: 'light' | 'dark';
  readonly background: string;
  readonly foreground: string;
  /** Axis lines, tick labels, secondary text. */
  readonly muted: string;
  readonly grid: string;
  /** The live curve. */
  readonly current: string;
  /** Pinned curves, in pin order. */
  readonly pins: readonly string[];
  /** Shading and text that flag a problem (e.g. a decreasing logit). */
  readonly warning: string;
  readonly warningFill: string;
  readonly fontFamily: string;
}

/** A system font stack: nothing to embed, so the SVG renders the same when exported. */
const fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const okabeIto = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export const lightTheme: Theme = {
  name: 'light',
  background: '#ffffff',
  foreground: '#1b1f24',
  muted: '#57606a',
  grid: '#e6e8eb',
  current: okabeIto.blue,
  pins: [okabeIto.orange, okabeIto.bluishGreen, okabeIto.reddishPurple, okabeIto.skyBlue, okabeIto.black],
  warning: '#b34700',
  warningFill: 'rgba(213, 94, 0, 0.14)',
  fontFamily,
};

export const darkTheme: Theme = {
  name: 'dark',
  background: '#161b22',
  foreground: '#e6edf3',
  muted: '#9da7b3',
  grid: '#2d333b',
  current: okabeIto.skyBlue,
  pins: [okabeIto.orange, okabeIto.bluishGreen, okabeIto.reddishPurple, okabeIto.yellow, '#ffffff'],
  warning: '#f0883e',
  warningFill: 'rgba(213, 94, 0, 0.2)',
  fontFamily,
};

export const themes = { light: lightTheme, dark: darkTheme } as const;

/**
 * Export themes: light palettes with stronger contrast for print and projectors. They differ from the page
 * themes in colour only; how large the type comes out is the export's layout scale (src/export/looks.ts).
 */
export const paperTheme: Theme = {
  ...lightTheme,
  foreground: '#000000',
  muted: '#3d444d',
  grid: '#e3e5e8',
};

export const slideTheme: Theme = {
  ...lightTheme,
  foreground: '#000000',
  muted: '#24292f',
  grid: '#d5d9de',
};
