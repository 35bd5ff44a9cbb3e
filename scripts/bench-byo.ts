/**
 * Measures "bring your own embeddings" in the built app: n × dim float32 views (two, with labels) written
 * as .npy, chosen through the page's file inputs; prints the times from the click on Analyse to the first
 * figure (pair types), the PCA, all metrics and a UMAP, and the longest main-thread stall meanwhile (long
 * tasks, and the largest gap between 50 ms timer ticks). Optionally screenshots the page.
 * Usage: npm run build && npx tsx scripts/bench-byo.ts [--n=10000] [--dim=512] [--screenshot=byo.png] [--dark]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, openWatchedPage } from '../tests/browser/chromium';
import { writeEmbeddingFiles } from '../tests/browser/npyFiles';
import { startPreviewServer } from '../tests/browser/previewServer';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const n = Number(option('n') ?? 10_000);
const dim = Number(option('dim') ?? 512);
const screenshot = option('screenshot');

const dir = mkdtempSync(join(tmpdir(), 'byo-bench-'));
const files = writeEmbeddingFiles(dir, n, dim, 10);
const server = await startPreviewServer();
const browser = await launchChromium();
try {
  const { page, problems, close } = await openWatchedPage(browser);
  if (args.includes('--dark')) await page.emulateMedia({ colorScheme: 'dark' });
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[]; maxGap: number; clickAt: number; shownAt: Record<string, number> };
    w.longTasks = [];
    w.maxGap = 0;
    w.shownAt = {};
    // In-page clock: from the click on Analyse to each loaded figure's first SVG.
    document.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).textContent === 'Analyse') w.clickAt = performance.now();
    }, true);
    new MutationObserver(() => {
      if (!document.querySelector('[data-source="loaded"]')) return;
      for (const el of document.querySelectorAll('[data-source="loaded"] [data-figure]')) {
        const name = el.getAttribute('data-figure')!;
        if (el.querySelector('svg') && w.shownAt[name] === undefined) w.shownAt[name] = performance.now() - w.clickAt;
      }
    }).observe(document, { childList: true, subtree: true });
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.maxGap = Math.max(w.maxGap, now - last - 50);
      last = now;
    }, 50);
  });
  await page.goto(`${server.url}?backend=wasm`);
  await page.getByRole('status').filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: 120_000 });
  await page.getByLabel('View 1', { exact: true }).setInputFiles(files.view1);
  await page.getByLabel('View 2', { exact: true }).setInputFiles(files.view2);
  await page.getByLabel('Labels', { exact: true }).setInputFiles(files.labels);
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; maxGap: number };
    w.longTasks = [];
    w.maxGap = 0;
  });
  const started = Date.now();
  await page.getByRole('button', { name: 'Analyse', exact: true }).click();
  const at = async (what: string, wait: Promise<void>): Promise<void> => {
    await wait;
    console.log(`${what}: ${((Date.now() - started) / 1000).toFixed(2)} s`);
  };
  await at('first figure (similarity by pair type)', page.getByRole('img', { name: 'Similarity by pair type' }).waitFor({ timeout: 120_000 }));
  await at('temperature over the pairs', page.getByRole('img', { name: 'Temperature over the current batch' }).waitFor({ timeout: 120_000 }));
  await at('embedding (PCA)', page.getByRole('img', { name: 'Embedding (PCA)' }).waitFor({ timeout: 120_000 }));
  await at('all metrics', page.locator('td[data-metric="knnAccuracy"]').waitFor({ timeout: 300_000 }));
  const stalls = await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; maxGap: number };
    return { longTasks: w.longTasks, maxGap: w.maxGap };
  });
  console.log(`main thread while loading: ${stalls.longTasks.length} long tasks, longest ${Math.round(Math.max(0, ...stalls.longTasks))} ms; largest timer delay ${Math.round(stalls.maxGap)} ms`);
  const shownAt = await page.evaluate(() => (window as unknown as { shownAt: Record<string, number> }).shownAt);
  console.log(`in-page, click to first drawing: ${Object.entries(shownAt).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`page says: ${await page.locator('.metrics-timing').textContent()}`);

  const umapStarted = Date.now();
  await page.getByRole('radio', { name: 'UMAP' }).check();
  await page.getByRole('img', { name: 'Embedding (UMAP)' }).waitFor({ timeout: 300_000 });
  console.log(`UMAP after the click: ${((Date.now() - umapStarted) / 1000).toFixed(2)} s`);

  const lossStarted = Date.now();
  const loss = page.locator('td[data-metric="loss"]');
  const before = await loss.getAttribute('data-temperature');
  await page.getByRole('slider', { name: 'τ max', exact: true }).fill('0.3');
  while ((await loss.getAttribute('data-temperature')) === before) await page.waitForTimeout(100);
  console.log(`loss under a new τ: ${((Date.now() - lossStarted) / 1000).toFixed(2)} s`);

  if (screenshot) {
    await page.getByRole('radio', { name: 'PCA' }).check();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`wrote ${screenshot}`);
  }
  await close();
  if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
