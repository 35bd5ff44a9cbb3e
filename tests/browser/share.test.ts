import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ENGINE_TIMEOUT_MS, engineReady, statusStep, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * Sharing, keeping and teaching with the built lab in real Chromium: the link follows the controls and
 * reopens the same lab, a bad link explains itself and the lab still trains, runs survive a reload, a saved
 * run file opens again, and the classroom tour steps by keyboard.
 */
const chromium = useChromium();

/** What the controls show, read the way a person reads them. */
async function controls(page: Page) {
  return {
    family: await page.getByLabel('Temperature function').inputValue(),
    tau: (await page.getByRole('slider', { name: 'τ', exact: true }).count()) > 0 ? await page.getByRole('slider', { name: 'τ', exact: true }).inputValue() : null,
    embeddingDim: await page.getByLabel('Embedding dimension').inputValue(),
    batch: await page.getByLabel('Batch size').inputValue(),
    seed: await page.getByRole('textbox', { name: 'Seed' }).inputValue(),
    learningRate: await page.getByRole('textbox', { name: 'Learning rate' }).inputValue(),
  };
}

const search = (page: Page): string => new URL(page.url()).search;

describe('sharing the lab by its link', () => {
  it(
    'shows a link’s settings in the controls, follows the controls into the address bar, and reopens the same',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=constant:0.3&dim=3&batch=64&seed=42&lr=0.002');
      expect(await controls(page)).toEqual({ family: 'constant', tau: '0.3', embeddingDim: '3', batch: '64', seed: '42', learningRate: '0.002' });
      expect(await page.getByRole('status').filter({ hasText: 'could not be used' }).count()).toBe(0);

      await page.getByRole('textbox', { name: 'Seed' }).fill('43');
      await page.getByLabel('Embedding dimension').selectOption('2');
      await expect.poll(() => search(page)).toBe('?v=2&dim=2&batch=64&lr=0.002&tau=constant:0.3&seed=43&backend=wasm');
      expect(await page.getByLabel('Link to this lab').inputValue()).toBe(page.url());
      const link = page.url();
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(link).origin });
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.getByText('Link copied.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
      expect(problems).toEqual([]);

      const again = await chromium.openLab(link);
      expect(await controls(again.page)).toEqual({ family: 'constant', tau: '0.3', embeddingDim: '2', batch: '64', seed: '43', learningRate: '0.002' });
      // Nothing waits for a restart: the link's settings are what runs.
      expect(await again.page.getByText('restart needed', { exact: true }).count()).toBe(0);
      expect(again.page.url()).toBe(link);
      expect(again.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says which values of a bad link it could not use, falls back to their defaults, and still trains',
    async () => {
      const { page, problems } = await chromium.open('?v=2&backend=wasm&lr=abc&tau=warm:0.3&batch=1000&seed=5');
      const notice = page.getByRole('status').filter({ hasText: 'could not be used' });
      await notice.waitFor();
      const text = (await notice.textContent()) ?? '';
      expect(text).toContain('lr=abc is not a number; using the default 0.001');
      expect(text).toContain('tau=warm:0.3 names no known temperature family');
      expect(text).toContain('batch=1000 is not one of');
      await engineReady(page);
      expect(await controls(page)).toMatchObject({ family: 'dystress', batch: '128', seed: '5', learningRate: '0.001' });
      // The address bar now says what runs.
      await expect.poll(() => search(page)).toBe('?v=2&seed=5&backend=wasm');

      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);
      await page.getByRole('button', { name: 'Dismiss' }).click();
      expect(await notice.count()).toBe(0);
      expect(problems).toEqual([]);

      // A link of another version is not read at all, and says so.
      await page.goto(new URL('?v=7&seed=9&backend=wasm', page.url()).href);
      await page.getByRole('status').filter({ hasText: 'of version v=7, but this lab reads versions 1 to 2' }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Seed' }).inputValue()).toBe('1');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'opens a link cut short inside a percent-escape (as chat programs cut links) with a notice, and trains',
    async () => {
      for (const [query, part] of [
        ['?batch=%&backend=wasm', 'batch=%'],
        ['?backend=wasm&tau=%E0%A4%A', 'tau=%E0%A4%A'],
      ] as const) {
        const { page, problems } = await chromium.open(query);
        const notice = page.getByRole('status').filter({ hasText: 'could not be used' });
        await notice.waitFor();
        expect(await notice.textContent()).toContain(`The link’s “${part}” cannot be decoded; it was ignored.`);
        await engineReady(page);
        await page.getByRole('button', { name: 'Step', exact: true }).click();
        await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);
        expect(problems).toEqual([]);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'hides the controls for embedding in a course page, keeping Play and a way to the full lab',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&embed=1');
      expect(await page.getByRole('complementary', { name: 'Settings' }).isVisible()).toBe(false);
      expect(await page.getByLabel('Speed limit').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Play', exact: true }).isVisible()).toBe(true);
      await page.getByRole('img', { name: /Temperature/ }).waitFor();
      const full = page.getByRole('link', { name: 'Open the full lab (new tab)' });
      expect(await full.getAttribute('href')).toBe('/?v=2&backend=wasm');
      expect(await full.getAttribute('target')).toBe('_blank');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('keeping runs', () => {
  it(
    'brings the last run back after a reload, with its history, and opens it beside a new run',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=constant:0.3');
      await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(10);
      const recent = page.getByRole('list', { name: 'Recent runs' });
      await recent.getByText('spheres · constant:0.3 · 10 steps').waitFor();

      await page.reload();
      await engineReady(page);
      await recent.getByText('spheres · constant:0.3 · 10 steps').waitFor();
      await page.getByRole('button', { name: 'Open spheres · constant:0.3 · 10 steps' }).click();
      await page.getByText('Drawn beside this run: recorded · spheres · constant:0.3 · 10 steps').waitFor();
      const curves = page.locator('[data-figure="training-curves"]');
      // The recorded history is drawn: its loss line is there before the new run has trained a step.
      await expect.poll(() => curves.locator('[data-series="recorded · spheres · constant:0.3 · 10 steps"]').count()).toBeGreaterThan(0);
      expect(await statusStep(page)).toBe(0);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says so when the browser refuses storage (as in private browsing), and trains all the same',
    async () => {
      const { page, problems } = await chromium.open('?v=2&backend=wasm', {
        init: (page) =>
          page.addInitScript(() => {
            const refuse = () => {
              throw new DOMException('The user denied permission to access the database.', 'SecurityError');
            };
            Object.defineProperty(window.indexedDB, 'open', { value: refuse });
          }),
      });
      await page.getByRole('status').filter({ hasText: 'Runs are not kept in this browser: the browser does not allow storage here (private browsing?)' }).waitFor();
      await engineReady(page);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);
      expect(await page.getByRole('button', { name: 'Save run' }).isEnabled()).toBe(true);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'saves a run file that opens again; a malformed file is refused and the run is untouched',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=dystress:0.1,0.3&seed=8');
      await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(10);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save run' }).click()]);
      expect(download.suggestedFilename()).toBe('dystress-run_spheres_dystress-0.1-0.3_step-10.json');
      const path = await download.path();
      const file = JSON.parse(readFileSync(path, 'utf8')) as { format: string; config: { seed: number; temperature: unknown }; history: { step: number }[] };
      expect(file.format).toBe('dystress-lab-run');
      expect(file.config.seed).toBe(8);
      expect(file.config.temperature).toEqual({ family: 'dystress', params: { tmin: 0.1, tmax: 0.3 } });
      expect(file.history.at(-1)?.step).toBe(10);

      // Elsewhere now: another preset, trained a step.
      await page.getByRole('link', { name: 'SimCLR, τ = 0.5' }).click();
      await expect.poll(() => page.getByLabel('Temperature function').inputValue()).toBe('constant');
      await engineReady(page);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);

      const input = page.getByLabel('Open run…');
      await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "dystress-lab-run", ') });
      await page.getByRole('alert').filter({ hasText: '“broken.json” is not a run file: it is not JSON' }).waitFor();
      expect(await statusStep(page)).toBe(1);
      expect(await page.getByLabel('Temperature function').inputValue()).toBe('constant');

      await input.setInputFiles(path);
      await expect.poll(() => page.getByLabel('Temperature function').inputValue()).toBe('dystress');
      expect(await page.getByRole('slider', { name: 'τ max', exact: true }).inputValue()).toBe('0.3');
      await page.getByText('Drawn beside this run: recorded · spheres · dystress:0.1,0.3 · 10 steps').waitFor();
      expect(await page.getByRole('alert').filter({ hasText: 'broken.json' }).count()).toBe(0);
      await engineReady(page);
      expect(await page.getByRole('textbox', { name: 'Seed' }).inputValue()).toBe('8');
      await expect.poll(() => search(page)).toBe('?v=2&tau=dystress:0.1,0.3&seed=8&backend=wasm');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the classroom', () => {
  it(
    'steps through the tour by keyboard, each step loading its preset and highlighting its figure; Esc leaves',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm');
      await page.getByRole('button', { name: 'Classroom' }).click();
      await expect.poll(() => search(page)).toBe('?v=2&backend=wasm&classroom=1');
      expect(await page.getByRole('complementary', { name: 'Settings' }).isVisible()).toBe(false);
      // The story's figures stay; the training curves and the pair distributions (still waiting) step aside.
      await page.locator('[data-figure="temperature"]').waitFor();
      expect(await page.locator('[data-figure="training-curves"]').isVisible()).toBe(false);
      expect(await page.locator('[data-placeholder-for="pairs"]').isVisible()).toBe(false);

      const tourButton = page.getByRole('button', { name: 'Tour', exact: true });
      await tourButton.click();
      const dialog = page.getByRole('dialog', { name: 'Temperature and hard negatives' });
      await dialog.waitFor();
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
      const highlighted = () =>
        page.locator('.card.tour-highlight').evaluate((card) => {
          const figure = card.querySelector('[data-figure], [data-placeholder-for]');
          return figure?.getAttribute('data-figure') ?? figure?.getAttribute('data-placeholder-for');
        });
      expect(await highlighted()).toBe('gradient');
      await expect.poll(() => search(page)).toBe('?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=constant:0.1&backend=wasm&classroom=1');

      await page.keyboard.press('ArrowRight');
      await page.getByRole('dialog', { name: 'The uniformity–tolerance dilemma' }).waitFor();
      expect(await highlighted()).toBe('uniformity-tolerance');
      await expect.poll(() => search(page)).toBe('?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=constant:0.5&backend=wasm&classroom=1');

      await page.keyboard.press('n');
      await page.getByRole('dialog', { name: 'What DySTreSS changes' }).waitFor();
      expect(await highlighted()).toBe('temperature');
      await page.keyboard.press('p');
      await page.getByRole('dialog', { name: 'The uniformity–tolerance dilemma' }).waitFor();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.getByRole('dialog', { name: 'Too wide a range' }).waitFor();
      expect(await highlighted()).toBe('logit');
      await expect.poll(() => search(page)).toBe('?v=2&dataDim=3&classes=6&concentration=20&dim=3&tau=dystress:0.05,0.3&backend=wasm&classroom=1');
      // The logit figure says what the step is about.
      await page.locator('[data-figure="logit"] text', { hasText: 'Not monotonic' }).first().waitFor();

      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await tourButton.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await page.locator('.tour-highlight').count()).toBe(0);
      // The lab still trains after the tour's restarts.
      await engineReady(page);
      await page.keyboard.press('.');
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
