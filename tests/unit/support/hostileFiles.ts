/**
 * Generated hostile files and values (fast-check) for the input-surface tests, unit and browser: text and
 * numbers that break parsers, JSON values, and run files with fields replaced, removed, cut short or spliced.
 */
import fc from 'fast-check';
import { runFileOf } from '../../../src/state/runFiles';
import { defaultSettings } from '../../../src/state/url';
import { injections } from './hostileLinks';


export const hostileText = fc.oneof(
  fc.constantFrom(...injections, '', ' ', '%', '\u0000', '\u202e', '\ufeff', 'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1_000', '__proto__', 'constructor', 'toString'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constant('9'.repeat(400)),
);
export const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, -1, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 5e-324, 1e-12),
);
/** Any JSON value a file could hold, hostile ones weighted in. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileNumber.filter((v) => Number.isFinite(v)) },
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constant({ __proto__: { polluted: 1 } }) },
);

/** Sets `path` (dot-separated; a number picks an array element) in a copy of `value`, or deletes it. */
export function mutate(value: unknown, path: readonly string[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : typeof value === 'object' && value !== null ? { ...value } : {};
  if (rest.length === 0 && remove) delete copy[head];
  else Object.defineProperty(copy, head, { value: mutate(copy[head], rest, replacement, remove), enumerable: true, writable: true, configurable: true });
  return copy;
}

// -------------------------------------------------------------------------------------------------- run files

export const runHistory = [
  { step: 0, loss: null, stepMs: null, alignment: 0.5, uniformity: -2, knnAccuracy: 0.4 },
  { step: 10, loss: 4.1, stepMs: 3, alignment: 0.4, uniformity: -2.5, tolerance: 0.3, knnAccuracy: 0.6 },
];
export const validRun = runFileOf(defaultSettings(), runHistory);
export const runPaths = [
  'format', 'version', 'config', 'backend', 'history', 'history.0', 'history.1.step', 'history.1.loss', 'history.0.alignment',
  'config.seed', 'config.batchSize', 'config.learningRate', 'config.temperature', 'config.temperature.family',
  'config.temperature.params', 'config.temperature.params.tmin', 'config.temperature.formula', 'config.dataset',
  'config.dataset.id', 'config.dataset.spheres.dim', 'config.model', 'config.model.encoder', 'config.model.embeddingDim',
  '__proto__', 'constructor', 'config.__proto__',
].map((p) => p.split('.'));

/** A run file's text, mutated: fields replaced or removed, then perhaps cut short or with bytes spliced in. */
export const runFileText = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...runPaths), hostileJson, fc.boolean()), { maxLength: 4 }), fc.nat(), fc.integer({ min: 0, max: 5 }), hostileText)
  .map(([changes, where, how, text]) => {
    let json: unknown = validRun;
    for (const [path, replacement, remove] of changes) json = mutate(json, path, replacement, remove);
    const written = JSON.stringify(json);
    const at = where % (written.length + 1);
    switch (how) {
      case 0:
        return written.slice(0, at); // cut short, as an interrupted download
      case 1:
        return written.slice(0, at) + text + written.slice(at);
      default:
        return written;
    }
  });

