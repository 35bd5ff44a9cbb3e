/**
 * The lab's soak test: the built lab in headless Chromium trains the default spheres on wasm at full speed
 * for `--steps` steps, and every `--every` steps records the page's JS heap (after a GC), the training
 * worker's tensor count and backend memory (its probe, training.worker.ts) and the mean step time over the
 * block as the page saw it. Prints the rows and the verdict (scripts/bench/soakVerdict.ts); nothing is
 * asserted (timings depend on the load, recorded per row). Needs `npm run build` first.
 *
 *   npx tsx scripts/bench/soak-lab.ts [--steps 20000] [--every 1000] [--out bench/soak-lab.json]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { launchChromium, statusStep } from '../../tests/browser/chromium';
import { startPreviewServer } from '../../tests/browser/previewServer';
import { soakVerdict, type SoakRow } from './soakVerdict';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '20000' },
    every: { type: 'string', default: '1000' },
    out: { type: 'string' },
  },
});
const steps = Number(values.steps);
const every = Number(values.every);
const MB = 2 ** 20;

async function main(): Promise<void> {
  const server = await startPreviewServer();
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(new URL('?v=2&backend=wasm', server.url).href);
    await page.getByRole('status').filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: 120_000 });
    const worker = page.workers().find((w) => w.url().includes('training.worker'))!;
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const rows: SoakRow[] = [];
    let blockStart = { step: 0, at: performance.now() };
    while (blockStart.step < steps) {
      await page.waitForTimeout(250);
      const step = await statusStep(page);
      if (step < blockStart.step + every) continue;
      const at = performance.now();
      await cdp.send('HeapProfiler.collectGarbage');
      const metrics = (await cdp.send('Performance.getMetrics')).metrics;
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
      const memory = await worker.evaluate(() => (Reflect.get(self, 'dystressWorkerProbe') as { memory(): { numTensors: number; numBytes: number } }).memory());
      const row = { step, msPerStep: (at - blockStart.at) / (step - blockStart.step), numTensors: memory.numTensors, heapMB: heap / MB, backendMB: memory.numBytes / MB, load1: loadavg()[0]! };
      rows.push(row);
      process.stderr.write(`step ${row.step}: ${row.msPerStep.toFixed(2)} ms/step, ${row.numTensors} tensors, page heap ${row.heapMB.toFixed(1)} MB, backend ${row.backendMB.toFixed(1)} MB, load ${row.load1.toFixed(2)}\n`);
      blockStart = { step, at };
    }
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const result = { backend: 'wasm', steps, every, rows, verdict: soakVerdict(rows) };
    if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result.verdict)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
