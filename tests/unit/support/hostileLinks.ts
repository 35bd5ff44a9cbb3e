/**
 * Generated hostile links (fast-check), for the link reader's unit tests and, a smaller sample, for the built
 * lab in Chromium: links built from the real parameter list with valid, malformed, huge, unicode, HTML and
 * code-like values, raw or percent-encoded, cut anywhere, repeated.
 */
import fc from 'fast-check';
import { LINK_PARAMETERS } from '../../../src/state/url';

/** Set by any injected code that runs; the tests require it never to be. */
export const CANARY = '__dystressLabPwned';

/** Values that try to run code: each would set the canary (or open a dialog) if it ran. */
export const injections = [
  '<script>alert(1)</script>',
  `<script>globalThis.${CANARY}=1</script>`,
  '"><img src=x onerror=alert(1)>',
  `"><img src=x onerror="globalThis.${CANARY}=1">`,
  `<svg onload="globalThis.${CANARY}=1"></svg>`,
  `<iframe srcdoc="<script>parent.${CANARY}=1</script>"></iframe>`,
  `custom:constructor.constructor("globalThis.${CANARY}=1")()`,
  `custom:this.constructor.constructor("globalThis.${CANARY}=1")()`,
  `custom:s.constructor.constructor("globalThis.${CANARY}=1")()`,
  `custom:(()=>{globalThis.${CANARY}=1})()`,
  'custom:constructor.constructor("alert(1)")()',
  `custom:__proto__.polluted`,
  `custom:eval("globalThis.${CANARY}=1")`,
  `custom:import("data:text/javascript,globalThis.${CANARY}=1")`,
  'javascript:alert(1)',
  `javascript:globalThis.${CANARY}=1`,
  '__proto__',
  'constructor',
  'prototype',
] as const;

const plausible = fc.oneof(
  fc.integer({ min: -5, max: 5000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('0', '1', 'true', 'false', '', ' ', '1e309', '-0', 'NaN', 'Infinity', '0x10', '1_000'),
  fc.constantFrom('spheres', 'mnist', 'fashion-mnist', 'cnn', 'mlp', 'wasm', 'webgpu', 'auto', 'tpu'),
  fc.constantFrom('dystress:0.1,0.2', 'dystress:0.3,0.2', 'constant:0', 'constant:-1', 'dystress-shifted:0.1,0.2,-0.4,0.7', 'custom:0.1+0.05*s*s', 'custom:', 'custom:1/0', 'warm:0.3'),
  fc.constantFrom('tmin:0.05:0.2:4,tmax:0.1:0.5:5:log;seeds=3;steps=300;every=100', 'tmin:1:2:3', 'tmin:0.05:0.2:4;seeds=-1', 'tmin:0.05:0.2:3;seeds=1e100', 'tmin:0.05:0.2:3;constructor=2', ';;;'),
  fc.constantFrom('\u0000', '\u202e', '\u200b', '\ufeff', '\u0007\u001b[31m', '\ud800'),
  fc.constantFrom(...injections),
);
const anyValue = fc.oneof(plausible, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }));

/** How a value reaches the query: encoded as a link would be, raw, or with a stray or cut percent-escape. */
function written(value: string, how: number): string {
  const encoded = (): string => {
    try {
      return encodeURIComponent(value);
    } catch {
      // A lone surrogate cannot be encoded: written as the replacement character's escape.
      return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
    }
  };
  switch (how) {
    case 0:
      return encoded();
    case 1:
      return value;
    case 2:
      return `${encoded()}%`;
    default:
      return encoded().slice(0, Math.max(0, value.length - 1)) + '%E0%A4%A';
  }
}

const pair = fc.tuple(fc.oneof(fc.constantFrom(...LINK_PARAMETERS), fc.string({ maxLength: 12 })), anyValue, fc.integer({ min: 0, max: 3 }));

/** A query string (with or without its '?'), as a link might bring it. */
export const hostileLink = fc.tuple(fc.array(pair, { maxLength: 14 }), fc.boolean(), fc.nat()).map(([pairs, question, cut]) => {
  const query = pairs.map(([k, v, how]) => `${written(k, how === 3 ? 0 : how)}=${written(v, how)}`).join('&');
  // Cut anywhere, as chat programs cut links.
  return (question ? '?' : '') + (cut % 4 === 0 ? query.slice(0, cut % (query.length + 1)) : query);
});
