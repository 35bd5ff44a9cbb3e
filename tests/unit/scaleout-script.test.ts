import { describe, expect, it } from 'vitest';
import { parseTrainingConfig } from '../../src/core/config';
import { interfaceProblems, trainScript } from '../../src/core/scaleout/trainScript';
import { createTemperature } from '../../src/core/temperature';
import { pytorchSnippet } from '../../src/core/temperature/pytorch';

/** train.py as text (no Python here; tests/unit/scaleout.test.ts runs it): what it carries, and what it refuses. */

const config = (input: Record<string, unknown>) => {
  const parsed = parseTrainingConfig(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('trainScript', () => {
  it('carries the generated τ and loss, the config and the flags’ defaults', () => {
    const script = trainScript(config({ seed: 11, loss: { decoupled: true } }), { version: '9.9', steps: 77, evalEvery: 7, checkpointEvery: 70 });
    expect(script.ok).toBe(true);
    if (!script.ok) return;
    expect(script.value).toContain('def nt_xent(z1, z2, detach_tau=True, decoupled=True):');
    expect(script.value).toContain("LAB_VERSION = '9.9'");
    expect(script.value).toContain('"seed": 11');
    expect(script.value).toContain("'--steps', type=int, default=77");
    expect(script.value).toContain("'--eval-every', type=int, default=7");
    expect(script.value).toContain("'--checkpoint-every', type=int, default=70");
    expect(script.value).not.toMatch(/__[A-Z_]+__/);
    expect(script.value).toContain("SWEEP_CELLS = json.loads(r'''{}''')");
  });

  it('writes JSON inside raw Python strings with every quote escaped (a sweep cell carries code with quotes)', () => {
    const base = config({});
    const script = trainScript(base, {}, { 'cell-0': config({ temperature: { family: 'constant', params: { tau: 0.3 } } }) });
    expect(script.ok).toBe(true);
    if (!script.ok) return;
    const raw = [...script.value.matchAll(/json\.loads\(r'''([\s\S]*?)'''\)/g)].map((m) => m[1]!);
    expect(raw).toHaveLength(2);
    for (const text of raw) expect(text).not.toContain("'");
    const cells = JSON.parse(raw[1]!) as Record<string, { config: { temperature: unknown }; code: string }>;
    expect(cells['cell-0']!.config.temperature).toEqual({ family: 'constant', params: { tau: 0.3 } });
    expect(cells['cell-0']!.code).toContain("masked_fill(excluded, float('-inf'))");
    expect(cells['cell-0']!.code).toContain('return torch.full_like(s, 0.3)');
  });

  it('refuses bad defaults by name', () => {
    const r = trainScript(config({}), { steps: 0 });
    expect(r).toEqual({ ok: false, error: 'steps must be a whole number ≥ 1 (got 0)' });
  });
});

describe('interfaceProblems: what train.py can call', () => {
  const dystress = createTemperature({ family: 'dystress', params: { tmin: 0.1, tmax: 0.2 } });
  const macl = createTemperature({ family: 'macl', params: {} });
  if (!dystress.ok || !macl.ok) throw new Error('temperature');
  const loss = { detachTemperature: true, decoupled: false };

  it('accepts the generator’s tau and nt_xent, with step and alignment', () => {
    expect(interfaceProblems(pytorchSnippet(dystress.value, loss))).toEqual([]);
    expect(interfaceProblems(pytorchSnippet(macl.value, loss))).toEqual([]);
    expect(interfaceProblems('def tau(s, step=0):\n    pass\ndef nt_xent(z1, z2, step=0, detach_tau=True):\n    pass\n')).toEqual([]);
  });

  it('names what it cannot supply or find', () => {
    expect(interfaceProblems('def tau(s):\n    pass\ndef nt_xent(z1, z2, log_tau, step=0):\n    pass\n')).toEqual([
      'needs log_tau for nt_xent, which train.py cannot supply',
    ]);
    expect(interfaceProblems('class LearnableTau:\n    pass\ndef nt_xent(z1, z2):\n    pass\n')).toEqual(['does not define tau(s, …)']);
    expect(interfaceProblems('def tau(s):\n    pass\ndef nt_xent(logits, labels):\n    pass\n')).toEqual([
      'defines nt_xent(logits, labels), not nt_xent(z1, z2, …)',
    ]);
  });
});
