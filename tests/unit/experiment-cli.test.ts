/**
 * The headless runner, run as `npm run experiment` runs it (the Node bundle): JSON lines per evaluation,
 * a summary, reproducibility from the seed, run files that replay, and one-line errors for bad input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, SMALL_CONFIG } from './support/cliBundle';

let bundle: ReturnType<typeof buildCliBundle>;
let dir: string;
const small = SMALL_CONFIG;

beforeAll(() => {
  bundle = buildCliBundle('experiment-cli-test');
  dir = mkdtempSync(join(tmpdir(), 'experiment-cli-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify(small));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...small, batchSize: -3 }));
  writeFileSync(join(dir, 'broken.json'), '{"seed": 4,');
});

afterAll(() => {
  bundle.remove();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const withoutTimes = (rows: Record<string, unknown>[]) =>
  rows.map(({ stepMs: _s, seconds: _t, meanStepMs: _m, final, ...rest }) => ({ ...rest, final: final && { ...(final as object), stepMs: 0 } }));

describe('experiment CLI', () => {
  it('prints one JSON line per evaluation and a summary; the same seed gives the same numbers', async () => {
    const args = ['--config', join(dir, 'small.json'), '--steps', '20', '--eval-every', '10', '--temperature', 'dystress:0.1,0.3'];
    const [a, b] = await Promise.all([bundle.run('experiment', args), bundle.run('experiment', args)]);
    expect(a.code).toBe(0);
    const rows = lines(a.stdout);
    expect(rows).toHaveLength(4);
    expect(rows.slice(0, 3).map((r) => r.step)).toEqual([0, 10, 20]);
    for (const key of ['loss', 'knnAccuracy', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'stepMs', 'tau']) {
      expect(rows[1]).toHaveProperty(key);
    }
    // Step 0 is the untrained encoder: every held-out metric, but no training loss yet.
    expect(rows[0]!.loss).toBeNull();
    expect(typeof rows[0]!.knnAccuracy).toBe('number');
    const tau = rows[2]!.tau as { positive: { min: number; max: number } };
    expect(tau.positive.min).toBeGreaterThanOrEqual(0.1);
    expect(tau.positive.max).toBeLessThanOrEqual(Math.fround(0.3));
    expect(rows[3]).toMatchObject({ summary: true, steps: 20, backend: 'wasm', dataset: 'spheres', diverged: false });
    expect(typeof rows[3]!.meanStepMs).toBe('number');
    expect(withoutTimes(lines(b.stdout))).toEqual(withoutTimes(rows));
  });

  it('writes a run file that replays with --config to the same numbers', async () => {
    const out = join(dir, 'out');
    const first = await bundle.run('experiment', ['--config', join(dir, 'small.json'), '--steps', '10', '--eval-every', '5', '--out', out]);
    expect(first.code).toBe(0);
    const runFile = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { format: string; history: unknown[]; config: { seed: number } };
    expect(runFile.format).toBe('dystress-lab-run');
    expect(runFile.history).toHaveLength(3);
    expect(runFile.config.seed).toBe(4);
    expect(readFileSync(join(out, 'history.csv'), 'utf8').split('\n')[0]).toMatch(/^step,loss,stepMs,alignment,uniformity/);
    const replay = await bundle.run('experiment', ['--config', join(out, 'run.json'), '--steps', '10', '--eval-every', '5']);
    expect(withoutTimes(lines(replay.stdout))).toEqual(withoutTimes(lines(first.stdout)));
  });

  const bad: [string[], RegExp][] = [
    [['--steps', 'ten'], /--steps must be a positive integer \(got “ten”\)/],
    [['--steps', '-5'], /--steps must be a positive integer \(got “-5”\)/],
    [['--backend', 'gpu'], /--backend must be wasm, cpu or webgpu/],
    [['--dataset', 'cifar'], /--dataset must be spheres, mnist, fashion-mnist, vectors or images/],
    [['--temperature', 'dystress:0.3,0.2'], /--temperature: τ min \(0.3\) must not exceed τ max \(0.2\)/],
    [['--config', '/nonexistent/run.json'], /--config \(\/nonexistent\/run.json\): file not found/],
    [['--config', 'BAD'], /batchSize: Too small/],
    [['--config', 'BROKEN'], /not valid JSON/],
    [['--bogus'], /unknown option --bogus/],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args.join(' ')} with one line`, async () => {
      const resolved = args.map((a) => (a === 'BAD' ? join(dir, 'bad.json') : a === 'BROKEN' ? join(dir, 'broken.json') : a));
      const run = await bundle.run('experiment', resolved);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const stderr = run.stderr.trim().split('\n');
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(/^experiment: /);
      expect(stderr[0]).toMatch(message);
    });
  }
});
