import { describe, expect, it } from 'vitest';
import { defaultConfig, type TrainingConfig } from '../../src/core/config';
import type { LabSettings } from '../../src/state/settings';
import { BATCH_SIZES, DEFAULT_FLAGS, defaultSettings, EMBEDDING_DIMS, linkQuery, parseLink, URL_VERSION } from '../../src/state/url';

/** The lab's state as a link: readable, versioned, round-tripping, and forgiving with a notice. */

const settingsWith = (change: (c: TrainingConfig) => TrainingConfig, backend: LabSettings['backend'] = 'auto'): LabSettings => ({ config: change(defaultConfig()), backend });

/** Notices must name the parameter and the value the link gave. */
function expectNotice(notices: readonly string[], ...fragments: string[]): void {
  expect(notices.some((n) => fragments.every((f) => n.includes(f))), `no notice with ${fragments.join(' + ')} in ${JSON.stringify(notices)}`).toBe(true);
}

describe('link of the lab state', () => {
  it('writes only what differs from the defaults, readably', () => {
    expect(linkQuery({ settings: defaultSettings(), flags: DEFAULT_FLAGS })).toBe(`?v=${URL_VERSION}`);
    const settings = settingsWith(
      (c) => ({
        ...c,
        seed: 7,
        batchSize: 64,
        dataset: { ...c.dataset, id: 'mnist' },
        model: { ...c.model, encoder: 'cnn', embeddingDim: 3 },
        optimizer: { ...c.optimizer, learningRate: 0.0005 },
        temperature: { family: 'dystress', params: { tmin: 0.1, tmax: 0.3 } },
      }),
      'wasm',
    );
    expect(linkQuery({ settings, flags: { embed: true, classroom: false, tour: false } })).toBe(
      '?v=2&dataset=mnist&encoder=cnn&dim=3&batch=64&lr=0.0005&tau=dystress:0.1,0.3&seed=7&backend=wasm&embed=1',
    );
  });

  it('reads the defaults from an empty query, and a bare ?backend= as before versioned links', () => {
    expect(parseLink('')).toEqual({ settings: defaultSettings(), flags: DEFAULT_FLAGS, notices: [] });
    expect(parseLink('?backend=wasm')).toEqual({ settings: { ...defaultSettings(), backend: 'wasm' }, flags: DEFAULT_FLAGS, notices: [] });
  });

  it('round-trips settings made of every value a link can carry', () => {
    // A small seeded generator, so a failure is reproducible.
    let state = 12345;
    const next = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const temperatures: TrainingConfig['temperature'][] = [
      { family: 'constant', params: { tau: 0.35 } },
      { family: 'dystress', params: { tmin: 0.07, tmax: 0.25 } },
      { family: 'dystress-shifted', params: { tmin: 0.1, tmax: 0.2, shift: -0.3, scale: 0.6 } },
      { family: 'custom', params: {}, formula: '0.1 + 0.05*(1 - cos(pi*s))' },
    ];
    for (let i = 0; i < 40; i++) {
      const dataset = pick(['spheres', 'mnist', 'fashion-mnist'] as const);
      const settings = settingsWith(
        (c) => ({
          ...c,
          seed: Math.floor(next() * 1e6),
          batchSize: pick(BATCH_SIZES.filter((b) => b <= 128)),
          dataset: { ...c.dataset, id: dataset, spheres: { ...c.dataset.spheres, dim: 2 + Math.floor(next() * 20), classes: 2 + Math.floor(next() * 10) } },
          model: { ...c.model, encoder: dataset === 'spheres' ? 'mlp' : pick(['mlp', 'cnn'] as const), embeddingDim: pick(EMBEDDING_DIMS) },
          optimizer: { ...c.optimizer, learningRate: Number((next() * 0.01 + 1e-5).toPrecision(3)) },
          temperature: pick(temperatures),
          loss: { detachTemperature: next() < 0.5, decoupled: next() < 0.5, objective: pick(['nt-xent', 'siglip'] as const) },
          augmentation: { vector: { rotation: Number(next().toFixed(2)), noise: 0.1 }, image: { ...c.augmentation.image, erasing: Number(next().toFixed(3)) } },
        }),
        pick(['auto', 'wasm', 'cpu', 'webgl', 'webgpu'] as const),
      );
      const flags = { embed: next() < 0.5, classroom: next() < 0.5, tour: false };
      const query = linkQuery({ settings, flags });
      expect(parseLink(query), query).toEqual({ settings, flags, notices: [] });
      // And the link of what was read is the same link.
      expect(linkQuery(parseLink(query))).toBe(query);
    }
  });

  it('keeps a custom formula intact, plus signs and spaces included', () => {
    const settings = settingsWith((c) => ({ ...c, temperature: { family: 'custom', params: {}, formula: '0.1 + 0.05*(1 - cos(pi*s))' } }));
    const query = linkQuery({ settings, flags: DEFAULT_FLAGS });
    expect(query).toBe('?v=2&tau=custom:0.1%20%2B%200.05*(1%20-%20cos(pi*s))');
    expect(parseLink(query).settings.config.temperature.formula).toBe('0.1 + 0.05*(1 - cos(pi*s))');
    // Typed by hand, '+' is a plus, not a space.
    expect(parseLink('?tau=custom:0.1+0.05*s*s').settings.config.temperature).toEqual({ family: 'custom', params: {}, formula: '0.1+0.05*s*s' });
  });

  it('reads the layout flags', () => {
    expect(parseLink('?embed=1&classroom=true&tour').flags).toEqual({ embed: true, classroom: true, tour: true });
    const odd = parseLink('?embed=maybe');
    expect(odd.flags.embed).toBe(false);
    expectNotice(odd.notices, 'embed=maybe');
  });
});

