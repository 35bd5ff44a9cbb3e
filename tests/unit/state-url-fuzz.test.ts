/**
 * The link reader against generated hostile links (fast-check; a failure prints its seed and the shrunk
 * link): links built from the real parameter list with valid, malformed, huge, unicode, HTML and
 * code-like values, raw or percent-encoded, cut anywhere, repeated, 20 kB long. Whatever comes in, the lab
 * gets valid settings, names what it ignored, and runs nothing injected.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTrainingConfig } from '../../src/core/config';
import { createTemperature } from '../../src/core/temperature';
import { LINK_PARAMETERS, linkQuery, parseLink } from '../../src/state/url';
import { CANARY, hostileLink, injections } from './support/hostileLinks';

afterEach(() => {
  expect(Reflect.get(globalThis, CANARY)).toBeUndefined();
});

/** What the lab must be able to rely on, whatever the link. */
function checkRead(search: string): void {
  const parsed = parseLink(search);
  const config = parseTrainingConfig(parsed.settings.config);
  expect(config.ok, search).toBe(true);
  expect(createTemperature(parsed.settings.config.temperature).ok).toBe(true);
  for (const notice of parsed.notices) expect(typeof notice).toBe('string');
  // The address bar then shows the lab's own form of the link, which reads back the same, without notices.
  const again = parseLink(linkQuery(parsed));
  expect(again.notices).toEqual([]);
  expect(again.settings).toEqual(parsed.settings);
}

describe('the link reader under generated links', () => {
  it('always gives valid settings that round-trip, whatever the link', () => {
    fc.assert(fc.property(hostileLink, (search) => checkRead(search)), { numRuns: 400 });
  });

  it('names every parameter it does not know, and every value it could not use', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LINK_PARAMETERS.filter((k) => k !== 'v')), fc.constantFrom(...injections, 'abc', '%', '1e400', '-7'), (key, value) => {
        const search = `?${key}=${encodeURIComponent(value)}`;
        const { notices, settings } = parseLink(search);
        expect(parseTrainingConfig(settings.config).ok).toBe(true);
        // A value the lab cannot use is named with its parameter (the flags read anything but 1/0 as off, and say so).
        const used = parseLink(linkQuery({ settings, flags: parseLink(search).flags }));
        if (notices.length === 0) expect(used.settings).toEqual(settings);
        else expect(notices.join(' ')).toContain(key === 'sweep' ? 'sweep=' : key);
      }),
      { numRuns: 300 },
    );
    const { notices } = parseLink('?foo=1&%3Cscript%3E=2');
    expect(notices.join(' ')).toContain('“foo”, “<script>” are not parameters');
  });

  it('reads a 20 kB link and one with every key repeated, keeping the first of each', () => {
    const long = `?seed=5&${'x'.repeat(20_000)}=1&tau=${'1'.repeat(5_000)}`;
    checkRead(long);
    expect(parseLink(long).settings.config.seed).toBe(5);
    const repeated = '?seed=3&seed=4&tau=constant:0.3&tau=constant:0.4';
    checkRead(repeated);
    expect(parseLink(repeated).settings.config.seed).toBe(3);
    expect(parseLink(repeated).settings.config.temperature).toEqual({ family: 'constant', params: { tau: 0.3 } });
  });

  it('interprets custom formulas and never evaluates them: the known escapes are refused by name', () => {
    for (const value of injections.filter((v) => v.startsWith('custom:'))) {
      const { settings, notices } = parseLink(`?tau=${encodeURIComponent(value)}`);
      expect(settings.config.temperature.family).not.toBe('custom');
      expect(notices.join(' ')).toContain('tau=');
    }
  });
});
