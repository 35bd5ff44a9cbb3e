import { unzipSync, strFromU8 } from 'fflate';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { logitMonotonicity } from '../../src/core/analysis';
import { defaultConfig, type HistoryPoint } from '../../src/core/config';
import { buildExportZip } from '../../src/export/exportAll';
import { figureDataFiles, renderFigureExport, type FigureExportSpec } from '../../src/export/figureExport';
import { figureExports, type LabFigureKey } from '../../src/export/labFigures';
import { exportLooks, exportSizes } from '../../src/export/looks';
import { METADATA_ID } from '../../src/export/svg';
import { renderBatchUnderTemperatureFigure } from '../../src/figures/batchUnderTemperatureFigure';
import { DEFAULT_VIEW, renderEmbeddingFigure } from '../../src/figures/embeddingFigure';
import { renderGradientProfileFigure } from '../../src/figures/gradientProfileFigure';
import { renderLogitFigure } from '../../src/figures/logitFigure';
import { renderPairDistributionsFigure } from '../../src/figures/pairDistributionsFigure';
import { renderTrainingCurvesFigure } from '../../src/figures/trainingCurvesFigure';
import { renderUniformityToleranceFigure } from '../../src/figures/uniformityToleranceFigure';
import { constant, currentBatch, distanceHistory, dystress, embedding3, labelled, profiles, runs, snapshot, temperature } from './lab-figures.fixtures';

/**
 * Every lab figure exported through the same spec builder the page uses (src/export/labFigures.ts), rendered
 * headless in jsdom: the SVG must stand alone (title, legend, background, metadata, no page CSS, nothing
 * external), at the look's size; the data files and the zip must hold what they promise.
 */

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const doc = window.document;

const tau = temperature(dystress(0.1, 0.2));
const curves = { current: labelled('DySTreSS (cosine): τ min 0.1, τ max 0.2', dystress(0.1, 0.2)), pins: [labelled('Constant τ 0.1', constant(0.1))] };
const decreasing = logitMonotonicity(tau, {}).decreasing;
const history = runs[0]!.history as HistoryPoint[];
const defaultHeight = (w: number) => Math.round(Math.min(500, Math.max(380, w * 1.02)));
const wideHeight = (w: number) => Math.round(Math.min(460, Math.max(380, w * 0.5)));

const specs = figureExports({
  render: {
    temperature: (d, size, theme) => renderBatchUnderTemperatureFigure(d, { curves, pairs: currentBatch.pairs }, { ...size, theme, subtitle: 'step 1200' }),
    logit: (d, size, theme) => renderLogitFigure(d, { ...curves, decreasing }, { ...size, theme }),
    gradient: (d, size, theme) => renderGradientProfileFigure(d, { runs: profiles() }, { ...size, theme, scatter: true }),
    pairs: (d, size, theme) => renderPairDistributionsFigure(d, { snapshot, history: [distanceHistory(40, 'this run', 0, 1)] }, { ...size, theme }),
    curves: (d, size, theme) => renderTrainingCurvesFigure(d, { runs, hoverStep: null }, { ...size, theme }),
    trajectory: (d, size, theme) => renderUniformityToleranceFigure(d, { runs }, { ...size, theme }),
    embedding: (d, size, theme) => renderEmbeddingFigure(d, { dim: 3, ...embedding3, view: DEFAULT_VIEW }, { ...size, theme }),
  },
  heights: { normal: defaultHeight, wide: wideHeight },
  curves,
  temperature: tau,
  context: { step: 0, alignment: 0 },
  decreasing,
  batch: { step: 1200, batch: { pairs: currentBatch.pairs, distances: currentBatch.distances, alignment: 0.7 } },
  profile: () => profiles()[0]!.profile,
  distanceHistory: distanceHistory(40, 'this run', 0, 1).points,
  history,
  embedding: { dim: 3, ...embedding3 },
  classNames: undefined,
});
const all = Object.values(specs) as FigureExportSpec[];
const source = { config: { ...defaultConfig(), seed: 9 }, step: 1200 };
const NOW = new Date('2026-11-28T07:00:00Z');

it('every lab figure has an export spec with its page id', () => {
  expect(Object.keys(specs).sort()).toEqual((['curves', 'embedding', 'gradient', 'logit', 'pairs', 'temperature', 'trajectory'] satisfies LabFigureKey[]).sort());
  expect(all.map((s) => s.id).sort()).toEqual(['embedding', 'gradient', 'logit', 'pairs', 'temperature', 'training-curves', 'uniformity-tolerance']);
});

