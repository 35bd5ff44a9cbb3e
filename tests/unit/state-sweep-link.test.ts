import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import { buildSweepDefinition, formatSweepParam, formOf, parseSweepParam, type SweepForm } from '../../src/state/sweepForm';
import { linkQuery, parseLink } from '../../src/state/url';

const form: SweepForm = {
  x: { param: 'tmin', start: 0.05, stop: 0.2, count: 4, log: false },
  y: { param: 'tmax', start: 0.1, stop: 0.5, count: 5, log: true },
  seeds: 3,
  steps: 300,
  evalEvery: 100,
  referenceTaus: [0.1, 0.2],
};

describe('a sweep in a link', () => {
  it('writes the form compactly and reads it back', () => {
    const text = formatSweepParam(form);
    expect(text).toBe('tmin:0.05:0.2:4,tmax:0.1:0.5:5:log;seeds=3;steps=300;every=100;taus=0.1/0.2');
    expect(parseSweepParam(text)).toEqual({ ok: true, value: form });
  });

  it('builds the definition: the axes’ values, seeds 1 … n, on the lab’s config', () => {
    const built = buildSweepDefinition(defaultConfig(), form);
    if (!built.ok) throw new Error(built.error);
    expect(built.value.x.values).toEqual([0.05, 0.1, 0.15, 0.2]);
    // 0.1 · 5^(i/4): 0.1, 0.149535…, 0.223607, 0.334370…, 0.5
    expect(built.value.y!.values.map((v) => v.toFixed(6))).toEqual(['0.100000', '0.149535', '0.223607', '0.334370', '0.500000']);
    expect(built.value.seeds).toEqual([1, 2, 3]);
    expect(formOf(built.value)).toEqual(form);
  });

  it('goes through the lab’s link and comes back the same, a bad one named and ignored', () => {
    const query = linkQuery({ settings: { config: defaultConfig(), backend: 'wasm' }, flags: { embed: false, classroom: false, tour: false }, sweep: form });
    expect(query).toBe('?v=2&backend=wasm&sweep=tmin:0.05:0.2:4,tmax:0.1:0.5:5:log;seeds=3;steps=300;every=100;taus=0.1/0.2');
    const parsed = parseLink(query);
    expect(parsed.notices).toEqual([]);
    expect(parsed.sweep).toEqual(form);

    const unknown = parseLink('?v=2&sweep=warmth:1:2:3');
    expect(unknown.sweep).toBeUndefined();
    expect(unknown.notices).toHaveLength(1);
    expect(unknown.notices[0]).toMatch(/^The link’s sweep=warmth:1:2:3 unknown parameter “warmth”.*; it was ignored\.$/);
    const malformed = parseLink('?sweep=tmin:0.1:x:3;seeds=2');
    expect(malformed.notices).toEqual(['The link’s sweep=tmin:0.1:x:3;seeds=2 “tmin:0.1:x:3” has a value that is not a number; it was ignored.']);
    expect(parseLink('?sweep=tmin:0.05:0.2:4;seeds=two').notices[0]).toContain('seeds=two is not a whole number');
    // The rest of the link is read as ever.
    expect(parseLink('?sweep=tmin:1:2&seed=7').settings.config.seed).toBe(7);
  });
});
