import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { themes } from '../../src/figures/theme';
import { labFigureCatalogue, subtitle } from './lab-figures.fixtures';

/**
 * Not a check: writes every lab figure, light and dark, wide and narrow, as SVG files for a person to look
 * at. Runs only when LAB_FIGURES_OUT names a directory (scripts/render-figures.ts sets it and then turns the
 * SVGs into PNGs). It lives in vitest because the core's temperature functions load tfjs-core, whose
 * gradient registrations Node's own ESM loader (and so tsx) cannot import.
 */

const outDir = process.env.LAB_FIGURES_OUT;
const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const doc = window.document;
const figures = labFigureCatalogue(doc);

describe.skipIf(!outDir)('render the lab figures to files', () => {
  it('writes light and dark, wide and narrow SVGs', () => {
    mkdirSync(outDir!, { recursive: true });
    let written = 0;
    for (const [name, figure] of Object.entries(figures)) {
      for (const theme of [themes.light, themes.dark]) {
        for (const [suffix, width] of [['', 560], ['-narrow', 380]] as const) {
          const caption = suffix === '' ? 'Synthetic data for a visual check of the figure layout.' : undefined;
          const svg = figure.render({ width, height: figure.height, theme, subtitle, caption });
          writeFileSync(join(outDir!, `${name}-${theme.name}${suffix}.svg`), new window.XMLSerializer().serializeToString(svg));
          written++;
        }
      }
    }
    expect(written).toBe(Object.keys(figures).length * 4);
  });
});
