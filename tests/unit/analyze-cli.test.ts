/**
 * Runs the real analyzer CLI on fixture files and checks every metric against a naive float64 implementation
 * written here with plain loops, straight from the definitions. The CLI runs as `npm run analyze` does: as
 * the Node bundle of vite.node.config.ts, built once into a private directory (so concurrent builds of
 * dist-node/ cannot pull it away mid-test).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'npyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTemperatureSpec } from '../../src/core/temperature';
import { buildCliBundle, type Run } from './support/cliBundle';
import { unwrap } from './support/fixtures';
import { naiveMetrics, naiveNtXent } from './support/naive';

let bundle: ReturnType<typeof buildCliBundle>;
const runCli = (args: string[]): Promise<Run> => bundle.run('analyze', args);

// ------------------------------------------------------------------------------------------- fixtures

/** mulberry32: a small seeded PRNG, so the fixtures are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const N = 60;
const D = 8;
const CLASSES = 3;

function makeFixture(): { v1: Float32Array; v2: Float32Array; labels: Int32Array } {
  const g = gaussian(prng(20240601));
  const means = Array.from({ length: CLASSES }, () => Array.from({ length: D }, g));
  const v1 = new Float32Array(N * D);
  const v2 = new Float32Array(N * D);
  const labels = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    labels[i] = (i * 7) % CLASSES;
    for (let c = 0; c < D; c++) {
      v1[i * D + c] = means[labels[i]!]![c]! + 2.5 * g();
      v2[i * D + c] = v1[i * D + c]! + 0.4 * g();
    }
  }
  return { v1, v2, labels };
}

const csvRows = (m: Float32Array, cols: number): string =>
  Array.from({ length: m.length / cols }, (_, r) => Array.from(m.subarray(r * cols, (r + 1) * cols)).join(',')).join('\n') + '\n';

function expectClose(actual: unknown, expected: number, what: string): void {
  expect(typeof actual, what).toBe('number');
  const err = Math.abs((actual as number) - expected);
  expect(err, `${what}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(1e-4 * Math.abs(expected) + 1e-7);
}

// ------------------------------------------------------------------------------------------- tests

let dir = '';
const file = (name: string): string => join(dir, name);
const fixture = makeFixture();
const v1 = Float64Array.from(fixture.v1);
const v2 = Float64Array.from(fixture.v2);
/** The naive float64 metrics of the fixture, for kNN with k neighbours and vote temperature t. */
const naive = (k = 20, t = 0.1) => naiveMetrics(v1, v2, fixture.labels, N, D, k, t);
/** The naive NT-Xent of the fixture's two views under the temperature of a command-line spec. */
const naiveLoss = (text: string): number => {
  const temperature = unwrap(parseTemperatureSpec(text));
  const views = new Float64Array(2 * N * D);
  views.set(v1);
  views.set(v2, N * D);
  return naiveNtXent(views, 2 * N, D, (s) => temperature.scalar(s));
};

beforeAll(() => {
  bundle = buildCliBundle('analyze-cli-test');
  dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
  const { v1, v2, labels } = fixture;
  const w = (name: string, content: ArrayBuffer | string) =>
    writeFileSync(file(name), typeof content === 'string' ? content : new Uint8Array(content));
  w('v1.npy', dump(v1, [N, D]));
  w('v1-f64.npy', dump(Float64Array.from(v1), [N, D]));
  w('v2.csv', csvRows(v2, D));
  w('v2.npy', dump(v2, [N, D]));
  w('labels.csv', Array.from(labels).join('\n') + '\n');
  w('labels.npy', dump(BigInt64Array.from(Array.from(labels), BigInt), [N]));
  // Bad files.
  w('v2-short.npy', dump(v2.slice(0, (N - 1) * D), [N - 1, D]));
  w('v2-dim.npy', dump(v2.slice(0, N * (D - 1)), [N, D - 1]));
  w('labels-short.csv', Array.from(labels.slice(0, N - 1)).join('\n') + '\n');
  w('corrupt.npy', 'this is not numpy at all');
  w('truncated.npy', dump(v1, [N, D]).slice(0, 200));
  w('nan.csv', '1,2,3\n4,nan,6\n7,8,9\n');
  w('zero.csv', '1,2,3\n0,0,0\n7,8,9\n');
  w('ragged.csv', '1,2,3\n4,5\n7,8,9\n');
  w('flat.npy', dump(new Float32Array([1, 2, 3, 4]), [4]));
  w('int.npy', dump(new Int32Array(N * D).fill(1), [N, D]));
  w('labels-float.npy', dump(new Float64Array(N).fill(1), [N]));
  w('empty.csv', '');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  bundle.remove();
});

