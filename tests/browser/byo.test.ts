import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_TIMEOUT_MS, statusStep, TEST_TIMEOUT_MS, useChromium } from './chromium';
import { writeEmbeddingFiles } from './npyFiles';

/**
 * Bring your own embeddings, in real Chromium against the built app: .npy files chosen through the file
 * inputs are analysed in the page's worker, and the metrics it shows equal the analyzer CLI's on the same
 * files; a corrupt file is refused with the parser's message while the training run carries on untouched.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist-node', 'analyze.cjs');

const chromium = useChromium();
let dir: string;
let files: { view1: string; view2: string; labels: string };

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (it builds dist-node/)`);
  dir = mkdtempSync(join(tmpdir(), 'byo-'));
  files = writeEmbeddingFiles(dir, 300, 16, 3);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const METRICS = ['alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'knnAccuracy', 'loss'] as const;

describe('bring your own embeddings', () => {
  it(
    'loads a .npy pair with labels and shows the analyzer’s metrics for them',
    async () => {
      const { page, problems } = await chromium.openLab();
      await page.getByLabel('View 1', { exact: true }).setInputFiles(files.view1);
      await page.getByLabel('View 2', { exact: true }).setInputFiles(files.view2);
      await page.getByLabel('Labels', { exact: true }).setInputFiles(files.labels);
      await page.getByRole('button', { name: 'Analyse', exact: true }).click();

      // The source switch names the files; the figures come from them.
      await page.getByRole('radio', { name: 'Loaded embeddings: view1.npy, view2.npy, labels.npy (300 × 16)' }).waitFor();
      expect(await page.getByRole('radio', { name: /^Loaded embeddings/ }).isChecked()).toBe(true);
      for (const name of ['Temperature over the current batch', 'Similarity by pair type', 'Embedding (PCA)']) {
        await page.getByRole('img', { name }).waitFor();
      }
      await page.locator('[data-figure="gradient"] svg').waitFor();

      const loss = page.locator('td[data-metric="loss"]');
      await loss.waitFor({ timeout: ENGINE_TIMEOUT_MS });
      const shown: Record<string, number> = {};
      for (const key of METRICS) shown[key] = Number(await page.locator(`td[data-metric="${key}"]`).getAttribute('data-value'));
      const spec = (await loss.getAttribute('data-temperature'))!;

      const cli = JSON.parse(
        execFileSync(process.execPath, [CLI, '--view1', files.view1, '--view2', files.view2, '--labels', files.labels, '--temperature', spec, '--format', 'json'], {
          cwd: ROOT,
          encoding: 'utf8',
        }),
      ) as Record<string, number>;
      for (const key of METRICS) {
        expect(Number.isFinite(shown[key]), key).toBe(true);
        expect(Math.abs(shown[key]! - cli[key]!), `${key}: page ${shown[key]} vs CLI ${cli[key]}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cli[key]!)));
      }
      // Those pairs were multiplied by the pool of pair-pass workers (headless Chromium's WebGPU is a software
      // adapter, so wasm), and the table says so.
      await expect.poll(async () => page.locator('[data-timing-metrics]').textContent()).toMatch(/\(tfjs wasm, \d+ workers?\)/);

      // The loss follows the temperature: a wider τ range gives another loss, again equal to the CLI's.
      await page.getByRole('slider', { name: 'τ max', exact: true }).fill('0.4');
      await expect.poll(async () => loss.getAttribute('data-temperature'), { timeout: ENGINE_TIMEOUT_MS }).not.toBe(spec);
      const newSpec = (await loss.getAttribute('data-temperature'))!;
      const newLoss = Number(await loss.getAttribute('data-value'));
      const cliLoss = (
        JSON.parse(
          execFileSync(process.execPath, [CLI, '--view1', files.view1, '--view2', files.view2, '--temperature', newSpec, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' }),
        ) as { loss: number }
      ).loss;
      expect(Math.abs(newLoss - cliLoss)).toBeLessThanOrEqual(1e-6 * Math.abs(cliLoss));
      expect(Math.abs(newLoss - shown.loss!)).toBeGreaterThan(1e-3);

      // And back to the run.
      await page.getByRole('radio', { name: /^Training run/ }).check();
      await page.getByRole('button', { name: 'Step', exact: true }).waitFor();
      await page.locator('td[data-metric]').first().waitFor({ state: 'detached' });
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses a corrupt file with the parser’s message and leaves the training run as it was',
    async () => {
      const { page, problems } = await chromium.openLab();
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page)).toBe(1);

      const good = readFileSync(files.view1);
      const truncated = join(dir, 'truncated.npy');
      writeFileSync(truncated, good.subarray(0, good.length - 100));
      await page.getByLabel('View 1', { exact: true }).setInputFiles(truncated);
      await page.getByRole('button', { name: 'Analyse', exact: true }).click();

      const alert = page.getByRole('alert').filter({ hasText: 'truncated' });
      await alert.waitFor();
      expect(await alert.textContent()).toBe('view1 (truncated.npy): the file is truncated: shape (300, 16) of float32 needs 19200 bytes of data, found 19100');
      expect(await page.getByRole('radio', { name: /^Loaded embeddings/ }).count()).toBe(0);
      expect(await statusStep(page)).toBe(1);
      await page.getByRole('img', { name: 'Temperature over the current batch' }).waitFor();
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
  it(
    'offers UMAP for the training run’s embedding of more than 3 dimensions, computed in the analysis worker',
    async () => {
      const { page, problems } = await chromium.openLab();
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await page.getByRole('img', { name: 'Embedding (PCA)' }).waitFor();
      await page.getByRole('radio', { name: 'UMAP' }).check();
      const umap = page.getByRole('img', { name: 'Embedding (UMAP)' });
      await umap.waitFor({ timeout: ENGINE_TIMEOUT_MS });
      // Points are drawn as one path per class; data-count holds how many each path draws.
      const counts = await umap.locator('[data-role="points"] path').evaluateAll((paths) => paths.map((p) => Number(p.getAttribute('data-count'))));
      const points = counts.reduce((a, b) => a + b, 0);
      expect(points).toBe(Number(/ · (\d[\d,]*) points/.exec((await umap.locator('desc').textContent()) ?? '')?.[1]?.replaceAll(',', '')));
      expect(points).toBeGreaterThan(100);
      expect(await umap.locator('desc').textContent()).toContain('UMAP of the 16-D embedding');
      // Back to PCA at once, without recomputing.
      await page.getByRole('radio', { name: 'PCA' }).check();
      await page.getByRole('img', { name: 'Embedding (PCA)' }).waitFor();
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
