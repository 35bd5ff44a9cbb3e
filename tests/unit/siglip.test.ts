import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLossOptions, objectiveProblem, sigmoidPairLabels, siglipLoss, SIGLIP_INIT, type LossOptions } from '../../src/core/loss';
import { negativeProfile } from '../../src/core/analysis';
import { effectiveTemperature, parseTemperatureSpec, type Temperature } from '../../src/core/temperature';
import { pytorchSnippet } from '../../src/core/temperature/pytorch';
import { historyPoint, Trainer } from '../../src/core/trainer';
import { unwrap } from './support/fixtures';
import { finiteDifferenceGradient, normaliseRows, randomMatrix } from './support/naive';
import { smallTrainingConfig, spheresOf, TINY_TASK, trainerFor } from './support/trainers';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const spec = (text: string): Temperature => unwrap(parseTemperatureSpec(text));

/** log σ(x), stable for large |x|. */
const logSigmoid = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

/**
 * big_vision's SigLIP loss, on the SimCLR 2B batch in float64 loops: logits = s·t/τ(s) + b, labels +1 for the
 * positive (i ± B) and −1 for every other pair of the row, the row's own column left out; nll = −Σ_j log σ(y·logit),
 * mean over rows.
 */
function naiveSiglip(raw: Float64Array, rows: number, cols: number, logT: number, bias: number, tau: (s: number) => number): number {
  const z = normaliseRows(raw, rows, cols);
  const t = Math.exp(logT);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    let nll = 0;
    for (let j = 0; j < rows; j++) {
      if (j === i) continue;
      let s = 0;
      for (let k = 0; k < cols; k++) s += z[i * cols + k]! * z[j * cols + k]!;
      const logit = (s * t) / tau(s) + bias;
      const y = j === (i + rows / 2) % rows ? 1 : -1;
      nll -= logSigmoid(y * logit);
    }
    total += nll;
  }
  return total / rows;
}

const B = 5;
const D = 4;
const raw = randomMatrix(2 * B, D, 9);

function tfSiglip(x: Float64Array, logT: number, bias: number, options: LossOptions): { loss: number; dz: number[]; dLogT: number; dBias: number } {
  return tf.tidy(() => {
    const f = (z: tf.Tensor, lt: tf.Tensor, b: tf.Tensor) => {
      const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return siglipLoss(z1, z2, options, lt as tf.Scalar, b as tf.Scalar);
    };
    const { value, grads } = tf.valueAndGrads(f)([tf.tensor2d(Float32Array.from(x), [2 * B, D]), tf.scalar(logT), tf.scalar(bias)]);
    return {
      loss: value.arraySync() as number,
      dz: (grads[0]!.arraySync() as number[][]).flat(),
      dLogT: grads[1]!.arraySync() as number,
      dBias: grads[2]!.arraySync() as number,
    };
  });
}

