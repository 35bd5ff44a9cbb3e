import { describe, expect, it } from 'vitest';
import { parseLearningRate, parseSeed } from '../../src/state/inputs';
import { frameDue } from '../../src/state/pacing';
import { commandFor, type KeyTarget } from '../../src/state/shortcuts';
import { dragView, embeddingWithPairs, keyView, normaliseView } from '../../src/state/view';

const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers,
});
const body: KeyTarget = { tagName: 'BODY' };

describe('keyboard shortcuts', () => {
  it('maps space, ".", "r" and "?" to their commands', () => {
    expect(commandFor(press(' '), body)).toBe('togglePlay');
    expect(commandFor(press('.'), body)).toBe('step');
    expect(commandFor(press('r'), body)).toBe('reset');
    expect(commandFor(press('R'), null)).toBe('reset');
    expect(commandFor(press('?'), body)).toBe('help');
    expect(commandFor(press('x'), body)).toBeNull();
  });

  it('keeps quiet while typing', () => {
    for (const target of [
      { tagName: 'INPUT', type: 'text' },
      { tagName: 'INPUT', type: 'number' },
      { tagName: 'input' },
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
    ]) {
      for (const key of [' ', '.', 'r', '?']) expect(commandFor(press(key), target)).toBeNull();
    }
  });

  it('leaves modified keys to the browser (Ctrl+R reloads)', () => {
    expect(commandFor(press('r', { ctrlKey: true }), body)).toBeNull();
    expect(commandFor(press('.', { metaKey: true }), body)).toBeNull();
    expect(commandFor(press(' ', { altKey: true }), body)).toBeNull();
  });

  it('lets space activate a focused button or checkbox instead of toggling play', () => {
    expect(commandFor(press(' '), { tagName: 'BUTTON' })).toBeNull();
    expect(commandFor(press(' '), { tagName: 'INPUT', type: 'checkbox' })).toBeNull();
    expect(commandFor(press('.'), { tagName: 'BUTTON' })).toBe('step');
    // Sliders take arrows, not space.
    expect(commandFor(press(' '), { tagName: 'INPUT', type: 'range' })).toBe('togglePlay');
    expect(commandFor(press('r'), { tagName: 'INPUT', type: 'range' })).toBe('reset');
  });
});

describe('redraw pacing', () => {
  it('redraws at most at the render rate, with half a display frame of slack', () => {
    expect(frameDue(0, null, 10)).toBe(true);
    expect(frameDue(1050, 1000, 10)).toBe(false);
    expect(frameDue(1092, 1000, 10)).toBe(true);
    expect(frameDue(1033.4, 1000, 30)).toBe(true);
  });
});

describe('sphere rotation', () => {
  it('turns with a drag and with the arrow keys', () => {
    expect(dragView({ yaw: 0, pitch: 0 }, 20, -10)).toEqual({ yaw: 10, pitch: -5 });
    expect(keyView({ yaw: 0, pitch: 0 }, 'ArrowRight')).toEqual({ yaw: 5, pitch: 0 });
    expect(keyView({ yaw: 0, pitch: 0 }, 'ArrowUp')).toEqual({ yaw: 0, pitch: -5 });
    expect(keyView({ yaw: 0, pitch: 0 }, 'Enter')).toBeNull();
  });

  it('wraps the yaw and stops the pitch at the poles', () => {
    expect(normaliseView({ yaw: 190, pitch: 120 })).toEqual({ yaw: -170, pitch: 90 });
    expect(normaliseView({ yaw: -180, pitch: -95 })).toEqual({ yaw: 180, pitch: -90 });
    expect(normaliseView({ yaw: 540, pitch: 0 })).toEqual({ yaw: 180, pitch: 0 });
  });
});

describe('typed numbers', () => {
  it('reads learning rates in decimal and scientific notation', () => {
    expect(parseLearningRate('0.001')).toEqual({ ok: true, value: 0.001 });
    expect(parseLearningRate(' 3e-4 ')).toEqual({ ok: true, value: 3e-4 });
    expect(parseLearningRate('.5')).toEqual({ ok: true, value: 0.5 });
  });

  it('says what a valid learning rate looks like', () => {
    for (const text of ['', 'abc', '0x10', '1e', '--1']) expect(parseLearningRate(text)).toEqual({ ok: false, error: 'Type the learning rate as a number, e.g. 0.001 or 1e-3.' });
    expect(parseLearningRate('0')).toEqual({ ok: false, error: 'The learning rate must be above 0 and at most 10 (got 0).' });
    expect(parseLearningRate('11')).toMatchObject({ ok: false });
  });

  it('reads whole seeds in range only', () => {
    expect(parseSeed('42')).toEqual({ ok: true, value: 42 });
    expect(parseSeed('0')).toEqual({ ok: true, value: 0 });
    for (const text of ['1.5', '-1', '2147483648', 'seed', '']) expect(parseSeed(text)).toEqual({ ok: false, error: 'The seed must be a whole number from 0 to 2,147,483,647, e.g. 1.' });
  });
});

describe('positive pairs in the embedding view', () => {
  const e = {
    dim: 2,
    points: Float32Array.from([1, 0, 0, 1, -1, 0]),
    labels: Int32Array.from([4, 5, 6]),
    views: { pairs: 2, a: Float32Array.from([0.9, 0.1, 0.1, 0.9]), b: Float32Array.from([0.8, 0.2, 0.2, 0.8]) },
  };

  it('appends both views of the first samples with their classes and links each pair', () => {
    const out = embeddingWithPairs(e, true);
    expect(Array.from(out.points)).toEqual(Array.from(Float32Array.from([1, 0, 0, 1, -1, 0, 0.9, 0.1, 0.1, 0.9, 0.8, 0.2, 0.2, 0.8])));
    expect(Array.from(out.labels)).toEqual([4, 5, 6, 4, 5, 4, 5]);
    expect(out.links).toEqual([
      [3, 5],
      [4, 6],
    ]);
  });

  it('leaves the points alone when not linking', () => {
    const out = embeddingWithPairs(e, false);
    expect(out.points).toBe(e.points);
    expect(out.links).toBeUndefined();
  });
});
