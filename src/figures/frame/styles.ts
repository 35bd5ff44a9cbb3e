import { okabeIto, type Theme } from '../theme';

/** The colour conventions of the figures: runs, pair types and classes. */

/** One run in a comparison: its legend text and its place in the run palette (0 = the live run). */
export interface RunStyle {
  readonly label: string;
  readonly colorIndex: number;
}

/** Run 0 takes the live colour, further runs the pin colours — the same order as the τ studio's pins. */
export function runColor(theme: Theme, colorIndex: number): string {
  const i = Math.max(0, Math.floor(colorIndex));
  return i === 0 ? theme.current : theme.pins[(i - 1) % theme.pins.length]!;
}

const RUN_DASHES: readonly (string | null)[] = [null, '7 4', '2 3', '10 3 2 3'];

/** A colour-free second cue: run 0 solid, the others dashed or dotted. */
export function runDash(colorIndex: number): string | null {
  return RUN_DASHES[Math.max(0, Math.floor(colorIndex)) % RUN_DASHES.length]!;
}

export type PairType = 'truePositive' | 'falseNegative' | 'trueNegative';
export const PAIR_TYPES: readonly PairType[] = ['truePositive', 'falseNegative', 'trueNegative'];
/** Without labels no negative can be told to share the sample's class: positives and negatives only. */
const UNLABELLED_PAIR_TYPES: readonly PairType[] = ['truePositive', 'trueNegative'];

/** The pair types a batch can be split into: all three, or two where its data has no labels. */
export const pairTypes = (unlabelled = false): readonly PairType[] => (unlabelled ? UNLABELLED_PAIR_TYPES : PAIR_TYPES);

export interface PairStyle {
  readonly label: string;
  readonly short: string;
  readonly color: string;
}

/**
 * Pair types keep their colours in every figure; none of them is the live run's (τ curve's) colour. With
 * `unlabelled` data every negative is one of "the negatives", named without a class it cannot be said to have.
 */
export function pairStyle(theme: Theme, type: PairType, unlabelled = false): PairStyle {
  switch (type) {
    case 'truePositive':
      return { label: 'true positives', short: 'TP', color: okabeIto.bluishGreen };
    case 'falseNegative':
      return { label: 'false negatives (same class)', short: 'FN', color: okabeIto.orange };
    case 'trueNegative': {
      const color = theme.name === 'dark' ? '#E28BC0' : okabeIto.reddishPurple;
      return unlabelled ? { label: 'negatives (no labels)', short: 'neg', color } : { label: 'true negatives (other class)', short: 'TN', color };
    }
  }
}

/**
 * Class colours: the seven Okabe–Ito hues and the theme's foreground (on the dark background sky blue comes
 * first and reddish purple is lightened, for contrast), then the same colours as hollow markers for classes 8–15, so ten MNIST digits stay
 * apart without relying on hue alone.
 */
export function classColor(theme: Theme, label: number): string {
  if (label < 0) return theme.muted;
  const dark = theme.name === 'dark';
  const hues = [
    dark ? okabeIto.skyBlue : okabeIto.blue,
    okabeIto.orange,
    okabeIto.bluishGreen,
    okabeIto.vermillion,
    dark ? '#E28BC0' : okabeIto.reddishPurple,
    dark ? okabeIto.blue : okabeIto.skyBlue,
    okabeIto.yellow,
    theme.foreground,
  ];
  return hues[label % hues.length]!;
}

export function classHollow(label: number): boolean {
  return label >= 8 && Math.floor(label / 8) % 2 === 1;
}
