import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ENGINE_TIMEOUT_MS, engineReady, statusLine, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * The lab on a 390 × 844 phone (touch, mobile viewport), measured in real Chromium: nothing wider than the
 * screen, the transport and the status line in the first screen, the header's tools behind one menu that
 * works by keyboard, figures the width of the screen, touch-sized sliders and a sphere that turns by touch.
 */
const PHONE = { width: 390, height: 844 };

const chromium = useChromium();

const openPhone = (query: string) => chromium.open(query, { context: { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } });

/** The element's box in the first screen, before any scrolling. */
async function box(locator: ReturnType<Page['locator']>) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return { left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height, width: b.width, height: b.height };
}

describe('the lab on a phone', () => {
  it(
    'fits the screen: no sideways scroll, the transport and the status line in the first screen, the header compact',
    async () => {
      const { page, problems } = await openPhone('?backend=wasm');
      await engineReady(page);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

      const controls = [
        page.getByRole('button', { name: 'Play', exact: true }),
        page.getByRole('button', { name: 'Step', exact: true }),
        page.getByRole('button', { name: 'Reset', exact: true }),
        page.getByLabel('Speed limit'),
        page.getByLabel('Figure updates'),
        statusLine(page),
      ];
      for (const control of controls) {
        expect(await control.isVisible()).toBe(true);
        const b = await box(control);
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(PHONE.width);
        expect(b.bottom).toBeLessThanOrEqual(PHONE.height);
      }
      // The header leaves most of the first screen to the lab.
      expect((await box(page.locator('.site-header'))).height).toBeLessThan(140);

      // Every figure the width of the screen, less the page's and the card's padding.
      await page.getByRole('img', { name: /Temperature/ }).waitFor();
      for (const figure of await page.locator('[data-figure]').all()) {
        const b = await box(figure);
        expect(b.width).toBeGreaterThan(PHONE.width - 40);
        expect(b.right).toBeLessThanOrEqual(PHONE.width);
      }
      const svgWidth = await page.locator('[data-figure="temperature"] svg').evaluate((svg) => svg.getBoundingClientRect().width);
      expect(svgWidth).toBeGreaterThan(PHONE.width - 40);

      // The τ controls, then the figures, then the other settings: the first figure is not below every setting.
      const tauMax = (await box(page.getByRole('slider', { name: 'τ max' }))).top;
      const firstFigure = (await box(page.locator('[data-figure="temperature"]'))).top;
      const runSetup = (await box(page.getByRole('heading', { name: 'Run setup' }))).top;
      expect(tauMax).toBeLessThan(firstFigure);
      expect(firstFigure).toBeLessThan(runSetup);
      expect(firstFigure).toBeLessThan(2 * PHONE.height);

      // Sliders are touch targets of at least 44 px.
      const sliders = await page.locator('input[type="range"]').filter({ visible: true }).all();
      expect(sliders.length).toBeGreaterThan(0);
      for (const slider of sliders) expect((await box(slider)).height).toBeGreaterThanOrEqual(44);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'leaves the pair histograms room to read when the legends wrap, with the distances over training below them',
    async () => {
      const { page, problems } = await openPhone('?backend=wasm');
      await engineReady(page);
      for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(async () => (await statusLine(page).textContent()) ?? '', { timeout: ENGINE_TIMEOUT_MS }).toMatch(/^step 20 /);
      const pairs = page.locator('[data-figure="pairs"]');
      await pairs.scrollIntoViewIfNeeded();
      await pairs.locator('[data-panel="distances"]').waitFor();
      // The share-of-pairs axis spans the histograms' height.
      expect((await box(pairs.locator('[data-panel="histogram"] [data-axis="y"]'))).height).toBeGreaterThanOrEqual(100);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps the export and view buttons behind one menu that opens and closes by touch and keyboard',
    async () => {
      const { page, problems } = await openPhone('?backend=wasm');
      const menu = page.getByRole('button', { name: 'Menu' });
      const exportAll = page.getByRole('button', { name: 'Export all' });
      await menu.waitFor();
      // The menu's tools load after the first screen; once there, they are hidden until the menu opens.
      await page.getByRole('button', { name: 'Export all', includeHidden: true }).waitFor({ state: 'attached' });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await exportAll.isVisible()).toBe(false);

      await menu.tap();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      for (const item of [exportAll, page.getByRole('button', { name: 'Classroom' }), page.getByRole('button', { name: 'Shortcuts' }), page.getByLabel('Theme')]) {
        expect(await item.isVisible()).toBe(true);
        const b = await box(item);
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(PHONE.width);
        expect(b.height).toBeGreaterThanOrEqual(40);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      // A tap outside closes it.
      await page.getByRole('heading', { name: 'DySTreSS Lab' }).tap();
      await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');

      // By keyboard: Enter opens, Tab goes into the menu, Esc closes it and gives the focus back.
      await menu.focus();
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.header-tools') !== null)).toBe(true);
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menu');
      expect(await exportAll.isVisible()).toBe(false);

      // The tools work from the menu: the theme changes.
      await menu.tap();
      await page.getByLabel('Theme').selectOption('dark');
      await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'turns the sphere of a 3-D embedding with a finger',
    async () => {
      const { page, problems } = await openPhone('?backend=wasm&dim=3');
      await engineReady(page);
      await page.getByRole('button', { name: 'Step', exact: true }).tap();
      const sphere = page.getByRole('img', { name: 'Embedding (unit sphere)' });
      await sphere.waitFor({ timeout: ENGINE_TIMEOUT_MS });
      await sphere.scrollIntoViewIfNeeded();
      const target = page.getByRole('group', { name: /Embedding on the unit sphere/ });
      expect(await target.evaluate((e) => getComputedStyle(e).touchAction)).toBe('none');
      expect(await sphere.locator('desc').textContent()).toContain('yaw 35°, pitch 20°');

      const b = await box(target);
      const x = b.left + b.width / 2;
      const y = b.top + b.height / 2;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      for (let i = 1; i <= 6; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + 10 * i, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await expect.poll(() => sphere.locator('desc').textContent()).not.toContain('yaw 35°');
      // A horizontal drag turns about the vertical axis only, and the page did not scroll sideways.
      expect(await sphere.locator('desc').textContent()).toContain('pitch 20°');
      expect(await page.evaluate(() => window.scrollX)).toBe(0);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps the header as it was on a wide screen: its tools in it, no menu button',
    async () => {
      const { page, problems } = await chromium.open('?backend=wasm', { context: { viewport: { width: 1400, height: 1000 } } });
      await page.getByRole('button', { name: 'Export all' }).waitFor();
      expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
      // The tools arrive after the first screen, each in its chunk: wait for each to be shown.
      for (const name of ['Export all', 'Classroom', 'Tour', 'Hide explanations', 'Shortcuts']) await page.getByRole('button', { name }).waitFor();
      const header = await box(page.locator('.site-header'));
      expect(header.height).toBeLessThan(110);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
