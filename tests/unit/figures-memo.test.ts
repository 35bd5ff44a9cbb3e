import { describe, expect, it } from 'vitest';
import { memoisePerData } from '../../src/figures/memo';

describe('memoisePerData', () => {
  it('computes once per data object and key, and apart for another array with the same values', () => {
    const calls: string[] = [];
    const sum = memoisePerData((values: Float64Array, scale: number) => {
      calls.push(`${values.length}×${scale}`);
      return values.reduce((s, v) => s + v, 0) * scale;
    });
    const a = Float64Array.of(1, 2, 3);
    expect(sum(a, 1)).toBe(6);
    expect(sum(a, 1)).toBe(6);
    expect(sum(a, 2)).toBe(12);
    expect(sum(Float64Array.of(1, 2, 3), 1)).toBe(6);
    expect(calls).toEqual(['3×1', '3×2', '3×1']);
  });

  it('keeps a falsy result instead of computing it again', () => {
    let calls = 0;
    const zero = memoisePerData((_: object, _key: string) => (calls++, 0));
    const data = {};
    zero(data, 'k');
    zero(data, 'k');
    expect(calls).toBe(1);
  });
});
