import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusteredVectors, labelsCsv, pngOf, rgbaImage, shapesZip, vectorsNpy, zipOf } from '../unit/support/ownDataFiles';
import { ENGINE_TIMEOUT_MS, statusLine, statusStep, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * "Your data" in real Chromium against the built app: generated vectors (and a zip of images) chosen in
 * Run setup are decoded in the training worker and trained on; a bad file is refused with a message naming
 * it while the run, its step and its history, stay as they were.
 */
const chromium = useChromium();
let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'own-data-'));
  const { values, labels } = clusteredVectors(200, 16, 4);
  writeFileSync(file('features.npy'), new Uint8Array(vectorsNpy(values, 200, 16)));
  writeFileSync(file('labels.csv'), new Uint8Array(labelsCsv(labels)));
  writeFileSync(file('broken.csv'), '0.1,0.2,0.3\n0.4,nan,0.6\n');
  writeFileSync(file('shapes.zip'), new Uint8Array(shapesZip()));
  const good = pngOf(rgbaImage(8, 8, () => [9, 9, 9, 255]));
  writeFileSync(file('corrupt-image.zip'), new Uint8Array(zipOf({ 'a/1.png': good, 'b/1.png': good.slice(0, good.length - 20) })));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const yourData = (page: Page) => page.getByRole('group', { name: 'Your data' });

/** The loss on the status line ("step 12 · loss 4.812 · …"). */
async function statusLoss(page: Page): Promise<number> {
  return Number(/loss ([-\d.]+)/.exec((await statusLine(page).textContent()) ?? '')?.[1] ?? NaN);
}

/** Trains until the step count has risen past `after`, then pauses. */
async function trainPast(page: Page, after: number): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBeGreaterThan(after);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
}

describe('your data in the lab', () => {
  it(
    'refuses a bad file without touching the run, then trains on vectors with labels',
    async () => {
      const { page, problems } = await chromium.openLab();
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);
      const lossBefore = await statusLoss(page);

      await page.getByLabel('Dataset', { exact: true }).selectOption({ label: 'Your data (files)' });
      await yourData(page).getByLabel('Data file', { exact: true }).setInputFiles(file('broken.csv'));
      const alert = yourData(page).getByRole('alert');
      await alert.waitFor({ timeout: ENGINE_TIMEOUT_MS });
      expect(await alert.textContent()).toBe('data (broken.csv): row 2, column 2 is NaN');
      // The run is untouched: same step, same loss, its curves still drawn.
      expect(await statusStep(page)).toBe(1);
      expect(await statusLoss(page)).toBe(lossBefore);
      await page.getByRole('img', { name: 'Temperature over the current batch' }).waitFor();

      await yourData(page).getByLabel('Labels file', { exact: true }).setInputFiles(file('labels.csv'));
      await yourData(page).getByLabel('Data file', { exact: true }).setInputFiles(file('features.npy'));
      await yourData(page).getByText('Loaded features.npy + labels.csv: 200 vectors of dimension 16, 4 classes.').waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await statusLine(page).filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await trainPast(page, 5);
      expect(Number.isFinite(await statusLoss(page))).toBe(true);
      expect(await page.getByTestId('unlabelled-notice').count()).toBe(0);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'trains on vectors without labels: a notice says what is not computed, and the figures name positives and negatives only',
    async () => {
      const { page, problems } = await chromium.openLab();
      await page.getByLabel('Dataset', { exact: true }).selectOption({ label: 'Your data (files)' });
      await yourData(page).getByLabel('Data file', { exact: true }).setInputFiles(file('features.npy'));
      await page.getByTestId('unlabelled-notice').waitFor({ timeout: ENGINE_TIMEOUT_MS });
      expect(await page.getByTestId('unlabelled-notice').textContent()).toContain('features.npy has no labels.');
      await statusLine(page).filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await trainPast(page, 5);
      expect(Number.isFinite(await statusLoss(page))).toBe(true);
      // Figures off screen wait to be seen before they update.
      const pairs = page.locator('[data-figure="pairs"]');
      await pairs.scrollIntoViewIfNeeded();
      await pairs.locator('svg text').filter({ hasText: /^negatives \(no labels\) · [\d,]+$/ }).waitFor();
      expect(await pairs.locator('svg text').filter({ hasText: /false negatives|other class/ }).count()).toBe(0);
      const plane = page.locator('[data-figure="uniformity-tolerance"]');
      await plane.scrollIntoViewIfNeeded();
      await plane.locator('svg text').filter({ hasText: 'Tolerance needs labels, and this data has none' }).waitFor();
      const curves = page.locator('[data-figure="training-curves"]');
      await curves.scrollIntoViewIfNeeded();
      await expect.poll(() => curves.locator('svg').getAttribute('data-panels')).toBe('loss alignment uniformity');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'trains on a zip of PNG and JPEG class folders, after refusing a zip with a corrupt image',
    async () => {
      const { page, problems } = await chromium.openLab();
      await page.getByLabel('Dataset', { exact: true }).selectOption({ label: 'Your data (files)' });
      await yourData(page).getByLabel('Data file', { exact: true }).setInputFiles(file('corrupt-image.zip'));
      const alert = yourData(page).getByRole('alert');
      await alert.waitFor({ timeout: ENGINE_TIMEOUT_MS });
      expect(await alert.textContent()).toMatch(/^corrupt-image\.zip: b\/1\.png cannot be decoded as PNG \(/);
      expect(await statusStep(page)).toBe(0);

      await yourData(page).getByLabel('Data file', { exact: true }).setInputFiles(file('shapes.zip'));
      await yourData(page).getByText('Loaded shapes.zip: 40 images, 28 × 28 grey, 2 classes.').waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await statusLine(page).filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
      expect(await yourData(page).getByRole('alert').count()).toBe(0);
      await trainPast(page, 3);
      expect(Number.isFinite(await statusLoss(page))).toBe(true);

      // 32 × 32 RGB with the CNN: a restart decodes the same zip again at the new size.
      await yourData(page).getByLabel('Image size').selectOption({ label: '32 × 32 RGB' });
      await page.getByLabel('Encoder', { exact: true }).selectOption('cnn');
      await page.getByRole('button', { name: 'Apply & reset', exact: true }).click();
      await statusLine(page).filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await trainPast(page, 2);
      expect(Number.isFinite(await statusLoss(page))).toBe(true);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
