/**
 * Screenshots of the lab training with a temperature trained per sample (iSogCLR) or predicted per input
 * (Temperature as Uncertainty), for checking the per-sample temperature figure by eye.
 * Usage: npm run build && npx tsx scripts/screenshotPerSample.ts SPEC OUTPUT_STEM [--seconds=20] [--dataset=mnist]
 * Writes OUTPUT_STEM-page.png (the page at 1440×900) and OUTPUT_STEM-figure.png (the figure alone).
 */
import { launchChromium, openWatchedPage } from '../tests/browser/chromium';
import { startPreviewServer } from '../tests/browser/previewServer';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const [spec, stem] = args.filter((a) => !a.startsWith('--'));
if (!spec || !stem) throw new Error('usage: npx tsx scripts/screenshotPerSample.ts SPEC OUTPUT_STEM [--seconds=20] [--dataset=mnist]');
const seconds = Number(option('seconds', '20'));

const server = await startPreviewServer();
const browser = await launchChromium();
try {
  const { page, problems, close } = await openWatchedPage(browser, { viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.url}?backend=wasm&dataset=${option('dataset', 'mnist')}&tau=${encodeURIComponent(spec)}`);
  const ready = page.getByRole('status').filter({ hasText: /^step 0 · .* · wasm$/ });
  await ready.waitFor({ timeout: 180_000 });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(seconds * 1000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'paused' }).waitFor();
  const figure = page.locator('[data-figure="sample-temperatures"]');
  await figure.waitFor({ timeout: 60_000 });
  await figure.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${stem}-page.png` });
  await figure.screenshot({ path: `${stem}-figure.png` });
  console.log(`wrote ${stem}-page.png and ${stem}-figure.png: ${await page.getByRole('status').textContent()}`);
  await close();
  if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
} finally {
  await browser.close();
  await server.stop();
}
