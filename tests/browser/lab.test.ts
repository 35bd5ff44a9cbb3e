import { describe, expect, it } from 'vitest';
import { ENGINE_TIMEOUT_MS, engineReady, pressSlider, statusStep, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * The lab in real Chromium against the built app: a run trained by the worker on wasm (WebGPU on the
 * software adapter here is correct but slow), driven through its buttons and its keyboard shortcuts.
 */
const chromium = useChromium();

/** Tall enough that every figure of the lab is on screen. */
const tall = { context: { viewport: { width: 1280, height: 2600 } } };

describe('the lab', () => {
  it(
    'opens on the temperature figure, whose curve follows τ max under the keyboard',
    async () => {
      const { page, problems } = await chromium.open('?backend=wasm');
      const figure = page.getByRole('img', { name: /Temperature/ });
      await figure.waitFor();
      expect(await figure.isVisible()).toBe(true);
      const curve = figure.locator('path[data-series]').first();
      const before = await curve.getAttribute('d');

      const tauMax = page.getByRole('slider', { name: 'τ max', exact: true });
      await pressSlider(tauMax, 4);
      await expect.poll(async () => Number(await tauMax.inputValue())).toBeCloseTo(0.22, 10);
      await expect.poll(() => curve.getAttribute('d')).not.toBe(before);

      await engineReady(page);
      expect(await page.getByRole('status').filter({ hasText: /^step / }).textContent()).toBe('step 0 · loss – · paused · wasm');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'while training, τ max moves the curve over the batch and the rest of the figure follows',
    async () => {
      const { page, problems } = await chromium.openLab();
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      const figure = page.getByRole('img', { name: 'Temperature over the current batch' });
      await figure.waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
      const curve = figure.locator('path[data-series]').last();
      const before = await curve.getAttribute('d');

      // One press: the τ axis stays, so the curve is moved in place; the full build then updates the legend.
      const tauMax = page.getByRole('slider', { name: 'τ max', exact: true });
      const start = Number(await tauMax.inputValue());
      await pressSlider(tauMax, -1);
      await expect.poll(async () => Number(await tauMax.inputValue())).toBeLessThan(start);
      const label = `τ max ${Number(await tauMax.inputValue())}`;
      await expect.poll(() => curve.getAttribute('d')).not.toBe(before);
      await expect.poll(() => curve.getAttribute('data-series')).toContain(label);
      await expect.poll(() => figure.locator('desc').textContent()).toContain(label);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'plays, pauses, steps and resets from its buttons',
    async () => {
      const { page, problems } = await chromium.openLab();

      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBeGreaterThan(0);
      // Training reaches the figures: the temperature figure now shows the batch under τ(s).
      await page.getByRole('img', { name: 'Temperature over the current batch' }).waitFor();

      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('paused');
      const paused = await statusStep(page);
      await page.waitForTimeout(1000);
      expect(await statusStep(page)).toBe(paused);

      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page)).toBe(paused + 1);

      await page.getByRole('button', { name: 'Reset', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(0);
      await page.getByRole('img', { name: 'Temperature vs cosine similarity' }).waitFor();
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers its keyboard shortcuts, but not while one types',
    async () => {
      const { page, problems } = await chromium.openLab();

      await page.locator('body').press(' ');
      await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBeGreaterThan(0);
      await page.locator('body').press(' ');
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('paused');

      const before = await statusStep(page);
      await page.locator('body').press('.');
      await expect.poll(() => statusStep(page)).toBe(before + 1);
      await page.locator('body').press('r');
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(0);

      await page.locator('body').press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Play or pause training');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      // Typed into the seed box, "r", "." and space are text, not commands.
      await engineReady(page);
      const seed = page.getByRole('textbox', { name: 'Seed' });
      await seed.fill('');
      await seed.pressSequentially('r. ');
      expect(await seed.inputValue()).toBe('r. ');
      await page.keyboard.press('Tab');
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'The seed must be a whole number' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Play', exact: true }).isVisible()).toBe(true);
      expect(await statusStep(page)).toBe(0);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'marks a restart-needed change until "Apply & reset", then turns the sphere of a 3-D embedding',
    async () => {
      const { page, problems } = await chromium.openLab();
      await page.getByLabel('Embedding dimension').selectOption('3');
      // Drawn in the next frame.
      await expect.poll(() => page.getByText('restart needed', { exact: true }).count()).toBe(1);
      await page.getByText('1 change waits for a restart: embedding dimension.').waitFor();

      await page.getByRole('button', { name: 'Apply & reset' }).click();
      // The status reads "step 0" before the restart as after it: wait for the restart itself.
      await expect.poll(() => page.getByText('restart needed', { exact: true }).count(), { timeout: ENGINE_TIMEOUT_MS }).toBe(0);
      await engineReady(page);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      const sphere = page.getByRole('img', { name: 'Embedding (unit sphere)' });
      await sphere.waitFor();
      expect(await sphere.locator('desc').textContent()).toContain('yaw 35°, pitch 20°');

      await page.getByRole('group', { name: /Embedding on the unit sphere/ }).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => sphere.locator('desc').textContent()).toContain('yaw 40°, pitch 25°');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'links positive pairs in the embedding view and shows the held-out sample under the pointer',
    async () => {
      const { page, problems } = await chromium.openLab('?backend=wasm', tall);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);
      const embedding = page.getByRole('img', { name: /^Embedding/ });
      await embedding.waitFor();
      expect(await embedding.locator('[data-role="links"] line').count()).toBe(0);
      await page.getByRole('checkbox', { name: /Link positive pairs/ }).check();
      // The default 16-D head is shown by PCA, so every pair is on the drawn plane.
      await expect.poll(() => embedding.locator('[data-role="links"] line').count()).toBe(48);
      expect(await embedding.locator('desc').textContent()).toContain('lines join 48 positive pairs');

      // Point at the first drawn point: the tooltip names its class.
      const target = await embedding.evaluate((svg) => {
        const path = svg.querySelector('[data-role="points"] path')!;
        const [, x, y, r] = /M(-?[\d.]+),(-?[\d.]+)a([\d.]+),/.exec(path.getAttribute('d')!)!.map(Number);
        const box = svg.getBoundingClientRect();
        const scale = box.width / Number(svg.getAttribute('width'));
        return { x: box.left + (x! + r!) * scale, y: box.top + y! * scale, label: Number(path.getAttribute('data-class')) };
      });
      await page.mouse.move(target.x, target.y);
      const tooltip = page.getByRole('tooltip');
      await expect.poll(() => tooltip.textContent()).toMatch(/held-out sample \d+/);
      expect(await tooltip.locator('strong').textContent()).toMatch(/^(class \d|[A-Za-z])/);
      await page.mouse.move(5, 5);
      await expect.poll(() => tooltip.count()).toBe(0);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'links the hovered step from the training curves to the uniformity–tolerance trajectory, and hides the explanations',
    async () => {
      // Tall enough that both figures are on screen (figures far off screen wait to update).
      const { page, problems } = await chromium.openLab('?backend=wasm', tall);
      const multiStep = page.getByRole('button', { name: 'Step ×10' });
      for (let i = 1; i <= 3; i++) {
        await multiStep.click();
        await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(10 * i);
      }
      const curves = page.getByRole('img', { name: 'Training curves' });
      const loss = curves.locator('g[data-panel="loss"]');
      await expect.poll(() => loss.locator('path[data-series]').getAttribute('d')).toMatch(/L.*L/);
      const box = (await loss.locator('[data-role="grid"]').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // Generous polls: on a loaded 2-core machine a figure rebuild can wait behind the others.
      const redraw = { timeout: 10_000 };
      await expect.poll(() => loss.locator('[data-role="hover"] line').getAttribute('data-step'), redraw).toBe('20');
      expect(await curves.locator('[data-role="hover"] line').count()).toBe(6);
      const trajectory = page.getByRole('img', { name: 'Uniformity vs Tolerance' });
      await expect.poll(() => trajectory.locator('circle[data-role="hover"]').getAttribute('data-step'), redraw).toBe('20');
      // Leave through a real element and rest there, moving a pixel now and then as a hand does: a pointer
      // event Chromium synthesises at the old position while figures are rebuilt under the cursor can
      // otherwise arrive after the leave on a loaded machine.
      const heading = page.getByRole('heading', { name: 'DySTreSS Lab', level: 1 });
      let wiggle = 0;
      await expect
        .poll(async () => {
          await heading.hover({ position: { x: 4 + (wiggle++ % 2), y: 4 } });
          return trajectory.locator('circle[data-role="hover"]').count();
        }, redraw)
        .toBe(0);

      const explanations = page.locator('figcaption');
      expect(await explanations.count()).toBe(7);
      const toggle = page.getByRole('button', { name: 'Hide explanations' });
      await toggle.click();
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      expect(await explanations.count()).toBe(0);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps both of two settings changed in the same moment (before the page has drawn the first)',
    async () => {
      const { page, problems } = await chromium.openLab('?backend=wasm');
      // One task: the seed typed, then the embedding dimension chosen, with no render in between.
      await page.evaluate(() => {
        const seed = [...document.querySelectorAll('label')].find((l) => l.textContent?.startsWith('Seed'))!.control as HTMLInputElement;
        const dim = [...document.querySelectorAll('label')].find((l) => l.textContent?.startsWith('Embedding dimension'))!.control as HTMLSelectElement;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(seed, '43');
        seed.dispatchEvent(new Event('input', { bubbles: true }));
        Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(dim, '2');
        dim.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await expect.poll(() => new URL(page.url()).search).toBe('?v=2&dim=2&seed=43&backend=wasm');
      expect(await page.getByRole('textbox', { name: 'Seed' }).inputValue()).toBe('43');
      expect(await page.getByLabel('Embedding dimension').inputValue()).toBe('2');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stays responsive while training: long tasks and figure updates over five seconds',
    async () => {
      const { page, problems } = await chromium.open('?backend=wasm', {
        init: (page) =>
          page.addInitScript(() => {
            const longest = { ms: 0, count: 0, spans: [] as [number, number][], work: [] as [string, number, number][] };
            Object.assign(window, { longTasks: longest });
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) {
                longest.ms = Math.max(longest.ms, entry.duration);
                longest.count++;
                longest.spans.push([entry.startTime, entry.duration]);
              }
            }).observe({ type: 'longtask' });
            // The figures' builds and data steps (FigureView's measures), to say what a long task was doing.
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) longest.work.push([entry.name, entry.startTime, entry.duration]);
            }).observe({ type: 'measure' });
          }),
      });
      await engineReady(page);

      const curves = page.locator('[data-figure="training-curves"]');
      await curves.scrollIntoViewIfNeeded();
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBeGreaterThan(0);

      // Count the training-curves figure's redraws (each redraw's DOM changes reach one observer callback,
      // whether the SVG was put in or patched in place) and the long tasks.
      await page.evaluate(() => {
        const state = { updates: 0, longTaskMs: 0, longTasks: 0 };
        Object.assign(window, { measured: state });
        const tasks = Reflect.get(window, 'longTasks') as { ms: number; count: number; spans: unknown[]; work: unknown[] };
        tasks.ms = 0;
        tasks.count = 0;
        tasks.spans = [];
        tasks.work = [];
        new MutationObserver(() => state.updates++).observe(document.querySelector('[data-figure="training-curves"]')!, {
          childList: true,
          subtree: true,
          attributes: true,
          characterData: true,
        });
      });
      const startStep = await statusStep(page);
      await page.waitForTimeout(5000);
      const result = await page.evaluate(() => {
        const measured = Reflect.get(window, 'measured') as { updates: number };
        const tasks = Reflect.get(window, 'longTasks') as { ms: number; count: number; spans: [number, number][]; work: [string, number, number][] };
        const inside = ([start, ms]: [number, number]): string =>
          tasks.work
            .filter(([, at, took]) => at >= start - 1 && at + took <= start + ms + 1)
            .map(([name, , took]) => `${name} ${took.toFixed(0)} ms`)
            .join(', ') || 'no figure work';
        return { updates: measured.updates, longestTaskMs: tasks.ms, longTasks: tasks.count, spans: tasks.spans.map((span) => `${span[1].toFixed(0)} ms (${inside(span)})`) };
      });
      const steps = (await statusStep(page)) - startStep;
      console.log(
        `lab while training on wasm (5 s): ${(result.updates / 5).toFixed(1)} training-curve updates/s, ` +
          `longest main-thread task ${result.longestTaskMs.toFixed(0)} ms (${result.longTasks} tasks over 50 ms${result.spans.length > 0 ? `: ${result.spans.join('; ')}` : ''}), ${steps} steps`,
      );
      await page.getByRole('button', { name: 'Pause', exact: true }).click();

      expect(result.updates).toBeGreaterThan(0);
      expect(steps).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
