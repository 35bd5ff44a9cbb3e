import { describe, expect, it } from 'vitest';
import { ENGINE_TIMEOUT_MS, statusStep, TEST_TIMEOUT_MS, useChromium } from './chromium';

/**
 * The lab's own fields given what a user might type or paste: nothing, negatives, overflow, NaN, markup that
 * tries to run, a right-to-left override. Every text and number field, with every section open, keeps the lab
 * rendering and answers a bad value with a message; the run, paused at step 10, is untouched and trains on.
 */
const chromium = useChromium();

const TYPED = ['', '-1', '0', '1e309', 'NaN', '99999999999999999999', '0.0000001', '1,5', ' 3 ', '%', '<img src=x onerror="document.title=\'injected\'">', '\u202e12'];

describe('hostile values typed into the lab’s fields', () => {
  it(
    'every text and number field: a message or the value, never an error, nothing run, the run untouched',
    async () => {
      const { page, problems } = await chromium.openLab('?v=2&backend=wasm&tau=constant:0.3');
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.getByRole('button', { name: 'Step ×10' }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(10);
      await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
      const fields = await page.locator('input:visible:not([type=file], [type=checkbox], [type=radio], [type=range], [readonly]), textarea:visible:not([readonly])').all();
      let typed = 0;
      for (const field of fields) {
        // A number field takes only what a number field lets a user type.
        const numeric = (await field.getAttribute('type')) === 'number';
        for (const value of TYPED) {
          if (numeric && value !== '' && !Number.isFinite(Number(value.trim())) && value !== '1e309') continue;
          await field.fill(value);
          await field.press('Enter');
          await field.press('Tab');
          typed++;
        }
      }
      console.log(`lab fields: ${fields.length} fields, ${typed} values typed`);
      expect(fields.length).toBeGreaterThanOrEqual(4);
      // Bad values are named where they were typed.
      expect((await page.getByRole('alert').allTextContents()).join(' ')).toMatch(/must be|as a number/);
      expect(await page.title()).toBe('DySTreSS Lab');
      expect(dialogs).toEqual([]);
      // The run was not reset by anything typed, and trains on from where it was.
      expect(await statusStep(page)).toBe(10);
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => statusStep(page), { timeout: ENGINE_TIMEOUT_MS }).toBe(11);
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
