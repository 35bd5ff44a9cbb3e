import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../vite.csp';
import { ENGINE_TIMEOUT_MS, statusLine, statusStep, TEST_TIMEOUT_MS, useChromium, type WatchedPage } from './chromium';

/**
 * The static site's security in real Chromium: every page and worker runs under the Content-Security-Policy
 * (vite.csp.ts: no inline script, no eval, fetches to the site only), any `securitypolicyviolation` fails the
 * test, and so does any request to another origin while the lab loads, trains on each backend, runs the
 * analysis, comparison and sweep workers, and the diagnostics page self-tests every backend.
 */
const chromium = useChromium();

interface Guarded {
  readonly watched: WatchedPage;
  /** Violations seen by the page (its workers' show as console errors, which `problems` records). */
  violations(): Promise<string[]>;
  /** Requests to anything but the site's own origin (data: and blob: URLs are the page's own memory). */
  readonly foreign: string[];
}

async function guarded(path: string): Promise<Guarded> {
  const origin = new URL(inject('appUrl')).origin;
  const foreign: string[] = [];
  const watched = await chromium.open(path, {
    init: async (page: Page) => {
      await page.context().route(
        (url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
        (route) => {
          foreign.push(route.request().url());
          return route.abort();
        },
      );
      await page.addInitScript(() => {
        const seen: string[] = [];
        Reflect.set(window, '__cspViolations', seen);
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
      });
    },
  });
  return { watched, foreign, violations: () => watched.page.evaluate(() => Reflect.get(window, '__cspViolations') as string[]) };
}

async function expectClean({ watched, foreign, violations }: Guarded): Promise<void> {
  expect(await violations()).toEqual([]);
  expect(foreign).toEqual([]);
  expect(watched.problems).toEqual([]);
}

describe('the static site’s security', () => {
  it('serves the policy in each page and from the preview', async () => {
    const base = inject('appUrl');
    for (const page of ['', 'diagnostics.html']) {
      const response = await fetch(new URL(page, base));
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      const html = await response.text();
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replaceAll("'", '&#39;')}">`);
      // No inline script for the policy to allow.
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
    }
  });

  it(
    'bites: an inline script injected into the page does not run and is reported; eval in a worker is refused',
    async () => {
      const guard = await guarded('?v=2&backend=wasm');
      const { page } = guard.watched;
      await statusLine(page).waitFor({ timeout: ENGINE_TIMEOUT_MS });
      const outcome = await page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = 1';
        document.head.append(script);
        const worker = new Worker(URL.createObjectURL(new Blob(["try { eval('1'); postMessage('ran') } catch { postMessage('refused') }"], { type: 'text/javascript' })));
        const answer = await new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
        worker.terminate();
        return { inline: Reflect.get(window, '__inlineRan'), worker: answer };
      });
      expect(outcome).toEqual({ inline: undefined, worker: 'refused' });
      await expect.poll(() => guard.violations()).toContainEqual(expect.stringMatching(/^script-src-elem blocked inline/));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'trains on wasm with the figures, UMAP, a comparison and a sweep under the policy, with no request elsewhere',
    async () => {
      const guard = await guarded('?v=2&backend=wasm&batch=32&sweep=tmin:0.05:0.1:2;seeds=1;steps=5;every=5;taus=0.1');
      const { page } = guard.watched;
      await statusLine(page).filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(10);
      await page.getByRole('img', { name: 'Temperature over the current batch' }).waitFor();

      // The analysis worker (UMAP).
      await page.getByRole('radio', { name: 'UMAP' }).check();
      await page.getByRole('img', { name: 'Embedding (UMAP)' }).waitFor({ timeout: ENGINE_TIMEOUT_MS });

      // The comparison worker.
      await page.getByLabel('Steps', { exact: true }).fill('10');
      await page.getByRole('button', { name: 'Compare fixed τ vs DySTreSS' }).click();
      await page.getByText('Done: step 10 of 10 · 2 runs').waitFor({ timeout: TEST_TIMEOUT_MS });

      // The sweep's workers.
      const sweep = page.locator('section', { has: page.getByRole('heading', { name: 'Sweep', exact: true }) });
      await sweep.scrollIntoViewIfNeeded();
      await sweep.getByRole('button', { name: 'Start sweep' }).click();
      await sweep.locator('[data-sweep-progress]').filter({ hasText: /^Done: 3 of 3 runs/ }).waitFor({ timeout: TEST_TIMEOUT_MS });
      await expectClean(guard);
    },
    TEST_TIMEOUT_MS * 2,
  );

  for (const backend of ['cpu', 'webgl', 'webgpu'] as const) {
    it(
      `trains a step on ${backend} under the policy`,
      async () => {
        const guard = await guarded(`?v=2&backend=${backend}&batch=16`);
        const { page } = guard.watched;
        await statusLine(page).filter({ hasText: new RegExp(`^step 0 · .* · ${backend}$`) }).waitFor({ timeout: ENGINE_TIMEOUT_MS * 2 });
        await page.getByRole('button', { name: 'Step', exact: true }).click();
        // SwiftShader compiles WebGPU's shaders slowly: a first step takes tens of seconds here.
        await expect.poll(() => statusStep(page), { timeout: TEST_TIMEOUT_MS }).toBe(1);
        expect(await statusLine(page).textContent()).toMatch(new RegExp(`${backend}$`));
        await expectClean(guard);
      },
      TEST_TIMEOUT_MS * 2,
    );
  }

  it(
    'self-tests every backend on the diagnostics page under the policy',
    async () => {
      const guard = await guarded('diagnostics.html?backend=all&steps=1&batch=16&timing=0');
      const json = await guard.watched.page.locator('pre#result').textContent({ timeout: TEST_TIMEOUT_MS });
      const result = JSON.parse(json ?? 'null') as { rows: { backend: string; selfTest: { ok: boolean; error?: string } }[] };
      expect(result.rows.map((r) => [r.backend, r.selfTest.ok, r.selfTest.error])).toEqual([
        ['webgpu', true, undefined],
        ['webgl', true, undefined],
        ['wasm', true, undefined],
        ['cpu', true, undefined],
      ]);
      await expectClean(guard);
    },
    TEST_TIMEOUT_MS * 2,
  );
});
