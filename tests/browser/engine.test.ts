import { describe, expect, it } from 'vitest';
import type { DiagnosticsResult } from '../../src/diagnostics/view';
import { useChromium, type ChromiumForTests, type WatchedPage } from './chromium';

/**
 * The training engine in real Chromium, through the diagnostics page: backend selection with its self-test
 * and fallback, one training step on WebGPU against cpu, and the training worker. WebGPU runs on SwiftShader
 * here: correct but slow (shader compilation makes a first step take tens of seconds), hence the timeouts.
 */
const PAGE_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 300_000;

const chromium = useChromium();
const withoutWebGpu = useChromium({ webgpu: false });

async function diagnose(query: string, on: ChromiumForTests = chromium): Promise<{ result: DiagnosticsResult; page: WatchedPage }> {
  const watched = await on.open(`diagnostics.html${query}`);
  const json = await watched.page.locator('pre#result').textContent({ timeout: PAGE_TIMEOUT_MS });
  return { result: JSON.parse(json ?? 'null') as DiagnosticsResult, page: watched };
}

describe('backend selection and the diagnostics page', () => {
  it(
    'selects WebGPU, whose self-test passes and whose training step matches cpu',
    async () => {
      const { result, page } = await diagnose('?backend=webgpu&batch=32&timing=0');
      expect(result.error).toBeUndefined();
      expect(result.selection?.actual).toBe('webgpu');
      expect(result.selection?.attempts).toEqual([{ name: 'webgpu', ok: true, selfTestMs: expect.any(Number) }]);
      const webgpu = result.rows.find((r) => r.backend === 'webgpu')!;
      expect(webgpu.comparison?.backend).toBe('webgpu');
      expect(webgpu.comparison!.lossRelativeDifference).toBeLessThanOrEqual(1e-3);
      expect(webgpu.comparison!.maxEmbeddingDifference).toBeLessThanOrEqual(1e-3);
      expect(webgpu.comparison!.withinTolerance).toBe(true);
      expect(Number.isFinite(webgpu.comparison!.loss)).toBe(true);
      expect(result.passed).toBe(true);
      await expect(page.page.getByText('One training step on webgpu vs cpu').textContent()).resolves.toContain('agrees');
      expect(await page.page.getByRole('table').isVisible()).toBe(true);
      expect(page.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'catches tfjs WebGPU’s wrong addN with the self-test and falls back to WebGL (workaround off)',
    async () => {
      const { result, page } = await diagnose('?backend=webgpu&batch=16&timing=0&addNFix=0');
      const [webgpu, webgl] = result.selection!.attempts;
      expect(webgpu).toMatchObject({ name: 'webgpu', ok: false });
      expect(webgpu!.reason).toMatch(/^self-test failed: addN of 9 tensors differs from cpu by .*tfjs WebGPU storage-buffer limit/);
      expect(webgl).toMatchObject({ name: 'webgl', ok: true });
      expect(result.selection!.actual).toBe('webgl');
      expect(result.passed).toBe(true);
      // The only trace tfjs itself leaves: WebGPU validation warnings about the invalid pipeline.
      expect(page.problems.length).toBeGreaterThan(0);
      for (const problem of page.problems) expect(problem).toMatch(/^console warning: .*(storage buffers|Invalid)/s);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'without WebGPU in the browser, says why; auto passes over the software WebGL renderer to wasm',
    async () => {
      const { result, page } = await diagnose('?backend=auto&batch=16&timing=0', withoutWebGpu);
      const [webgpu, webgl, wasm] = result.selection!.attempts;
      expect(webgpu).toMatchObject({ name: 'webgpu', ok: false });
      expect(webgpu!.reason).toMatch(/no WebGPU adapter|no WebGPU/);
      // Headless Chromium renders WebGL with SwiftShader: correct, but slower than wasm.
      expect(webgl).toMatchObject({ name: 'webgl', ok: false });
      expect(webgl!.reason).toMatch(/^skipped by auto: the WebGL renderer \(.*SwiftShader.*\) is a software renderer/);
      expect(wasm).toMatchObject({ name: 'wasm', ok: true });
      expect(result.selection!.actual).toBe('wasm');
      expect(result.passed).toBe(true);
      expect(page.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'auto passes over the software WebGPU adapter too, saying why',
    async () => {
      const { result, page } = await diagnose('?backend=auto&batch=16&timing=0');
      const [webgpu] = result.selection!.attempts;
      expect(webgpu).toMatchObject({ name: 'webgpu', ok: false });
      expect(webgpu!.reason).toMatch(/^skipped by auto: the WebGPU adapter \(.*\) is a software renderer/);
      expect(result.selection!.actual).toBe('wasm');
      expect(page.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it('explains a bad query instead of running', async () => {
    const { result, page } = await diagnose('?backend=tpu');
    expect(result.passed).toBe(false);
    expect(result.error).toBe('backend must be auto, all, webgpu, webgl, wasm or cpu (got “tpu”)');
    expect(await page.page.getByText('Error: backend must be').isVisible()).toBe(true);
    expect(page.problems).toEqual([]);
  });
});

describe('the training worker', () => {
  it(
    'inits on WebGPU (requested), steps, plays and pauses, sending snapshots across the worker boundary',
    async () => {
      const { result, page } = await diagnose('?worker=1&backend=webgpu&batch=32');
      expect(result.error).toBeUndefined();
      const worker = result.worker!;
      expect(worker.backend.actual).toBe('webgpu');
      expect(worker.dataset).toMatchObject({ id: 'spheres', kind: 'vector' });
      expect(worker.afterStepOnce.step).toBe(3);
      expect(Number.isFinite(worker.afterStepOnce.loss)).toBe(true);
      expect(worker.afterPlay.step).toBeGreaterThan(3);
      expect(Number.isFinite(worker.afterPlay.loss)).toBe(true);
      // The typed arrays arrived (transferred, not lost on the way).
      expect(worker.afterPlay.embeddingValues).toBeGreaterThan(0);
      expect(worker.afterPlay.similarityValues).toBe(64 * 64);
      expect(worker.statuses).toEqual(['running', 'paused']);
      expect(worker.passed).toBe(true);
      expect(page.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
