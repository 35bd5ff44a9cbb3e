/**
 * `npm run export-pytorch` (the Node bundle): train.py from a run file and the runner's flags, one-line errors,
 * and a sweep exported with --sweep, one of its cells trained by Python, collected back by
 * `npm run sweep -- --collect` into sweep.json and sweep.csv.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepFile } from '../../src/core/sweep/results';
import { buildCliBundle, SMALL_CONFIG } from './support/cliBundle';
import { PYTHON, runPython, torchProblem } from './support/torchLaunch';

let bundle: ReturnType<typeof buildCliBundle>;
let dir: string;
const small = SMALL_CONFIG;

beforeAll(() => {
  bundle = buildCliBundle('export-pytorch-cli-test');
  dir = mkdtempSync(join(tmpdir(), 'export-pytorch-cli-'));
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ format: 'dystress-lab-run', version: 1, config: small, history: [] }));
});

afterAll(() => {
  bundle.remove();
  rmSync(dir, { recursive: true, force: true });
});

const compiles = (file: string) => spawnSync(PYTHON, ['-m', 'py_compile', file], { encoding: 'utf8' });

describe('export-pytorch CLI', () => {
  it('writes train.py from a run file with the runner’s flags written over it', async () => {
    const out = join(dir, 'one');
    const r = await bundle.run('exportPytorch', ['--config', join(dir, 'run.json'), '--temperature', 'dystress:0.07,0.3', '--batch', '24', '--steps', '50', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(join(out, 'train.py'));
    const script = readFileSync(join(out, 'train.py'), 'utf8');
    expect(script).toContain('def tau(s):\n    """');
    expect(script).toContain('return 0.07 + 0.22999999999999998 * (0.5 * (1 + torch.cos(math.pi * (1 + s))))');
    expect(script).toContain("'--steps', type=int, default=50");
    expect(script).toContain('"batchSize": 24');
    expect(script).toContain('"instancesPerClass": 30');
    const compiled = compiles(join(out, 'train.py'));
    expect(compiled.status, compiled.stderr).toBe(0);
  });

  it('refuses what it cannot export with one line and exit code 2', async () => {
    const kukleva = await bundle.run('exportPytorch', ['--temperature', 'kukleva:0.1,1,1000', '--out', join(dir, 'k')]);
    expect(kukleva.code).toBe(2);
    expect(kukleva.stderr.trim().split('\n')).toHaveLength(1);
    expect(kukleva.stderr).toMatch(/^export-pytorch: the Cosine schedule over training \(Kukleva et al\.\) temperature cannot be exported/);
    const noOut = await bundle.run('exportPytorch', []);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out DIR is required');
    const clash = await bundle.run('exportPytorch', ['--sweep', join(dir, 'missing.json'), '--temperature', 'constant:0.2', '--out', join(dir, 'c')]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--sweep takes the config');
  });
});

describe('a sweep exported for torchrun and Slurm, collected back', () => {
  it('one train.py for every cell, a launcher and a job array; the collected runs give sweep.json and sweep.csv', async () => {
    const problem = torchProblem();
    if (problem) throw new Error(problem);
    const definition = { base: small, x: { param: 'tmin', values: [0.05, 0.1, 0.4] }, seeds: [1, 2], steps: 4, evalEvery: 2, referenceTaus: [0.2] };
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ format: 'dystress-lab-sweep', version: 1, definition, runs: [] }));
    const out = join(dir, 'sweep');
    const r = await bundle.run('exportPytorch', ['--sweep', join(dir, 'sweep.json'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);

    // tmin = 0.4 exceeds the default τ max 0.2: refused, as the sweep here skips it.
    const launch = readFileSync(join(out, 'launch.sh'), 'utf8').split('\n');
    const commands = launch.filter((l) => l.startsWith('run '));
    expect(commands).toHaveLength(6);
    expect(commands[0]).toBe('run --cell cell-0 --seed 1 --steps 4 --eval-every 2 --out runs/cell-0-seed-1');
    expect(launch.filter((l) => l.startsWith('# skipped cell-2'))).toHaveLength(2);
    const slurm = readFileSync(join(out, 'slurm.sbatch'), 'utf8');
    expect(slurm).toContain('#SBATCH --array=0-5');
    expect(readFileSync(join(out, 'runs.txt'), 'utf8').trim().split('\n')).toEqual(commands.map((c) => c.slice(4)));

    // One cell trained by the script itself (one process), its τ the cell's.
    const trained = await runPython([join(out, 'train.py'), '--data', 'spheres', ...commands[2]!.slice(4).split(' ')], { cwd: out });
    expect(trained.code, trained.stderr).toBe(0);
    const cellRun = JSON.parse(readFileSync(join(out, 'runs/cell-1-seed-1/run.json'), 'utf8')) as { config: { temperature: unknown; seed: number }; source: { cell: string } };
    expect(cellRun.config.temperature).toEqual({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
    expect(cellRun.source.cell).toBe('cell-1');
    // The others stand in as the script writes them (one left unfinished).
    const history = (knn: number) => [
      { step: 0, loss: null, stepMs: null, alignment: 0.5, uniformity: -1, knnAccuracy: 0.4 },
      { step: 4, loss: 4.2, stepMs: 3, alignment: 0.4, uniformity: -2, knnAccuracy: knn },
    ];
    const fake = (name: string, knn: number, finished: boolean) => {
      mkdirSync(join(out, 'runs', name), { recursive: true });
      writeFileSync(join(out, 'runs', name, 'run.json'), JSON.stringify({ format: 'dystress-lab-run', version: 1, config: small, source: { tool: 'pytorch', finished }, history: history(knn) }));
    };
    fake('cell-0-seed-1', 0.6, true);
    fake('cell-0-seed-2', 0.7, true);
    fake('cell-1-seed-2', 0.8, true);
    fake('tau-0.2-seed-1', 0.5, true);
    fake('tau-0.2-seed-2', 0.55, false);

    const collected = await bundle.run('sweep', ['--collect', out]);
    expect(collected.code, collected.stderr).toBe(0);
    expect(JSON.parse(collected.stdout)).toMatchObject({ collected: 5, skipped: 2, pending: 1 });
    expect(collected.stderr).toContain('runs/tau-0.2-seed-2');
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepFile;
    expect(sweep.format).toBe('dystress-lab-sweep');
    expect(sweep.runs.filter((run) => run.status === 'ok')).toHaveLength(5);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv[0]!.startsWith('tmin,constantTau,seed,status,knnAccuracy,')).toBe(true);
    expect(csv.slice(1, 3)).toEqual([expect.stringMatching(/^0\.05,,1,ok,0\.6,/), expect.stringMatching(/^0\.05,,2,ok,0\.7,/)]);
    expect(csv.filter((l) => l.startsWith('0.4,,'))).toEqual([expect.stringContaining(',skipped,'), expect.stringContaining(',skipped,')]);
    expect(csv.at(-1)).toMatch(/^,0\.2,1,ok,0\.5,/);
  }, 120_000);
});
