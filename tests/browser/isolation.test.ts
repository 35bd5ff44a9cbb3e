import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsResult } from '../../src/diagnostics/view';
import { engineReady, ENGINE_TIMEOUT_MS, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * Cross-origin isolation, which tfjs-wasm needs for its threaded build: `vite preview` sends the headers; a
 * plain static server that sends none gets them from public/coi-serviceworker.js after one reload; and where
 * the page stays unisolated (service workers blocked) the lab still trains, single-threaded, and says so.
 */
const chromium = useChromium({ webgpu: false });
const dist = resolve(import.meta.dirname, '../../dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
};

/** dist/ as a static host without any header of its own (no COOP, no COEP). */
function plainServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    done({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
  }));
}

let plain: { server: Server; url: string };
beforeAll(async () => {
  plain = await plainServer();
});
afterAll(() => new Promise<void>((done) => plain.server.close(() => done())));

const isolated = (page: import('playwright-core').Page) => page.evaluate(() => globalThis.crossOriginIsolated);
const backendThreads = (page: import('playwright-core').Page) => page.locator('.backend-threads');

describe('cross-origin isolation', () => {
  it(
    'vite preview isolates the page: the lab trains on wasm, and the diagnostics worker gets the threads asked for',
    async () => {
      const { page, problems } = await chromium.openLab('?backend=wasm');
      expect(await isolated(page)).toBe(true);
      await expect(backendThreads(page).textContent({ timeout: ENGINE_TIMEOUT_MS })).resolves.toMatch(/^wasm runs on \d+ threads? \(the page is cross-origin isolated/);
      expect(problems).toEqual([]);

      const diagnostics = await chromium.open('diagnostics.html?backend=wasm&threads=2&batch=16&timing=0');
      const result = JSON.parse((await diagnostics.page.locator('pre#result').textContent({ timeout: ENGINE_TIMEOUT_MS })) ?? 'null') as DiagnosticsResult;
      expect(result.selection?.actual).toBe('wasm');
      // tfjs caps its pool at half the cores; the lab lifts the cap for the count asked for.
      expect(result.selection?.wasm).toEqual({ threads: 2, crossOriginIsolated: true });
      expect(result.passed).toBe(true);
      expect(diagnostics.problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a static host without headers is isolated by the service worker after one reload; workers, wasm and data load',
    async () => {
      const { page, problems } = await chromium.open(`${plain.url}?backend=wasm`);
      await page.waitForFunction(() => globalThis.crossOriginIsolated, undefined, { timeout: ENGINE_TIMEOUT_MS });
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/coi-serviceworker\.js$/);
      await engineReady(page);
      await expect(backendThreads(page).textContent({ timeout: ENGINE_TIMEOUT_MS })).resolves.toMatch(/cross-origin isolated/);
      // MNIST's data file, the image dataset's worker and its wasm, all through require-corp.
      await page.goto(`${plain.url}?backend=wasm&dataset=mnist`);
      await engineReady(page);
      expect(await isolated(page)).toBe(true);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'where the page stays unisolated, the lab trains single-threaded and its backend status says why',
    async () => {
      const { page, problems } = await chromium.open(`${plain.url}?backend=wasm`, { context: { serviceWorkers: 'block' } });
      await engineReady(page);
      expect(await isolated(page)).toBe(false);
      await expect(backendThreads(page).textContent()).resolves.toBe(
        'wasm runs single-threaded: this page is not cross-origin isolated, so tfjs cannot start its threaded build.',
      );
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
