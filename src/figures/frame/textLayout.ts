/**
 * Text metrics without a layout engine. Figures must render headless (jsdom has no getBBox), so widths are
 * estimated from an average glyph width of the system sans-serif stack; generous enough that labels do
 * not collide, cheap enough to run on every slider move.
 */
const AVERAGE_GLYPH_WIDTH = 0.52;

export function estimateTextWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * AVERAGE_GLYPH_WIDTH;
}

/** Shortens `text` with an ellipsis so that it fits `maxWidth`. */
export function truncateText(text: string, maxWidth: number, fontSize: number): string {
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const glyphs = [...text];
  const fits = Math.max(1, Math.floor(maxWidth / (fontSize * AVERAGE_GLYPH_WIDTH)) - 1);
  return `${glyphs.slice(0, fits).join('').trimEnd()}…`;
}

/** Splits a word wider than `maxWidth` (a formula typed without spaces) into pieces that fit. */
function breakWord(word: string, maxWidth: number, fontSize: number): string[] {
  const perLine = Math.max(1, Math.floor(maxWidth / (fontSize * AVERAGE_GLYPH_WIDTH)));
  const glyphs = [...word];
  const pieces: string[] = [];
  for (let i = 0; i < glyphs.length; i += perLine) pieces.push(glyphs.slice(i, i + perLine).join(''));
  return pieces;
}

/** Greedy word wrap into lines no wider than `maxWidth`; at most `maxLines`, the last one ellipsized. */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter((w) => w !== '');
  for (const word of words.flatMap((w) => breakWord(w, maxWidth, fontSize))) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && estimateTextWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncateText(`${kept[maxLines - 1]!} …`, maxWidth, fontSize);
  return kept;
}
