import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump } from 'npyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainingConfig, runFileSchema, type TrainingConfig } from '../../src/core/config';
import { defaultLossOptions, ntXentLoss } from '../../src/core/loss';
import { affineTransform, type GeometryParams } from '../../src/core/data/augment';
import { warpImages } from '../../src/core/data/warp';
import { analyseEmbeddings } from '../../src/core/metrics';
import { trainScript } from '../../src/core/scaleout/trainScript';
import { createTemperature, type Temperature, type TemperatureSetting } from '../../src/core/temperature';
import { parseEmbeddingFile, parseLabelFile } from '../../src/io/embeddings';
import { readRunFile } from '../../src/state/runFiles';
import { naiveNtXent, randomMatrix } from './support/naive';
import { launchProcesses, runPython, torchProblem } from './support/torchLaunch';

/**
 * The exported train.py, run by Debian's Python with torch 1.13 on CPU: its τ and loss equal the lab's on the
 * same embeddings, 2 processes' gradients equal one process's on the concatenated batch, its metrics equal
 * the analyzer's on the same files, and 2 processes (gloo) train on spheres into a run directory that the
 * run-file reader and the analyzer read back.
 */

const problem = torchProblem();
const work = mkdtempSync(join(tmpdir(), 'dystress-scaleout-'));
const DRIVERS = resolve(import.meta.dirname, 'support', 'scaleout');
const PY_ENV = { PYTHONPATH: DRIVERS };

