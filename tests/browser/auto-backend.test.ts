import { describe, expect, it } from 'vitest';
import { ENGINE_TIMEOUT_MS, statusLine, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * `auto` by measurement in the lab: real training steps of the run's model are timed on each backend that
 * works here (headless Chromium: wasm, and WebGL and WebGPU on SwiftShader), the fastest runs, the status says
 * what was measured, and a reload on the same device and configuration reads the measurement back.
 */
const chromium = useChromium();

describe('auto chooses by measurement', () => {
  it(
    'times each backend, runs the fastest (software renderers lose to wasm here) and remembers it',
    async () => {
      const { page, problems } = await chromium.open('?backend=auto');
      const measured = page.locator('.backend-measurement');
      const first = (await measured.textContent({ timeout: 3 * ENGINE_TIMEOUT_MS })) ?? '';
      expect(first).toMatch(/^auto: wasm [\d.]+ (ms|s)\/step, /);
      expect(first).toMatch(/webgl \(.*SwiftShader.*\) ([\d.]+ (ms|s)\/step|not measured)/i);
      expect(first).toMatch(/→ wasm\.$/);
      await statusLine(page).filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: ENGINE_TIMEOUT_MS });

      await page.reload();
      await expect(measured.textContent({ timeout: ENGINE_TIMEOUT_MS })).resolves.toMatch(/→ wasm \(measured earlier on this device and configuration\)\.$/);
      expect(problems).toEqual([]);
    },
    2 * TEST_TIMEOUT_MS,
  );
});
