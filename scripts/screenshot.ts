/**
 * Takes docs/screenshot.png for the README: the built app served by vite preview, in headless Chromium, on
 * the wasm backend, mid-training. The run uses a 3-D embedding (so the embedding figure is the unit sphere)
 * and a pinned default curve under a wider τ range; it trains for a while, is paused, and the whole page is
 * captured (the viewport grows to the page, so every figure is on screen and up to date).
 * Usage: npm run build && npx tsx scripts/screenshot.ts [output.png] [--dark] [--width=1280] [--seconds=12]
 */
import { launchChromium, openWatchedPage } from '../tests/browser/chromium';
import { startPreviewServer } from '../tests/browser/previewServer';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const output = args.find((a) => !a.startsWith('--')) ?? 'docs/screenshot.png';
const width = option('width', 1280);
const seconds = option('seconds', 12);
const colorScheme = args.includes('--dark') ? 'dark' : 'light';

const server = await startPreviewServer();
const browser = await launchChromium();
try {
  const { page, problems, close } = await openWatchedPage(browser, { viewport: { width, height: 800 } });
  await page.emulateMedia({ colorScheme });
  await page.goto(`${server.url}?backend=wasm`);
  const ready = page.getByRole('status').filter({ hasText: /^step 0 · .* · wasm$/ });
  await ready.waitFor({ timeout: 120_000 });
  await page.getByLabel('Embedding dimension').selectOption('3');
  await page.getByRole('button', { name: 'Apply & reset' }).click();
  await ready.waitFor({ timeout: 120_000 });

  await page.getByRole('button', { name: 'Pin curve' }).click();
  await page.getByRole('slider', { name: 'τ min', exact: true }).fill('0.08');
  await page.getByRole('slider', { name: 'τ max', exact: true }).fill('0.3');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(seconds * 1000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'paused' }).waitFor();

  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  await page.getByRole('img', { name: 'Embedding (unit sphere)' }).waitFor();
  // Let the figures that were off screen catch up with the last snapshot.
  await page.waitForTimeout(1500);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: output, fullPage: true });
  console.log(`wrote ${output}: ${await page.getByRole('status').textContent()}`);
  await close();
  if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
} finally {
  await browser.close();
  await server.stop();
}
