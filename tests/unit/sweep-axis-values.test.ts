import { describe, expect, it } from 'vitest';
import { MAX_AXIS_VALUES, parseAxisValues } from '../../src/core/sweep/axisValues';

const values = (text: string) => {
  const parsed = parseAxisValues(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const problem = (text: string) => {
  const parsed = parseAxisValues(text);
  return parsed.ok ? null : parsed.error;
};

describe('axis values', () => {
  it('reads lists in the order written', () => {
    expect(values('0.2, 0.05,1e-1')).toEqual([0.2, 0.05, 0.1]);
    expect(values('7')).toEqual([7]);
  });

  it('reads linear ranges with both ends exact', () => {
    expect(values('0.1:0.3:3')).toEqual([0.1, 0.2, 0.3]);
    expect(values('0.05:0.5:4')).toEqual([0.05, 0.2, 0.35, 0.5]);
    expect(values('1:1:1')).toEqual([1]);
    expect(values('0.3:0.1:3')).toEqual([0.3, 0.2, 0.1]);
  });

  it('reads log ranges as a geometric progression', () => {
    expect(values('1e-4:1e-2:3:log')).toEqual([1e-4, 1e-3, 1e-2]);
    const v = values('0.05:0.8:5:log');
    for (let i = 1; i < v.length; i++) expect(v[i]! / v[i - 1]!).toBeCloseTo(2, 10);
  });

  it('refuses malformed, empty, duplicate and oversized axes with a reason', () => {
    expect(problem('')).toMatch(/no values/);
    expect(problem('0.1,,0.2')).toBe('value “” is not a number');
    expect(problem('0.1,abc')).toBe('value “abc” is not a number');
    expect(problem('0.1:0.2')).toMatch(/start:stop:count/);
    expect(problem('0.1:0.2:3:lin')).toMatch(/must be “log”/);
    expect(problem('0.1:0.2:2.5')).toMatch(/whole number/);
    expect(problem('0.1:0.2:0')).toMatch(/whole number ≥ 1/);
    expect(problem('0:1:3:log')).toMatch(/start and stop > 0/);
    expect(problem('0.1:0.2:1')).toMatch(/start = stop/);
    expect(problem('0.1,0.2,0.1')).toBe('0.1 appears twice');
    expect(problem(`0:1:${MAX_AXIS_VALUES + 1}`)).toMatch(/at most 64/);
    expect(problem(Array.from({ length: 65 }, (_, i) => i).join(','))).toMatch(/at most 64/);
    expect(problem('Infinity')).toMatch(/not a number/);
  });
});
