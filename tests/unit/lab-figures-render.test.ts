import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderBatchUnderTemperatureFigure } from '../../src/figures/batchUnderTemperatureFigure';
import { renderEmbeddingFigure } from '../../src/figures/embeddingFigure';
import { renderGradientProfileFigure } from '../../src/figures/gradientProfileFigure';
import type { LabFigureOptions } from '../../src/figures/labFrame';
import { renderPairDistributionsFigure } from '../../src/figures/pairDistributionsFigure';
import { themes } from '../../src/figures/theme';
import { renderTrainingCurvesFigure } from '../../src/figures/trainingCurvesFigure';
import { renderUniformityToleranceFigure } from '../../src/figures/uniformityToleranceFigure';
import {
  constant,
  currentBatch,
  digitNames,
  distanceHistory,
  dystress,
  embedding16,
  embedding2,
  embedding3,
  labelled,
  linksFor,
  profiles,
  runs,
  snapshot,
} from './lab-figures.fixtures';

/**
 * Not a check: writes every lab figure, light and dark, wide and narrow, as SVG files for a person to look
 * at. Runs only when LAB_FIGURES_OUT names a directory (scripts/render-figures.ts sets it and then turns the
 * SVGs into PNGs). It lives in vitest because the core's temperature functions load tfjs-core, whose
 * gradient registrations Node's own ESM loader (and so tsx) cannot import.
 */

const outDir = process.env.LAB_FIGURES_OUT;
const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const doc = window.document;
const subtitle = 'step 1,200 · DySTreSS (τ min 0.1, τ max 0.2) · seed 1';

type Render = (options: LabFigureOptions) => SVGSVGElement;
const figures: Record<string, { render: Render; height: number }> = {
  'training-curves': { render: (o) => renderTrainingCurvesFigure(doc, { runs, hoverStep: 1200 }, o), height: 520 },
  'training-curves-one-run': { render: (o) => renderTrainingCurvesFigure(doc, { runs: [runs[0]!] }, o), height: 460 },
  'uniformity-tolerance': { render: (o) => renderUniformityToleranceFigure(doc, { runs }, o), height: 460 },
  'pair-distributions': {
    render: (o) =>
      renderPairDistributionsFigure(doc, { snapshot, history: [distanceHistory(40, 'DySTreSS τ 0.1–0.2', 0, 1), distanceHistory(60, 'constant τ 0.1', 1, 0.4)] }, o),
    height: 560,
  },
  'pair-distributions-no-history': { render: (o) => renderPairDistributionsFigure(doc, { snapshot }, o), height: 420 },
  'batch-under-temperature': {
    render: (o) =>
      renderBatchUnderTemperatureFigure(
        doc,
        { curves: { current: labelled('DySTreSS (cosine): τ min 0.1, τ max 0.2', dystress(0.1, 0.2)), pins: [labelled('Constant τ (SimCLR): τ 0.2', constant(0.2))] }, pairs: currentBatch.pairs },
        o,
      ),
    height: 440,
  },
  'gradient-profile': { render: (o) => renderGradientProfileFigure(doc, { runs: profiles() }, o), height: 540 },
  'embedding-circle': { render: (o) => renderEmbeddingFigure(doc, { dim: 2, ...embedding2, links: linksFor(240, 5) }, o), height: 500 },
  'embedding-sphere': { render: (o) => renderEmbeddingFigure(doc, { dim: 3, ...embedding3, view: { yaw: 35, pitch: 20 }, links: linksFor(300, 6) }, o), height: 500 },
  'embedding-pca': { render: (o) => renderEmbeddingFigure(doc, { dim: 16, ...embedding16, classNames: digitNames }, o), height: 540 },
};

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