describe.each(Object.values(exportLooks))('self-contained SVG, $label look', (look) => {
  it.each(all.map((s) => [s.id, s] as const))('%s', (_id, spec) => {
    const { svg, svgText, metadata } = renderFigureExport(doc, spec, source, look, NOW);
    const { layout, output } = exportSizes(look, spec.wide, spec.heightFor);
    expect(svg.getAttribute('width')).toBe(String(output.width));
    expect(svg.getAttribute('height')).toBe(String(output.height));
    expect(output.width).toBe(Math.round(layout.width * look.typeScale));
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${layout.width} ${layout.height}`);
    expect(svg.getAttribute('font-family')).toContain('sans-serif');

    // Title, description and metadata inside; a solid background over the whole figure.
    expect(svg.querySelector(':scope > title')?.textContent?.length).toBeGreaterThan(3);
    expect(svg.querySelector(':scope > desc')?.textContent?.length).toBeGreaterThan(10);
    const background = svg.querySelector(':scope > rect')!;
    expect([background.getAttribute('width'), background.getAttribute('height'), background.getAttribute('fill')]).toEqual([
      String(layout.width),
      String(layout.height),
      look.theme.background,
    ]);
    // The studio's curve charts mark the legend entries (data-legend) and draw the title in bold; the lab frame tags both.
    const visibleTitle = svg.querySelector('[data-role="title"]') ?? svg.querySelector('text[font-weight="600"]')!;
    expect(visibleTitle.getAttribute('fill')).toBe(look.theme.foreground);
    const legend = [...svg.querySelectorAll('[data-role="legend"], [data-legend]')].map((e) => e.textContent).join(' ');
    expect(legend.trim().length).toBeGreaterThan(3);

    const meta = JSON.parse(svg.querySelector(`metadata#${METADATA_ID}`)!.textContent!);
    expect(meta).toEqual(JSON.parse(JSON.stringify(metadata)));
    expect(meta).toMatchObject({ app: 'DySTreSS Lab', version: '0.1.0', figure: { id: spec.id }, seed: 9, step: 1200, temperature: 'dystress:0.1,0.2' });
    expect(meta.config.seed).toBe(9);

    // Nothing from the page or the network.
    expect(svg.querySelectorAll('[class]')).toHaveLength(0);
    expect(svg.querySelectorAll('image, foreignObject, style, script, link, use')).toHaveLength(0);
    for (const element of [svg, ...svg.querySelectorAll('*')]) {
      for (const attribute of element.attributes) {
        if (attribute.name === 'xmlns') continue;
        expect(attribute.value, `${element.tagName} ${attribute.name}`).not.toMatch(/https?:|url\((?!#)|currentColor/i);
      }
    }

    // The file parses as SVG on its own and still holds title, legend and metadata.
    const parsed = new window.DOMParser().parseFromString(svgText, 'image/svg+xml');
    expect(parsed.querySelector('parsererror')).toBeNull();
    expect(parsed.documentElement.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(parsed.querySelector('title')?.textContent).toBe(svg.querySelector('title')!.textContent);
    expect(parsed.querySelector('[data-role="legend"], [data-legend]')).not.toBeNull();
    expect(parsed.querySelector('metadata')?.textContent).toContain('"seed":9');
  });
});

describe('data files', () => {
  it('one CSV per table and a JSON with metadata and the same tables, for every figure', () => {
    for (const spec of all) {
      const meta = renderFigureExport(doc, spec, source, exportLooks.paper, NOW).metadata;
      const files = figureDataFiles(spec, meta);
      const csvs = files.filter((f) => f.name.endsWith('.csv'));
      expect(csvs.length, spec.id).toBeGreaterThan(0);
      const json = JSON.parse(files.find((f) => f.name === `${spec.id}.json`)!.text);
      expect(json.metadata.figure.id).toBe(spec.id);
      for (const csv of csvs) {
        const [header, ...rows] = csv.text.trimEnd().split('\r\n');
        const table = csv.name.slice(spec.id.length + 1, -4);
        expect(rows.length, csv.name).toBeGreaterThan(0);
        expect(header!.split(',')).toEqual(Object.keys(json.tables[table]));
        for (const column of Object.values(json.tables[table]) as unknown[][]) expect(column, csv.name).toHaveLength(rows.length);
      }
    }
  });

  it('the temperature data is τ(s) and s/τ(s) of the definition, and the batch histogram counts every pair', () => {
    const data = specs.temperature!.data();
    const curve = data.tables.find((t) => t.name === 'temperature-curve')!;
    for (const [name, , s, t, logit] of curve.rows.filter((r) => r[0] === 'current')) {
      expect(name).toBe('current');
      expect(t).toBeCloseTo(tau.scalar(s as number), 12);
      expect(logit).toBeCloseTo((s as number) / tau.scalar(s as number), 10);
    }
    const histogram = data.tables.find((t) => t.name === 'pair-histogram')!;
    const total = (column: string) => histogram.rows.reduce((n, r) => n + (r[histogram.columns.indexOf(column)] as number), 0);
    expect(total('count_true_positive')).toBe(currentBatch.pairs.truePositive.length);
    expect(total('count_false_negative')).toBe(currentBatch.pairs.falseNegative.length);
    expect(total('count_true_negative')).toBe(currentBatch.pairs.trueNegative.length);
  });
});

describe('Export all', () => {
  it('zips PNG, SVG, CSV and JSON of every figure and the run files; the PNG is what the rasteriser made', async () => {
    const calls: { width: string | null; scale: number; keywords: string[] }[] = [];
    const fakePng = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const zip = await buildExportZip(
      doc,
      all,
      source,
      exportLooks.slide,
      4,
      async (svg, scale, text) => {
        calls.push({ width: svg.getAttribute('width'), scale, keywords: text.map((t) => t.keyword) });
        return fakePng;
      },
      [{ name: 'config.json', text: '{}' }],
      NOW,
    );
    expect(zip.name).toBe('dystress-lab_dystress-0.1-0.2_spheres_seed9_step1200.zip');
    const files = unzipSync(zip.bytes);
    for (const spec of all) {
      for (const ext of ['png', 'svg', 'json']) expect(files[`${spec.id}.${ext}`], `${spec.id}.${ext}`).toBeDefined();
      expect(Object.keys(files).some((n) => n.startsWith(`${spec.id}_`) && n.endsWith('.csv')), spec.id).toBe(true);
      expect(files[`${spec.id}.png`]).toEqual(fakePng);
      expect(strFromU8(files[`${spec.id}.svg`]!)).toContain('<metadata');
    }
    expect(strFromU8(files['config.json']!)).toBe('{}');
    expect(calls).toHaveLength(all.length);
    expect(calls.every((c) => c.scale === 4 && c.keywords.includes('dystress-lab'))).toBe(true);
    expect(calls[0]!.width).toBe(String(Math.round(exportLooks.slide.layoutWidth * exportLooks.slide.typeScale)));
  });
});
