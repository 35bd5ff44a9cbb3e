import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTemperatureSpec, type Temperature } from '../../src/core/temperature';
import { pytorchSnippet } from '../../src/core/temperature/pytorch';
import { randomMatrix } from './support/naive';
import { freshNaiveIsogclrState, ISOGCLR_WALK, naiveIsogclrStep, naiveTauUncertainty } from './support/naivePerSample';

/** The PyTorch modules of the trained temperatures, run by real torch in float64 against the float64 loops. */

const python = '/usr/bin/python3';
const realTorch = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const work = mkdtempSync(join(tmpdir(), 'dystress-pytorch-trained-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function temperature(spec: string): Temperature {
  const t = parseTemperatureSpec(spec);
  if (!t.ok) throw new Error(t.error);
  return t.value;
}

function runPython(code: string, driver: string, input: unknown): unknown {
  writeFileSync(join(work, 'snippet.py'), code);
  writeFileSync(join(work, 'driver.py'), driver);
  const r = spawnSync(python, [join(work, 'driver.py')], { cwd: work, input: JSON.stringify(input), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const { samples: N, batch: B, dim: D, steps: WALK } = ISOGCLR_WALK;

describe('the PyTorch module of a trained temperature', () => {
  it('writes ISogCLRLoss with the run’s bounds and ρ, and no tau(s)', () => {
    const code = pytorchSnippet(temperature('isogclr:0.05,1,4'), { detachTemperature: true, decoupled: false });
    expect(code).toContain('class ISogCLRLoss(torch.nn.Module):');
    expect(code).toContain('def __init__(self, n, tau_min=0.05, tau_max=1.0, rho=4.0, gamma=0.8, tau_init=0.07,');
    expect(code).not.toContain('def tau(');
  });

  it.skipIf(!realTorch)('ISogCLRLoss: five steps of τ_i, s_i, m_i and the objective match the float64 loop (torch float64)', () => {
    const batches = WALK.map(({ index, raw }) => ({ index, raw: Array.from(raw) }));
    const driver = `
import json, sys, torch
import snippet
torch.set_default_dtype(torch.float64)
loss = snippet.ISogCLRLoss(${N})
out = []
for batch in json.load(sys.stdin):
    z = torch.tensor(batch['raw'], dtype=torch.float64).view(${2 * B}, ${D})
    out.append(loss(torch.tensor(batch['index']), z[:${B}], z[${B}:]).item())
print(json.dumps({'losses': out, 'tau': loss.tau.tolist(), 's': loss.s.tolist(), 'm': loss.m.tolist()}))
`;
    const got = runPython(pytorchSnippet(temperature('isogclr:0.05,1'), { detachTemperature: true, decoupled: false }), driver, batches) as {
      losses: number[];
      tau: number[];
      s: number[];
      m: number[];
    };
    const naive = freshNaiveIsogclrState(N);
    const losses = batches.map((b) => naiveIsogclrStep(Float64Array.from(b.raw), B, D, b.index, naive, { tmin: 0.05, tmax: 1, rho: 6 }).objective);
    losses.forEach((l, k) => expect(got.losses[k]).toBeCloseTo(l, 12));
    for (let i = 0; i < N; i++) {
      expect(got.tau[i]).toBeCloseTo(naive.tau[i]!, 12);
      expect(got.s[i]).toBeCloseTo(naive.s[i]!, 9);
      expect(got.m[i]).toBeCloseTo(naive.u[i]!, 12);
    }
  });
  it.skipIf(!realTorch)('TauUncertaintyLoss: the loss matches the float64 loop over TaU_SimCLR (torch float64)', () => {
    const b = 4;
    const raw = Array.from(randomMatrix(2 * b, D, 21));
    const u = Array.from(randomMatrix(2 * b, 1, 22), (x) => 3 * x);
    const driver = `
import json, sys, torch
import snippet
job = json.load(sys.stdin)
z = torch.tensor(job['raw'], dtype=torch.float64).view(${2 * b}, ${D})
u = torch.tensor(job['u'], dtype=torch.float64)
loss = snippet.TauUncertaintyLoss()
print(json.dumps({'loss': loss(z[:${b}], u[:${b}], z[${b}:], u[${b}:]).item(), 'tau': loss.tau(u).tolist()}))
`;
    const code = pytorchSnippet(temperature('tau-uncertainty:0.15'), { detachTemperature: true, decoupled: false });
    expect(code).toContain('def __init__(self, t=0.15, eps=1e-6):');
    const got = runPython(code, driver, { raw, u }) as { loss: number; tau: number[] };
    expect(got.loss).toBeCloseTo(naiveTauUncertainty(Float64Array.from(raw), Float64Array.from(u), b, D, 0.15), 12);
    got.tau.forEach((v, k) => expect(v).toBeCloseTo(0.15 * (1 + Math.exp(-u[k]!)), 12));
  });
});
