import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CSS_PIXELS_PER_METRE, parsePngChunks, pixelDensity, pngSize, PNG_SIGNATURE, readTextChunk } from '../../src/export/png';
import { ENGINE_TIMEOUT_MS, statusLine, TEST_TIMEOUT_MS, useChromium, type WatchedPage } from './chromium';

/**
 * Export in the built app, in real Chromium: the downloads a user gets from "Export PNG", "Export SVG" and
 * "Export all" are checked as files (PNG signature, IHDR size = the figure's size × the chosen scale, tEXt
 * metadata; the SVG parses and holds title, legend and metadata; the zip holds every figure with its data).
 */
const chromium = useChromium();

async function openTrainedLab(steps: number): Promise<WatchedPage> {
  const watched = await chromium.openLab();
  const { page } = watched;
  const status = statusLine(page);
  for (let i = 1; i <= steps; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await status.filter({ hasText: new RegExp(`^step ${i} `) }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
  }
  return watched;
}

/** The card of a figure: the <figure> that holds the element with its data-figure. */
const card = (page: Page, id: string): Locator => page.locator('figure', { has: page.locator(`[data-figure="${id}"]`) });

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
  const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  return { name: file.suggestedFilename(), bytes: new Uint8Array(await readFile((await file.path())!)) };
}

const { window } = new JSDOM('');

function parseSvg(text: string): Document {
  const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return doc;
}

function pngMetadata(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(
    parsePngChunks(bytes)
      .filter((c) => c.type === 'tEXt')
      .map((c) => readTextChunk(c.data))
      .map((t) => [t.keyword, t.text]),
  );
}

