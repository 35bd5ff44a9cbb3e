import { describe, expect, it } from 'vitest';
import { statusStep, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * Temperatures trained per sample (iSogCLR) and predicted per input (Temperature as Uncertainty) train in the
 * lab, and the page shows their distribution over samples, never a curve τ(s).
 */

const chromium = useChromium();

describe('temperatures trained per sample in the lab', () => {
  it(
    'iSogCLR trains on spheres and draws the τ_i of the visited training samples by class',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=isogclr:0.05,1');
      expect(await page.getByLabel('Temperature function').inputValue()).toBe('isogclr');
      // No τ(s), effective logit or gradient figure: a note says why.
      expect(await page.locator('[data-figure="temperature"], [data-figure="logit"], [data-figure="gradient"]').count()).toBe(0);
      await page.locator('[data-placeholder-for="temperature"]', { hasText: 'no curve τ(s)' }).waitFor();
      expect(await page.getByRole('button', { name: 'Pin curve' }).isDisabled()).toBe(true);

      await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(() => statusStep(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
      const figure = page.getByRole('img', { name: 'Per-sample temperatures τ_i (iSogCLR)' });
      await figure.waitFor({ timeout: 60_000 });
      const points = figure.locator('[data-points="all"]');
      await expect.poll(async () => Number(await points.getAttribute('data-count'))).toBeGreaterThan(100);
      expect(await figure.locator('desc').textContent()).toMatch(/training samples visited so far/);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Temperature as Uncertainty trains and splits the held-out τ_i by the kNN’s verdict; switching it out waits for a restart',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=tau-uncertainty:0.1');
      await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(() => statusStep(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
      const figure = page.getByRole('img', { name: 'Predicted temperatures τ_i = T/σ(u_i)' });
      await figure.waitFor({ timeout: 60_000 });
      const counts = async () =>
        Number(await figure.locator('[data-points="correct"]').getAttribute('data-count')) +
        Number(await figure.locator('[data-points="wrong"]').getAttribute('data-count'));
      await expect.poll(counts).toBeGreaterThan(100);

      // The encoder loses its extra output only at a restart: the control says so.
      await page.getByLabel('Temperature function').selectOption('constant');
      await page.getByText('encoder’s τ output (Temperature as Uncertainty)').first().waitFor();
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
