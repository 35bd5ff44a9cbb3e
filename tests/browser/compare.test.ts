import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ENGINE_TIMEOUT_MS, useChromium, type WatchedPage } from './chromium';

/**
 * Comparing runs in the built app on wasm: the one-click comparison trains in its own worker and the
 * figures and the results table show both runs; a pinned run stays overlaid while the main run starts again.
 */
const COMPARE_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 300_000;

const chromium = useChromium();
let watched: WatchedPage | undefined;

async function openLab(): Promise<Page> {
  watched = await chromium.openLab();
  return watched.page;
}

const curvesFigure = (page: Page): Locator => page.locator('[data-figure="training-curves"] svg');

/** The run labels a figure draws lines for, each once. Figures off screen are not redrawn: it is scrolled to. */
async function seriesLabels(figure: Locator): Promise<string[]> {
  await figure.locator('xpath=..').scrollIntoViewIfNeeded();
  const labels = await figure.locator('[data-panel="loss"] path[data-series]').evaluateAll((paths) => paths.map((p) => p.getAttribute('data-series')!));
  return [...new Set(labels)].sort();
}

async function legendLabels(figure: Locator): Promise<string[]> {
  return (await figure.locator('[data-legend]').evaluateAll((items) => items.map((i) => i.getAttribute('data-legend')!))).sort();
}

/** The results table's rows: the run's name and its cells. */
async function tableRows(page: Page): Promise<{ run: string; cells: string[] }[]> {
  const table = page.getByRole('table', { name: /Final metrics/ });
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({ run: r.getAttribute('data-run')!, cells: [...r.querySelectorAll('td')].map((td) => td.textContent!.trim()) })),
  );
}

// d3's format writes the minus sign as U+2212.
const NUMBER = /^−?\d+(\.\d+)?%?$/;
const MEAN_SD = /^−?\d+(\.\d+)?%? ± \d+(\.\d+)?%?$/;

describe('comparing runs', () => {
  it(
    'compares fixed τ with DySTreSS in one click: two series in the training figures, two rows of numbers',
    async () => {
      const page = await openLab();
      // A bad setting is named and starts nothing; what was typed stays.
      await page.getByText('Choose the temperatures').click();
      await page.getByRole('textbox', { name: 'Run 2' }).fill('dystress:0.3,0.2');
      await page.getByRole('button', { name: 'Start comparison' }).click();
      expect(await page.getByRole('alert').textContent()).toBe('Run 2: τ min (0.3) must not exceed τ max (0.2)');
      expect(await page.getByRole('progressbar').count()).toBe(0);
      expect(await page.getByRole('textbox', { name: 'Run 2' }).inputValue()).toBe('dystress:0.3,0.2');

      await page.getByLabel('Steps', { exact: true }).fill('20');
      await page.getByRole('button', { name: 'Compare fixed τ vs DySTreSS' }).click();
      await page.getByText('Done: step 20 of 20 · 2 runs').waitFor({ timeout: COMPARE_TIMEOUT_MS });

      const runs = ['DySTreSS (0.1, 0.2)', 'Fixed τ = 0.2'];
      // The main run has not trained: only the compared runs are drawn and listed.
      await expect.poll(() => seriesLabels(curvesFigure(page))).toEqual(runs);
      expect(await legendLabels(curvesFigure(page))).toEqual(runs);
      expect(await curvesFigure(page).getAttribute('data-panels')).toBe('loss knnAccuracy alignment uniformity tolerance interClassUniformity');
      // So do the uniformity–tolerance path and the gradient on negatives (each run's last batch under its own τ).
      const trajectory = page.locator('[data-figure="uniformity-tolerance"]');
      await trajectory.scrollIntoViewIfNeeded();
      expect(await trajectory.locator('svg g[data-run]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-run')).sort())).toEqual(runs);
      const gradient = page.locator('[data-figure="gradient"]');
      await gradient.scrollIntoViewIfNeeded();
      await expect
        .poll(async () => [...new Set(await gradient.locator('svg [data-panel="weight"] path[data-series]').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series'))))].sort())
        .toEqual(runs);
      // The τ figure overlays both settings' curves under the same names.
      const temperature = page.locator('[data-figure="temperature"]');
      await temperature.scrollIntoViewIfNeeded();
      const legend = await legendLabels(temperature.locator('svg'));
      expect(legend).toEqual(expect.arrayContaining(runs));

      const rows = await tableRows(page);
      expect(rows.map((r) => r.run)).toEqual(['Fixed τ = 0.2', 'DySTreSS (0.1, 0.2)']);
      for (const row of rows) {
        // seeds, step, then the six metrics: all numbers, one seed so no ± yet.
        expect(row.cells.slice(0, 2)).toEqual(['1', '20']);
        for (const cell of row.cells.slice(2)) expect(cell).toMatch(NUMBER);
      }
      expect(rows[0]!.cells.slice(2)).not.toEqual(rows[1]!.cells.slice(2));
      expect(watched!.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'aggregates several seeds per setting as mean ± sd and draws their mean curves',
    async () => {
      const page = await openLab();
      await page.getByLabel('Steps', { exact: true }).fill('4');
      await page.getByLabel('Runs per setting').fill('2');
      await page.getByRole('button', { name: 'Compare fixed τ vs DySTreSS' }).click();
      await page.getByText('Done: step 4 of 4 · 4 runs').waitFor({ timeout: COMPARE_TIMEOUT_MS });

      await expect.poll(() => seriesLabels(curvesFigure(page))).toEqual(['DySTreSS (0.1, 0.2) (mean of 2 seeds)', 'Fixed τ = 0.2 (mean of 2 seeds)']);
      const rows = await tableRows(page);
      expect(rows.map((r) => [r.run, ...r.cells.slice(0, 2)])).toEqual([
        ['Fixed τ = 0.2', '2', '4'],
        ['DySTreSS (0.1, 0.2)', '2', '4'],
      ]);
      for (const row of rows) for (const cell of row.cells.slice(2)) expect(cell).toMatch(MEAN_SD);
      expect(await page.getByRole('table').locator('caption').textContent()).toContain('sample standard deviation (n − 1)');
      expect(watched!.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps a pinned run overlaid while the main run starts again, and unpins it',
    async () => {
      const page = await openLab();
      await page.getByRole('button', { name: 'Step ×10' }).click();
      await page.getByRole('status').filter({ hasText: /^step 10 · / }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Pin this run' }).click();
      const pinned = 'DySTreSS (0.1, 0.2) · step 10';
      expect(await page.getByRole('list', { name: /Pinned runs/ }).textContent()).toContain(pinned);

      await page.getByRole('button', { name: 'Reset', exact: true }).click();
      await page.getByRole('status').filter({ hasText: /^step 0 · / }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await expect.poll(() => seriesLabels(curvesFigure(page))).toEqual([pinned]);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => seriesLabels(curvesFigure(page))).toEqual([pinned, 'this run'].sort());

      const rows = await tableRows(page);
      expect(rows.map((r) => [r.run, ...r.cells.slice(0, 2)])).toEqual([[pinned, '1', '10']]);

      await page.getByRole('button', { name: `Unpin ${pinned}` }).click();
      await expect.poll(() => seriesLabels(curvesFigure(page))).toEqual(['this run']);
      expect(await page.getByRole('table').count()).toBe(0);
      expect(watched!.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