describe('SigLIP pairwise sigmoid loss vs big_vision’s loss in float64 loops', () => {
  it('labels: +1 at i ± B, −1 at every other pair, 0 on the diagonal', () => {
    const labels = tf.tidy(() => sigmoidPairLabels(6).arraySync());
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(labels[i]![j]! + 0).toBe(i === j ? 0 : j === (i + 3) % 6 ? 1 : -1);
  });
  for (const [name, logT, bias] of [
    ['the initial t = 10, b = −10', SIGLIP_INIT.logT, SIGLIP_INIT.bias],
    ['t = 3, b = 1.5', Math.log(3), 1.5],
  ] as const) {
    it(`value, τ = 1 (the paper's t·s + b), ${name}`, () => {
      const t = spec('constant:1');
      expect(tfSiglip(raw, logT, bias, defaultLossOptions(t)).loss).toBeCloseTo(naiveSiglip(raw, 2 * B, D, logT, bias, () => 1), 3);
    });
  }
  it('value with a per-pair τ(s): logits t·s/τ(s) + b', () => {
    const t = spec('dystress:0.1,0.2');
    const expected = naiveSiglip(raw, 2 * B, D, Math.log(2), -3, (s) => t.scalar(s));
    expect(tfSiglip(raw, Math.log(2), -3, defaultLossOptions(t)).loss).toBeCloseTo(expected, 3);
  });
  it('∂L/∂t′, ∂L/∂b and ∂L/∂z equal finite differences of the reference', () => {
    const t = spec('dystress:0.1,0.2');
    const options = { ...defaultLossOptions(t), detachTemperature: false };
    const tau = (s: number) => t.scalar(s);
    const [logT, bias] = [Math.log(2), -3];
    const got = tfSiglip(raw, logT, bias, options);
    const h = 1e-6;
    const fdLogT = (naiveSiglip(raw, 2 * B, D, logT + h, bias, tau) - naiveSiglip(raw, 2 * B, D, logT - h, bias, tau)) / (2 * h);
    const fdBias = (naiveSiglip(raw, 2 * B, D, logT, bias + h, tau) - naiveSiglip(raw, 2 * B, D, logT, bias - h, tau)) / (2 * h);
    expect(Math.abs(fdLogT)).toBeGreaterThan(1e-2);
    expect(got.dLogT).toBeCloseTo(fdLogT, 3);
    expect(got.dBias).toBeCloseTo(fdBias, 3);
    const fdZ = finiteDifferenceGradient((x) => naiveSiglip(x, 2 * B, D, logT, bias, tau), raw);
    const scale = Math.max(...fdZ.map(Math.abs));
    got.dz.forEach((g, k) => expect(Math.abs(g - fdZ[k]!) / scale).toBeLessThan(2e-3));
  });
  it('refuses a learned τ (two learned scales) and MACL (its reweighting needs a softmax)', () => {
    expect(objectiveProblem('siglip', spec('learnable:0.1'))).toMatch(/learns its own scale t/);
    expect(objectiveProblem('siglip', spec('macl:0.1,0.5,0'))).toMatch(/softmax/);
    expect(objectiveProblem('siglip', spec('temperature-free'))).toBeNull();
    expect(objectiveProblem('nt-xent', spec('learnable:0.1'))).toBeNull();
  });
});

describe('the trainer with SigLIP', () => {
  const config = (temperature: string, objective = 'siglip') =>
    smallTrainingConfig({ ...TINY_TASK, seed: 4, temperature: spec(temperature).setting, loss: { objective } });
  it('learns t and b from 10 and −10, reports them, and its τ statistics are τ(s)/t', async () => {
    const c = config('constant:1');
    const trainer = trainerFor(c);
    const first = await trainer.snapshot();
    expect(first.learned?.tau).toBeCloseTo(0.1, 6);
    expect(first.learned?.bias).toBeCloseTo(-10, 6);
    trainer.train(30);
    const later = await trainer.snapshot();
    const { tau, bias } = later.learned!;
    expect(Number.isFinite(later.loss)).toBe(true);
    expect(Math.abs(bias! + 10)).toBeGreaterThan(1e-3);
    expect(Math.abs(tau - 0.1)).toBeGreaterThan(1e-4);
    expect(later.tau.negative.mean).toBeCloseTo(tau, 6);
    expect(historyPoint(later).learnedBias).toBeCloseTo(bias!, 6);
    // A learned τ on top of SigLIP is refused live, and the run goes on unchanged.
    expect(trainer.setParams({ temperature: spec('learnable:0.1').setting }).ok).toBe(false);
    expect(trainer.temperature.family.id).toBe('constant');
    trainer.dispose();
    expect(Trainer.create(config('learnable:0.1'), spheresOf(c)).ok).toBe(false);
  });
});

