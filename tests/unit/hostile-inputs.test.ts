/**
 * Every input surface besides links against generated malformed input (fast-check; a failure prints its
 * seed and the shrunk input): run files, embeddings (.npy/.csv) and labels, sweep definitions (object, link
 * and CLI axis), temperature specs and custom formulas, and the command-line tools' flags. Each input is
 * either used — and then it is valid all the way down — or refused with one line that names the file or
 * field; nothing throws, nothing injected runs, no prototype is touched. The count of inputs per surface
 * and what they got is printed at the end (the issue's closing note).
 */
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseTrainingConfig } from '../../src/core/config';
import { expandCells, parseAxisFlag, parseSweepDefinition } from '../../src/core/sweep/definition';
import { createTemperature, familyIds, findFamily, parseFormula, parseTemperatureSpec } from '../../src/core/temperature';
import { parseEmbeddingFile, parseLabelFile } from '../../src/io/embeddings';
import { InputError, readFlags } from '../../src/node/cli';
import { configFromFlags, positiveInteger } from '../../src/node/runConfig';
import { readRunFile } from '../../src/state/runFiles';
import { buildSweepDefinition, parseSweepParam } from '../../src/state/sweepForm';
import { hostileJson, hostileNumber, hostileText, mutate, runFileText, runHistory as history, runPaths, validRun } from './support/hostileFiles';
import { CANARY } from './support/hostileLinks';

/** Per surface: inputs tried, used, refused. */
const tally = new Map<string, { tried: number; used: number; refused: number }>();
function count(surface: string, used: boolean): void {
  const t = tally.get(surface) ?? { tried: 0, used: 0, refused: 0 };
  tally.set(surface, { tried: t.tried + 1, used: t.used + (used ? 1 : 0), refused: t.refused + (used ? 0 : 1) });
}

afterEach(() => {
  expect(Reflect.get(globalThis, CANARY)).toBeUndefined();
  // Nothing reached Object.prototype (a "__proto__" key in a file, a link or a formula).
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Reflect.get({}, 'polluted')).toBeUndefined();
});

afterAll(() => {
  for (const [surface, t] of tally) console.log(`${surface} — ${t.tried} generated inputs tried — ${t.used} used, ${t.refused} refused with a message`);
});

/** A refusal is one line of text. */
function checkMessage(message: string, mustName?: string): void {
  expect(typeof message).toBe('string');
  expect(message.trim().length).toBeGreaterThan(0);
  expect(message).not.toMatch(/\n/);
  expect(message).not.toMatch(/\bat .*:\d+:\d+/); // no stack trace
  if (mustName !== undefined) expect(message).toContain(mustName);
}

describe('run files (the lab’s Open run, the runner’s --config)', () => {
  it('are used only when valid throughout; otherwise one line naming the file', () => {
    fc.assert(
      fc.property(runFileText, (text) => {
        const read = readRunFile(text, 'run<b>.json');
        count('run files (readRunFile)', read.ok);
        if (!read.ok) return checkMessage(read.error, '“run<b>.json”');
        expect(parseTrainingConfig(read.value.config).ok).toBe(true);
        expect(createTemperature(read.value.config.temperature).ok).toBe(true);
        for (const point of read.value.history) {
          for (const v of Object.values(point)) if (v !== null) expect(Number.isFinite(v)).toBe(true);
        }
        expect(Object.getPrototypeOf(read.value.config)).toBe(Object.prototype);
      }),
      { numRuns: 600 },
    );
  });

  it('reads the untouched file back as written', () => {
    const read = readRunFile(JSON.stringify(validRun), 'run.json');
    expect(read.ok && read.value.config).toEqual(validRun.config);
    expect(read.ok && read.value.history).toEqual(history);
  });
});

// -------------------------------------------------------------------------------------------------- embeddings

function npyBytes(magic: boolean, major: number, header: string, data: Uint8Array): ArrayBuffer {
  const lengthBytes = major === 1 ? 2 : 4;
  const bytes = new Uint8Array(8 + lengthBytes + header.length + data.length);
  if (magic) bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], 0);
  bytes[6] = major;
  const view = new DataView(bytes.buffer);
  if (lengthBytes === 2) view.setUint16(8, header.length % 65536, true);
  else view.setUint32(8, header.length, true);
  bytes.set(new TextEncoder().encode(header).subarray(0, header.length), 8 + lengthBytes);
  bytes.set(data, 8 + lengthBytes + header.length);
  return bytes.buffer;
}

