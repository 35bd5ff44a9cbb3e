/**
 * Renders every lab figure from the fixed test data — light and dark, 560 and 380 px wide — to SVG, then to
 * PNG with headless Chromium, so a person can look at them.
 * Usage: npx tsx scripts/render-figures.ts [output-dir (default: $TMPDIR/dystress-lab-figures)] [--no-png]
 *
 * The SVGs are written by tests/unit/lab-figures-render.test.ts under vitest: the fixtures evaluate the
 * core's temperature functions, which load tfjs-core, and Node's ESM loader (so tsx) cannot import its
 * gradient registrations.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium as playwright } from 'playwright-core';

const args = process.argv.slice(2);
const outDir = resolve(args.find((a) => !a.startsWith('--')) ?? join(tmpdir(), 'dystress-lab-figures'));
const png = !args.includes('--no-png');
const chromium = [process.env.CHROME_PATH ?? '', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p !== '' && existsSync(p));

execFileSync('npx', ['vitest', 'run', '--project', 'unit', 'tests/unit/lab-figures-render.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, LAB_FIGURES_OUT: outDir },
});

const svgs = readdirSync(outDir).filter((f) => f.endsWith('.svg'));
if (png && chromium) {
  const browser = await playwright.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    for (const file of svgs) {
      const svg = readFileSync(join(outDir, file), 'utf8');
      const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 560);
      const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 460);
      await page.setViewportSize({ width, height });
      await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
      await page.locator('svg').first().screenshot({ path: join(outDir, file.replace(/\.svg$/, '.png')) });
    }
  } finally {
    await browser.close();
  }
}
console.log(`wrote ${svgs.length} figures to ${outDir}${png && chromium ? ' (SVG and PNG)' : ' (SVG)'}`);
