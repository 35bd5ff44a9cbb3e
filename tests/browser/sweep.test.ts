import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium } from './chromium';

/**
 * A sweep in the built app on wasm: a 2 × 2 τmin × τmax grid with 2 seeds and a one-point constant-τ line,
 * opened from a link, cancelled part way, read back after a reload and resumed to its heatmap; the cell the
 * figure marks best is the best by the downloaded sweep.csv, computed here from the per-seed finals.
 */
const SWEEP = 'tmin:0.05:0.1:2,tmax:0.2:0.4:2;seeds=2;steps=20;every=10;taus=0.1';
const LINK = `?backend=wasm&batch=32&sweep=${SWEEP}`;
const TOTAL_RUNS = 10;
const SWEEP_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 420_000;

const chromium = useChromium();

const panel = (page: Page) => page.locator('section', { has: page.getByRole('heading', { name: 'Sweep', exact: true }) });
const progress = (page: Page) => panel(page).locator('[data-sweep-progress]');

async function finishedRuns(page: Page): Promise<number> {
  const text = (await progress(page).textContent()) ?? '';
  return Number(/: (\d+) of \d+ runs/.exec(text)?.[1] ?? NaN);
}

async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, panel(page).getByRole('button', { name }).click()]);
  return readFile((await file.path())!, 'utf8');
}

/** Per cell, the mean over seeds of `metric` from sweep.csv's rows (constant-τ rows left out). */
function cellMeans(csv: string, metric: string): Map<string, number> {
  const [header, ...rows] = csv.trim().split('\n').map((line) => line.split(','));
  const column = (name: string): number => header!.indexOf(name);
  const sums = new Map<string, { sum: number; n: number }>();
  for (const row of rows) {
    if (row[column('constantTau')] !== '' || row[column('status')] !== 'ok') continue;
    const key = `${row[column('tmin')]},${row[column('tmax')]}`;
    const entry = sums.get(key) ?? { sum: 0, n: 0 };
    sums.set(key, { sum: entry.sum + Number(row[column(metric)]), n: entry.n + 1 });
  }
  return new Map([...sums].map(([key, { sum, n }]) => [key, sum / n]));
}

describe('sweeps in the lab', () => {
  it(
    'runs a sweep from a link, keeps what finished through Cancel and a reload, resumes the rest, and marks the best cell',
    async () => {
      const { page, problems } = await chromium.openLab(LINK);
      const sweep = panel(page);
      await sweep.scrollIntoViewIfNeeded();
      // The link fills the form and starts nothing.
      const across = sweep.getByRole('group', { name: 'Across (x)' });
      const down = sweep.getByRole('group', { name: 'Down (y)' });
      expect(await across.getByLabel('Parameter').inputValue()).toBe('tmin');
      expect(await across.getByLabel('From').inputValue()).toBe('0.05');
      expect(await down.getByLabel('Parameter').inputValue()).toBe('tmax');
      expect(await down.getByLabel('To').inputValue()).toBe('0.4');
      expect(await sweep.getByLabel('Seeds').inputValue()).toBe('2');
      expect(await sweep.getByLabel('Steps per run').inputValue()).toBe('20');
      expect(await progress(page).count()).toBe(0);
      // …and the panel's own link says the same sweep.
      const link = await sweep.getByLabel(/^Link to this sweep/).inputValue();
      expect(link.endsWith(`?v=2&batch=32&backend=wasm&sweep=${SWEEP}`)).toBe(true);

      await sweep.getByRole('button', { name: 'Start sweep' }).click();
      await progress(page).filter({ hasText: /^Training: [3-9] of 10 runs/ }).waitFor({ timeout: SWEEP_TIMEOUT_MS });
      await sweep.getByRole('button', { name: 'Cancel sweep' }).click();
      await progress(page).filter({ hasText: /^Cancelled/ }).waitFor();
      const kept = await finishedRuns(page);
      expect(kept).toBeGreaterThanOrEqual(3);
      expect(kept).toBeLessThan(TOTAL_RUNS);
      // Let the last write land, then reload: the kept runs are read back and Resume trains the rest.
      await page.waitForTimeout(500);
      await page.reload();
      await progress(page).filter({ hasText: `Kept from an earlier visit: ${kept} of 10 runs` }).waitFor({ timeout: 60_000 });
      await sweep.getByRole('button', { name: `Resume: run the ${TOTAL_RUNS - kept} missing` }).click();
      await progress(page).filter({ hasText: /^Done: 10 of 10 runs/ }).waitFor({ timeout: SWEEP_TIMEOUT_MS });

      // Every cell has both seeds, and the heatmap draws one mark per cell.
      const perCell = await sweep.locator('[data-sweep-cell-progress]').allTextContents();
      expect(perCell).toEqual(['2 of 2 seeds', '2 of 2 seeds', '2 of 2 seeds', '2 of 2 seeds']);
      const figure = sweep.locator('[data-figure="sweep"] svg');
      await figure.scrollIntoViewIfNeeded();
      const cellMark = (i: number) => figure.locator(`[data-role="cells"] [data-cell="${i}"]`);
      expect(await figure.locator('[data-role="cells"] [data-cell]').count()).toBe(4);

      // The τ(s) of the optimal region, as a band under the best cell's curve.
      const band = sweep.locator('[data-figure="sweep-temperature"] svg');
      await band.waitFor();
      expect(await band.textContent()).toMatch(/optimal region of the sweep \(\d cells?\)/);

      // The best cell by final loss (lower is better), computed here from sweep.csv, is the one marked.
      await sweep.getByLabel('Metric').selectOption('loss');
      const means = cellMeans(await download(page, 'Download sweep.csv'), 'loss');
      expect(means.size).toBe(4);
      const cells = ['0.05,0.2', '0.1,0.2', '0.05,0.4', '0.1,0.4'];
      const best = cells.reduce((b, c, i) => (means.get(c)! < means.get(cells[b]!)! ? i : b), 0);
      await expect.poll(() => figure.getAttribute('data-best-cell')).toBe(String(best));
      const bestButton = sweep.locator('[data-sweep-cell-button][data-best="true"]');
      expect(await bestButton.getAttribute('data-sweep-cell-button')).toBe(String(best));

      // A cell clicked in the figure, or the best one's button pressed with Enter, loads into the lab with its τ.
      const tauMin = page.getByRole('slider', { name: 'τ min', exact: true });
      const tauMax = page.getByRole('slider', { name: 'τ max', exact: true });
      const loaded = async (cell: number): Promise<void> => {
        const [tmin, tmax] = cells[cell]!.split(',');
        await expect.poll(async () => [await tauMin.inputValue(), await tauMax.inputValue()], { timeout: 10_000 }).toEqual([tmin, tmax]);
      };
      const other = (best + 1) % 4;
      // A mouse click at the cell's centre (its label lies on top: the figure maps the point to the cell).
      await cellMark(other).locator('rect').click({ force: true });
      await loaded(other);
      await bestButton.press('Enter');
      await loaded(best);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it('names a bad sweep in a link and ignores it', async () => {
    const { page } = await chromium.open('?backend=wasm&sweep=warmth:1:2:3');
    const notice = page.getByRole('status').filter({ hasText: 'could not be used' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('The link’s sweep=warmth:1:2:3 unknown parameter “warmth”');
    // No sweep asked for: the setup is folded; opened, it offers the family's first parameters.
    await panel(page).getByText('Choose what to sweep').click();
    expect(await panel(page).getByRole('group', { name: 'Across (x)' }).getByLabel('Parameter').inputValue()).toBe('tmin');
  });
});