describe('analyze CLI: metrics', () => {
  it('reports every metric for view1 + view2 + labels (json), matching the naive definitions', async () => {
    const run = await runCli(['--view1', file('v1.npy'), '--view2', file('v2.csv'), '--labels', file('labels.csv')]);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('analyze: ') && !l.startsWith('analyze: note:'))).toEqual([]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.length).toBe(2);
    expect(lines[1]).toBe('');
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([
      'n',
      'dim',
      'alignment',
      'uniformity',
      'tolerance',
      'interClassUniformity',
      'knnAccuracy',
      'loss',
      'lossMethod',
      'temperature',
      'k',
      'knnT',
    ]);
    expect(out.n).toBe(N);
    expect(out.dim).toBe(D);
    expect(out.temperature).toBe('dystress:0.1,0.2');
    expect(out.k).toBe(20);
    expect(out.knnT).toBe(0.1);
    expectClose(out.alignment, naive().alignment, 'alignment');
    expectClose(out.uniformity, naive().uniformity, 'uniformity');
    expectClose(out.tolerance, naive().tolerance, 'tolerance');
    expectClose(out.interClassUniformity, naive().interClassUniformity, 'interClassUniformity');
    expectClose(out.knnAccuracy, naive().knnAccuracy, 'knnAccuracy');
    expectClose(out.loss, naiveLoss('dystress:0.1,0.2'), 'loss');
    expect(out.lossMethod).toBe('whole');
    // The fixture is not degenerate: the metrics are informative numbers, not 0/1 corner cases, and the kNN
    // vote weights change the outcome (so a wrong t or an unweighted vote would be caught).
    expect(out.knnAccuracy).toBeGreaterThan(0.5);
    expect(out.knnAccuracy).toBeLessThan(1);
    expect(naive().knnAccuracy).not.toBe(naive(20, 0.3).knnAccuracy);
    expect(naive().knnAccuracy).not.toBe(naive(20, 1e3).knnAccuracy);
    expect(naive(5, 0.5).knnAccuracy).not.toBe(naive(5, 1e3).knnAccuracy);
    expect(out.alignment).toBeGreaterThan(0.01);
  }, 120_000);

  it('honours --temperature, --k and --knn-t, and reads float64 / int64 .npy', async () => {
    const run = await runCli([
      '--view1',
      file('v1-f64.npy'),
      '--view2',
      file('v2.npy'),
      '--labels',
      file('labels.npy'),
      '--temperature',
      'dystress-shifted:0.08, 0.3',
      '--k',
      '5',
      '--knn-t',
      '0.5',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out.temperature).toBe('dystress-shifted:0.08,0.3,-0.4,0.7');
    expect(out.k).toBe(5);
    expect(out.knnT).toBe(0.5);
    expectClose(out.knnAccuracy, naive(5, 0.5).knnAccuracy, 'knnAccuracy k=5');
    expectClose(out.loss, naiveLoss('dystress-shifted:0.08,0.3'), 'loss (shifted)');
    expectClose(out.uniformity, naive().uniformity, 'uniformity');
  }, 120_000);

  it('reports only what the inputs allow', async () => {
    const only = await runCli(['--view1', file('v1.npy'), '--temperature', 'constant:0.5']);
    expect(only.code).toBe(0);
    const a = JSON.parse(only.stdout) as Record<string, unknown>;
    expect(Object.keys(a)).toEqual(['n', 'dim', 'uniformity', 'temperature', 'k', 'knnT']);
    expectClose(a.uniformity, naive().uniformity, 'uniformity');
    expect(a.temperature).toBe('constant:0.5');

    const pair = await runCli(['--view1', file('v1.npy'), '--view2', file('v2.npy'), '--temperature', 'constant:0.5']);
    expect(pair.code).toBe(0);
    const b = JSON.parse(pair.stdout) as Record<string, unknown>;
    expect(Object.keys(b)).toEqual(['n', 'dim', 'alignment', 'uniformity', 'loss', 'lossMethod', 'temperature', 'k', 'knnT']);
    expectClose(b.loss, naiveLoss('constant:0.5'), 'loss (constant 0.5)');
    expectClose(b.alignment, naive().alignment, 'alignment');
  }, 120_000);

  it('prints an aligned table with a description per metric', async () => {
    const run = await runCli(['--view1', file('v1.npy'), '--view2', file('v2.npy'), '--labels', file('labels.npy'), '--format', 'table']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`DySTreSS embedding analysis: n = ${N}, dim = ${D} (tfjs wasm backend)`);
    const metrics: [string, number][] = [
      ['alignment', naive().alignment],
      ['uniformity', naive().uniformity],
      ['tolerance', naive().tolerance],
      ['interClassUniformity', naive().interClassUniformity],
      ['knnAccuracy', naive().knnAccuracy],
      ['loss', naiveLoss('dystress:0.1,0.2')],
    ];
    const rows = lines.slice(4);
    expect(rows.length).toBe(metrics.length);
    const ROW = /^(\S+)(\s+)(-?\d+\.\d{6})  (\S.*)$/;
    const columns = new Set<string>();
    for (const [i, [name, expected]] of metrics.entries()) {
      const match = ROW.exec(rows[i]!);
      expect(match, rows[i]).not.toBeNull();
      const [, metric, gap, value, description] = match!;
      expect(metric).toBe(name);
      expect(Math.abs(Number(value) - expected)).toBeLessThanOrEqual(1e-4 * Math.abs(expected) + 1e-6);
      expect(description!.length).toBeGreaterThan(20);
      // Aligned: every value ends, and every description starts, at the same column.
      columns.add(`${metric!.length + gap!.length + value!.length}`);
    }
    expect(columns.size).toBe(1);
  }, 120_000);

  it('gives the same values on 1 and 3 worker threads, equal to the naive definitions', async () => {
    const args = ['--view1', file('v1.npy'), '--view2', file('v2.npy'), '--labels', file('labels.npy')];
    const [one, three] = await Promise.all([runCli([...args, '--threads', '1']), runCli([...args, '--threads', '3'])]);
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    const a = JSON.parse(one.stdout) as Record<string, number>;
    const b = JSON.parse(three.stdout) as Record<string, number>;
    for (const key of ['alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'knnAccuracy', 'loss'] as const) {
      expect(Math.abs(a[key]! - b[key]!), key).toBeLessThanOrEqual(1e-12 * Math.abs(a[key]!) + 1e-15);
    }
    expectClose(b.uniformity, naive().uniformity, 'uniformity (3 threads)');
    expectClose(b.loss, naiveLoss('dystress:0.1,0.2'), 'loss (3 threads)');
  }, 120_000);

  it('computes the batched loss on request, as training does, and says so', async () => {
    const args = ['--view1', file('v1.npy'), '--view2', file('v2.npy'), '--temperature', 'constant:0.5', '--loss-batch', '16', '--loss-seed', '4'];
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['n', 'dim', 'alignment', 'uniformity', 'loss', 'lossMethod', 'lossBatch', 'lossSeed', 'lossBatches', 'lossPairsLeftOut', 'temperature', 'k', 'knnT']);
    expect(out).toMatchObject({ lossMethod: 'batched', lossBatch: 16, lossSeed: 4, lossBatches: 3, lossPairsLeftOut: 12 });
    // The mean of the naive NT-Xent over the analyzer's seeded batches (the same permutation of the rows).
    const { SeededRandom } = await import('../../src/core/random');
    const order = new SeededRandom(4).sampleWithoutReplacement(N, N);
    let sum = 0;
    for (let b = 0; b < 3; b++) {
      const rows = new Float64Array(32 * D);
      for (let r = 0; r < 16; r++) {
        const i = order[b * 16 + r]!;
        rows.set(v1.subarray(i * D, (i + 1) * D), r * D);
        rows.set(v2.subarray(i * D, (i + 1) * D), (16 + r) * D);
      }
      sum += naiveNtXent(rows, 32, D, () => 0.5);
    }
    expectClose(out.loss, sum / 3, 'batched loss');
    expect(Math.abs((out.loss as number) - naiveLoss('constant:0.5'))).toBeGreaterThan(0.1);

    const table = await runCli([...args, '--format', 'table']);
    expect(table.stdout).toMatch(/loss .* NT-Xent as in training: mean over 3 seeded batches of 16 pairs \(seed 4\)/);
    const whole = await runCli(['--view1', file('v1.npy'), '--view2', file('v2.npy'), '--temperature', 'constant:0.5', '--loss', 'whole']);
    expectClose((JSON.parse(whole.stdout) as Record<string, unknown>).loss, naiveLoss('constant:0.5'), 'whole loss on request');
  }, 120_000);

  it('prints usage for --help and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run analyze -- --view1 FILE/);
    for (const flag of ['--view2', '--labels', '--temperature', '--k', '--knn-t', '--loss', '--loss-batch', '--loss-seed', '--threads', '--format']) expect(run.stdout).toContain(flag);
    expect(run.stderr).toBe('');
  }, 60_000);
});

