import { describe, expect, it } from 'vitest';
import { logitMonotonicity } from '../../src/core/analysis';
import { defaultConfig } from '../../src/core/config';
import { createTemperature } from '../../src/core/temperature';
import { PRESETS } from '../../src/state/presets';
import { moveTour, stepPreset, TOUR, tourMove } from '../../src/state/tour';
import { linkQuery, parseLink } from '../../src/state/url';

/** Every preset is a link that reads, without a notice, as exactly the configuration it promises. */

const intended: Record<string, { temperature: unknown; longTailRatio?: number; easy?: false; dim?: number; objective?: 'siglip'; dataset?: 'mnist' }> = {
  'where-tau-matters': { temperature: { family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } }, easy: false, dim: 16 },
  'simclr-0.5': { temperature: { family: 'constant', params: { tau: 0.5 } } },
  'simclr-0.1': { temperature: { family: 'constant', params: { tau: 0.1 } } },
  dystress: { temperature: { family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } } },
  'dystress-shifted': { temperature: { family: 'dystress-shifted', params: { tmin: 0.1, tmax: 0.2, shift: -0.4, scale: 0.7 } } },
  'too-wide': { temperature: { family: 'dystress', params: { tmin: 0.05, tmax: 0.3 } } },
  'long-tail': { temperature: defaultConfig().temperature, longTailRatio: 0.1 },
  'isogclr-long-tail': { temperature: { family: 'isogclr', params: { tmin: 0.05, tmax: 1, rho: 6 } }, longTailRatio: 0.1 },
  'tau-uncertainty-mnist': { temperature: { family: 'tau-uncertainty', params: { t: 0.1 } }, easy: false, dataset: 'mnist', dim: defaultConfig().model.embeddingDim },
  'temperature-free': { temperature: { family: 'temperature-free', params: {} } },
  learnable: { temperature: { family: 'learnable', params: { t0: 0.5 } } },
  siglip: { temperature: { family: 'constant', params: { tau: 1 } }, objective: 'siglip' },
};

describe('presets', () => {
  it('are the twelve the gallery promises, each with a title and a one-line description', () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual(Object.keys(intended).sort());
    for (const p of PRESETS) {
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.description).not.toContain('\n');
    }
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s parses to its configuration with no notice', (id, preset) => {
    const { settings, notices, flags } = parseLink(preset.query);
    expect(notices).toEqual([]);
    expect(flags).toEqual({ embed: false, classroom: false, tour: false });
    const expected = defaultConfig();
    // The teaching presets train on the easy spheres (S², six tight classes); one opens the default task.
    const data = intended[id]!.easy === false ? {} : { dim: 3, classes: 6, concentration: 20 };
    expect(settings.config).toEqual({
      ...expected,
      model: { ...expected.model, embeddingDim: intended[id]!.dim ?? 3 },
      temperature: intended[id]!.temperature,
      loss: { ...expected.loss, objective: intended[id]!.objective ?? 'nt-xent' },
      dataset: {
        ...expected.dataset,
        ...(intended[id]!.dataset ? { id: intended[id]!.dataset } : {}),
        spheres: { ...expected.dataset.spheres, ...data, longTailRatio: intended[id]!.longTailRatio ?? 1 },
      },
    });
    // The address bar then shows the lab's own form of the link, which reads back the same.
    expect(parseLink(linkQuery({ settings, flags })).settings).toEqual(settings);
  });

  it('the too-wide range has τmax/τmin = 6 and a logit that decreases somewhere; DySTreSS (0.1, 0.2) does not', () => {
    const wide = parseLink(PRESETS.find((p) => p.id === 'too-wide')!.query).settings.config.temperature;
    expect(wide.params.tmax! / wide.params.tmin!).toBeCloseTo(6, 12);
    const created = createTemperature(wide);
    if (!created.ok) throw new Error(created.error);
    expect(logitMonotonicity(created.value).decreasing.length).toBeGreaterThan(0);
    const narrow = createTemperature(parseLink(PRESETS.find((p) => p.id === 'dystress')!.query).settings.config.temperature);
    if (!narrow.ok) throw new Error(narrow.error);
    expect(logitMonotonicity(narrow.value).decreasing).toEqual([]);
  });
});

describe('the classroom tour', () => {
  const figures = ['temperature', 'logit', 'gradient', 'pairs', 'training-curves', 'uniformity-tolerance', 'embedding', 'sample-temperatures'];

  it('has a few steps, each loading an existing preset and pointing at a figure of the grid', () => {
    expect(TOUR.length).toBeGreaterThanOrEqual(3);
    for (const step of TOUR) {
      expect(stepPreset(step), step.title).toBeDefined();
      expect(figures).toContain(step.figure);
    }
    expect(TOUR.map((s) => s.title)).toEqual(expect.arrayContaining(['Temperature and hard negatives', 'The uniformity–tolerance dilemma', 'What DySTreSS changes']));
  });

  it('is driven by →/← or N/P, and Esc leaves', () => {
    expect(['ArrowRight', 'n', 'N', 'PageDown'].map(tourMove)).toEqual(['next', 'next', 'next', 'next']);
    expect(['ArrowLeft', 'p', 'P', 'PageUp'].map(tourMove)).toEqual(['previous', 'previous', 'previous', 'previous']);
    expect(tourMove('Escape')).toBe('close');
    expect([' ', 'r', 'ArrowUp', 'Enter'].map(tourMove)).toEqual([null, null, null, null]);
  });

  it('moves within its steps: back stops at the first, next past the last ends it', () => {
    expect(moveTour(0, 'previous')).toBe(0);
    expect(moveTour(0, 'next')).toBe(1);
    expect(moveTour(2, 'previous')).toBe(1);
    expect(moveTour(TOUR.length - 1, 'next')).toBeNull();
    expect(moveTour(1, 'close')).toBeNull();
  });
});
