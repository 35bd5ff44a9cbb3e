import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingConfig } from '../../src/core/config';
import { defaultLossOptions, learnedScaleNtXentLoss } from '../../src/core/loss';
import { effectiveTemperature, parseTemperatureSpec, type Temperature } from '../../src/core/temperature';
import { pytorchSnippet } from '../../src/core/temperature/pytorch';
import { historyPoint, learnedParametersFor, type LearnedScale } from '../../src/core/trainer';
import { unwrap } from './support/fixtures';
import { finiteDifferenceGradient, naiveLogitNtXent, randomMatrix } from './support/naive';
import { smallTrainingConfig, TINY_TASK, trainerFor } from './support/trainers';

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

const spec = (text: string): Temperature => unwrap(parseTemperatureSpec(text));

/** CLIP's loss on the SimCLR 2B batch in plain float64 loops: logits = exp(θ)·s_ij, cross-entropy per row. */
const naiveClipScaled = (raw: Float64Array, rows: number, cols: number, theta: number): number => naiveLogitNtXent(raw, rows, cols, (s) => Math.exp(theta) * s);

const B = 5;
const D = 4;
const raw = randomMatrix(2 * B, D, 5);
const theta = Math.log(1 / 0.2);

function tfLossAndGrads(x: Float64Array, th: number): { loss: number; dz: number[]; dTheta: number } {
  return tf.tidy(() => {
    const z = tf.tensor2d(Float32Array.from(x), [2 * B, D]);
    const t = tf.scalar(th);
    const options = defaultLossOptions(spec('learnable:0.2'));
    const f = (zz: tf.Tensor, tt: tf.Tensor) => {
      const [z1, z2] = tf.split(zz, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return learnedScaleNtXentLoss(z1, z2, tt as tf.Scalar, options);
    };
    const { value, grads } = tf.valueAndGrads(f)([z, t]);
    return { loss: value.arraySync() as number, dz: (grads[0]!.arraySync() as number[][]).flat(), dTheta: grads[1]!.arraySync() as number };
  });
}

describe('learnable:T0 — logits = e^θ·s with θ learned (CLIP)', () => {
  it('the loss equals the float64 reference', () => {
    expect(tfLossAndGrads(raw, theta).loss).toBeCloseTo(naiveClipScaled(raw, 2 * B, D, theta), 4);
    expect(tfLossAndGrads(raw, Math.log(50)).loss).toBeCloseTo(naiveClipScaled(raw, 2 * B, D, Math.log(50)), 3);
  });
  it('∂L/∂θ and ∂L/∂z equal finite differences of the reference', () => {
    const { dz, dTheta } = tfLossAndGrads(raw, theta);
    const h = 1e-6;
    const fdTheta = (naiveClipScaled(raw, 2 * B, D, theta + h) - naiveClipScaled(raw, 2 * B, D, theta - h)) / (2 * h);
    expect(Math.abs(fdTheta)).toBeGreaterThan(1e-3);
    expect(dTheta).toBeCloseTo(fdTheta, 4);
    const fdZ = finiteDifferenceGradient((x) => naiveClipScaled(x, 2 * B, D, theta), raw);
    const scale = Math.max(...fdZ.map(Math.abs));
    dz.forEach((g, k) => expect(Math.abs(g - fdZ[k]!) / scale).toBeLessThan(1e-3));
  });
  it('the family refuses τ₀ outside [0.01, 1], the range e^θ ∈ [1, 100] allows', () => {
    expect(parseTemperatureSpec('learnable:0.005').ok).toBe(false);
    expect(parseTemperatureSpec('learnable:1.5').ok).toBe(false);
    expect(spec('learnable').params.t0).toBe(0.07);
  });
  it('θ starts at ln(1/τ₀) and is clamped to [0, ln 100] after each step', () => {
    const optimizer = { kind: 'sgd' as const, learningRate: 1, momentum: 0, weightDecay: 0, cosineSchedule: false, scheduleSteps: 10 };
    const learned = learnedParametersFor(spec('learnable:0.2'), optimizer, undefined) as LearnedScale;
    expect(learned.logitScale.arraySync()).toBeCloseTo(Math.log(5), 6);
    // SGD with rate 1: θ ← θ − g. A gradient of −10 would take θ to ln 5 + 10: capped at ln 100.
    learned.apply([tf.scalar(-10)], 1);
    expect(learned.logitScale.arraySync()).toBeCloseTo(Math.log(100), 5);
    expect((tf.tidy(() => learned.readout().arraySync()) as number[])[0]).toBeCloseTo(0.01, 6);
    learned.apply([tf.scalar(50)], 2);
    expect(learned.logitScale.arraySync()).toBe(0);
    // The same settings keep the parameters; another τ₀ starts afresh; another family drops them.
    expect(learnedParametersFor(spec('learnable:0.2'), optimizer, learned)).toBe(learned);
    const restarted = learnedParametersFor(spec('learnable:0.5'), optimizer, learned) as LearnedScale;
    expect(restarted.logitScale.arraySync()).toBeCloseTo(Math.log(2), 6);
    expect(learnedParametersFor(spec('constant:0.2'), optimizer, restarted)).toBeUndefined();
  });
  it('figures and snapshots read the learned τ, not τ₀', () => {
    expect(effectiveTemperature(spec('learnable:0.2'), { tau: 0.05 }).scalar(0.3)).toBe(0.05);
    expect(effectiveTemperature(spec('learnable:0.2'), undefined).scalar(0.3)).toBe(0.2);
    expect(effectiveTemperature(spec('dystress:0.1,0.2'), { tau: 0.5 }).scalar(0)).toBeCloseTo(0.05, 12);
  });
});

describe('the trainer learns θ with the encoder', () => {
  const config = (temperature: string): TrainingConfig => smallTrainingConfig({ ...TINY_TASK, seed: 3, temperature: spec(temperature).setting });
  it('τ moves from τ₀, the snapshot and the history carry it, and the τ statistics are the learned τ', async () => {
    const c = config('learnable:0.5');
    const trainer = trainerFor(c);
    const first = await trainer.snapshot();
    expect(first.learned?.tau).toBeCloseTo(0.5, 6);
    trainer.train(40);
    const later = await trainer.snapshot();
    const tau = later.learned!.tau;
    expect(Math.abs(tau - 0.5)).toBeGreaterThan(0.01);
    expect(tau).toBeGreaterThanOrEqual(0.01);
    expect(tau).toBeLessThanOrEqual(1);
    expect(later.tau.negative.mean).toBeCloseTo(tau, 6);
    expect(later.tau.positive.max).toBeCloseTo(tau, 6);
    expect(historyPoint(later).learnedTau).toBeCloseTo(tau, 6);
    expect(Number.isFinite(later.loss)).toBe(true);
    // Another family mid-run: nothing learned any more.
    expect(trainer.setParams({ temperature: spec('constant:0.2').setting }).ok).toBe(true);
    trainer.train(1);
    const after = await trainer.snapshot();
    expect(after.learned).toBeUndefined();
    expect(historyPoint(after).learnedTau).toBeUndefined();
    trainer.dispose();
  });
});

const python = '/usr/bin/python3';
const realTorch = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!realTorch)('the PyTorch export of learnable:T0 (real torch, float64)', () => {
  it('LearnedTemperature + nt_xent give the reference loss and ∂L/∂θ, and clamp_ caps e^θ at 100', () => {
    const code = pytorchSnippet(spec('learnable:0.2'), { detachTemperature: true, decoupled: false });
    const dir = mkdtempSync(join(tmpdir(), 'learnable-'));
    writeFileSync(join(dir, 'snippet.py'), code);
    const z = Array.from(raw);
    const script = [
      'import json, math, sys, torch',
      `sys.path.insert(0, ${JSON.stringify(dir)})`,
      'import snippet',
      `z = torch.tensor(${JSON.stringify(z)}, dtype=torch.float64).reshape(${2 * B}, ${D})`,
      'learned = snippet.LearnedTemperature().double()',
      // The module starts θ in float32; the comparison below is in float64 at the same θ.
      'init = learned.logit_scale.item()',
      `with torch.no_grad(): learned.logit_scale.fill_(${theta})`,
      `loss = snippet.nt_xent(z[:${B}], z[${B}:], learned)`,
      'loss.backward()',
      'grad = learned.logit_scale.grad.item()',
      'with torch.no_grad(): learned.logit_scale.fill_(9.0)',
      'learned.clamp_()',
      'print(json.dumps([loss.item(), grad, learned.logit_scale.item(), init]))',
    ].join('\n');
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    const [loss, grad, clamped, init] = JSON.parse(r.stdout) as [number, number, number, number];
    expect(init).toBeCloseTo(theta, 6);
    const h = 1e-6;
    expect(loss).toBeCloseTo(naiveClipScaled(raw, 2 * B, D, theta), 10);
    expect(grad).toBeCloseTo((naiveClipScaled(raw, 2 * B, D, theta + h) - naiveClipScaled(raw, 2 * B, D, theta - h)) / (2 * h), 6);
    expect(clamped).toBeCloseTo(Math.log(100), 12);
  });
});