describe('analyze CLI: bad input', () => {
  const cases: [string, () => string[], string | RegExp | (() => string)][] = [
    ['no --view1', () => [], 'analyze: --view1 FILE is required (see --help)'],
    ['an unknown flag', () => ['--view1', file('v1.npy'), '--foo', '1'], 'analyze: unknown option --foo (see --help)'],
    ['a flag without value', () => ['--view1', file('v1.npy'), '--k'], 'analyze: --k needs a value (see --help)'],
    ['a positional argument', () => ['--view1', file('v1.npy'), 'extra.npy'], /^analyze: unexpected argument “extra\.npy”/],
    ['a missing file', () => ['--view1', file('nope.npy')], () => `analyze: view1 (${file('nope.npy')}): file not found`],
    ['a directory', () => ['--view1', dir], () => `analyze: view1 (${dir}): is a directory, not a file`],
    [
      'a corrupt .npy',
      () => ['--view1', file('corrupt.npy')],
      () => `analyze: view1 (${file('corrupt.npy')}): not a .npy file (it looks like text; a CSV file must end in .csv)`,
    ],
    [
      'a truncated .npy',
      () => ['--view1', file('truncated.npy')],
      () => `analyze: view1 (${file('truncated.npy')}): the file is truncated: shape (60, 8) of float32 needs 1920 bytes of data, found 136`,
    ],
    [
      'view2 with fewer rows',
      () => ['--view1', file('v1.npy'), '--view2', file('v2-short.npy')],
      () => `analyze: view2 (${file('v2-short.npy')}): 59 rows, but view1 has 60; the views must pair row by row`,
    ],
    [
      'view2 with another dimension',
      () => ['--view1', file('v1.npy'), '--view2', file('v2-dim.npy')],
      () => `analyze: view2 (${file('v2-dim.npy')}): dimension 7, but view1 has dimension 8; both views must have the same dimension`,
    ],
    [
      'too few labels',
      () => ['--view1', file('v1.npy'), '--labels', file('labels-short.csv')],
      () => `analyze: labels (${file('labels-short.csv')}): 59 labels for 60 rows`,
    ],
    ['NaN', () => ['--view1', file('nan.csv')], () => `analyze: view1 (${file('nan.csv')}): row 2, column 2 is NaN`],
    [
      'a zero-norm row',
      () => ['--view1', file('zero.csv')],
      () => `analyze: view1 (${file('zero.csv')}): row 2 has zero norm and cannot be L2-normalised`,
    ],
    ['a ragged CSV', () => ['--view1', file('ragged.csv')], () => `analyze: view1 (${file('ragged.csv')}): row 2 has 2 values, expected 3`],
    ['a 1-D array', () => ['--view1', file('flat.npy')], () => `analyze: view1 (${file('flat.npy')}): expected a 2-D array, got shape (4)`],
    [
      'an int .npy',
      () => ['--view1', file('int.npy')],
      () => `analyze: view1 (${file('int.npy')}): dtype int32 is not a float type (float32 or float64 expected)`,
    ],
    [
      'float labels',
      () => ['--view1', file('v1.npy'), '--labels', file('labels-float.npy')],
      () => `analyze: labels (${file('labels-float.npy')}): dtype float64 is not an integer type (labels must be integers, e.g. int64)`,
    ],
    ['an empty CSV', () => ['--view1', file('empty.csv')], () => `analyze: view1 (${file('empty.csv')}): the file is empty`],
    ['an unknown family', () => ['--view1', file('v1.npy'), '--temperature', 'warm:1'], /^analyze: --temperature: unknown temperature family “warm”/],
    ['a τ trained per sample', () => ['--view1', file('v1.npy'), '--temperature', 'isogclr:0.05,1'], /^analyze: --temperature: isogclr's τ is trained per sample during training, not a function τ\(s\)/],
    ['a τ predicted by the encoder', () => ['--view1', file('v1.npy'), '--temperature', 'tau-uncertainty:0.1'], /^analyze: --temperature: tau-uncertainty's τ is predicted by the encoder/],
    [
      'τmin > τmax',
      () => ['--view1', file('v1.npy'), '--temperature', 'dystress:0.3,0.1'],
      'analyze: --temperature: τ min (0.3) must not exceed τ max (0.1)',
    ],
    ['τ ≤ 0', () => ['--view1', file('v1.npy'), '--temperature', 'constant:0'], 'analyze: --temperature: τ must be between 0.01 and 2 (got 0)'],
    [
      'a τ that is not a number',
      () => ['--view1', file('v1.npy'), '--temperature', 'constant:abc'],
      'analyze: --temperature: τ in “constant:abc” is not a number: “abc”',
    ],
    ['--k 0', () => ['--view1', file('v1.npy'), '--k', '0'], 'analyze: --k must be a positive integer (got “0”)'],
    ['--k 2.5', () => ['--view1', file('v1.npy'), '--k', '2.5'], 'analyze: --k must be a positive integer (got “2.5”)'],
    ['--k -1', () => ['--view1', file('v1.npy'), '--k', '-1'], 'analyze: --k must be a positive integer (got “-1”)'],
    ['--knn-t -0.5', () => ['--view1', file('v1.npy'), '--knn-t', '-0.5'], 'analyze: --knn-t must be a number > 0 (got “-0.5”)'],
    [
      '--k beyond the samples',
      () => ['--view1', file('v1.npy'), '--labels', file('labels.csv'), '--k', '60'],
      'analyze: --k 60 is too large: with 60 samples each has only 59 neighbours',
    ],
    ['--knn-t 0', () => ['--view1', file('v1.npy'), '--knn-t', '0'], 'analyze: --knn-t must be a number > 0 (got “0”)'],
    ['--knn-t abc', () => ['--view1', file('v1.npy'), '--knn-t', 'abc'], 'analyze: --knn-t must be a number > 0 (got “abc”)'],
    ['--format xml', () => ['--view1', file('v1.npy'), '--format', 'xml'], 'analyze: --format must be json or table (got “xml”)'],
    ['--loss all', () => ['--view1', file('v1.npy'), '--loss', 'all'], 'analyze: --loss must be whole or batched (got “all”)'],
    ['--loss-batch 1', () => ['--view1', file('v1.npy'), '--loss-batch', '1'], 'analyze: --loss-batch must be an integer ≥ 2 (got “1”)'],
    ['--loss-seed x', () => ['--view1', file('v1.npy'), '--loss-seed', 'x'], 'analyze: --loss-seed must be an integer ≥ 0 (got “x”)'],
    [
      '--loss whole with a batch',
      () => ['--view1', file('v1.npy'), '--loss', 'whole', '--loss-batch', '64'],
      'analyze: --loss whole takes no --loss-batch or --loss-seed (they set the batched loss)',
    ],
    ['--threads 0', () => ['--view1', file('v1.npy'), '--threads', '0'], 'analyze: --threads must be an integer ≥ 1 (got “0”)'],
  ];

  it.each(cases)('rejects %s: exit 2, one stderr line, empty stdout, no stack', async (_what, args, message) => {
    const run = await runCli(args());
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(run.stderr.endsWith('\n')).toBe(true);
    const lines = run.stderr.slice(0, -1).split('\n');
    expect(lines.length, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    if (message instanceof RegExp) expect(lines[0]).toMatch(message);
    else expect(lines[0]).toBe(typeof message === 'string' ? message : message());
  }, 60_000);
});
