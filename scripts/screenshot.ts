/**
 * Takes docs/screenshot.png for the README: the built app served by vite preview, in headless Chromium, with
 * the default DySTreSS curve pinned and a wide τ range (0.05 to 0.5) that makes the logit non-monotonic.
 * Usage: npm run build && npx tsx scripts/screenshot.ts [output.png] [--dark] [--width=1280]
 */
import { launchChromium, openWatchedPage } from '../tests/browser/chromium';
import { startPreviewServer } from '../tests/browser/previewServer';

const args = process.argv.slice(2);
const output = args.find((a) => !a.startsWith('--')) ?? 'docs/screenshot.png';
const width = Number(args.find((a) => a.startsWith('--width='))?.slice('--width='.length) ?? 1280);
const colorScheme = args.includes('--dark') ? 'dark' : 'light';

const server = await startPreviewServer();
const browser = await launchChromium();
try {
  const { page, problems, close } = await openWatchedPage(browser, { width, height: 800 });
  await page.emulateMedia({ colorScheme });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Pin curve' }).click();
  await page.getByRole('slider', { name: 'τ min', exact: true }).fill('0.05');
  await page.getByRole('slider', { name: 'τ max', exact: true }).fill('0.5');
  await page.getByRole('img', { name: 'Effective logit' }).locator('[data-role="bands"] rect').first().waitFor();
  await page.screenshot({ path: output, fullPage: true });
  await close();
  if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await server.stop();
}