describe('export', () => {
  it(
    'a figure as PNG at 2× (default) and 4×, and as SVG with title, legend and metadata, in paper and slide looks',
    async () => {
      const { page, problems } = await openTrainedLab(2);
      const temperature = card(page, 'temperature');
      await temperature.getByRole('img', { name: /Temperature over the/ }).waitFor();

      const svgFile = await download(page, () => temperature.getByRole('button', { name: 'Export SVG' }).click());
      expect(svgFile.name).toBe('dystress-lab_temperature_dystress-0.1-0.2_spheres_seed1_step2_paper.svg');
      const svg = parseSvg(strFromU8(svgFile.bytes));
      const root = svg.documentElement;
      const width = Number(root.getAttribute('width'));
      const height = Number(root.getAttribute('height'));
      expect(width).toBe(520);
      expect(height).toBeGreaterThan(300);
      expect(svg.querySelector('title')?.textContent).toMatch(/Temperature/);
      const legend = svg.querySelector('[data-role="legend"]')?.textContent ?? '';
      expect(legend).toContain('DySTreSS (cosine): τ min 0.1, τ max 0.2');
      expect(legend).toContain('true positives');
      expect(root.querySelector(':scope > rect')?.getAttribute('fill')).toBe('#ffffff');
      const meta = JSON.parse(svg.querySelector('metadata')!.textContent!);
      expect(meta).toMatchObject({ app: 'DySTreSS Lab', figure: { id: 'temperature' }, step: 2, seed: 1, temperature: 'dystress:0.1,0.2' });
      expect(meta.config.batchSize).toBeGreaterThan(0);

      const png2 = await download(page, () => temperature.getByRole('button', { name: 'Export PNG' }).click());
      expect(png2.name).toBe('dystress-lab_temperature_dystress-0.1-0.2_spheres_seed1_step2_paper@2x.png');
      expect([...png2.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(png2.bytes)).toEqual({ width: 2 * width, height: 2 * height });
      // 192 dpi: the 2× PNG prints at the SVG's size.
      expect(pixelDensity(png2.bytes)).toBe(Math.round(2 * CSS_PIXELS_PER_METRE));
      const text = pngMetadata(png2.bytes);
      expect(text.Software).toMatch(/^DySTreSS Lab /);
      expect(JSON.parse(text['dystress-lab']!)).toMatchObject({ figure: { id: 'temperature' }, step: 2, seed: 1 });

      await page.getByLabel('PNG scale').selectOption('4');
      const png4 = await download(page, () => temperature.getByRole('button', { name: 'Export PNG' }).click());
      expect(pngSize(png4.bytes)).toEqual({ width: 4 * width, height: 4 * height });
      expect(pixelDensity(png4.bytes)).toBe(Math.round(4 * CSS_PIXELS_PER_METRE));

      // The slide look: the same figure laid out alike, written 1.75× larger (larger type for projectors).
      await page.getByLabel('Export style').selectOption('slide');
      const slide = parseSvg(strFromU8((await download(page, () => temperature.getByRole('button', { name: 'Export SVG' }).click())).bytes));
      expect(Number(slide.documentElement.getAttribute('width'))).toBe(Math.round(540 * 1.75));
      const slidePng = await download(page, () => card(page, 'logit').getByRole('button', { name: 'Export PNG' }).click());
      const logitSvg = parseSvg(strFromU8((await download(page, () => card(page, 'logit').getByRole('button', { name: 'Export SVG' }).click())).bytes));
      expect(pngSize(slidePng.bytes)).toEqual({
        width: 4 * Number(logitSvg.documentElement.getAttribute('width')),
        height: 4 * Number(logitSvg.documentElement.getAttribute('height')),
      });
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '"Export all" zips every figure on the page as PNG and SVG with its CSV and JSON data, the config and the PyTorch code',
    async () => {
      const { page, problems } = await openTrainedLab(2);
      await card(page, 'embedding').getByRole('button', { name: 'Export PNG' }).waitFor();
      const ids = await page.locator('figure [data-figure]').evaluateAll((els) => els.map((e) => e.getAttribute('data-figure')!));
      expect(ids.sort()).toEqual(['embedding', 'gradient', 'logit', 'pairs', 'temperature', 'training-curves', 'uniformity-tolerance']);

      const zipFile = await download(page, () => page.getByRole('button', { name: 'Export all' }).click());
      expect(zipFile.name).toBe('dystress-lab_dystress-0.1-0.2_spheres_seed1_step2.zip');
      const files = unzipSync(zipFile.bytes);
      for (const id of ids) {
        const png = files[`${id}.png`]!;
        expect([...png.subarray(0, 8)], id).toEqual(PNG_SIGNATURE);
        const svg = parseSvg(strFromU8(files[`${id}.svg`]!));
        const size = pngSize(png);
        expect(size.width, id).toBe(2 * Number(svg.documentElement.getAttribute('width')));
        expect(size.height, id).toBe(2 * Number(svg.documentElement.getAttribute('height')));
        expect(JSON.parse(pngMetadata(png)['dystress-lab']!).figure.id).toBe(id);
        expect(JSON.parse(strFromU8(files[`${id}.json`]!)).metadata.figure.id).toBe(id);
        expect(Object.keys(files).filter((n) => n.startsWith(`${id}_`) && n.endsWith('.csv')).length, id).toBeGreaterThan(0);
      }
      const history = strFromU8(files['training-curves_training-history.csv']!).trimEnd().split('\r\n');
      expect(history[0]).toMatch(/^step,loss,knnAccuracy,/);
      expect(history.length).toBeGreaterThanOrEqual(2);
      // The default model embeds in 16-D; the figure draws its PCA, whose coordinates come along.
      const embedding = strFromU8(files['embedding_embedding.csv']!).split('\r\n');
      expect(embedding[0]).toBe(`index,label,class,${Array.from({ length: 16 }, (_, d) => `z${d + 1}`).join(',')},plot_x,plot_y`);
      expect(JSON.parse(strFromU8(files['config.json']!)).config.seed).toBe(1);
      expect(strFromU8(files['temperature.py']!)).toContain('def tau(s):');
      await page.getByRole('status').filter({ hasText: /^Saved dystress-lab_/ }).waitFor();
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows the temperature as PyTorch code next to the figure',
    async () => {
      const { page, problems } = await openTrainedLab(0);
      const temperature = card(page, 'temperature');
      await temperature.getByRole('button', { name: 'Copy PyTorch' }).click();
      await temperature.getByRole('status').waitFor();
      await temperature.getByText('PyTorch code for this τ(s)').click();
      const code = await temperature.getByLabel('PyTorch code for this temperature').textContent();
      expect(code).toContain('return 0.1 + 0.1 * (0.5 * (1 + torch.cos(math.pi * (1 + s))))');
      expect(code).toContain('def nt_xent(z1, z2, detach_tau=True, decoupled=False):');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
