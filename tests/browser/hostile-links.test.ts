import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { linkQuery, parseLink } from '../../src/state/url';
import { CANARY, hostileLink, injections } from '../unit/support/hostileLinks';
import { ENGINE_TIMEOUT_MS, statusLine, statusStep, useChromium, type WatchedPage } from './chromium';

/**
 * Hostile links on the built lab in real Chromium, a smaller sample of the link reader's property test
 * (tests/unit/state-url-fuzz.test.ts; a failure prints fast-check's seed and the link): whatever the link,
 * the lab renders, names in its notice exactly what the link reader ignored, runs nothing injected (no dialog,
 * no global set by a payload, no page error), shows its own form of the link in the address bar and trains a
 * step with what is left. HOSTILE_LINK_RUNS sets the sample (default 12) on an idle machine.
 */
const chromium = useChromium();
const RUNS = Number(process.env.HOSTILE_LINK_RUNS ?? 12);

/** What the lab must do with `query` in the open page `watched`; returns the notices it showed. */
async function checkLink(watched: WatchedPage, dialogs: string[], query: string): Promise<readonly string[]> {
  const { page } = watched;
  await page.goto(new URL(query, page.url()).href);
  // The lab reads what the browser made of the link (it drops tabs and newlines and escapes what it must).
  const search = await page.evaluate(() => location.search);
  const parsed = parseLink(search);
  await statusLine(page).filter({ hasText: /^step 0 · / }).waitFor({ timeout: ENGINE_TIMEOUT_MS });
  const shown = await page.locator('ul.link-notices > li').allTextContents();
  expect(shown, search).toEqual(parsed.notices);
  if (parsed.flags.tour) {
    // The tour opens at once and loads its first preset: leave it, then the lab trains what the tour set.
    await page.keyboard.press('Escape');
  } else {
    await expect.poll(() => page.evaluate(() => location.search), { timeout: 10_000 }).toBe(linkQuery(parsed));
  }
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('.');
  await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(1);
  expect(await page.evaluate((name) => Reflect.get(window, name), CANARY)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(watched.problems).toEqual([]);
  return parsed.notices;
}

async function hostilePage(): Promise<{ watched: WatchedPage; dialogs: string[] }> {
  const watched = await chromium.open('?v=2&backend=wasm');
  // The test server (Node, like many hosts) refuses a request line over 16 kB; the lab is a static page, so a
  // longer link's page is served as the plain page while the browser keeps the whole link in its address bar.
  await watched.page.route(
    (url) => url.search.length > 8_000,
    async (route) => route.fulfill({ response: await route.fetch({ url: new URL('/', route.request().url()).href }) }),
  );
  const dialogs: string[] = [];
  watched.page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { watched, dialogs };
}

describe('hostile links on the built lab', () => {
  it(
    'opens the two cut links of issue 18, a 20 kB link, repeated keys and every injection with a notice, and trains',
    async () => {
      const { watched, dialogs } = await hostilePage();
      const fixed = [
        '?batch=%&backend=wasm',
        '?backend=wasm&tau=%E0%A4%A',
        `?backend=wasm&seed=5&${'x'.repeat(20_000)}=1&tau=${'1'.repeat(5_000)}`,
        '?backend=wasm&seed=3&seed=4&tau=constant:0.3&tau=constant:0.4&a=%&a=%',
        `?backend=wasm&${['dataset', 'encoder', 'tau', 'lr', 'seed', 'sweep', 'embed'].map((key, i) => `${key}=${encodeURIComponent(injections[i % injections.length]!)}`).join('&')}`,
        ...injections.map((value) => `?backend=wasm&tau=${encodeURIComponent(value)}&${encodeURIComponent(value)}=1`),
        `?backend=wasm&seed=\u202e9&lr=\u0000&dim=\ufeff3`,
        // A sweep of 10¹⁰⁰ seeds once threw while the link was read: a blank page.
        '?backend=wasm&sweep=tmin:0.05:0.2:3;seeds=1e100',
      ];
      for (const query of fixed) {
        const notices = await checkLink(watched, dialogs, query);
        if (query !== fixed[3]) expect(notices.length, query).toBeGreaterThan(0);
      }
      expect(await statusLine(watched.page).textContent()).toMatch(/wasm$/);
      console.log(`hostile links in Chromium: ${fixed.length} fixed links opened and trained`);
    },
    900_000,
  );

  it(
    `opens ${RUNS} generated hostile links, each naming what it ignored, running nothing injected and training`,
    async () => {
      const { watched, dialogs } = await hostilePage();
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(hostileLink, async (link) => {
          tried++;
          // The backend first (the first of a repeated key is read), so that each run starts on wasm.
          await checkLink(watched, dialogs, `?backend=wasm&${link.replace(/^\?/, '')}`);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      console.log(`hostile links in Chromium: ${tried} generated links opened and trained`);
    },
    900_000,
  );
});

describe('hostile links on the diagnostics page', () => {
  async function diagnostics(page: Page, query: string): Promise<{ error?: string; notices?: string[]; passed: boolean }> {
    await page.goto(new URL(`diagnostics.html${query}`, page.url()).href);
    const json = await page.locator('pre#result').textContent({ timeout: 240_000 });
    return JSON.parse(json ?? 'null') as { error?: string; notices?: string[]; passed: boolean };
  }

  it(
    'shows the result, not a blank page, for the cut links of issue 18, naming what it ignored',
    async () => {
      const { watched, dialogs } = await hostilePage();
      const cut = await diagnostics(watched.page, '?batch=%');
      expect(cut.notices).toEqual(['The link’s “batch=%” cannot be decoded; it was ignored.']);
      expect(cut.passed).toBe(true);
      await watched.page.getByText('The link’s “batch=%” cannot be decoded; it was ignored.', { exact: true }).waitFor();

      const cutTau = await diagnostics(watched.page, '?backend=cpu&steps=1&timing=0&batch=16&tau=%E0%A4%A');
      expect(cutTau.notices).toEqual(['The link’s “tau=%E0%A4%A” cannot be decoded; it was ignored.']);
      expect(cutTau.error).toBeUndefined();
      expect(new URL(watched.page.url()).search).toBe('?backend=cpu&steps=1&timing=0&batch=16');

      const bad = await diagnostics(watched.page, `?backend=cpu&batch=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
      expect(bad.error).toBe('batch must be a whole number from 4 to 1024 (got “<img src=x onerror=alert(1)>”)');
      expect(dialogs).toEqual([]);
      expect(watched.problems).toEqual([]);
    },
    600_000,
  );
});
