/**
 * The worked study's figures from a sweep's directory, drawn by the lab's own sweep figure in the paper look
 * and written as self-contained SVG (with their metadata) next to the study: the heatmap of a metric, the
 * same against the best constant τ, and the τ(s) band of the optimal region.
 * Usage: npx tsx scripts/study-figures.ts DIR OUT-PREFIX [metric …]   (default metric: knnAccuracy)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { version } from '../package.json';
import { similarityGrid, temperatureCurve } from '../src/core/analysis/curves';
import { optimalTemperatureBand } from '../src/core/sweep/band';
import { summariseSweep, type SweepFile, type SweepMetric } from '../src/core/sweep/results';
import { expandCells } from '../src/core/sweep/definition';
import { createTemperature, formatTemperatureSpec } from '../src/core/temperature';
import { exportLooks } from '../src/export/looks';
import { APP_NAME } from '../src/export/metadata';
import { renderExportSvg, serialiseSvg, type FigureRenderer } from '../src/export/svg';
import { renderSweepFigure } from '../src/figures/sweepFigure';
import { renderTemperatureFigure } from '../src/figures/temperatureFigure';

const [dir, prefix, ...metricArgs] = process.argv.slice(2);
if (!dir || !prefix) throw new Error('usage: npx tsx scripts/study-figures.ts DIR OUT-PREFIX [metric …]');
const { definition, runs } = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepFile;
const metrics = (metricArgs.length > 0 ? metricArgs : ['knnAccuracy']) as SweepMetric[];
const doc = new JSDOM('<!doctype html><html><body></body></html>').window.document;
const look = exportLooks.paper;

function write(name: string, id: string, title: string, render: FigureRenderer, heightFor: (width: number) => number): void {
  const metadata = {
    app: APP_NAME,
    version,
    figure: { id, title },
    step: definition.steps,
    seed: definition.seeds[0]!,
    temperature: formatTemperatureSpec(definition.base.temperature),
    config: definition.base,
    exportedAt: new Date().toISOString(),
  } as const;
  const svg = renderExportSvg(doc, render, look, false, heightFor, metadata);
  writeFileSync(`${prefix}-${name}.svg`, serialiseSvg(doc, svg));
}

for (const metric of metrics) {
  for (const versusConstant of [false, true]) {
    write(
      `${metric}${versusConstant ? '-vs-constant' : ''}`,
      'sweep',
      'Sweep',
      (d, size, theme) => renderSweepFigure(d, { definition, runs, view: { metric, versusConstant } }, { ...size, theme }),
      (width) => Math.round(width * 0.95),
    );
  }
}

// The τ(s) curves of the optimal region (first metric) as a band under the best cell's temperature.
const cells = expandCells(definition);
const region = summariseSweep(definition, cells.length, runs, metrics[0]!).region;
const best = cells[region.best];
const bestConfig = best && 'config' in best.outcome ? best.outcome.config : null;
const s = Array.from(similarityGrid(201));
const band = optimalTemperatureBand(definition, region, s);
if (band && bestConfig) {
  const temperature = createTemperature(bestConfig.temperature);
  if (!temperature.ok) throw new Error(temperature.error);
  const label = `best cell: ${formatTemperatureSpec(bestConfig.temperature)}`;
  write(
    `${metrics[0]}-band`,
    'temperature',
    'Temperature vs cosine similarity',
    (d, size, theme) =>
      renderTemperatureFigure(
        d,
        { current: { label, curve: temperatureCurve(temperature.value) }, pins: [], band: { s: band.s, low: band.low, high: band.high, label: `optimal region of the sweep (${band.cells} cells)` } },
        { ...size, theme },
      ),
    (width) => Math.round(Math.min(500, Math.max(380, width * 1.02))),
  );
}
