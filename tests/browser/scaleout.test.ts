import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { engineReady, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * The way out to PyTorch and back: "Export training script" downloads train.py for the lab's configuration,
 * and a run.json written by that script opens beside a browser run, saying where it was trained.
 */
const chromium = useChromium();

const pytorchRun = {
  format: 'dystress-lab-run',
  version: 1,
  config: { seed: 8, temperature: { family: 'dystress', params: { tmin: 0.1, tmax: 0.3 } } },
  backend: 'pytorch',
  source: { tool: 'pytorch', torch: '1.13.0', device: 'cpu', worldSize: 2, data: 'spheres', encoder: 'mlp', globalBatch: 256, finished: true },
  history: [
    { step: 0, loss: null, stepMs: null, alignment: 0.1, uniformity: -1, tolerance: 0.8, interClassUniformity: -0.5, knnAccuracy: 0.5, tauPositiveMean: null, tauNegativeMean: null },
    { step: 20, loss: 4.1, stepMs: 11, alignment: 0.3, uniformity: -2.6, tolerance: 0.5, interClassUniformity: -2.2, knnAccuracy: 0.7, tauPositiveMean: 0.2, tauNegativeMean: 0.12 },
  ],
};

describe('scale out to PyTorch and back', () => {
  it(
    'exports train.py for the configuration; a PyTorch run opens beside the browser run and says where it came from',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=dystress:0.1,0.3&seed=8');
      const exportButton = page.getByRole('button', { name: 'Export training script' });
      await exportButton.waitFor({ timeout: 60_000 });
      const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
      expect(download.suggestedFilename()).toBe('train.py');
      const script = readFileSync(await download.path(), 'utf8');
      expect(script).toContain('def nt_xent(z1, z2, detach_tau=True, decoupled=False):');
      expect(script).toContain('return 0.1 + 0.19999999999999998 * (0.5 * (1 + torch.cos(math.pi * (1 + s))))');
      expect(script).toContain('"seed": 8');
      await page.getByRole('status').filter({ hasText: 'train.py downloaded' }).waitFor();

      await page.getByLabel('Open run…').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pytorchRun)) });
      await page.getByText('Drawn beside this run: PyTorch · spheres · dystress:0.1,0.3 · 20 steps').waitFor();
      await page.getByText('Trained outside the lab: PyTorch 1.13.0 · 2 processes on cpu · data spheres · mlp · global batch 256.').waitFor();
      await engineReady(page);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says why a temperature cannot be exported, and nothing else changes',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=kukleva:0.1,1,1000');
      const exportButton = page.getByRole('button', { name: 'Export training script' });
      await exportButton.waitFor({ timeout: 60_000 });
      await exportButton.click();
      await page.getByRole('alert').filter({ hasText: /^No training script: the Cosine schedule over training \(Kukleva et al\.\) temperature cannot be exported/ }).waitFor();
      expect(await page.getByLabel('Temperature function').inputValue()).toBe('kukleva');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'exports a sweep defined in the lab as train.py, a torchrun launcher and a Slurm array',
    async () => {
      const { page, problems } = await chromium.openLab('?backend=wasm&batch=32&sweep=tmin:0.05:0.1:2,tmax:0.2:0.4:2;seeds=2;steps=20;every=10;taus=0.1');
      const sweep = page.locator('section', { has: page.getByRole('heading', { name: 'Sweep', exact: true }) });
      await sweep.scrollIntoViewIfNeeded();
      const button = sweep.getByRole('button', { name: 'Export for PyTorch' });
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      expect(download.suggestedFilename()).toBe('sweep-export.zip');
      const files = unzipSync(readFileSync(await download.path()));
      expect(Object.keys(files).sort()).toEqual(['sweep-export/launch.sh', 'sweep-export/runs.txt', 'sweep-export/slurm.sbatch', 'sweep-export/sweep-export.json', 'sweep-export/train.py']);
      // 4 cells and one constant τ, 2 seeds each.
      expect(strFromU8(files['sweep-export/runs.txt']!).trim().split('\n')).toHaveLength(10);
      expect(strFromU8(files['sweep-export/slurm.sbatch']!)).toContain('#SBATCH --array=0-9');
      expect(strFromU8(files['sweep-export/train.py']!)).toContain('"cell-3"');
      await sweep.getByRole('status').filter({ hasText: 'sweep-export.zip downloaded' }).waitFor();

      // Its runs, collected back (npm run sweep -- --collect) into sweep.json, open in the same panel.
      const manifest = JSON.parse(strFromU8(files['sweep-export/sweep-export.json']!)) as { definition: unknown; runs: { target: { seed: number } }[] };
      const history = (knn: number) => [
        { step: 0, loss: null, stepMs: null, alignment: 0.5, uniformity: -1, knnAccuracy: 0.4 },
        { step: 20, loss: 4, stepMs: 3, alignment: 0.4, uniformity: -2, knnAccuracy: knn },
      ];
      const collected = { format: 'dystress-lab-sweep', version: 1, definition: manifest.definition, runs: manifest.runs.map((r, i) => ({ target: r.target, status: 'ok', history: history(0.5 + i / 40) })) };
      await sweep.getByLabel('Open sweep.json…').setInputFiles({ name: 'sweep.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(collected)) });
      await sweep.locator('[data-sweep-progress]').filter({ hasText: 'Done: 10 of 10 runs' }).waitFor();
      await sweep.locator('[data-figure="sweep"] svg').first().waitFor();
      await sweep.getByLabel('Open sweep.json…').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "dystress-lab-run"}') });
      await sweep.getByRole('alert').filter({ hasText: '“bad.json”: not a sweep file' }).waitFor();
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
