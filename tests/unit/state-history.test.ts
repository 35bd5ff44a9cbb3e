import { describe, expect, it } from 'vitest';
import { appendPoint, dropAfter, emptyHistory, type DecimatedHistory } from '../../src/state/history';

const fill = (count: number, capacity: number): DecimatedHistory<{ step: number }> => {
  let h = emptyHistory<{ step: number }>(capacity);
  for (let step = 0; step < count; step++) h = appendPoint(h, { step });
  return h;
};

describe('decimated history', () => {
  it('keeps everything while there is room', () => {
    const h = fill(5, 8);
    expect(h.points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4]);
    expect(h.stride).toBe(1);
  });

  it('never holds more than its capacity, however long the run', () => {
    let h = emptyHistory<{ step: number }>(10);
    for (let step = 0; step < 5000; step++) {
      h = appendPoint(h, { step });
      expect(h.points.length).toBeLessThanOrEqual(10);
    }
    expect(h.received).toBe(5000);
    expect(h.points.length).toBeGreaterThanOrEqual(5);
  });

  it('always keeps the first and the newest point', () => {
    for (const count of [11, 12, 37, 500, 1001]) {
      const h = fill(count, 10);
      expect(h.points[0]!.step).toBe(0);
      expect(h.points[h.points.length - 1]!.step).toBe(count - 1);
    }
  });

  it('spaces the kept points evenly: every stride-th arrival, plus the newest', () => {
    const h = fill(100, 10);
    const steps = h.points.map((p) => p.step);
    expect(steps.slice(0, -1).every((s) => s % h.stride === 0)).toBe(true);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    // Between the regular points nothing was lost but resolution: the gaps are exactly one stride.
    const gaps = steps.slice(1, -1).map((s, i) => s - steps[i]!);
    expect(new Set(gaps)).toEqual(new Set([h.stride]));
  });

  it('replaces an off-stride newest point by the next arrival', () => {
    const h = fill(12, 10); // stride 2 after the first halving
    expect(h.stride).toBe(2);
    expect(h.points.map((p) => p.step)).toEqual([0, 2, 4, 6, 8, 10, 11]);
    const next = appendPoint(h, { step: 12 });
    expect(next.points.map((p) => p.step)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('drops what came after a rollback and carries on', () => {
    const h = dropAfter(fill(8, 10), 4);
    expect(h.points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4]);
    expect(appendPoint(h, { step: 5 }).points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5]);
    const untouched = fill(3, 10);
    expect(dropAfter(untouched, 10)).toBe(untouched);
  });

  it('refuses a capacity that cannot keep a first and a newest point', () => {
    expect(() => emptyHistory(1)).toThrow(/capacity/);
  });
});
