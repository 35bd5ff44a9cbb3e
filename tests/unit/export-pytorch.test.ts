import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTemperature, type Temperature, type TemperatureSetting } from '../../src/core/temperature';
import { pytorchSnippet, pytorchTau } from '../../src/core/temperature/pytorch';
import { naiveNtXent, normaliseRows, randomMatrix } from './support/naive';

/**
 * The PyTorch snippet is generated from the one definition of each temperature; here it is run by Python
 * (with a small torch stand-in on plain floats, and with real torch when it is installed) and must give the
 * same τ(s) as the JS definition.
 */

function temperature(setting: TemperatureSetting): Temperature {
  const t = createTemperature(setting);
  if (!t.ok) throw new Error(t.error);
  return t.value;
}

const LOSS = { detachTemperature: true, decoupled: false };

/** The first Python 3 that runs: Debian's (where python3-torch installs) or the one on PATH. */
function findPython(): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === '3') return candidate;
  }
  return null;
}
const python = findPython();
const realTorch = python !== null && spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const work = mkdtempSync(join(tmpdir(), 'dystress-pytorch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const RUNNER = `
import importlib.util, json, sys
if sys.argv[1] == 'stub':
    sys.path.insert(0, sys.argv[2])
    import torch_stub  # noqa: F401  (installs the stand-in as "torch")
import torch
results = []
for job in json.load(sys.stdin):
    spec = importlib.util.spec_from_file_location('snippet', job['file'])
    snippet = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(snippet)
    taus = []
    for case in job['cases']:
        s = torch.tensor(case['s'], dtype=torch.float64)
        kwargs = {}
        if 'step' in case:
            kwargs['step'] = case['step']
        if 'alignment' in case:
            kwargs['alignment'] = torch.tensor(case['alignment'], dtype=torch.float64)
        taus.append(snippet.tau(s, **kwargs).tolist())
    losses = []
    for case in job.get('losses', []):
        z1 = torch.tensor(case['z1'], dtype=torch.float64)
        z2 = torch.tensor(case['z2'], dtype=torch.float64)
        losses.append(snippet.nt_xent(z1, z2, decoupled=case['decoupled']).item())
    results.append({'taus': taus, 'losses': losses})
print(json.dumps(results))
`;
writeFileSync(join(work, 'runner.py'), RUNNER);

interface Case {
  readonly s: number[];
  readonly step?: number;
  readonly alignment?: number;
}

interface LossCase {
  readonly z1: number[][];
  readonly z2: number[][];
  readonly decoupled: boolean;
}

interface Job {
  readonly code: string;
  readonly cases: readonly Case[];
  readonly losses?: readonly LossCase[];
}

/** Runs every job in one Python process (importing torch takes seconds). */
function runPython(jobs: readonly Job[], mode: 'stub' | 'torch'): { taus: number[][]; losses: number[] }[] {
  const input = jobs.map((job, k) => {
    const file = join(work, `snippet_${mode}_${k}.py`);
    writeFileSync(file, job.code);
    return { file, cases: job.cases, losses: job.losses ?? [] };
  });
  const r = spawnSync(python!, [join(work, 'runner.py'), mode, resolve(import.meta.dirname, 'support')], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as { taus: number[][]; losses: number[] }[];
}

const S = Array.from({ length: 41 }, (_, i) => -1 + i / 20);

const SETTINGS: readonly TemperatureSetting[] = [
  { family: 'constant', params: { tau: 0.37 } },
  { family: 'dystress', params: { tmin: 0.07, tmax: 0.3 } },
  { family: 'dystress-shifted', params: { tmin: 0.1, tmax: 0.2, shift: -0.4, scale: 0.7 } },
  { family: 'cosconst', params: { tmin: 0.07, tmax: 0.2 } },
  { family: 'exponential', params: { a: 0.2, b: 0.1, c: 3.5 } },
  { family: 'linear', params: { tmin: 0.05, tmax: 0.45 } },
  { family: 'macl', params: { tau0: 0.1, alpha: 0.5, a0: 0.2 } },
  { family: 'temperature-free', params: {} },
  { family: 'custom', params: {}, formula: '0.1 + 0.05*(1 - cos(pi*s))' },
  { family: 'custom', params: {}, formula: 's < -0.2 ? 0.1 + 0.02*abs(s)^2 : max(0.12, 0.2*tanh(1 + s))' },
  { family: 'custom', params: {}, formula: 'min(0.3, 0.1 + sqrt(1 + s)/10) * exp(-t/2000) + log(e + s^2)/20' },
  { family: 'custom', params: {}, formula: '0.2 - -0.05*sin(s) + 0.01*tan(s/2) + 0.02*pow(2, s) + 1/(10 + t)' },
  { family: 'custom', params: {}, formula: 't < 100 ? 0.5 : 0.1' },
];

function cases(t: Temperature): Case[] {
  const steps = t.family.dependsOn.includes('step') ? [0, 99, 100, 1234] : [undefined];
  const alignments = t.family.dependsOn.includes('alignment') ? [-0.3, 0, 0.8] : [undefined];
  return steps.flatMap((step) => alignments.map((alignment) => ({ s: S, ...(step !== undefined ? { step } : {}), ...(alignment !== undefined ? { alignment } : {}) })));
}

function expectSameTau(t: Temperature, got: number[][], list: readonly Case[]): void {
  list.forEach((c, k) => {
    const expected = c.s.map((s) => t.scalar(s, { step: c.step ?? 0, alignment: c.alignment ?? 0 }));
    expect(got[k]).toHaveLength(expected.length);
    got[k]!.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(expected[i]!))));
  });
}

describe('pytorchTau: the expression is the definition', () => {
  it('writes DySTreSS as its formula, constants exact, parentheses only where needed', () => {
    const t = temperature({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
    expect(pytorchTau(t).expression).toBe('0.1 + 0.1 * (0.5 * (1 + torch.cos(math.pi * (1 + s))))');
  });

  it('writes the shifted DySTreSS as a torch.where with the flat branch as a tensor', () => {
    const t = temperature({ family: 'dystress-shifted', params: { tmin: 0.1, tmax: 0.2, shift: -0.4, scale: 0.7 } });
    expect(pytorchTau(t).expression).toBe(
      'torch.where(s <= 0.4, 0.1 + 0.1 * (0.5 * (1 + torch.cos(math.pi * (s + -0.4) / 0.7))), s.new_tensor(0.2))',
    );
  });

  it('keeps a custom formula’s step symbolic and a constant shaped like s', () => {
    const stepped = pytorchTau(temperature({ family: 'custom', params: {}, formula: '0.1 + 0.1*exp(-t/500)' }));
    expect(stepped.arguments).toEqual(['step']);
    expect(stepped.expression).toBe('torch.full_like(s, 0.1 + 0.1 * math.exp(-step / 500))');
    expect(pytorchTau(temperature({ family: 'constant', params: { tau: 0.5 } })).expression).toBe('torch.full_like(s, 0.5)');
    // jsep reads -s^2 as (-s)^2; the code follows the definition.
    expect(pytorchTau(temperature({ family: 'custom', params: {}, formula: '-s^2 + 0.5' })).expression).toBe('(-s) ** 2 + 0.5');
    expect(pytorchTau(temperature({ family: 'custom', params: {}, formula: '-(s^2)/4 + 0.5' })).expression).toBe('-s ** 2 / 4 + 0.5');
  });

  it('passes MACL’s alignment A as a tensor argument', () => {
    const t = pytorchTau(temperature({ family: 'macl', params: { tau0: 0.1, alpha: 0.5, a0: 0 } }));
    expect(t.arguments).toEqual(['alignment']);
    expect(t.expression).toBe('(0.1 * (1 + 0.5 * (alignment - 0))).expand_as(s)');
  });

  it('writes Kukleva’s schedule (computed on plain numbers in its definition) at the given step, and says so', () => {
    const t = temperature({ family: 'kukleva', params: { tmin: 0.1, tmax: 1, period: 1000 } });
    const tau = pytorchTau(t, 250);
    expect(tau.fixedStep).toBe(250);
    expect(tau.arguments).toEqual([]);
    expect(tau.expression).toBe(`torch.full_like(s, ${t.scalar(0, { step: 250 })})`);
    expect(pytorchSnippet(t, LOSS, { step: 250 })).toContain('written here at step 250');
  });
});

describe('pytorchSnippet: the module', () => {
  it('defines tau and nt_xent with the run’s loss options as defaults', () => {
    const code = pytorchSnippet(temperature({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } }), { detachTemperature: false, decoupled: true }, { version: '9.9.9' });
    expect(code).toContain('def tau(s):');
    expect(code).toContain('def nt_xent(z1, z2, detach_tau=False, decoupled=True):');
    expect(code).toContain('DySTreSS Lab 9.9.9');
    expect(code).toContain('#   τ min = 0.1');
    expect(code).not.toContain('weight.detach()');
  });

  it('adds MACL’s alignment and reweighting only for MACL', () => {
    const code = pytorchSnippet(temperature({ family: 'macl', params: {} }), LOSS);
    expect(code).toContain('def tau(s, alignment):');
    expect(code).toContain('alignment = (z[:b] * z[b:]).sum(dim=1).mean().detach()');
    expect(code).toContain('row_loss = row_loss * weight.detach()');
  });
});

function tauJobs(): { temperatures: Temperature[]; jobs: Job[] } {
  const temperatures = SETTINGS.map(temperature);
  return { temperatures, jobs: temperatures.map((t) => ({ code: pytorchSnippet(t, LOSS), cases: cases(t) })) };
}

describe.skipIf(python === null)(`the snippet run by Python (${python ?? 'no python3'}) gives the JS τ(s)`, () => {
  it('with the torch stand-in, for every family and several custom formulas', () => {
    const { temperatures, jobs } = tauJobs();
    const results = runPython(jobs, 'stub');
    temperatures.forEach((t, k) => expectSameTau(t, results[k]!.taus, jobs[k]!.cases));
  });

  it.skipIf(!realTorch)('with real torch (float64), for every family and several custom formulas', () => {
    const { temperatures, jobs } = tauJobs();
    const results = runPython(jobs, 'torch');
    temperatures.forEach((t, k) => expectSameTau(t, results[k]!.taus, jobs[k]!.cases));
  });

  it('a wrong constant in the snippet is caught (the comparison can fail)', () => {
    const t = temperature({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
    const list = cases(t);
    const broken = pytorchSnippet(t, LOSS).replace('0.1 + 0.1 *', '0.1 + 0.1000001 *');
    const [result] = runPython([{ code: broken, cases: list }], 'stub');
    expect(() => expectSameTau(t, result!.taus, list)).toThrow();
  });
});

const B = 6;
const D = 5;
const rowsOf = (flat: Float64Array, from: number, to: number): number[][] =>
  Array.from({ length: to - from }, (_, i) => Array.from(flat.subarray((from + i) * D, (from + i + 1) * D)));

/** Mean positive-pair cosine similarity of [z1; z2] (MACL's A). */
function alignmentOf(raw: Float64Array): number {
  const z = normaliseRows(raw, 2 * B, D);
  let sum = 0;
  for (let i = 0; i < B; i++) for (let k = 0; k < D; k++) sum += z[i * D + k]! * z[(i + B) * D + k]!;
  return sum / B;
}

describe.skipIf(python === null)('nt_xent equals the lab’s loss (naive float64 reference)', () => {
  const lossSettings: readonly TemperatureSetting[] = [
    { family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } },
    { family: 'dystress-shifted', params: { tmin: 0.1, tmax: 0.2, shift: -0.4, scale: 0.7 } },
    { family: 'macl', params: { tau0: 0.1, alpha: 0.5, a0: 0 } },
    { family: 'temperature-free', params: {} },
    { family: 'custom', params: {}, formula: '0.05 + 0.1*abs(s)' },
  ];
  const modes = realTorch ? (['stub', 'torch'] as const) : (['stub'] as const);
  it.each(modes)('for DySTreSS, DySTreSS*, MACL and a custom formula, with and without DCL (%s)', (mode) => {
    const raw = randomMatrix(2 * B, D, 7);
    const losses: LossCase[] = [false, true].map((decoupled) => ({ z1: rowsOf(raw, 0, B), z2: rowsOf(raw, B, 2 * B), decoupled }));
    const temperatures = lossSettings.map(temperature);
    const results = runPython(temperatures.map((t) => ({ code: pytorchSnippet(t, LOSS), cases: [], losses })), mode);
    const alignment = alignmentOf(raw);
    temperatures.forEach((t, k) => {
      const macl = t.family.reweighting === 'macl';
      losses.forEach((c, i) => {
        const expected = naiveNtXent(raw, 2 * B, D, (s) => t.scalar(s, { alignment }), { decoupled: c.decoupled, macl });
        expect(results[k]!.losses[i], `${t.family.id} decoupled=${c.decoupled}`).toBeCloseTo(expected, 10);
      });
    });
    // The cases differ, so equal numbers above are not an accident of the data.
    expect(new Set(results.flatMap((r) => r.losses.map((l) => l.toFixed(6)))).size).toBe(temperatures.length * losses.length);
  });
});
