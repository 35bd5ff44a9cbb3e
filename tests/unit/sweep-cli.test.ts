/**
 * `npm run sweep` as users run it (the Node bundle): a 2 × 2 × 2-seed sweep equals eight single runs of the
 * runner, a second invocation reuses what finished, skipped cells are recorded, and bad axes exit 2 with one
 * line on stderr and nothing on stdout.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepFile } from '../../src/core/sweep/results';
import { buildCliBundle } from './support/cliBundle';

let bundle: ReturnType<typeof buildCliBundle>;
let dir: string;
const small = {
  batchSize: 16,
  dataset: { id: 'spheres', spheres: { dim: 5, classes: 3, instancesPerClass: 30, evalPerClass: 10 } },
  model: { hidden: 16, featureDim: 8, embeddingDim: 4 },
  evaluation: { samples: 30, k: 5 },
};
const METRICS = ['knnAccuracy', 'loss', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity'] as const;

beforeAll(() => {
  bundle = buildCliBundle('sweep-cli-test');
  dir = mkdtempSync(join(tmpdir(), 'sweep-cli-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify(small));
});

afterAll(() => {
  bundle.remove();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const csvRows = (file: string) => {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = header!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i]!, v])));
};

describe('sweep CLI', () => {
  const out = () => join(dir, 'grid');
  const args = () => [
    '--config', join(dir, 'small.json'),
    '--temperature', 'dystress:0.1,0.2',
    '--x', 'tmin=0.05,0.1',
    '--y', 'tmax=0.2,0.3',
    '--seeds', '2',
    '--steps', '10',
    '--eval-every', '5',
    '--constant-taus', '0.2',
    '--jobs', '2',
    '--out', out(),
  ];

  it('runs every cell × seed and the constant-τ line, each exactly the runner’s run of that config and seed', async () => {
    const sweep = await bundle.run('sweep', args());
    expect(sweep.stderr).toBe('');
    expect(sweep.code).toBe(0);
    const printed = lines(sweep.stdout);
    expect(printed).toHaveLength(2 * 2 * 2 + 2);
    expect(printed.every((l) => l.status === 'ok' && l.reused === undefined)).toBe(true);

    const rows = csvRows(join(out(), 'sweep.csv'));
    expect(rows.map((r) => [r.tmin, r.tmax, r.constantTau, r.seed])).toEqual([
      ['0.05', '0.2', '', '1'],
      ['0.05', '0.2', '', '2'],
      ['0.1', '0.2', '', '1'],
      ['0.1', '0.2', '', '2'],
      ['0.05', '0.3', '', '1'],
      ['0.05', '0.3', '', '2'],
      ['0.1', '0.3', '', '1'],
      ['0.1', '0.3', '', '2'],
      ['', '', '0.2', '1'],
      ['', '', '0.2', '2'],
    ]);
    // The same eight runs, one by one, by the runner.
    const singles = await Promise.all(
      rows.slice(0, 8).map((r) =>
        bundle.run('experiment', ['--config', join(dir, 'small.json'), '--temperature', `dystress:${r.tmin},${r.tmax}`, '--seed', r.seed!, '--steps', '10', '--eval-every', '5']),
      ),
    );
    for (const [i, single] of singles.entries()) {
      expect(single.code).toBe(0);
      const final = lines(single.stdout).at(-1)!.final as Record<string, number>;
      for (const m of METRICS) expect(Number(rows[i]![m]), `${m} of row ${i}`).toBe(final[m]);
      // The untrained encoder's kNN, from the runner's step-0 line.
      expect(Number(rows[i]!.knnAccuracyAtStep0)).toBe(lines(single.stdout)[0]!.knnAccuracy);
    }
    const file = JSON.parse(readFileSync(join(out(), 'sweep.json'), 'utf8')) as SweepFile;
    expect(file.format).toBe('dystress-lab-sweep');
    expect(file.runs).toHaveLength(10);
    expect(file.runs[0]!.history.map((p) => p.step)).toEqual([0, 5, 10]);
  });

  it('reuses every finished run when run again with the same --out, and refuses another sweep there', async () => {
    const before = readFileSync(join(out(), 'sweep.csv'), 'utf8');
    const again = await bundle.run('sweep', args());
    expect(again.code).toBe(0);
    const printed = lines(again.stdout);
    expect(printed).toHaveLength(10);
    expect(printed.every((l) => l.reused === true)).toBe(true);
    expect(readFileSync(join(out(), 'sweep.csv'), 'utf8')).toBe(before);

    const other = await bundle.run('sweep', args().map((a) => (a === 'tmin=0.05,0.1' ? 'tmin=0.05,0.15' : a)));
    expect(other.code).toBe(2);
    expect(other.stdout).toBe('');
    expect(other.stderr.trim()).toMatch(/^sweep: .*sweep\.json holds another sweep; choose another --out/);
  });

  it('records the cells the family refuses as skipped, with the reason, and goes on', async () => {
    const skipOut = join(dir, 'skip');
    const run = await bundle.run('sweep', [
      '--config', join(dir, 'small.json'),
      '--x', 'tmin=0.1,0.3',
      '--seeds', '1',
      '--steps', '5',
      '--eval-every', '5',
      '--constant-taus', '0.2',
      '--out', skipOut,
    ]);
    expect(run.code).toBe(0);
    const printed = lines(run.stdout);
    expect(printed.find((l) => l.tmin === 0.3)).toMatchObject({ status: 'skipped', reason: 'dystress:0.3,0.2: τ min (0.3) must not exceed τ max (0.2)' });
    expect(printed.filter((l) => l.status === 'ok')).toHaveLength(2);
    expect(csvRows(join(skipOut, 'sweep.csv')).map((r) => r.status)).toEqual(['ok', 'skipped', 'ok']);
  });

  const bad: [string[], RegExp][] = [
    [['--x', 'tmn=0.1'], /unknown parameter “tmn”/],
    [['--x', 'tmin='], /--x: tmin: no values/],
    [['--x', 'tmin=0.1:0.2'], /is not start:stop:count\[:log\]/],
    [['--x', 'tmin=0.1,abc'], /value “abc” is not a number/],
    [['--x', 'tmax=5'], /tmax=5 is outside τ max’s range 0.01 … 2/],
    [['--x', 'tmin=0.1', '--y', 'tmin=0.2'], /x and y both sweep tmin/],
    [['--x', 'lr=0.001', '--seeds', '0'], /--seeds must be between 1 and 100/],
    [['--x', 'tmin=0.1', '--seeds', '1,x'], /--seeds must be a count or a list/],
    [['--seeds', '3'], /--x PARAM=VALUES is required/],
  ];
  for (const [flags, message] of bad) {
    it(`rejects ${flags.join(' ')} with one line`, async () => {
      const run = await bundle.run('sweep', [...flags, '--out', join(dir, 'bad')]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const stderr = run.stderr.trim().split('\n');
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(/^sweep: /);
      expect(stderr[0]).toMatch(message);
    });
  }
});