const descr = fc.constantFrom('<f4', '<f8', '<i8', '<i4', '|u1', '|b1', '>f4', '<f2', '<c8', '|O', '<U3', '|V8', "[('a','<f4')]", '__proto__', '');
const shapeText = fc.oneof(
  fc.array(fc.oneof(fc.nat({ max: 6 }), fc.constantFrom(0, 1e12, 2 ** 53, -3), fc.integer()), { maxLength: 3 }).map((dims) => dims.join(', ') + (dims.length === 1 ? ',' : '')),
  hostileText,
);
const npyFile = fc
  .tuple(
    fc.integer({ min: 0, max: 9 }).map((n) => n < 8), // mostly with the signature, to reach the deeper checks
    fc.constantFrom(1, 1, 1, 2, 3, 0, 9),
    descr,
    fc.constantFrom('False', 'True', 'maybe'),
    shapeText,
    fc.oneof(fc.uint8Array({ maxLength: 96 }), fc.float32Array({ maxLength: 24 }).map((a) => new Uint8Array(a.buffer))),
    fc.boolean(),
  )
  .map(([magic, major, d, fortran, shape, data, spaced]) => {
    const header = `{'descr': '${d}', 'fortran_order': ${fortran}, 'shape': (${shape}), }`;
    return npyBytes(magic, major, spaced ? header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, ' ') + '\n' : header, data);
  });

const csvCell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }).map(String),
  fc.constantFrom('', ' ', 'NaN', 'nan', 'Infinity', '-inf', '1e999', '3.4e39', '1;2', '1\t2', 'x', '<script>alert(1)</script>', '"1"', '0x1', '١', '\u0000'),
  hostileText,
);
const csvFile = fc
  .tuple(fc.array(fc.array(csvCell, { minLength: 0, maxLength: 5 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.uint8Array({ maxLength: 8 }))
  .map(([rows, newline, bom, junk]) => {
    const text = (bom ? '\ufeff' : '') + rows.map((r) => r.join(',')).join(newline);
    const encoded = new TextEncoder().encode(text);
    const bytes = new Uint8Array(encoded.length + (junk.length > 0 && junk[0]! > 200 ? junk.length : 0));
    bytes.set(encoded);
    if (bytes.length > encoded.length) bytes.set(junk, encoded.length); // invalid UTF-8 at the end
    return bytes.buffer;
  });

/** A matrix a user would export, then perhaps one cell (or one byte) spoiled. */
const matrix = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 })).chain(([rows, cols]) =>
  fc.tuple(fc.constant(rows), fc.constant(cols), fc.array(fc.integer({ min: -500, max: 500 }).map((v) => v / 100), { minLength: rows * cols, maxLength: rows * cols })),
);
const nearValidCsv = fc.tuple(matrix, fc.option(fc.tuple(fc.nat(), csvCell), { freq: 2 })).map(([[, cols, values], spoil]) => {
  const cells = values.map(String);
  if (spoil) cells[spoil[0] % cells.length] = spoil[1];
  const lines = Array.from({ length: cells.length / cols }, (_, r) => cells.slice(r * cols, (r + 1) * cols).join(','));
  return new TextEncoder().encode(lines.join('\n') + '\n').buffer as ArrayBuffer;
});
const nearValidNpy = fc.tuple(matrix, fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { freq: 2 }), fc.boolean()).map(([[rows, cols, values], spoil, integers]) => {
  const data = integers ? new Uint8Array(BigInt64Array.from(values, (v) => BigInt(Math.round(v))).buffer) : new Uint8Array(Float32Array.from(values).buffer);
  const shape = integers ? `${rows * cols},` : `${rows}, ${cols}`;
  const header = `{'descr': '${integers ? '<i8' : '<f4'}', 'fortran_order': False, 'shape': (${shape}), }`.padEnd(117, ' ') + '\n';
  const bytes = new Uint8Array(npyBytes(true, 1, header, data));
  if (spoil) bytes[spoil[0] % bytes.length] = spoil[1];
  return bytes.buffer;
});

