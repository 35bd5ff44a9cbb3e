/**
 * The lab itself in Chromium while it trains on wasm: start-up (first figure, JavaScript fetched), long tasks,
 * slider-to-redraw latency and figure updates per second. Reads only what the page shows; no app hooks.
 */
import type { Browser, Page } from 'playwright-core';
import { summary, type Summary } from './stats';

export interface UiBench {
  /** From navigation start to the first figure's SVG in the page. */
  readonly firstFigureMs: number;
  /** From navigation start until the worker reports step 0 on wasm. */
  readonly engineReadyMs: number;
  /** Every script and wasm file fetched (page and worker), with when, relative to navigation start. */
  readonly fetched: readonly { readonly file: string; readonly atMs: number }[];
  readonly longTasks: { readonly windowMs: number; readonly totalMs: number; readonly count: number; readonly share: number; readonly longestMs: number };
  readonly sliderToRedrawMs: Summary & { readonly p95: number };
  readonly trainingCurveUpdatesPerSecond: number;
  readonly stepsPerSecond: number;
}

interface PageProbe {
  firstFigureAt?: number;
  longTasks: { at: number; ms: number }[];
  curveUpdates: number[];
  keyAt?: number;
  lastCurve?: string | null;
  latencies: number[];
}

/** Installed before any page script runs. */
function probe(): void {
  // A redraw puts a figure's SVG in or patches it in place; either way its changes reach one callback.
  const FIGURE_CHANGES: MutationObserverInit = { childList: true, subtree: true, attributes: true, characterData: true };
  const state: PageProbe = { longTasks: [], curveUpdates: [], latencies: [] };
  Object.assign(window, { benchProbe: state });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const curveOf = (root: Element) => root.querySelector('path[data-series]')?.getAttribute('d') ?? null;
  new MutationObserver(() => {
    if (state.firstFigureAt === undefined && document.querySelector('.figure svg')) state.firstFigureAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
  const watch = (): void => {
    const temperature = document.querySelector('[data-figure="temperature"]');
    const curves = document.querySelector('[data-figure="training-curves"]');
    if (!temperature || !curves) return void setTimeout(watch, 50);
    new MutationObserver(() => {
      const curve = curveOf(temperature);
      // A redraw with a new τ curve answers the pending key press; redraws from training alone do not.
      if (state.keyAt !== undefined && curve !== state.lastCurve) {
        state.latencies.push(performance.now() - state.keyAt);
        state.keyAt = undefined;
      }
      state.lastCurve = curve;
    }).observe(temperature, FIGURE_CHANGES);
    new MutationObserver(() => state.curveUpdates.push(performance.now())).observe(curves, FIGURE_CHANGES);
    document.addEventListener('keydown', () => (state.keyAt = performance.now()), { capture: true });
  };
  addEventListener('DOMContentLoaded', watch);
}

async function statusStep(page: Page): Promise<number> {
  const text = (await page.getByRole('status').filter({ hasText: /^step / }).textContent()) ?? '';
  return Number(/^step ([\d,]+)/.exec(text)?.[1]?.replaceAll(',', '') ?? NaN);
}

export async function benchLab(browser: Browser, appUrl: string, options: { windowMs: number; keyPresses: number }): Promise<UiBench> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests: { url: string; at: number }[] = [];
  context.on('request', (r) => {
    if (/\.(js|wasm)$/.test(new URL(r.url()).pathname)) requests.push({ url: r.url(), at: Date.now() });
  });
  try {
    // tsx compiles with keepNames: functions sent to the page call its __name helper, which the page lacks.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(probe);
    await page.goto(new URL('index.html?backend=wasm', appUrl).href);
    await page.waitForFunction(() => (Reflect.get(window, 'benchProbe') as PageProbe).firstFigureAt !== undefined, null, { timeout: 60_000 });
    await page.getByRole('status').filter({ hasText: /^step 0 · .* · wasm$/ }).waitFor({ timeout: 120_000 });
    const engineReadyMs = await page.evaluate(() => performance.now());
    const startup = await page.evaluate(() => ({
      first: (Reflect.get(window, 'benchProbe') as PageProbe).firstFigureAt!,
      origin: performance.timeOrigin,
    }));
    const fetched = requests.map((r) => ({ file: new URL(r.url).pathname.split('/').pop()!, atMs: r.at - startup.origin }));

    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => /^step [1-9]/.test(document.querySelector('.status-line')?.textContent ?? ''), null, { timeout: 120_000 });
    // Figures far off screen do not update: the one measured is brought into view.
    await page.locator('[data-figure="training-curves"]').scrollIntoViewIfNeeded();

    // Long tasks and figure updates over a window of plain training.
    const firstStep = await statusStep(page);
    const from = await page.evaluate(() => performance.now());
    await page.waitForTimeout(options.windowMs);
    const to = await page.evaluate(() => performance.now());
    const lastStep = await statusStep(page);
    const measured = await page.evaluate(
      ([a, b]) => {
        const state = Reflect.get(globalThis, 'benchProbe') as PageProbe;
        const tasks = state.longTasks.filter((t) => t.at >= a! && t.at < b!);
        return {
          totalMs: tasks.reduce((s, t) => s + t.ms, 0),
          count: tasks.length,
          longestMs: Math.max(0, ...tasks.map((t) => t.ms)),
          updates: state.curveUpdates.filter((t) => t >= a! && t < b!).length,
        };
      },
      [from, to],
    );

    // Slider-to-redraw while training: one key press at a time, each answered before the next.
    await page.locator('[data-figure="temperature"]').scrollIntoViewIfNeeded();
    const slider = page.getByRole('slider', { name: 'τ max', exact: true });
    await slider.focus();
    for (let i = 0; i < options.keyPresses; i++) {
      const count = await page.evaluate(() => (Reflect.get(window, 'benchProbe') as PageProbe).latencies.length);
      await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      await page
        .waitForFunction((n) => (Reflect.get(window, 'benchProbe') as PageProbe).latencies.length > n, count, { timeout: 5000 })
        .catch(() => undefined);
      await page.waitForTimeout(150);
    }
    const latencies = await page.evaluate(() => (Reflect.get(window, 'benchProbe') as PageProbe).latencies);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const sorted = [...latencies].sort((a, b) => a - b);
    const windowMs = to - from;
    return {
      firstFigureMs: startup.first,
      engineReadyMs,
      fetched,
      longTasks: { windowMs, totalMs: measured.totalMs, count: measured.count, share: measured.totalMs / windowMs, longestMs: measured.longestMs },
      sliderToRedrawMs: { ...summary(latencies), p95: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? NaN },
      trainingCurveUpdatesPerSecond: (measured.updates * 1000) / windowMs,
      stepsPerSecond: ((lastStep - firstStep) * 1000) / windowMs,
    };
  } finally {
    await context.close();
  }
}
