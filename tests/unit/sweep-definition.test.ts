import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import { expandCells, parseAxisFlag, parseSweepDefinition, referenceConfigs, withSeed, type SweepDefinition } from '../../src/core/sweep/definition';

const definition = (input: object): SweepDefinition => {
  const parsed = parseSweepDefinition(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const problem = (input: object): string | null => {
  const parsed = parseSweepDefinition(input);
  return parsed.ok ? null : parsed.error;
};

describe('sweep definition', () => {
  it('fills the defaults: the default config, seeds 1–3 and the constant-τ line', () => {
    const d = definition({ x: { param: 'tmin', values: [0.05, 0.1] } });
    expect(d.base).toEqual(defaultConfig());
    expect(d.seeds).toEqual([1, 2, 3]);
    expect(d.referenceTaus).toEqual([0.05, 0.1, 0.2, 0.5, 1]);
    expect(d.version).toBe(1);
  });

  it('refuses unknown parameters, values outside a range, and malformed axes with one line', () => {
    expect(problem({ x: { param: 'tmn', values: [0.1] } })).toBe(
      'unknown parameter “tmn” (for dystress: tmin, tmax, dataDim, classes, instances, concentration, tail, dim, batch, lr, augRotation, augNoise, cropScale, imgRotation, translation, imgNoise, erasing)',
    );
    expect(problem({ x: { param: 'tmax', values: [0.2, 3] } })).toBe('tmax=3 is outside τ max’s range 0.01 … 2');
    expect(problem({ x: { param: 'lr', values: [20] } })).toMatch(/^lr=20: optimizer\.learningRate: /);
    expect(problem({ x: { param: 'batch', values: [64.5] } })).toBe('batch=64.5 is not a whole number');
    expect(problem({ x: { param: 'tmin', values: [] } })).toMatch(/^x\.values: /);
    expect(problem({ x: { param: 'tmin', values: [0.1, 0.1] } })).toBe('tmin: a value appears twice');
    expect(problem({ x: { param: 'tmin', values: [0.1] }, y: { param: 'tmin', values: [0.2] } })).toBe('x and y both sweep tmin');
    expect(problem({ x: { param: 'tmin', values: [0.1] }, seeds: [1, 1] })).toBe('seeds: must be distinct');
    // A parameter of another family is unknown to this one.
    expect(problem({ x: { param: 'tau', values: [0.1] } })).toMatch(/^unknown parameter “tau”/);
  });

  it('reads --x PARAM=VALUES', () => {
    expect(parseAxisFlag('tmin=0.05:0.2:4')).toEqual({ ok: true, value: { param: 'tmin', values: [0.05, 0.1, 0.15, 0.2] } });
    expect(parseAxisFlag('tmin')).toEqual({ ok: false, error: '“tmin” is not PARAM=VALUES' });
    expect(parseAxisFlag('tmin=0.1,x')).toEqual({ ok: false, error: 'tmin: value “x” is not a number' });
  });
});

describe('cells', () => {
  it('expands x fastest, writes both τ parameters together, and skips what the family refuses', () => {
    const d = definition({ x: { param: 'tmin', values: [0.1, 0.3] }, y: { param: 'tmax', values: [0.2, 0.5] } });
    const cells = expandCells(d);
    expect(cells.map((c) => [c.index, c.x, c.y])).toEqual([
      [0, 0.1, 0.2],
      [1, 0.3, 0.2],
      [2, 0.1, 0.5],
      [3, 0.3, 0.5],
    ]);
    const configOf = (i: number) => {
      const outcome = cells[i]!.outcome;
      if (!('config' in outcome)) throw new Error(outcome.skipped);
      return outcome.config;
    };
    expect(configOf(0).temperature).toEqual({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
    expect(configOf(3).temperature).toEqual({ family: 'dystress', params: { tmin: 0.3, tmax: 0.5 } });
    expect(cells[1]!.outcome).toEqual({ skipped: 'dystress:0.3,0.2: τ min (0.3) must not exceed τ max (0.2)' });
  });

  it('moves training parameters through the same config the runner reads', () => {
    const d = definition({ x: { param: 'lr', values: [1e-3, 1e-2] }, y: { param: 'tail', values: [0.1] } });
    const cells = expandCells(d);
    expect(cells).toHaveLength(2);
    const outcome = cells[1]!.outcome;
    expect('config' in outcome && outcome.config.optimizer.learningRate).toBe(1e-2);
    expect('config' in outcome && outcome.config.dataset.spheres.longTailRatio).toBe(0.1);
    expect(cells[0]!.y).toBe(0.1);
  });

  it('runs the constant-τ line on the base config, and a seed is the config’s seed', () => {
    const d = definition({ x: { param: 'tmin', values: [0.1] }, referenceTaus: [0.1, 0.2] });
    const reference = referenceConfigs(d);
    expect(reference.map((r) => [r.tau, r.config.temperature])).toEqual([
      [0.1, { family: 'constant', params: { tau: 0.1 } }],
      [0.2, { family: 'constant', params: { tau: 0.2 } }],
    ]);
    expect(withSeed(reference[0]!.config, 7)).toEqual({ ...reference[0]!.config, seed: 7 });
  });
});