beforeAll(async () => {
  if (problem) throw new Error(problem);
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function config(input: Record<string, unknown>): TrainingConfig {
  const parsed = parseTrainingConfig(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function temperature(setting: TemperatureSetting): Temperature {
  const t = createTemperature(setting);
  if (!t.ok) throw new Error(t.error);
  return t.value;
}

let scripts = 0;
function writeScript(c: TrainingConfig): string {
  const script = trainScript(c, { version: 'test' });
  if (!script.ok) throw new Error(script.error);
  const file = join(work, `train_${scripts++}.py`);
  writeFileSync(file, script.value);
  return file;
}

interface FunctionResults {
  readonly tau: number[][];
  readonly loss: number[];
  readonly metrics: Record<string, number>[];
  readonly warp: number[][][];
}

async function pythonFunctions(jobs: readonly unknown[]): Promise<FunctionResults[]> {
  const r = await runPython([join(DRIVERS, 'functions.py')], { env: PY_ENV, input: JSON.stringify(jobs) });
  if (r.code !== 0) throw new Error(`functions.py failed (${r.code}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as FunctionResults[];
}

const rowsOf = (x: Float64Array, rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, (_, i) => Array.from(x.subarray(i * cols, (i + 1) * cols)));

describe('train.py: τ and loss equal the lab’s on the same embeddings', () => {
  const B = 7;
  const D = 5;
  const CASES: readonly { setting: TemperatureSetting; decoupled: boolean; detach: boolean; step: number }[] = [
    { setting: { family: 'dystress', params: { tmin: 0.08, tmax: 0.3 } }, decoupled: false, detach: true, step: 0 },
    { setting: { family: 'dystress-shifted', params: { tmin: 0.1, tmax: 0.2, shift: -0.4, scale: 0.7 } }, decoupled: true, detach: false, step: 3 },
    { setting: { family: 'constant', params: { tau: 0.2 } }, decoupled: false, detach: true, step: 0 },
    { setting: { family: 'macl', params: { tau0: 0.1, alpha: 0.5, a0: 0.2 } }, decoupled: false, detach: true, step: 0 },
    { setting: { family: 'custom', params: {}, formula: '0.1 + 0.1*exp(-t/500) + 0.05*s*s' }, decoupled: false, detach: true, step: 250 },
  ];
  const S = Array.from({ length: 41 }, (_, i) => -1 + i / 20);

  it('for several families, DCL, the detach switch and a step-dependent formula (1e-6)', async () => {
    const inputs = CASES.map((c, k) => ({ raw: randomMatrix(2 * B, D, 40 + k), ...c }));
    const jobs = inputs.map((c) => ({
      script: writeScript(config({ temperature: c.setting, loss: { detachTemperature: c.detach, decoupled: c.decoupled } })),
      tau: [{ s: S, step: c.step, alignment: 0.3 }],
      loss: [{ z1: rowsOf(c.raw.subarray(0, B * D), B, D), z2: rowsOf(c.raw.subarray(B * D), B, D), step: c.step }],
    }));
    const results = await pythonFunctions(jobs);
    inputs.forEach((c, k) => {
      const t = temperature(c.setting);
      const ctx = { step: c.step, alignment: 0.3 };
      results[k]!.tau[0]!.forEach((v, i) => expect(Math.abs(v - t.scalar(S[i]!, ctx))).toBeLessThan(1e-6));
      // The lab's loss definition in float64 (tests/unit/loss.test.ts holds the lab's tensor loss to it) ...
      const tauOf = (s: number) => t.scalar(s, { step: c.step, alignment: batchAlignment(c.raw, B, D) });
      const expected = naiveNtXent(c.raw, 2 * B, D, tauOf, { decoupled: c.decoupled, macl: t.family.reweighting === 'macl' });
      expect(Math.abs(results[k]!.loss[0]! - expected)).toBeLessThan(1e-6);
      // ... and the lab's own tensor loss, in float32.
      const lab = tf.tidy(() => {
        const z = tf.tensor2d(Float32Array.from(c.raw), [2 * B, D]);
        const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
        return ntXentLoss(z1, z2, { ...defaultLossOptions(t), decoupled: c.decoupled, detachTemperature: c.detach, step: c.step }).arraySync() as number;
      });
      expect(Math.abs(results[k]!.loss[0]! - lab)).toBeLessThan(1e-5 * Math.max(1, Math.abs(lab)));
    });
  }, 60_000);

  it('refuses a family whose τ it cannot carry, naming it', () => {
    const r = trainScript(config({ temperature: { family: 'kukleva', params: { tmin: 0.1, tmax: 1, period: 1000 } } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/Kukleva.*cannot be exported to a training script/);
  });
});

/** MACL's A: the mean cosine similarity of the positive pairs. */
function batchAlignment(raw: Float64Array, b: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < b; i++) {
    let dot = 0;
    let n1 = 0;
    let n2 = 0;
    for (let q = 0; q < d; q++) {
      const x = raw[i * d + q]!;
      const y = raw[(i + b) * d + q]!;
      dot += x * y;
      n1 += x * x;
      n2 += y * y;
    }
    sum += dot / Math.sqrt(n1 * n2);
  }
  return sum / b;
}

const SPHERES_CONFIG = { batchSize: 16, evaluation: { samples: 120, k: 10, knnT: 0.1 }, dataset: { id: 'spheres', spheres: { dim: 8, classes: 4, instancesPerClass: 60, evalPerClass: 30 } } };

describe('train.py under 2 processes (gloo, torchrun’s environment contract)', () => {
  it('gives the gradients of one process on the concatenated batch (1e-5)', async () => {
    const script = writeScript(config(SPHERES_CONFIG));
    const out = join(work, 'gradients.json');
    const results = await launchProcesses(2, [join(DRIVERS, 'grad_check.py'), script, out], PY_ENV);
    results.forEach((r, rank) => expect(r.code, `rank ${rank}:\n${r.stderr}`).toBe(0));
    const g = JSON.parse(readFileSync(out, 'utf8')) as { worldSize: number; lossDistributed: number; lossSingle: number; distributed: number[]; single: number[] };
    expect(g.worldSize).toBe(2);
    expect(Math.abs(g.lossDistributed - g.lossSingle)).toBeLessThan(1e-10);
    expect(g.distributed).toHaveLength(g.single.length);
    const scale = Math.max(...g.single.map(Math.abs));
    expect(scale).toBeGreaterThan(1e-3);
    g.distributed.forEach((v, i) => expect(Math.abs(v - g.single[i]!)).toBeLessThan(1e-5 * scale));
  }, 60_000);
});

describe('train.py’s image augmentation is the lab’s transform', () => {
  it('crop, rotation and shift warp an image as tf.image.transform does in the lab (bilinear, zero fill; 1e-5)', async () => {
    const h = 12;
    const w = 9;
    const image = Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => Math.sin(0.7 * x + 0.3 * y * y) * 0.5 + 0.5));
    const cases: GeometryParams[] = [
      { box: { y1: 0, x1: 0, y2: 1, x2: 1 }, angle: 0, shiftX: 0, shiftY: 0 },
      { box: { y1: 0.1, x1: 0.2, y2: 0.8, x2: 0.9 }, angle: 0.3, shiftX: 1.5, shiftY: -0.7 },
      { box: { y1: 0, x1: 0.05, y2: 0.6, x2: 0.7 }, angle: -0.6, shiftX: -2.2, shiftY: 3.1 },
    ];
    const [result] = await pythonFunctions([{ script: writeScript(config({})), warp: cases.map((c) => ({ image, box: [c.box.y1, c.box.x1, c.box.y2, c.box.x2], angle: c.angle, shiftX: c.shiftX, shiftY: c.shiftY })) }]);
    cases.forEach((c, k) => {
      const lab = tf.tidy(() => warpImages(tf.tensor4d(image.flat(), [1, h, w, 1]), Float32Array.from(affineTransform(c, h, w))).arraySync() as number[][][][]);
      const got = result!.warp[k]!;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(Math.abs(got[y]![x]! - lab[0]![y]![x]![0]!), `case ${k} at (${y}, ${x})`).toBeLessThan(1e-5);
    });
  }, 60_000);
});

describe('train.py’s metrics equal the analyzer’s on the same files (1e-5)', () => {
  it('alignment, uniformity, tolerance, kNN accuracy and inter-class uniformity', async () => {
    const n = 90;
    const d = 6;
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % 5);
    const centres = randomMatrix(5, d, 3);
    const cluster = (seed: number) => randomMatrix(n, d, seed).map((x, k) => 0.7 * x + centres[labels[Math.floor(k / d)]! * d + (k % d)]!);
    const view1 = Float32Array.from(cluster(11));
    const view2 = Float32Array.from(cluster(12));
    const file = (name: string, data: Float32Array | Int32Array, shape: number[]) => {
      const path = join(work, name);
      writeFileSync(path, Buffer.from(dump(data, shape)));
      return path;
    };
    const paths = { view1: file('m1.npy', view1, [n, d]), view2: file('m2.npy', view2, [n, d]), labels: file('ml.npy', labels, [n]) };
    const [result] = await pythonFunctions([{ script: writeScript(config({})), metrics: [{ ...paths, k: 7, knnT: 0.1 }] }]);
    const report = await analyseEmbeddings({ view1: { rows: n, cols: d, data: view1 }, view2: { rows: n, cols: d, data: view2 }, labels }, { k: 7, knnT: 0.1 });
    const got = result!.metrics[0]!;
    for (const key of ['alignment', 'uniformity', 'tolerance', 'knnAccuracy', 'interClassUniformity'] as const) {
      expect(report[key], key).toBeDefined();
      expect(Math.abs(got[key]! - report[key]!), key).toBeLessThan(1e-5);
    }
  }, 60_000);
});

describe('train.py trains on spheres with 2 processes and its run directory reads back', () => {
  const read = (dir: string, name: string) => {
    const bytes = readFileSync(join(dir, name));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  };

  it('writes run.json, history.csv and the held-out embeddings; the analyzer agrees with its history; --resume continues', async () => {
    const script = writeScript(config(SPHERES_CONFIG));
    const dir = join(work, 'run');
    mkdirSync(dir);
    const args = [script, '--data', 'spheres', '--out', dir, '--batch', '16', '--eval-every', '10', '--checkpoint-every', '10'];
    const first = await launchProcesses(2, [...args, '--steps', '20']);
    first.forEach((r, rank) => expect(r.code, `rank ${rank}:\n${r.stderr}`).toBe(0));

    const run = runFileSchema.parse(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')));
    const source = (JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { source: Record<string, unknown> }).source;
    expect(source).toMatchObject({ tool: 'pytorch', worldSize: 2, distributedBackend: 'gloo', globalBatch: 32, device: 'cpu' });
    expect(run.config.batchSize).toBe(32);
    // The lab's "Open run" reads it and says where it came from.
    const opened = readRunFile(readFileSync(join(dir, 'run.json'), 'utf8'), 'run.json');
    expect(opened.ok && opened.value.label).toBe('PyTorch · spheres · dystress:0.1,0.2 · 20 steps');
    expect(opened.ok && opened.value.source?.worldSize).toBe(2);
    expect(run.history.map((p) => p.step)).toEqual([0, 10, 20]);
    expect(run.history[0]!.loss).toBeNull();
    for (const p of run.history.slice(1)) {
      for (const key of ['loss', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'knnAccuracy', 'tauPositiveMean', 'tauNegativeMean'] as const) {
        expect(Number.isFinite(p[key]), `${key} at step ${p.step}`).toBe(true);
      }
    }
    const csv = readFileSync(join(dir, 'history.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,loss,stepMs,alignment,uniformity,tolerance,interClassUniformity,knnAccuracy,tauPositiveMean,tauNegativeMean');
    expect(csv).toHaveLength(4);

    // The held-out files through the analyzer's own reader and metrics give the history's last point.
    const matrix = (name: string) => {
      const m = parseEmbeddingFile(name, read(dir, name), 'view1');
      if (!m.ok) throw new Error(m.error);
      return m.value;
    };
    const labels = parseLabelFile('labels.npy', read(dir, 'labels.npy'));
    if (!labels.ok) throw new Error(labels.error);
    expect(labels.value).toHaveLength(120);
    const last = run.history.at(-1)!;
    const k = run.config.evaluation.k;
    const clean = await analyseEmbeddings({ view1: matrix('clean.npy'), labels: labels.value }, { k, knnT: run.config.evaluation.knnT });
    expect(Math.abs(clean.uniformity - last.uniformity!)).toBeLessThan(1e-5);
    expect(Math.abs(clean.tolerance! - last.tolerance!)).toBeLessThan(1e-5);
    expect(Math.abs(clean.knnAccuracy! - last.knnAccuracy!)).toBeLessThan(1e-5);
    expect(Math.abs(clean.interClassUniformity! - last.interClassUniformity!)).toBeLessThan(1e-5);
    const views = await analyseEmbeddings({ view1: matrix('view1.npy'), view2: matrix('view2.npy') }, { k, knnT: 0.1 });
    expect(Math.abs(views.alignment! - last.alignment!)).toBeLessThan(1e-5);

    const resumed = await launchProcesses(2, [...args, '--steps', '30', '--resume']);
    resumed.forEach((r, rank) => expect(r.code, `rank ${rank}:\n${r.stderr}`).toBe(0));
    const again = runFileSchema.parse(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')));
    expect(again.history.map((p) => p.step)).toEqual([0, 10, 20, 30]);
    expect(again.history.slice(0, 3)).toEqual(run.history);
    console.log(`2-process CPU (gloo) run on spheres:\n${readFileSync(join(dir, 'history.csv'), 'utf8')}`);
  }, 90_000);
});