const python = '/usr/bin/python3';
const realTorch = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!realTorch)('the PyTorch export with --loss siglip (real torch, float64)', () => {
  it.each(['constant:1', 'dystress:0.1,0.2'])('siglip_loss and ∂L/∂t′, ∂L/∂b equal the reference, %s', (text) => {
    const t = spec(text);
    const code = pytorchSnippet(t, { detachTemperature: true, decoupled: false, objective: 'siglip' });
    const dir = mkdtempSync(join(tmpdir(), 'siglip-'));
    writeFileSync(join(dir, 'snippet.py'), code);
    const [logT, bias] = [Math.log(3), -2];
    const script = [
      'import json, sys, torch',
      `sys.path.insert(0, ${JSON.stringify(dir)})`,
      'import snippet',
      `z = torch.tensor(${JSON.stringify(Array.from(raw))}, dtype=torch.float64).reshape(${2 * B}, ${D})`,
      'scale = snippet.SigLIPScale().double()',
      'init = [scale.t_prime.item(), scale.bias.item()]',
      `with torch.no_grad(): scale.t_prime.fill_(${logT}); scale.bias.fill_(${bias})`,
      `loss = snippet.siglip_loss(z[:${B}], z[${B}:], scale)`,
      'loss.backward()',
      'print(json.dumps([loss.item(), scale.t_prime.grad.item(), scale.bias.grad.item()] + init))',
    ].join('\n');
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    const [loss, dLogT, dBias, initLogT, initBias] = JSON.parse(r.stdout) as number[];
    const tau = (s: number) => t.scalar(s);
    const f = (lt: number, b: number) => naiveSiglip(raw, 2 * B, D, lt, b, tau);
    const h = 1e-6;
    expect(loss).toBeCloseTo(f(logT, bias), 10);
    expect(dLogT).toBeCloseTo((f(logT + h, bias) - f(logT - h, bias)) / (2 * h), 6);
    expect(dBias).toBeCloseTo((f(logT, bias + h) - f(logT, bias - h)) / (2 * h), 6);
    expect(initLogT).toBeCloseTo(Math.log(10), 6);
    expect(initBias).toBe(-10);
  });
});

describe('the gradient figure’s weights under SigLIP', () => {
  const rows = 2 * B;
  const z = normaliseRows(raw, rows, D);
  const similarity = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) for (let k = 0; k < D; k++) similarity[i * rows + j] += z[i * D + k]! * z[j * D + k]!;
  const base = spec('dystress:0.1,0.2');
  const [t, bias] = [4, -2];
  const trainedWith = effectiveTemperature(base, { tau: 1 / t, bias });
  const sigma = (x: number) => 1 / (1 + Math.exp(-x));

  it('each negative weighs σ(t·s/τ(s) + b)·t/τ(s), relative to the positive’s (1 − σ)·t/τ', () => {
    const profile = negativeProfile(similarity, rows, trainedWith, undefined, { bias });
    let k = 0;
    for (let i = 0; i < rows; i++) {
      const p = (i + B) % rows;
      const sp = similarity[i * rows + p]!;
      const positive = (1 - sigma((t * sp) / base.scalar(sp) + bias)) * (t / base.scalar(sp));
      for (let j = 0; j < rows; j++) {
        if (j === i || j === p) continue;
        const s = similarity[i * rows + j]!;
        const w = sigma((t * s) / base.scalar(s) + bias) * (t / base.scalar(s));
        expect(profile.weight[k]).toBeCloseTo(w, 10);
        expect(profile.relativePenalty[k]).toBeCloseTo(w / positive, 8);
        k++;
      }
    }
  });
  it('moving one negative changes no other negative’s weight (softmax: every weight of the row changes)', () => {
    const moved = Float64Array.from(similarity);
    moved[0 * rows + 1] = moved[1 * rows + 0] = 0.9;
    const weights = (m: Float64Array, sigmoid?: { bias: number }) => negativeProfile(m, rows, trainedWith, undefined, sigmoid).weight;
    const [before, after] = [weights(similarity, { bias }), weights(moved, { bias })];
    const [softBefore, softAfter] = [weights(similarity), weights(moved)];
    // Row 0's negatives are entries 0 … rows − 3; entry 0 is the moved pair (0, 1).
    for (let k = 1; k < rows - 2; k++) {
      expect(after[k]).toBe(before[k]);
      expect(Math.abs(softAfter[k]! / softBefore[k]! - 1)).toBeGreaterThan(1e-3);
    }
  });
});
