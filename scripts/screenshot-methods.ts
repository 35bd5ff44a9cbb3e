/**
 * Screenshots of the lab training with each compared temperature method (docs/temperature-methods.md): the
 * built app in headless Chromium on the wasm backend, opened from the method's preset link, trained for a
 * while, paused and captured whole at 1440 px wide.
 * Usage: npm run build && npx tsx scripts/screenshot-methods.ts [output-dir] [--seconds=20]
 */
import { launchChromium, openWatchedPage } from '../tests/browser/chromium';
import { startPreviewServer } from '../tests/browser/previewServer';
import { findPreset } from '../src/state/presets';

const args = process.argv.slice(2);
const outputDir = args.find((a) => !a.startsWith('--')) ?? 'screenshots';
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice('--seconds='.length) ?? 20);
const METHODS = ['temperature-free', 'learnable', 'siglip'];

const server = await startPreviewServer();
const browser = await launchChromium();
try {
  for (const id of METHODS) {
    const preset = findPreset(id);
    if (!preset) throw new Error(`no preset ${id}`);
    const { page, problems, close } = await openWatchedPage(browser, { viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}${preset.query}&backend=wasm`);
    await page.getByRole('status').filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForTimeout(seconds * 1000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'paused' }).waitFor();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1440, height });
    await page.getByRole('img', { name: 'Embedding (unit sphere)' }).waitFor();
    await page.waitForTimeout(1500);
    await page.mouse.move(0, 0);
    const path = `${outputDir}/${id}.png`;
    await page.screenshot({ path, fullPage: true });
    console.log(`wrote ${path}: ${await page.getByRole('status').textContent()}`);
    await close();
    if (problems.length > 0) throw new Error(`${id}: the page reported problems:\n${problems.join('\n')}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