describe('embeddings and labels (.npy, .csv: the analyzer and the page’s “Your embeddings”)', () => {
  it('are used only as finite, non-zero rows of the stated shape; otherwise one line naming the file', () => {
    fc.assert(
      fc.property(fc.oneof(npyFile.map((b) => ['v.npy', b] as const), csvFile.map((b) => ['v.csv', b] as const), nearValidNpy.map((b) => ['v.npy', b] as const), nearValidCsv.map((b) => ['v.csv', b] as const), fc.tuple(fc.constantFrom('v.npy', 'v.csv', 'v.txt', 'v'), fc.uint8Array({ maxLength: 64 })).map(([n, b]) => [n, b.buffer as ArrayBuffer] as const)), ([name, bytes]) => {
        const read = parseEmbeddingFile(name, bytes, 'view1');
        count(`embeddings (${name.endsWith('.csv') ? '.csv' : '.npy and others'})`, read.ok);
        if (!read.ok) return checkMessage(read.error, name);
        const { rows, cols, data } = read.value;
        expect(rows).toBeGreaterThanOrEqual(2);
        expect(cols).toBeGreaterThanOrEqual(1);
        expect(data.length).toBe(rows * cols);
        for (const v of data) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 800 },
    );
  });

  it('labels are whole 32-bit numbers, one per line or a 1-D integer array; otherwise one line naming the file', () => {
    fc.assert(
      fc.property(fc.oneof(npyFile.map((b) => ['l.npy', b] as const), csvFile.map((b) => ['l.csv', b] as const), nearValidNpy.map((b) => ['l.npy', b] as const), nearValidCsv.map((b) => ['l.csv', b] as const), fc.array(fc.integer({ min: -3, max: 9 }), { minLength: 1, maxLength: 9 }).map((ls) => ['l.csv', new TextEncoder().encode(ls.join('\n')).buffer as ArrayBuffer] as const)), ([name, bytes]) => {
        const read = parseLabelFile(name, bytes);
        count('labels (.npy, .csv)', read.ok);
        if (!read.ok) return checkMessage(read.error, name);
        expect(read.value).toBeInstanceOf(Int32Array);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses a header that claims 10¹² rows without allocating them', () => {
    const read = parseEmbeddingFile('huge.npy', npyBytes(true, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 3), }", new Uint8Array(24)), 'view1');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(/huge\.npy.*truncated/);
  });
});

// -------------------------------------------------------------------------------------------------- sweeps

const axisParam = fc.oneof(fc.constantFrom('tmin', 'tmax', 'tau', 'lr', 'batch', 'seed', 'steps', 'shift', '__proto__', 'constructor', 'toString'), hostileText);
/** Mostly absent (the definition's default), sometimes hostile. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
const sweepObject = fc.record(
  {
    version: sometimes(fc.oneof(fc.constant(1), hostileJson)),
    base: sometimes(fc.oneof(fc.constant(undefined), fc.constant(undefined), fc.constant(validRun.config), hostileJson, fc.tuple(fc.constantFrom(...runPaths.filter((p) => p[0] === 'config').map((p) => p.slice(1))), hostileJson).map(([path, v]) => mutate(validRun.config, path, v, false)))),
    x: fc.oneof(
      fc.record({ param: fc.constantFrom('tmin', 'tmax', 'lr', 'seed'), values: fc.uniqueArray(fc.integer({ min: 1, max: 60 }).map((v) => v / 100), { minLength: 1, maxLength: 4 }) }),
      fc.record({ param: axisParam, values: fc.array(hostileNumber, { maxLength: 6 }) }),
      hostileJson,
    ),
    y: sometimes(fc.oneof(fc.constant(undefined), fc.record({ param: axisParam, values: fc.array(hostileNumber, { maxLength: 4 }) }), hostileJson)),
    seeds: sometimes(fc.oneof(fc.constant(undefined), fc.array(hostileNumber, { maxLength: 4 }), hostileJson)),
    steps: sometimes(fc.oneof(fc.constant(undefined), hostileNumber, hostileJson)),
    evalEvery: sometimes(fc.oneof(fc.constant(undefined), hostileNumber)),
    referenceTaus: sometimes(fc.oneof(fc.constant(undefined), fc.array(hostileNumber, { maxLength: 4 }), hostileJson)),
  },
  { noNullPrototype: true },
).map((input) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));

/** A definition that was accepted: every cell trains a valid config or says why its family refuses it. */
function checkDefinition(definition: ReturnType<typeof parseSweepDefinition>): void {
  if (!definition.ok) return;
  const cells = expandCells(definition.value);
  expect(cells.length).toBeGreaterThan(0);
  for (const cell of cells) {
    if ('config' in cell && cell.config) expect(parseTrainingConfig(cell.config).ok).toBe(true);
  }
}

describe('sweep definitions (files, the `sweep=` link, the CLI’s --x/--y)', () => {
  it('a definition object is used only when every axis value fits its parameter; otherwise one line', () => {
    fc.assert(
      fc.property(sweepObject, (input) => {
        const definition = parseSweepDefinition(input);
        count('sweep definitions (objects)', definition.ok);
        if (!definition.ok) return checkMessage(definition.error);
        checkDefinition(definition);
      }),
      { numRuns: 500 },
    );
  });

  const axisText = fc.tuple(axisParam, fc.oneof(hostileNumber.map(String), hostileText), fc.oneof(hostileNumber.map(String), hostileText), fc.oneof(fc.nat({ max: 12 }).map(String), hostileText), fc.constantFrom('', ':log', ':lin', ':log:log'));
  const sweepLink = fc
    .tuple(fc.oneof(fc.array(axisText, { minLength: 0, maxLength: 3 }), fc.tuple(fc.constantFrom('tmin', 'tmax', 'lr'), fc.constantFrom('0.05', '0.1', '0.001'), fc.constantFrom('0.2', '0.5', '0.01'), fc.constantFrom('1', '3', '5'), fc.constantFrom('', ':log')).map((a) => [a])), fc.array(fc.tuple(fc.constantFrom('seeds', 'steps', 'every', 'taus', '__proto__', 'constructor', 'toString', 'valueOf'), fc.oneof(fc.nat({ max: 2000 }).map(String), hostileText)), { maxLength: 4 }))
    .map(([axes, options]) => [axes.map(([p, a, b, c, log]) => `${p}:${a}:${b}:${c}${log}`).join(','), ...options.map(([k, v]) => `${k}=${v}`)].join(';'));

  it('the `sweep=` text is used only when it builds a valid definition; unknown options are named', () => {
    fc.assert(
      fc.property(sweepLink, (raw) => {
        const form = parseSweepParam(raw);
        const built = form.ok ? buildSweepDefinition(validRun.config, form.value) : form;
        count('sweep= link text', built.ok);
        if (!built.ok) return checkMessage(built.error);
        checkDefinition(built);
        // Every option the text carries is one the form knows.
        for (const option of raw.split(';').slice(1)) {
          const key = option.split('=')[0]!.trim();
          if (key !== '') expect(['seeds', 'steps', 'every', 'taus']).toContain(key);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the CLI’s PARAM=VALUES axis is read or refused in one line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(axisParam, hostileText).map(([p, v]) => `${p}=${v}`), hostileText, fc.tuple(axisParam, fc.array(hostileNumber, { maxLength: 5 })).map(([p, v]) => `${p}=${v.join(',')}`)), (text) => {
        const axis = parseAxisFlag(text);
        count('sweep axis flags (--x, --y)', axis.ok);
        if (!axis.ok) return checkMessage(axis.error);
        for (const v of axis.value.values) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

// -------------------------------------------------------------------------------------------------- temperature

/** Formulas from the real grammar with hostile pieces mixed in. */
const formulaAtom = fc.oneof(
  fc.constantFrom('s', 't', 'pi', 'e', '0.1', '0.05', '1', '0', '-1', '1e308', '1e-320', 'NaN', 'Infinity'),
  fc.constantFrom('constructor', '__proto__', 'prototype', 'Function', 'globalThis', 'window', 'this', 'eval', 'process', 'import', 'alert', 'toString', 'valueOf'),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -5, max: 5 }).map((v) => v.toString()),
);
const formula: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    formulaAtom,
    fc.tuple(tie('f'), fc.constantFrom('+', '-', '*', '/', '^', '**', '<', '>', '==', '&&', '||', '%', ','), tie('f')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(fc.constantFrom('cos', 'sin', 'exp', 'log', 'sqrt', 'abs', 'min', 'max', 'pow', 'constructor', 'eval', 'Function', 'import'), tie('f')).map(([fn, a]) => `${fn}(${a})`),
    tie('f').map((a) => `(${a})`),
    fc.tuple(tie('f'), tie('f'), tie('f')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    fc.tuple(tie('f'), fc.constantFrom('.constructor', '["constructor"]', '.__proto__', '[0]', '.length', '()', '`x`')).map(([a, tail]) => `${a}${tail}`),
  ),
})).f;

describe('temperature specs and custom formulas (the studio, links, compare, --temperature)', () => {
  it('a spec is used only when τ is finite and > 0 on s ∈ [−1, 1]; otherwise one line', () => {
    const spec = fc.oneof(
      fc.tuple(fc.constantFrom(...familyIds, 'warm', '', '__proto__', 'constructor'), fc.array(fc.oneof(hostileNumber.map(String), hostileText), { maxLength: 5 })).map(([id, values]) => `${id}:${values.join(',')}`),
      fc.tuple(fc.constantFrom(...familyIds.filter((id) => id !== 'custom')), fc.array(fc.double({ min: -1, max: 2, noNaN: true }).map((v) => v.toFixed(2)), { maxLength: 4 })).map(([id, values]) => `${id}:${values.join(',')}`),
      formula.map((f) => `custom:${f}`),
      hostileText,
    );
    fc.assert(
      fc.property(spec, (text) => {
        const temperature = parseTemperatureSpec(text);
        count('temperature specs', temperature.ok);
        if (!temperature.ok) return checkMessage(temperature.error);
        for (const s of [-1, -0.5, 0, 0.3, 1]) {
          for (const step of [0, 500, 1_000_000]) {
            const tau = temperature.value.scalar(s, { step });
            expect(Number.isFinite(tau) && tau > 0, `${text} at s=${s}, t=${step}: ${tau}`).toBe(true);
          }
        }
      }),
      { numRuns: 800 },
    );
  });

  it('a formula is parsed into the grammar’s nodes or refused; the known escapes are refused by name', () => {
    fc.assert(
      fc.property(fc.oneof(formula, hostileText), (text) => {
        const parsed = parseFormula(text);
        count('custom formulas (parser)', parsed.ok);
        if (!parsed.ok) checkMessage(parsed.error);
      }),
      { numRuns: 800 },
    );
    const escapes = [
      'constructor.constructor("alert(1)")()',
      's.constructor.constructor("return 1")()',
      '__proto__',
      's.__proto__',
      'prototype',
      'Function("return 1")()',
      'globalThis',
      'this',
      'import("data:text/javascript,1")',
      'eval("1")',
      '(()=>1)()',
      'new Function("1")',
      's["constructor"]',
      '`1`',
    ];
    for (const text of escapes) {
      const parsed = parseFormula(text);
      expect(parsed.ok, text).toBe(false);
      expect(createTemperature({ family: 'custom', params: {}, formula: text }).ok).toBe(false);
    }
    expect(findFamily('__proto__')).toBeUndefined();
    expect(findFamily('constructor')).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------------------- CLI flags

const flagName = fc.constantFrom('--config', '--dataset', '--temperature', '--steps', '--batch', '--seed', '--eval-every', '--backend', '--out', '--x', '--jobs', '--bogus', '-x', '--', '---', '--__proto__', '--constructor', '-h');
const argv = fc.array(fc.oneof(flagName, hostileText, hostileNumber.map(String)), { maxLength: 8 });

describe('the runner’s, sweep’s and analyzer’s flags', () => {
  it('readFlags reads the flags or throws an InputError of one line', () => {
    const valueFlags = ['config', 'dataset', 'temperature', 'steps', 'batch', 'seed', 'eval-every', 'backend', 'out'];
    fc.assert(
      fc.property(argv, (args) => {
        let flags: ReturnType<typeof readFlags> | undefined;
        try {
          flags = readFlags(args, valueFlags);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          checkMessage((e as Error).message);
        }
        count('CLI flags (readFlags)', flags !== undefined);
        if (flags) for (const name of valueFlags) expect(['string', 'undefined']).toContain(typeof flags.value(name));
      }),
      { numRuns: 600 },
    );
  });

  it('the base config from flags (without --config) is valid or refused naming the flag', async () => {
    const flagValues = fc.record(
      {
        dataset: fc.oneof(fc.constantFrom('spheres', 'mnist', 'fashion-mnist'), hostileText),
        batch: fc.oneof(fc.constantFrom('16', '64', '128'), hostileNumber.map(String), hostileText),
        seed: fc.oneof(fc.nat().map(String), hostileNumber.map(String), hostileText),
        temperature: fc.oneof(fc.constantFrom('dystress:0.1,0.2', 'constant:0.5'), formula.map((f) => `custom:${f}`), hostileText),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(flagValues, async (values) => {
        const flags = { help: false, value: (name: string) => (Object.hasOwn(values, name) ? (values as Record<string, string>)[name] : undefined) };
        try {
          const config = await configFromFlags(flags);
          count('CLI base config (--dataset, --batch, --seed, --temperature)', true);
          expect(parseTrainingConfig(config).ok).toBe(true);
          expect(Number.isSafeInteger(config.seed)).toBe(true);
        } catch (e) {
          count('CLI base config (--dataset, --batch, --seed, --temperature)', false);
          expect(e).toBeInstanceOf(InputError);
          checkMessage((e as Error).message);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a whole number flag is a safe integer in its range, or refused naming the flag', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, hostileNumber.map(String), fc.bigInt().map(String)), (text) => {
        try {
          const n = positiveInteger('--steps', text, 1);
          count('CLI whole-number flags (--steps, --jobs, …)', true);
          expect(Number.isSafeInteger(n) && n >= 1).toBe(true);
        } catch (e) {
          count('CLI whole-number flags (--steps, --jobs, …)', false);
          expect(e).toBeInstanceOf(InputError);
          checkMessage((e as Error).message, '--steps');
        }
      }),
      { numRuns: 400 },
    );
  });
});
