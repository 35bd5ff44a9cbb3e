import type { Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ENGINE_TIMEOUT_MS, engineReady, statusStep, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * Faults forced on the built lab in real Chromium: the training worker closed or crashing mid-run (the lab
 * says so at the step it reached and restarts in a new worker with the old history drawn beside it), storage
 * full (QuotaExceededError: the panel says so, training and the runs already kept are untouched), and the
 * run store holding its 8 runs of full-length history.
 */
const chromium = useChromium();

async function trainingWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().filter((w) => w.url().includes('training.worker')).length).toBe(1);
  return page.workers().find((w) => w.url().includes('training.worker'))!;
}

async function playTo(page: Page, steps: number): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBeGreaterThan(steps);
}

describe('faults', () => {
  for (const [fault, force, why] of [
    ['closed', (w: Worker) => w.evaluate(() => self.close()), 'the worker was closed (by the browser, or it crashed)'],
    ['crashing', (w: Worker) => w.evaluate(() => void setTimeout(() => {
      throw new Error('injected fault');
    })), 'an error in the worker: Uncaught Error: injected fault'],
  ] as const) {
    it(
      `the training worker ${fault} mid-run: the lab says so and restarts with the history kept beside it`,
      async () => {
        const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=constant:0.3');
        await playTo(page, 20);
        const worker = await trainingWorker(page);
        const lastShown = await statusStep(page);
        await force(worker);
        const alert = page.getByRole('alert').filter({ hasText: 'The training worker stopped at step' });
        await alert.waitFor({ timeout: ENGINE_TIMEOUT_MS });
        const text = (await alert.textContent()) ?? '';
        const stoppedAt = Number(/stopped at step ([\d,]+)/.exec(text)?.[1]?.replaceAll(',', ''));
        // The step the last snapshot reached (the worker may have trained a little past what was drawn).
        expect(stoppedAt).toBeGreaterThanOrEqual(lastShown);
        expect(text).toContain(why);
        // Nothing trains any more, and the status line says so.
        await page.getByRole('status').filter({ hasText: 'the training engine is not running' }).waitFor();

        await alert.getByRole('button', { name: 'Restart, keeping this history' }).click();
        await engineReady(page);
        const label = `before the worker stopped · spheres · constant:0.3 · ${stoppedAt.toLocaleString('en-US')} steps`;
        await page.getByText(`Drawn beside this run: ${label}`).waitFor();
        await page.getByRole('button', { name: 'Step', exact: true }).click();
        await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);
        const curves = page.locator('[data-figure="training-curves"]');
        await curves.scrollIntoViewIfNeeded();
        await expect.poll(() => curves.locator(`[data-series="${label}"]`).count()).toBeGreaterThan(0);
        // The crash's own report (the worker's uncaught error) is the one console error expected.
        expect(problems.filter((p) => !p.includes('injected fault'))).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  }

  it(
    'the WebGPU device lost mid-run (device.destroy(), as a driver reset): the run moves to webgl and says so, history kept beside it',
    async () => {
      const { page, problems } = await chromium.open('?v=2&backend=webgpu&tau=constant:0.3&batch=32');
      // SwiftShader compiles WebGPU's shaders slowly: the engine and a first step take tens of seconds here.
      await page.getByRole('status').filter({ hasText: /^step 0 · .* · webgpu$/ }).waitFor({ timeout: TEST_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: TEST_TIMEOUT_MS }).toBe(1);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: TEST_TIMEOUT_MS }).toBe(2);

      await (await trainingWorker(page)).evaluate(() => (Reflect.get(self, 'dystressWorkerProbe') as { loseDevice(): void }).loseDevice());
      const alert = page.getByRole('alert').filter({ hasText: 'The webgpu device was lost at step 2' });
      await alert.waitFor({ timeout: ENGINE_TIMEOUT_MS });
      const said = (await alert.textContent()) ?? '';
      expect(said).toContain('The GPU device was destroyed');
      expect(said).toContain('Training moved to webgl: the configuration starts again from step 0 there');
      await page.getByRole('status').filter({ hasText: /^step 0 · .* · webgl$/ }).waitFor({ timeout: TEST_TIMEOUT_MS });
      await page.getByText('Drawn beside this run: before the webgpu device was lost · spheres · constant:0.3 · 2 steps').waitFor();
      expect(new URL(page.url()).searchParams.get('backend')).toBe('webgl');
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: TEST_TIMEOUT_MS }).toBe(1);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'a tab frozen in the background for an hour, under a speed limit: the worker keeps to the limit, no burst on return, the page catches up',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=constant:0.3');
      await page.getByLabel('Speed limit').selectOption('2');
      await playTo(page, 3);
      const worker = await trainingWorker(page);
      const trained = () => worker.evaluate(() => (Reflect.get(self, 'dystressWorkerProbe') as { step(): number }).step());
      // What Chrome does to a tab left in the background: the page is frozen (its dedicated worker is not).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
      const frozenAt = await trained();
      await page.waitForTimeout(2000);
      // The worker went on at the limit, 2 steps/s, no faster.
      const beforeJump = await trained();
      expect(beforeJump - frozenAt).toBeLessThanOrEqual(2 * 2 + 2);
      // An hour cannot be waited for here: the worker's clock jumps the hour instead, as after a laptop's sleep.
      await worker.evaluate(() => {
        const now = performance.now.bind(performance);
        performance.now = () => now() + 3_600_000;
      });
      await cdp.send('Page.setWebLifecycleState', { state: 'active' });
      // The page catches up with what the worker trained meanwhile.
      await expect.poll(() => statusStep(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(beforeJump);
      const back = await trained();
      await page.waitForTimeout(3000);
      // 2 steps/s over 3 s, plus at most one second owed (MAX_BACKLOG_MS): 8 steps, and 2 to spare. The hour owed
      // without the cap, 7,200 steps, would be trained flat out (tens of steps a second here).
      const after = await trained();
      expect(after - back).toBeLessThanOrEqual(10);
      expect(after - back).toBeGreaterThan(0);
      await expect.poll(() => statusStep(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(after);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'storage full (QuotaExceededError): the panel says so, the kept runs stay listed, training goes on',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=constant:0.3');
      await page.getByRole('button', { name: 'Step ×10' }).click();
      const recent = page.getByRole('list', { name: 'Recent runs' });
      await recent.getByText('spheres · constant:0.3 · 10 steps').waitFor();

      // From now on every write is refused as a full disk would refuse it.
      await page.addInitScript(() => {
        IDBObjectStore.prototype.put = () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      });
      await page.reload();
      await engineReady(page);
      await recent.getByText('spheres · constant:0.3 · 10 steps').waitFor();
      await playTo(page, 5);
      await page.getByRole('status').filter({ hasText: 'Runs are not kept in this browser: the browser’s storage for this site is full' }).waitFor({ timeout: 30_000 });
      const before = await statusStep(page);
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBeGreaterThan(before);
      expect(await recent.getByText('spheres · constant:0.3 · 10 steps').count()).toBe(1);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps 8 runs of full-length history (the store’s limit), lists and opens them, and drops the oldest for a new one',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=constant:0.3');
      await page.getByRole('button', { name: 'Step ×10' }).click();
      const recent = page.getByRole('list', { name: 'Recent runs' });
      await recent.getByText('spheres · constant:0.3 · 10 steps').waitFor();
      // Seven runs like the one the lab just kept (eight with it), each with the longest history it keeps (500 decimated points
      // over 19,960 steps), written where the lab keeps them.
      const bytes = await page.evaluate(async () => {
        const open = indexedDB.open('dystress-lab', 1);
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const read = db.transaction('runs').objectStore('runs').getAll();
        const [kept] = await new Promise<{ config: unknown }[]>((resolve) => (read.onsuccess = () => resolve(read.result as { config: unknown }[])));
        const tx = db.transaction('runs', 'readwrite');
        let total = 0;
        for (let r = 0; r < 7; r++) {
          const history = Array.from({ length: 500 }, (_, i) => ({
            step: i * 40,
            loss: 5 - i / 200 + r / 100,
            stepMs: 3.25,
            alignment: 0.5 + i / 2000,
            uniformity: -2 - i / 500,
            tolerance: 0.3,
            interClassUniformity: -1.5,
            knnAccuracy: 0.4 + i / 1000,
            tauPositiveMean: 0.12,
            tauNegativeMean: 0.19,
          }));
          const run = { id: `seeded-${r}`, savedAt: Date.now() - 10_000 + r, backend: 'wasm', config: kept!.config, history };
          total += JSON.stringify(run).length;
          tx.objectStore('runs').put(run);
        }
        await new Promise((resolve) => (tx.oncomplete = resolve));
        db.close();
        return total;
      });
      console.log(`7 runs at the history limit: ${(bytes / 1024).toFixed(0)} kB of JSON`);
      await page.reload();
      await engineReady(page);
      const full = recent.getByText('spheres · constant:0.3 · 19,960 steps');
      // The run trained above is newer than the seeded ones: it is kept, and the oldest seeded one went.
      await expect.poll(() => full.count()).toBe(7);
      expect(await recent.getByRole('listitem').count()).toBe(8);
      await page.getByRole('button', { name: 'Open spheres · constant:0.3 · 19,960 steps' }).first().click();
      await page.getByText('Drawn beside this run: recorded · spheres · constant:0.3 · 19,960 steps').waitFor();
      // A new run is kept too, and the store stays at 8.
      await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(() => full.count(), { timeout: 30_000 }).toBe(6);
      expect(await recent.getByRole('listitem').count()).toBe(8);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
