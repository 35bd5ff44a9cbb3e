import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pressSlider, useChromium, type WatchedPage } from './chromium';

/** The temperature studio in real Chromium, driven the way a keyboard user would. */

const chromium = useChromium();

const openStudio = (viewport?: { width: number; height: number }): Promise<WatchedPage> => chromium.open('', { context: { viewport } });

const tauAt = async (figure: Locator, where: '0' | '1' | 'minus-1'): Promise<number> =>
  Number(await figure.getAttribute(`data-tau-at-${where}`));

describe('temperature studio', () => {
  it('opens on the temperature figure and its effective-logit companion', async () => {
    const { page, problems } = await openStudio();
    await expect(page.title()).resolves.toBe('DySTreSS Lab');
    const figure = page.getByRole('img', { name: 'Temperature vs cosine similarity' });
    await figure.waitFor();
    expect(await figure.isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: 'Effective logit' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Temperature function').inputValue()).toBe('dystress');
    await expect.poll(() => tauAt(figure, '0')).toBeCloseTo(0.1, 10);
    await expect.poll(() => tauAt(figure, '1')).toBeCloseTo(0.2, 10);
    expect(problems).toEqual([]);
  });

  it('redraws the curve as the τ max slider moves under the keyboard', async () => {
    const { page, problems } = await openStudio();
    const figure = page.getByRole('img', { name: 'Temperature' });
    const curve = figure.locator('path[data-series]').first();
    const before = await curve.getAttribute('d');

    const tauMax = page.getByRole('slider', { name: 'τ max', exact: true });
    await pressSlider(tauMax, 4);
    await expect.poll(async () => Number(await tauMax.inputValue())).toBeCloseTo(0.22, 10);
    await expect.poll(() => tauAt(figure, '1')).toBeCloseTo(0.22, 10);
    await expect.poll(() => tauAt(figure, '0')).toBeCloseTo(0.1, 10);
    await expect.poll(() => curve.getAttribute('d')).not.toBe(before);

    await page.keyboard.press('End');
    await expect.poll(async () => Number(await tauMax.inputValue())).toBe(2);
    await expect.poll(() => tauAt(figure, '1')).toBeCloseTo(2, 10);
    // τmax/τmin = 20 is far past the point where the DySTreSS logit stops being monotonic.
    const logit = page.getByRole('img', { name: 'Effective logit' });
    await expect.poll(() => logit.getAttribute('data-monotone')).toBe('false');
    expect(await logit.textContent()).toContain('Not monotonic');
    expect(problems).toEqual([]);
  });

  it('keeps the last valid curve and says why when τ min passes τ max', async () => {
    const { page, problems } = await openStudio();
    const figure = page.getByRole('img', { name: 'Temperature' });
    const tauMin = page.getByRole('slider', { name: 'τ min', exact: true });
    await tauMin.focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('must not exceed');
    await expect.poll(() => tauAt(figure, '0')).toBeCloseTo(0.1, 10);
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await expect.poll(() => tauAt(figure, '0')).toBeCloseTo(0.01, 10);
    expect(problems).toEqual([]);
  });

  it('explains an invalid custom formula without losing the figure', async () => {
    const { page, problems } = await openStudio();
    await page.getByLabel('Temperature function').selectOption({ label: 'Custom formula' });
    const formula = page.getByLabel('Custom formula τ(s, t)');
    const figure = page.getByRole('img', { name: 'Temperature' });

    await formula.fill('0.3 + 0.1*s^2');
    await expect.poll(() => tauAt(figure, '1')).toBeCloseTo(0.4, 10);
    await formula.fill('0.3 + foo(s)');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('unknown function “foo”');
    expect(await figure.isVisible()).toBe(true);
    await expect.poll(() => tauAt(figure, '1')).toBeCloseTo(0.4, 10);
    expect(problems).toEqual([]);
  });

  it('pins the current curve as a dashed, labelled overlay and clears it', async () => {
    const { page, problems } = await openStudio();
    const figure = page.getByRole('img', { name: 'Temperature' });
    await page.getByRole('button', { name: 'Pin curve' }).click();
    await page.getByRole('slider', { name: 'τ max', exact: true }).fill('0.5');
    await expect.poll(() => figure.locator('path[data-series]').count()).toBe(2);
    expect(await figure.locator('path[stroke-dasharray]').getAttribute('data-series')).toBe(
      'DySTreSS (cosine): τ min 0.1, τ max 0.2',
    );
    expect(await figure.locator('[data-legend]').count()).toBe(2);
    await page.getByRole('button', { name: 'Clear pins' }).click();
    await expect.poll(() => figure.locator('path[data-series]').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('shows the context slider a family depends on', async () => {
    const { page, problems } = await openStudio();
    const family = page.getByLabel('Temperature function');
    await family.selectOption('kukleva');
    const step = page.getByRole('slider', { name: 'Training step t', exact: true });
    await step.waitFor();
    const figure = page.getByRole('img', { name: 'Temperature' });
    await expect.poll(() => tauAt(figure, '0')).toBeCloseTo(1, 10);
    await step.fill('500');
    await expect.poll(() => tauAt(figure, '0')).toBeCloseTo(0.1, 10);
    await family.selectOption('macl');
    await page.getByRole('slider', { name: 'Batch alignment A', exact: true }).waitFor();
    expect(await step.count()).toBe(0);
    await family.selectOption('linear');
    await page.getByText('assumed form', { exact: true }).waitFor();
    expect(problems).toEqual([]);
  });

  it('lays out without horizontal scrolling on a tablet', async () => {
    const { page, problems } = await openStudio({ width: 800, height: 1000 });
    await page.getByRole('img', { name: 'Temperature' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
  });
});
