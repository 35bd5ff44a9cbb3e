/** Digits after the decimal point that a slider step needs (0.005 → 3, 10 → 0). */
export function stepDecimals(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** A parameter value as people write it: no float noise, no trailing zeros (0.1, 0.25, 1000). */
export function formatValue(value: number): string {
  return String(Number(value.toFixed(4)));
}

/** A training step as the figures' subtitles write it: "step 1,240". */
export function stepText(step: number): string {
  return `step ${step.toLocaleString('en-US')}`;
}