describe('bad values in a link fall back to their defaults, each with a notice naming it', () => {
  const defaults = defaultConfig();

  it('an unknown temperature family', () => {
    const { settings, notices } = parseLink('?v=1&tau=warm:0.3&seed=5');
    expect(settings.config.temperature).toEqual({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
    expect(settings.config.seed).toBe(5);
    expectNotice(notices, 'tau=warm:0.3', 'no known temperature family', 'dystress:0.1,0.2');
  });

  it('NaN and other non-numbers', () => {
    const { settings, notices } = parseLink('?lr=NaN&seed=abc&tau=dystress:NaN,0.3&tail=');
    expect(settings.config.optimizer.learningRate).toBe(defaults.optimizer.learningRate);
    expect(settings.config.seed).toBe(defaults.seed);
    expect(settings.config.dataset.spheres.longTailRatio).toBe(1);
    // The good value of the temperature is kept, the bad one takes its default.
    expect(settings.config.temperature).toEqual({ family: 'dystress', params: { tmin: 0.1, tmax: 0.3 } });
    expectNotice(notices, 'lr=NaN', 'not a number', '0.001');
    expectNotice(notices, 'seed=abc', 'not a number');
    expectNotice(notices, 'tau=dystress:NaN,0.3', 'τ min “NaN”', 'using 0.1');
    expectNotice(notices, 'tail=', 'not a number');
    expect(notices).toHaveLength(4);
  });

  it('values out of range, or not one the controls offer', () => {
    const { settings, notices } = parseLink('?lr=50&batch=1000&dim=5&seed=1.5&classes=99&tau=dystress:0.1,5&dataset=cifar&detach=yes');
    expect(settings.config).toEqual(defaults);
    expectNotice(notices, 'lr=50', 'outside 0.000001 … 10');
    expectNotice(notices, 'batch=1000', 'not one of 16, 32, 64, 128, 256, 512', 'default 128');
    expectNotice(notices, 'dim=5', 'not one of');
    expectNotice(notices, 'seed=1.5', 'not a whole number');
    expectNotice(notices, 'classes=99', 'outside 2 … 20');
    expectNotice(notices, 'tau=dystress:0.1,5', 'τ max 5', 'outside 0.01 … 2', 'using 0.2');
    expectNotice(notices, 'dataset=cifar', 'not one of spheres, mnist, fashion-mnist');
    expectNotice(notices, 'detach=yes', 'not 1 or 0');
  });

  it('an invalid temperature combination takes the family’s defaults', () => {
    const { settings, notices } = parseLink('?tau=dystress:0.3,0.1');
    expect(settings.config.temperature).toEqual({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
    expectNotice(notices, 'tau=dystress:0.3,0.1', 'must not exceed');
    const extra = parseLink('?tau=constant:0.3,0.4');
    expect(extra.settings.config.temperature).toEqual({ family: 'constant', params: { tau: 0.3 } });
    expectNotice(extra.notices, 'tau=constant:0.3,0.4', 'extra ones are ignored');
    const formula = parseLink('?tau=custom:0.1+');
    expect(formula.settings.config.temperature.family).toBe('dystress');
    expectNotice(formula.notices, 'tau=custom:0.1+');
  });

  it('a backend that does not exist', () => {
    const { settings, notices } = parseLink('?backend=tpu');
    expect(settings.backend).toBe('auto');
    expectNotice(notices, 'backend=tpu', 'not one of auto, webgpu, webgl, wasm, cpu');
  });

  it('a link of another version is not read at all', () => {
    for (const v of ['3', '0', 'abc', '']) {
      const { settings, notices } = parseLink(`?v=${v}&seed=9&tau=constant:0.5&embed=1`);
      expect(settings).toEqual(defaultSettings());
      expectNotice(notices, `v=${v}`, `reads versions 1 to ${URL_VERSION}`);
    }
  });

  it('a version-1 link keeps its meaning: it was written when the easy spheres were the default', () => {
    const { settings, notices } = parseLink('?v=1&tail=0.1&seed=9');
    expect(notices).toEqual([]);
    expect(settings.config.dataset.spheres).toEqual({ ...defaultConfig().dataset.spheres, dim: 3, classes: 6, concentration: 20, longTailRatio: 0.1 });
    expect(settings.config.seed).toBe(9);
    // Written again, it is a version-2 link that says so explicitly, and reads back the same.
    const query = linkQuery({ settings, flags: DEFAULT_FLAGS });
    expect(query).toBe('?v=2&dataDim=3&classes=6&concentration=20&tail=0.1&seed=9');
    expect(parseLink(query).settings).toEqual(settings);
    // Today's default is the harder task.
    expect(parseLink('?v=2').settings.config.dataset.spheres).toMatchObject({ dim: 16, classes: 10, concentration: 12 });
  });

  it('garbage: undecodable escapes, unknown parameters, empty pairs', () => {
    const { settings, notices } = parseLink('?%E0%A4%A&&=&foo=1&seed=3&bar');
    expect(settings.config.seed).toBe(3);
    expectNotice(notices, '%E0%A4%A', 'cannot be decoded');
    expectNotice(notices, '“foo”', '“bar”', 'not parameters');
    expect(parseLink('?????').settings).toEqual(defaultSettings());
  });

  it('combinations the trainer cannot start: a CNN on spheres, a batch larger than the data', () => {
    const cnn = parseLink('?encoder=cnn');
    expect(cnn.settings.config.model.encoder).toBe('mlp');
    expectNotice(cnn.notices, 'encoder=cnn', 'image dataset');
    // Two classes, the second a hundredth of the first: 200 + 2 samples.
    const small = parseLink('?classes=2&tail=0.01&batch=512');
    expect(small.settings.config.batchSize).toBe(128);
    expectNotice(small.notices, 'batch=512', '202 training samples');
  });
});
